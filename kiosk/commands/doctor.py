"""`kiosk doctor` — diagnosis for technicians: every check with its status and, when not passing, a hint."""

from __future__ import annotations

import argparse
import json

HELP = "Diagnose this terminal: config, reader, camera, printer, back office, queue, disk, fonts, keyboard, speech."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true",
                        help='print {"checks": [{"name", "status", "detail", "hint"}]}')


def doctor_report() -> dict:
    """The checks as the --json output shows them (also bundled by `kiosk logs export`)."""
    from kiosk.config import ConfigError, load_config
    from kiosk.doctor import Context, diagnose

    try:
        ctx = Context(load_config())
    except ConfigError as exc:
        ctx = Context(None, config_error=str(exc))
    return {"checks": [c.to_json() for c in diagnose(ctx)]}


def run(args: argparse.Namespace) -> int:
    from kiosk.doctor import Check, overall_ok, render_text

    report = doctor_report()
    checks = [Check(**c) for c in report["checks"]]
    print(json.dumps(report, ensure_ascii=False, indent=2) if args.json else render_text(checks))
    return 0 if overall_ok(checks) else 1
