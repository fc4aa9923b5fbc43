"""`kiosk screenshots` — every screen and every problem screen, at both panel orientations, as PNGs."""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import sys
from pathlib import Path

HELP = "Render every screen at 1920x1080 and 1080x1920 as PNGs named <resolution>-<screen>.png."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="output folder")


def run(args: argparse.Namespace) -> int:
    from ui.screenshots import render_all

    with contextlib.ExitStack() as stack:
        if "QT_QPA_PLATFORM" not in os.environ and shutil.which("Xvfb"):
            # A real X server (our own Xvfb), so the virtual keyboard opens as on the terminal; the offscreen
            # platform draws everything else the same but never opens the keyboard.
            from ui.headless import virtual_display

            stack.enter_context(virtual_display(1920, 1920, vnc=False))
            os.environ["QT_QPA_PLATFORM"] = "xcb"
        else:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # pictures need no screen
        taken = render_all(args.out, log=lambda name: print(name, flush=True))
        from PySide6.QtWidgets import QApplication

        QApplication.instance().shutdown()   # let go of the display while it (perhaps our Xvfb) still exists
    print(f"{len(taken)} screenshots in {args.out}", file=sys.stderr)
    return 0
