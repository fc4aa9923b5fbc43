"""`kiosk screenshots` renders every screen at both panel sizes, exactly 1920×1080 or 1080×1920, including each
text step with the keyboard open (on our own Xvfb), care mode, scan, pickup, face-failed, rejected and the staff
call, with no idle overlay left over a later picture."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

EXPECTED = {"application-name", "application-scope", "application-premises", "application-capital",
            "application-phone", "evaluation", "care-consent", "care-application-name", "scan", "pickup",
            "problem-face_failed", "result-rejected", "call-staff", "card-away", "idle", "home-take-card",
            "problem-printer_failed", "result-queued"}


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", header[16:24])


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="the keyboard pictures need Xvfb")
def test_every_screenshot_has_the_panel_size_and_the_new_screens_are_there(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    run = subprocess.run([sys.executable, "-m", "kiosk.cli", "screenshots", "--out", str(tmp_path)],
                         capture_output=True, text=True, timeout=900, env=env)
    assert run.returncode == 0, run.stderr[-3000:]
    shots = sorted(tmp_path.glob("*.png"))
    sizes = {path.name: _png_size(path) for path in shots}
    assert {name: size for name, size in sizes.items()
            if size != tuple(map(int, name.split("-")[0].split("x")))} == {}
    for resolution in ("1920x1080", "1080x1920"):
        names = {p.name.removeprefix(f"{resolution}-").removesuffix(".png") for p in shots
                 if p.name.startswith(resolution)}
        assert names >= EXPECTED, EXPECTED - names
