"""The `kiosk` command: one sub-command per module in kiosk.commands (add_arguments + run)."""

from __future__ import annotations

import argparse
import importlib
import sys

# Sub-command name → module in kiosk.commands. Each module has HELP, add_arguments(parser) and run(args).
COMMANDS = {
    "run": "run",
    "doctor": "doctor",
    "read-card": "read_card",
    "simulate-reader": "simulate_reader",
    "face-check": "face_check",
    "face-compare": "face_compare",
    "queue": "queue",
    "burn-in": "burn_in",
    "screenshots": "screenshots",
    "license": "license",
    "logs": "logs",
    "enrol": "enrol",
    "technician": "technician",
    "handwriting": "handwriting",
    "voice": "voice",
    "say": "say",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kiosk", description="个体工商户设立登记自助终端 — self-service terminal")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"kiosk.commands.{module_name}")
        p = sub.add_parser(name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
