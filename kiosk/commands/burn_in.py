"""`kiosk burn-in`: run N complete sessions headless on simulated devices and report each one."""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path
from typing import Any

HELP = "Run N complete resident sessions headless on simulated devices, through the queue to the back office."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sessions", type=int, default=20, metavar="N", help="how many sessions (default 20)")
    parser.add_argument("--json", action="store_true", help="one JSON object per session, then a summary")
    parser.add_argument("--print-dir", type=Path, metavar="DIR", help="write printed PDFs into DIR")
    parser.add_argument("--realtime", action="store_true",
                        help="simulators keep real-world timing (wire time, card delay, 30 fps camera)")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="queue and embedded back office data (default: a fresh temporary folder)")
    parser.add_argument("--seed", type=int, help="random seed for reproducible applicants")


def run(args: argparse.Namespace) -> int:
    from kiosk.burnin import burn_in
    from kiosk.config import ConfigError, load_config
    from kiosk.logs import configure_logging
    from kiosk.terminal import open_terminal

    if args.sessions < 1:
        print("kiosk burn-in: --sessions must be at least 1", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kiosk-burnin-") as scratch:
        overrides: dict[str, Any] = {"reader_port": "sim", "camera_source": "sim",
                                     "data_dir": args.data_dir or Path(scratch)}
        if args.print_dir:
            args.print_dir.mkdir(parents=True, exist_ok=True)
            overrides["printer"] = f"dir:{args.print_dir}"
        try:
            config = load_config(**overrides)
        except ConfigError as exc:
            print(f"kiosk burn-in: {exc}", file=sys.stderr)
            return 2
        configure_logging(config.data_dir / "logs")

        def emit(obj: dict[str, Any]) -> None:
            if args.json:
                print(json.dumps(obj, ensure_ascii=False), flush=True)
            elif "session" in obj:
                print(f"session {obj['session']}: {obj['status']} {obj.get('uscc') or obj.get('error') or ''}",
                      flush=True)

        with open_terminal(config, realtime=args.realtime, rng=random.Random(args.seed)) as terminal:
            summary = burn_in(terminal, args.sessions, emit, random.Random(args.seed))
        if args.json:
            print(json.dumps(summary, ensure_ascii=False), flush=True)
        else:
            print(" ".join(f"{k}={v}" for k, v in summary.items() if k != "seconds_per_stage"))
            print("seconds per stage: " + ", ".join(f"{k} {v:.3f}" for k, v in summary["seconds_per_stage"].items()))
    return 0 if summary["failed"] == 0 else 1
