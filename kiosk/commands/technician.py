"""`kiosk technician` — the technician-mode PIN: set it (which also lifts a lockout) or see whether it is set."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

HELP = "Technician mode: set-pin (stored as a salted scrypt hash; lifts a lockout), status."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="technician_command", required=True, metavar="ACTION")
    p = sub.add_parser("set-pin", help="set the PIN that opens technician mode (6–12 digits), asked twice")
    p.add_argument("--stdin", action="store_true", help="read the PIN from the first line of standard input")
    sub.add_parser("status", help="whether a PIN is set and whether the PIN pad is locked")


def run(args: argparse.Namespace) -> int:
    from kiosk.config import ConfigError, load_config
    from kiosk.technician import TechnicianAccess

    try:
        access = TechnicianAccess.for_config(load_config())
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.technician_command == "status":
        locked = access.locked_for()
        print(f"PIN {'set' if access.pin_is_set else 'not set (technician mode cannot be opened)'}; "
              + (f"PIN pad locked for another {locked:.0f} s" if locked else
                 f"{access.attempts_left()} tries before a lockout"))
        return 0
    return _set_pin(access, args.stdin)


def _set_pin(access, from_stdin: bool) -> int:
    from kiosk.technician import PinError

    if from_stdin:
        pin = sys.stdin.readline().strip()
    else:
        pin = getpass.getpass("New technician PIN: ")
        if getpass.getpass("Again: ") != pin:
            print("kiosk technician: the two PINs differ; nothing changed", file=sys.stderr)
            return 1
    try:
        access.set_pin(pin)
    except PinError as exc:
        print(f"kiosk technician: {exc}; nothing changed", file=sys.stderr)
        return 1
    _give_to_data_dir_owner(access.path)
    print(f"kiosk technician: PIN set ({access.path})")
    return 0


def _give_to_data_dir_owner(path) -> None:
    """Run as root (sudo), the file would be root's and the kiosk user could not read it: hand it over."""
    if os.geteuid() != 0:
        return
    owner = path.parent.stat()
    if owner.st_uid != 0:
        os.chown(path, owner.st_uid, owner.st_gid)
