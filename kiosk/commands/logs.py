"""`kiosk logs export FILE` — one file for support: logs, a doctor report, versions, the configuration."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "Logs for support: `kiosk logs export FILE` writes logs, doctor report and versions to a tar.gz."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="logs_command", required=True, metavar="ACTION")
    p = sub.add_parser("export", help="write the support bundle (tar.gz, no personal data) to FILE")
    p.add_argument("file", type=Path, metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from kiosk.commands.doctor import doctor_report
    from kiosk.config import ConfigError, load_config
    from kiosk.doctor.bundle import export_bundle

    try:
        config = load_config()
    except ConfigError:
        config = None   # the bundle still helps: the doctor report in it names the configuration error
    names = export_bundle(args.file, config, doctor_report())
    print(f"kiosk logs: wrote {args.file} ({', '.join(names)})", file=sys.stderr)
    return 0
