"""packaging/: the installer and uninstaller, the systemd units, the udev rule.

Always run: shell syntax (bash -n, shellcheck when installed), the installer laying out its files into a
throwaway root (--files-only), systemd-analyze verify of the units, udev's own parser on the rule.
Opt-in (RUN_INSTALL_ROOT_TEST=1, about 2–3 minutes; not a KIOSK_* name, which conftest clears): debootstrap a
minimal Debian 12, run install.sh in it for real (apt, users, venv from PyPI), verify the units inside it, run
`kiosk doctor` there, uninstall.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from kiosk.config import load_config

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
SCRIPTS = [PACKAGING / "install.sh", PACKAGING / "uninstall.sh", PACKAGING / "bin" / "kiosk"]
UNITS = sorted((PACKAGING / "systemd").glob("*.service"))
RULES = PACKAGING / "udev" / "70-kiosk-idcard.rules"


def _run(*args: str | Path, check: bool = True, **kw) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=kw.pop("timeout", 120),
                          **kw)
    if check and done.returncode != 0:
        raise AssertionError(f"{args} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_scripts_parse_and_pass_shellcheck(script):
    _run("bash", "-n", script)
    if shutil.which("shellcheck") is None:
        pytest.skip("shellcheck is not installed (apt-get install shellcheck)")
    _run("shellcheck", script)


def _unit(path: Path) -> dict[str, list[str]]:
    """key → values of a unit file (keys may repeat), sections flattened: enough to check the contract."""
    values: dict[str, list[str]] = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.startswith(("#", "[")):
            key, _, value = line.partition("=")
            values.setdefault(key.strip(), []).append(value.strip())
    return values


def test_kiosk_unit_restarts_a_crashed_or_frozen_kiosk_within_limits():
    unit = _unit(PACKAGING / "systemd" / "kiosk.service")
    assert unit["Restart"] == ["always"]
    assert unit["Type"] == ["notify"] and unit["NotifyAccess"] == ["all"]   # the app is cage's child
    assert 5 <= int(unit["WatchdogSec"][0]) <= 120
    assert int(unit["StartLimitBurst"][0]) >= 3 and int(unit["StartLimitIntervalSec"][0]) > 0
    assert unit["OnFailure"] == ["kiosk-recovery.service"]
    assert unit["User"] == ["kiosk"]
    exec_start = unit["ExecStart"][0].split()
    assert exec_start[0] == "/usr/bin/cage" and "-s" not in exec_start   # no VT switching out of the kiosk
    assert exec_start[-2:] == ["/opt/kiosk/venv/bin/kiosk", "run"]


def test_units_pass_systemd_analyze_verify(tmp_path):
    """Verified on this machine; executables that only install.sh brings (the venv, cage) are the only
    complaints allowed, and only when absent here. The opt-in root test verifies with nothing allowed."""
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed (apt-get install systemd)")
    for unit in UNITS:
        shutil.copy(unit, tmp_path)
    done = _run("systemd-analyze", "verify", *sorted(tmp_path.iterdir()), check=False)
    problems = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    allowed = re.compile(r"Command (/opt/kiosk/\S+|/usr/bin/cage) is not executable")
    unexpected = [p for p in problems if not (allowed.search(p) and not Path(allowed.search(p).group(1)).exists())]
    assert not unexpected, "\n".join(problems)


def test_udev_rule_names_the_reader_for_the_common_usb_serial_chips():
    text = RULES.read_text()
    pairs = set(re.findall(r'ATTRS\{idVendor\}=="([0-9a-f]{4})", ATTRS\{idProduct\}=="([0-9a-f]{4})"', text))
    assert {("1a86", "7523"), ("067b", "2303"), ("10c4", "ea60"), ("0403", "6001")} <= pairs
    for line in text.splitlines():
        if "idVendor" in line:
            assert 'SYMLINK+="idcard"' in line and 'GROUP="dialout"' in line and "ID_MM_DEVICE_IGNORE" in line


def test_udev_accepts_the_rule(tmp_path):
    """udevadm test parses every rule file it reads and names the line of any error. The rule is shown to it
    through a private mount namespace, so this machine's /etc/udev is never touched."""
    tty = Path("/sys/class/tty/tty0")
    if not (shutil.which("udevadm") and shutil.which("unshare") and os.geteuid() == 0 and tty.exists()):
        pytest.skip("needs root, udevadm, unshare and /sys")
    shutil.copy(RULES, tmp_path)
    done = _run("unshare", "--mount", "sh", "-c",
                f"mount --bind {tmp_path} /etc/udev/rules.d && udevadm test --action=add {tty}", check=False)
    if "mount" in done.stderr and done.returncode != 0 and "Reading rules file" not in done.stderr:
        pytest.skip(f"no private mount namespace here: {done.stderr.strip()}")
    out = done.stdout + done.stderr
    assert f"Reading rules file: /etc/udev/rules.d/{RULES.name}" in out
    assert not [line for line in out.splitlines() if line.startswith(f"/etc/udev/rules.d/{RULES.name}:")], out


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_files_only_install_lays_out_a_terminal_and_uninstall_removes_it(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    _run(PACKAGING / "install.sh", "--files-only", "--root", root)
    for rel in ("etc/systemd/system/kiosk.service", "etc/systemd/system/kiosk-recovery.service",
                "etc/udev/rules.d/70-kiosk-idcard.rules", "etc/systemd/journald.conf.d/kiosk.conf",
                "etc/pam.d/kiosk", "etc/tmpfiles.d/kiosk.conf", "opt/kiosk/src/pyproject.toml",
                "opt/kiosk/src/kiosk/cli.py"):
        assert (root / rel).is_file(), rel
    assert not (root / "opt/kiosk/src/.venv").exists() and not (root / "opt/kiosk/src/.git").exists()
    assert os.access(root / "usr/local/bin/kiosk", os.X_OK)
    # The secret kiosk enrol writes into kiosk.toml is for the kiosk user alone; so is the queue.
    assert _mode(root / "etc/kiosk") == 0o700 and _mode(root / "etc/kiosk/kiosk.toml") == 0o600
    assert _mode(root / "var/lib/kiosk") == 0o700
    config = load_config(root / "etc/kiosk/kiosk.toml", env={})
    assert (config.reader_port, str(config.data_dir)) == ("/dev/idcard", "/var/lib/kiosk")

    (root / "etc/kiosk/kiosk.toml").write_text('data_dir = "/var/lib/kiosk"\nprinter = "branch-printer"\n')
    _run(PACKAGING / "install.sh", "--files-only", "--root", root)   # a reinstall keeps the site's settings
    assert "branch-printer" in (root / "etc/kiosk/kiosk.toml").read_text()

    _run(PACKAGING / "uninstall.sh", "--root", root)
    assert not (root / "etc/systemd/system/kiosk.service").exists() and not (root / "opt/kiosk").exists()
    assert (root / "etc/kiosk/kiosk.toml").exists() and (root / "var/lib/kiosk").exists()
    _run(PACKAGING / "uninstall.sh", "--root", root, "--purge")
    assert not (root / "etc/kiosk").exists() and not (root / "var/lib/kiosk").exists()


def test_installer_refuses_unknown_options():
    done = _run(PACKAGING / "install.sh", "--frobnicate", check=False)
    assert done.returncode == 2 and "unknown option" in done.stderr


# --- opt-in: the real thing in a debootstrapped Debian 12 -----------------------------------------------------

MIRROR = os.environ.get("DEBIAN_MIRROR", "http://deb.debian.org/debian")


@pytest.fixture(scope="module")
def debian_root(tmp_path_factory):
    if os.environ.get("RUN_INSTALL_ROOT_TEST") != "1":
        pytest.skip("set RUN_INSTALL_ROOT_TEST=1 to debootstrap Debian 12 and install into it (2–3 minutes)")
    if os.geteuid() != 0 or shutil.which("debootstrap") is None:
        pytest.skip("needs root and debootstrap (apt-get install debootstrap)")
    root = tmp_path_factory.mktemp("debian") / "root"
    try:
        _run("debootstrap", "--variant=minbase", "bookworm", root, MIRROR, timeout=600)
        # Trust what this machine trusts (a site's proxy CA, for instance), as an image builder would.
        local_cas = Path("/usr/local/share/ca-certificates")
        if local_cas.is_dir():
            shutil.copytree(local_cas, root / "usr/local/share/ca-certificates", dirs_exist_ok=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "KIOSK_"))}
        _run(PACKAGING / "install.sh", "--root", root, env=env, timeout=1200)
        yield root
    finally:
        for fs in ("dev", "sys", "proc"):
            subprocess.run(["umount", "-R", str(root / fs)], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


def test_installed_units_verify_clean_inside_the_installed_system(debian_root):
    done = _run("systemd-analyze", "verify", f"--root={debian_root}", "kiosk.service", "kiosk-recovery.service")
    assert (done.stdout + done.stderr).strip() == ""
    assert (debian_root / "etc/systemd/system/multi-user.target.wants/kiosk.service").is_symlink()


def test_installed_kiosk_user_owns_its_config_and_data(debian_root):
    ids = _run("chroot", debian_root, "id", "kiosk").stdout
    assert "dialout" in ids and "video" in ids
    owner = _run("chroot", debian_root, "stat", "-c", "%U %a", "/etc/kiosk/kiosk.toml", "/var/lib/kiosk").stdout
    assert owner.split() == ["kiosk", "600", "kiosk", "700"]


def test_doctor_passes_in_the_installed_system_on_simulated_devices(debian_root):
    for fs in ("proc", "sys", "dev"):
        _run("mount", "--rbind", f"/{fs}", debian_root / fs)
        _run("mount", "--make-rslave", debian_root / fs)
    try:
        done = _run("chroot", debian_root, "env", "-i", "PATH=/usr/local/bin:/usr/bin:/bin", "KIOSK_READER_PORT=sim",
                    "KIOSK_CAMERA_SOURCE=sim", "KIOSK_PRINTER=dir:/var/lib/kiosk/printed",
                    "/usr/local/bin/kiosk", "doctor", "--json", check=False)
        rules = _run("chroot", debian_root, "udevadm", "test", "--action=add", "/sys/class/tty/tty0", check=False)
    finally:
        for fs in ("dev", "sys", "proc"):
            subprocess.run(["umount", "-R", str(debian_root / fs)], capture_output=True)
    report = json.loads(done.stdout)
    assert {c["name"]: c["status"] for c in report["checks"]} == {c["name"]: "pass" for c in report["checks"]}, report
    assert done.returncode == 0
    out = rules.stdout + rules.stderr
    assert "Reading rules file: /etc/udev/rules.d/70-kiosk-idcard.rules" in out
    assert "70-kiosk-idcard.rules:" not in out


def test_back_office_role_installs_its_unit_and_uninstall_keeps_data_until_purge(debian_root):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "KIOSK_"))}
    _run(PACKAGING / "install.sh", "--root", debian_root, "--role", "backoffice", env=env, timeout=900)
    done = _run("systemd-analyze", "verify", f"--root={debian_root}", "kiosk-backoffice.service")
    assert (done.stdout + done.stderr).strip() == ""
    _run(PACKAGING / "uninstall.sh", "--root", debian_root)
    assert not (debian_root / "etc/systemd/system/kiosk.service").exists()
    assert not (debian_root / "etc/systemd/system/multi-user.target.wants/kiosk.service").exists()
    assert (debian_root / "etc/kiosk/kiosk.toml").exists()
    _run(PACKAGING / "uninstall.sh", "--root", debian_root, "--purge")
    assert _run("chroot", debian_root, "getent", "passwd", "kiosk", check=False).returncode != 0
