"""A screen for machines without one: Xvfb, plus x11vnc bound to localhost so a person can look in.

(Qt's own VNC platform plugin listens on every interface and has no option to limit that, which would
put a resident's data on the network; x11vnc's -localhost does not.)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path


def _free_display() -> int:
    for n in range(90, 200):
        if not Path(f"/tmp/.X11-unix/X{n}").exists() and not Path(f"/tmp/.X{n}-lock").exists():
            return n
    raise RuntimeError("no free X display number")


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
def virtual_display(width: int, height: int, vnc_port: int = 5900) -> Iterator[int | None]:
    """Start Xvfb (and x11vnc on 127.0.0.1 when installed), set DISPLAY; yields the VNC port or None."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("no display and no Xvfb: install the xvfb package (scripts/setup does)")
    display = _free_display()
    procs = [subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        socket_path = Path(f"/tmp/.X11-unix/X{display}")
        deadline = time.monotonic() + 10
        while not socket_path.exists():
            if time.monotonic() > deadline or procs[0].poll() is not None:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)
        os.environ["DISPLAY"] = f":{display}"
        port = None
        if shutil.which("x11vnc"):
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
