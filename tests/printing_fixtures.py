"""Shared fixtures for the printing tests: a real, private CUPS scheduler with cups-pdf queues, and sample data.

The scheduler runs from a temporary ServerRoot on its own Unix socket, so it works on a fresh CI machine where
cups was just installed and no daemon runs (no systemd needed), and never touches a system CUPS that does run.
Import explicitly: `from printing_fixtures import cups_server, ...`.
"""

from __future__ import annotations

import contextlib
import grp
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CUPS_LIB = Path("/usr/lib/cups")
CUPS_PDF_BACKEND = CUPS_LIB / "backend" / "cups-pdf"
CUPS_PDF_PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")
# cups-pdf reads its per-queue configuration from a path compiled in: /etc/cups/cups-pdf-<queue>.conf.
CUPS_PDF_CONF_DIR = Path("/etc/cups")

# A printer that fails the way real ones do: the backend reports an IPP state reason and stops the queue
# (exit 4 = CUPS_BACKEND_STOP), as a USB or IPP backend does on paper-out or a jam, or keeps retrying.
FAULT_BACKEND = """#!/bin/sh
[ $# -eq 0 ] && { echo 'direct kiosk-fault "Unknown" "Kiosk test printer with a fault"'; exit 0; }
cat > /dev/null
reason=${DEVICE_URI#kiosk-fault:/}
echo "STATE: +$reason" >&2
# A "-report" reason (offline-report) is how backends say they keep retrying an unreachable printer.
case $reason in *-report) sleep 120; exit 1;; esac
echo "ERROR: simulated $reason" >&2
exit 4
"""

SAMPLE_FIELDS = {
    "uscc": "92370702MA3C8XYZ1Q",
    "name": "青岛市市南区李记便利店",
    "type": "个体工商户",
    "operator": "李明",
    "organization": "个人经营",
    "premises": "山东省青岛市市南区香港中路100号1单元101室",
    "registration_date": "2026-11-21",
    "scope_permit": ["食品销售", "烟草制品零售"],
    "scope_general": ["日用百货销售", "五金产品零售", "文具用品零售", "食品销售（仅销售预包装食品）"],
    "authority": "青岛市市南区市场监督管理局",
    "issue_date": "2026-11-21",
}


def make_test_seal(path: Path, authority: str = "测试市场监督管理局") -> Path:
    """A stand-in electronic seal: a red ring, a five-pointed star and the authority's name, on transparency."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    from kiosk.documents.pdf import FONT_CANDIDATES

    size, red = 600, (220, 20, 30, 255)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((12, 12, size - 12, size - 12), outline=red, width=24)
    star = [(size / 2 + r * math.sin(math.pi * k / 5), size / 2 - r * math.cos(math.pi * k / 5))
            for k, r in zip(range(10), [110, 44] * 5, strict=True)]
    draw.polygon(star, fill=red)
    font = ImageFont.truetype(str(next(p for p in FONT_CANDIDATES if p.exists())), 56)
    draw.text((size / 2, size - 140), authority[:6], font=font, fill=red, anchor="mm")
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


class CupsServer:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.socket = str(root / "cups.sock")
        self.env = {**os.environ, "CUPS_SERVER": self.socket, "LC_ALL": "C"}
        self._process: subprocess.Popen[bytes] | None = None
        self._confs: list[Path] = []

    def start(self) -> None:
        r = self.root
        for d in ("etc", "log", "lib/backend", "spool", "state", "cache", "tmp"):
            (r / d).mkdir(parents=True)
        # Filters run as user lp: they must reach the spool and write the temp dir under root/.
        r.chmod(0o755)
        os.chown(r / "tmp", 0, grp.getgrnam("lp").gr_gid)
        (r / "tmp").chmod(0o1770)
        for d in ("filter", "cgi-bin", "daemon", "driver", "monitor", "notifier"):
            if (CUPS_LIB / d).exists():
                (r / "lib" / d).symlink_to(CUPS_LIB / d)
        (r / "lib/backend/cups-pdf").symlink_to(CUPS_PDF_BACKEND)
        fault = r / "lib/backend/kiosk-fault"
        fault.write_text(FAULT_BACKEND)
        fault.chmod(0o755)
        (r / "etc/cupsd.conf").write_text(f"""Listen {self.socket}
