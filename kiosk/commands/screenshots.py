"""`kiosk screenshots` — renders every screen; lands with the kiosk UI issue."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "Render every screen at 1920x1080 and 1080x1920 as PNGs named <resolution>-<screen>.png."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, required=True, help="output folder")


def run(args: argparse.Namespace) -> int:
    print("kiosk screenshots: not available in this build yet", file=sys.stderr)
    return 2
