"""`kiosk screenshots` — every screen and every problem screen, at both panel orientations, as PNGs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HELP = "Render every screen at 1920x1080 and 1080x1920 as PNGs named <resolution>-<screen>.png."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="output folder")


def run(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")   # pictures need no screen
    from ui.screenshots import render_all

    taken = render_all(args.out, log=lambda name: print(name, flush=True))
    print(f"{len(taken)} screenshots in {args.out}", file=sys.stderr)
    return 0