LogLevel debug
Browsing Off
DefaultAuthType None
WebInterface No
MaxJobs 0
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
        (r / "etc/cups-files.conf").write_text(f"""ServerRoot {r}/etc
RequestRoot {r}/spool
StateDir {r}/state
CacheDir {r}/cache
TempDir {r}/tmp
ErrorLog {r}/log/error_log
AccessLog {r}/log/access_log
PageLog {r}/log/page_log
Printcap {r}/printcap
ServerBin {r}/lib
DataDir /usr/share/cups
SystemGroup root
User lp
Group lp
""")
        self._process = subprocess.Popen(
            ["cupsd", "-f", "-c", str(r / "etc/cupsd.conf"), "-s", str(r / "etc/cups-files.conf")],
            stdout=subprocess.DEVNULL, stderr=(r / "log/stderr").open("wb"))
        deadline = time.monotonic() + 15
        while self.lpstat("-r").stdout.strip() != "scheduler is running":
            if self._process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"private cupsd did not start: {self.error_log()[-2000:]}")
            time.sleep(0.1)

    def lpstat(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["lpstat", *args], env=self.env, capture_output=True, text=True, check=False)

    def admin(self, *args: str) -> None:
        subprocess.run(list(args), env=self.env, capture_output=True, text=True, check=True)

    def add_pdf_queue(self, name: str) -> Path:
        """A cups-pdf queue whose PDFs land in the returned folder."""
        out = self.root / f"out-{name}"
        out.mkdir()
        conf = CUPS_PDF_CONF_DIR / f"cups-pdf-{name}.conf"
        conf.write_text(f"Out {out}\nAnonDirName {out}\nSpool {self.root}/cups-pdf-spool\nLabel 1\n"
                        f"UserUMask 0022\nAnonUMask 0022\nGrp root\nLog {self.root}/log\n")
        self._confs.append(conf)
        self.admin("lpadmin", "-p", name, "-E", "-v", f"cups-pdf:/{name}", "-P", str(CUPS_PDF_PPD))
        return out

    def add_fault_queue(self, name: str, reason: str) -> None:
        self.admin("lpadmin", "-p", name, "-E", "-v", f"kiosk-fault:/{reason}", "-m", "raw")

    def error_log(self) -> str:
        path = self.root / "log/error_log"
        return path.read_text(errors="replace") if path.exists() else ""

    def stop(self) -> None:
        if self._process and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
        for conf in self._confs:
            conf.unlink(missing_ok=True)


def wait_for_file(folder: Path, timeout_s: float = 30.0) -> Path:
    """The one PDF cups-pdf wrote into folder (it appears only when complete: cups-pdf writes it via gs)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        files = sorted(folder.glob("*.pdf"))
        if files:
            return files[-1]
        time.sleep(0.1)
    raise AssertionError(f"no PDF appeared in {folder} within {timeout_s} s")


def _missing_tools() -> list[str]:
    tools = [t for t in ("cupsd", "lpadmin", "lp", "lpstat", "cancel", "cupsdisable", "gs") if not shutil.which(t)]
    return tools + [str(p) for p in (CUPS_PDF_BACKEND, CUPS_PDF_PPD) if not p.exists()]


@pytest.fixture(scope="session")
def cups_server() -> Iterator[CupsServer]:
    missing = _missing_tools()
    if missing:
        pytest.skip(f"CUPS test server needs cups, cups-client, printer-driver-cups-pdf: missing {missing}")
    if os.geteuid() != 0:
        pytest.skip("CUPS test server needs root: cups-pdf runs as root and reads /etc/cups/cups-pdf-<queue>.conf")
    root = Path(tempfile.mkdtemp(prefix="kiosk-cups-"))
    server = CupsServer(root)
    try:
        server.start()
        yield server
    finally:
        server.stop()
        with contextlib.suppress(OSError):
            shutil.rmtree(root)
