"""`kiosk simulate-reader`: a serial SAM ID card reader on a pty, driven from the keyboard."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

HELP = "Run a simulated serial ID card reader on a pty linked at --link; type commands to insert/remove cards."

_COMMANDS = """commands (one per line):
  insert NAME|FILE.json   place a bundled card (resident, resident_long_term, hmt_residence, foreign_2017,
                          foreign_2023) or a card JSON file on the reader
  remove                  take the card away
  fault KIND [N]          inject a fault into the next N replies: {faults}
  unplug / replug         pull the USB adapter out / put it back
  quit"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--link", required=True, metavar="PATH", help="symlink to create for the pty, e.g. /tmp/idcard")
    parser.add_argument("--card", metavar="FILE.json", help="card placed on the reader at start")
    parser.add_argument("--baud", type=int, default=115200, help="line speed to simulate (default 115200)")
    parser.add_argument("--card-delay", type=float, default=0.6, metavar="S",
                        help="card radio time of a read, in seconds (default 0.6)")
    parser.add_argument("--fast", action="store_true", help="answer at once, without wire time and card delay")


def _card(spec: str):
    from devices.idcard.simulator import SIM_CARDS, load_card

    path = Path(spec)
    return load_card(path if path.suffix == ".json" else SIM_CARDS / f"{spec}.json")


def _handle(line: str, sim) -> bool:
    """Apply one typed command; False means quit."""
    words = line.split()
    if not words:
        return True
    verb, rest = words[0], words[1:]
    if verb == "quit":
        return False
    if verb == "insert" and len(rest) == 1:
        sim.insert(_card(rest[0]))
    elif verb == "remove":
        sim.remove()
    elif verb == "fault" and rest:
        sim.inject(rest[0], int(rest[1]) if len(rest) > 1 else 1)
    elif verb == "unplug":
        sim.unplug()
    elif verb == "replug":
        sim.replug()
    else:
        raise ValueError(f"unknown command {line.strip()!r}")
    print("ok", flush=True)
    return True


def run(args: argparse.Namespace) -> int:
    from devices.idcard.simulator import FAULTS, ReaderSimulator

    try:
        cards = [_card(args.card)] if args.card else []
    except (OSError, ValueError, KeyError) as exc:
        print(f"kiosk simulate-reader: cannot load card {args.card}: {exc}", file=sys.stderr)
        return 2
    sim = ReaderSimulator(cards, baud=args.baud, realtime=not args.fast, card_delay_s=args.card_delay)
    try:
        path = sim.start(args.link)
    except OSError as exc:
        print(f"kiosk simulate-reader: cannot create {args.link}: {exc}", file=sys.stderr)
        return 2
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    print(f"simulated reader on {path}, linked at {args.link}, {args.baud} baud", flush=True)
    print(_COMMANDS.format(faults=", ".join(FAULTS)), file=sys.stderr, flush=True)

    def console() -> None:
        for line in sys.stdin:
            try:
                keep = _handle(line, sim)
            except (OSError, ValueError, KeyError, RuntimeError) as exc:
                print(f"error: {exc}", flush=True)
                continue
            if not keep:
                done.set()
                return
        # stdin closed (e.g. started in the background): keep serving until a signal.

    threading.Thread(target=console, daemon=True).start()
    try:
        done.wait()
    except KeyboardInterrupt:
        pass
    finally:
        sim.stop()
    return 0
