"""The whole journey full-screen on a real X server (Xvfb), landscape and portrait, normal and care mode, with
the keyboard opened on every text step: after each step the window is exactly the screen and every button of
the bottom bar and the top bar lies fully on screen above the keyboard (tests/fullscreen_walk.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

WALK = Path(__file__).with_name("fullscreen_walk.py")


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (the xvfb package; scripts/setup installs it)")
@pytest.mark.parametrize("care", [False, True], ids=["normal", "care"])
@pytest.mark.parametrize("size", ["1920x1080", "1080x1920"])
def test_every_step_fits_the_screen_with_the_keyboard_open(size, care):
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY")}
    run = subprocess.run([sys.executable, str(WALK), size, *(["--care"] if care else [])], capture_output=True,
                         text=True, timeout=600, env=env, cwd=WALK.parent.parent)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.strip().splitlines()[-1])
    print(size, "care" if care else "normal", report)
    assert report["problems"] == []
    assert report["checks"] >= 25
    # (The scope step is checked after a search result was picked, when the keyboard may have closed.)
    text_steps = {"application-name", "application-premises", "application-capital", "application-phone",
                  "evaluation"}
    assert text_steps <= set(report["keyboard_steps"]), "every text step was checked with the keyboard open"
