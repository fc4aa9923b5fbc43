"""`kiosk run`: the kiosk itself, full screen, on the configured or the simulated devices."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

HELP = "Run the kiosk full screen. Without a display it runs on a virtual one, viewable over localhost VNC."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--simulate", action="store_true",
                        help="simulated ID reader, camera and printer (PDFs into the data folder)")
    parser.add_argument("--vnc-port", type=int, default=5900, help="VNC port when there is no display (5900)")
    parser.add_argument("--screenshot", type=Path, metavar="PNG",
                        help="save a picture of the first screen once it is shown (checks and support)")
    parser.add_argument("--quit-after", type=float, metavar="S", help="quit after S seconds (checks)")


def _has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or
                os.environ.get("QT_QPA_PLATFORM"))


def run(args: argparse.Namespace) -> int:
    import contextlib

    from kiosk.config import ConfigError, load_config
    from kiosk.logs import configure_logging
    from kiosk.terminal import open_terminal

    overrides = {}
    if args.simulate:
        overrides = {"reader_port": "sim", "camera_source": "sim"}
    try:
        config = load_config(**overrides)
    except ConfigError as exc:
        print(f"kiosk run: {exc}", file=sys.stderr)
        return 2
    if args.simulate and not config.printer.startswith("dir:"):
        config = config.replace(printer=f"dir:{config.data_dir / 'printed'}")
    log_file = configure_logging(config.data_dir / "logs")

    with contextlib.ExitStack() as stack:
        if not _has_display():
            from ui.headless import virtual_display

            port = stack.enter_context(virtual_display(1920, 1080, args.vnc_port))
            where = f"VNC at localhost:{port} (e.g. `vncviewer localhost:{port}`)" if port else \
                "a virtual display (install x11vnc to look at it)"
            print(f"No display found: the kiosk runs on {where}.", flush=True)
        terminal = stack.enter_context(open_terminal(config, realtime=True))
        from ui.app import run_app

        print(f"Kiosk {config.terminal_id} running; back office {terminal.backoffice_url}; logs {log_file}",
              flush=True)
        return run_app(terminal, screenshot=args.screenshot, quit_after_s=args.quit_after)
