"""`kiosk doctor` — placeholder until its issue lands; prints its help and says so."""

from __future__ import annotations

import argparse
import sys

HELP = {"doctor": "Diagnose this terminal: config, reader, camera, printer, back office, queue, disk.",
        "screenshots": "Render every screen at 1920x1080 and 1080x1920 as PNGs."}["doctor"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output") if "doctor" == "doctor" \
        else parser.add_argument("--out", required=True, help="output folder")


def run(args: argparse.Namespace) -> int:
    print("kiosk doctor: not available in this build yet", file=sys.stderr)
    return 2
