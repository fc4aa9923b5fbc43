"""A screen for machines without one: Xvfb, plus x11vnc bound to localhost so a person can look in.

(Qt's own VNC platform plugin listens on every interface and has no option to limit that, which would
put a resident's data on the network; x11vnc's -localhost does not.)
"""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import socket
import subprocess
from collections.abc import Iterator


def _free_port(preferred: int) -> int:
    for port in (preferred, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise RuntimeError("no free TCP port")


@contextlib.contextmanager
def virtual_display(width: int, height: int, vnc_port: int = 5900, *, vnc: bool = True) -> Iterator[int | None]:
    """Start Xvfb (and, if vnc, x11vnc on 127.0.0.1 when installed), set DISPLAY; yields the VNC port or None."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("no display and no Xvfb: install the xvfb package (scripts/setup does)")
    # -displayfd: Xvfb picks a free display itself and writes its number once it accepts connections,
    # so two kiosks (or test runs) starting at once cannot take the same one.
    read_end, write_end = os.pipe()
    procs = [subprocess.Popen(["Xvfb", "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
                               "-nolisten", "tcp"], pass_fds=(write_end,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    os.close(write_end)
    try:
        with os.fdopen(read_end) as announced:
            ready, _, _ = select.select([announced], [], [], 15)
            display = announced.readline().strip() if ready else ""
        if not display.isdigit():
            raise RuntimeError("Xvfb did not start")
        os.environ["DISPLAY"] = f":{display}"
        port = None
        if vnc and shutil.which("x11vnc"):
            port = _free_port(vnc_port)
            procs.append(subprocess.Popen(
                ["x11vnc", "-display", f":{display}", "-localhost", "-rfbport", str(port), "-forever", "-shared",
                 "-nopw", "-quiet"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        yield port
    finally:
        for proc in reversed(procs):
            proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
