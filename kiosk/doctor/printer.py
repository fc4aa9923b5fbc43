"""Printer: the configured CUPS queue exists, is enabled, accepts jobs and reports no fault; the other
queues are listed so a technician sees a misnamed one."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from kiosk.doctor.core import Check, Context, nearest_existing, needs_config

_FAULT_HINTS = {
    "paper_out": "load paper, then: cupsenable {q}",
    "jam": "clear the paper jam and close the printer, then: cupsenable {q}",
    "cover_open": "close the printer's cover, then: cupsenable {q}",
    "offline": "switch the printer on and check its cable; lpstat -t shows what CUPS sees",
    "stopped": "cupsenable {q} && cupsaccept {q} (CUPS stops a queue after a failed job: look at "
               "/var/log/cups/error_log first)",
}


def _queues() -> list[str]:
    try:
        out = subprocess.run(["lpstat", "-e"], capture_output=True, text=True, timeout=10, check=False,
                             env={**os.environ, "LC_ALL": "C"}).stdout
    except (FileNotFoundError, subprocess.TimeoutExpired):
        return []
    return out.split()


@needs_config("printer")
def printer(ctx: Context) -> Check:
    assert ctx.config is not None
    value = ctx.config.printer
    if value.startswith("dir:"):
        folder = Path(value.removeprefix("dir:").partition("?")[0])
        existing = nearest_existing(folder)
        if not os.access(existing, os.W_OK):
            return Check("printer", "fail", f"simulated printer: {folder} is not writable",
                         f"chown kiosk: {existing}, or set printer to a CUPS queue name")
        return Check("printer", "pass", f"simulated printer: PDFs into {folder}")

    from devices.printer.base import PrinterError
    from devices.printer.cups import CupsPrinter

    queues = _queues()
    others = f"; CUPS queues: {', '.join(queues) or 'none'}"
    try:
        status = CupsPrinter(value, command_timeout_s=10).status()
    except PrinterError:
        if not queues:
            return Check("printer", "fail", f"CUPS has no queue {value!r}{others}",
                         "sudo systemctl start cups; then add the printer: lpadmin -p NAME -E -v URI -m MODEL "
                         "(lpinfo -v lists URIs)")
        return Check("printer", "fail", f"CUPS has no queue {value!r}{others}",
                     "set printer in /etc/kiosk/kiosk.toml to one of the queues listed")
    fault = status.fault()
    state = f"{'enabled' if status.enabled else 'disabled'}, {'' if status.accepting else 'not '}accepting jobs"
    detail = f"queue {value}: {state}{', ' + ' '.join(status.reasons) if status.reasons else ''}"
    if status.message:
        detail += f" ({status.message})"
    if fault:
        return Check("printer", "fail", detail + others, _FAULT_HINTS.get(fault, _FAULT_HINTS["offline"])
                     .format(q=value))
    return Check("printer", "pass", detail + others)
