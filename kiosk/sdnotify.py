"""systemd service notifications (sd_notify) in plain Python: one datagram to $NOTIFY_SOCKET per message.

The kiosk unit is Type=notify with WatchdogSec: the UI calls ready() once its first screen is shown and
ping() from a QTimer on the Qt main thread, so a frozen event loop stops the pings and systemd restarts the
kiosk. Pinging from a worker thread would only prove the process exists.

The app runs as a child of cage (the compositor is the unit's main process), so the unit sets
NotifyAccess=all, and WATCHDOG_PID (cage's pid) is deliberately not required to match ours.
Outside systemd (no NOTIFY_SOCKET) every call does nothing and returns False.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping


def notify(message: str, env: Mapping[str, str] | None = None) -> bool:
    """Send "KEY=value" lines to systemd; True when a socket took the datagram."""
    env = os.environ if env is None else env
    address = env.get("NOTIFY_SOCKET", "")
    if not address:
        return False
    if address.startswith("@"):           # an abstract socket: the name starts with a NUL byte
        address = "\0" + address[1:]
    elif not address.startswith("/"):
        return False                      # vsock addresses are for VMs, not for us
    try:
        # Non-blocking: a stalled systemd must never stall the UI thread that pings it.
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC | socket.SOCK_NONBLOCK) as sock:
            sock.sendto(message.encode(), address)
    except OSError:
        return False                      # systemd went away or the socket is gone: nothing to tell
    return True


def ready(status: str = "", env: Mapping[str, str] | None = None) -> bool:
    return notify("READY=1" + (f"\nSTATUS={status}" if status else ""), env)


def ping(env: Mapping[str, str] | None = None) -> bool:
    return notify("WATCHDOG=1", env)


def status(text: str, env: Mapping[str, str] | None = None) -> bool:
    """A one-line state shown by systemctl status (no personal data)."""
    return notify(f"STATUS={text}", env)


def stopping(env: Mapping[str, str] | None = None) -> bool:
    return notify("STOPPING=1", env)


def watchdog_interval_s(env: Mapping[str, str] | None = None) -> float | None:
    """How often to ping: half of WatchdogSec, as sd_watchdog_enabled(3) recommends; None when not watched."""
    env = os.environ if env is None else env
    try:
        usec = int(env.get("WATCHDOG_USEC", ""))
    except ValueError:
        return None
    return usec / 2e6 if usec > 0 else None
