"""`kiosk doctor` — diagnosis for technicians; its checks land with the technician-tools issue."""

from __future__ import annotations

import argparse
import sys

HELP = "Diagnose this terminal: config, reader, camera, printer, back office, queue, disk."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="machine-readable output")


def run(args: argparse.Namespace) -> int:
    print("kiosk doctor: not available in this build yet", file=sys.stderr)
    return 2
