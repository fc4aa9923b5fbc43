"""Which serial port the ID card reader answers on, at which baud, and whether its SAM is healthy.

The reader is asked only the SAM status and SAM id commands, which touch no card. Other ports are probed
only when the configured one does not answer, to tell the technician where the reader actually is.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Literal

from kiosk.doctor.core import Check, Context, needs_config

# Readers ship at 115200; older RS-232 ones at 9600. The rest are rare but cheap to try.
BAUDS = (115200, 9600, 57600, 38400, 19200)
IDCARD_LINK = "/dev/idcard"
_CHIPS = "1a86:7523 CH340, 067b:2303 PL2303, 10c4:ea60 CP210x, 0403:6001 FTDI"


@dataclass(frozen=True)
class PortAnswer:
    port: str
    state: Literal["answers", "missing", "denied", "busy", "silent"]
    baud: int | None = None


def probe_port(port: str, first_baud: int) -> PortAnswer:
    """The port's state; for "answers", the first baud (configured one first) at which frames come back."""
    from devices.idcard.errors import ReaderUnavailable
    from devices.idcard.serial_reader import probe_baud

    if not os.path.exists(port):
        return PortAnswer(port, "missing")
    if not os.access(port, os.R_OK | os.W_OK):
        return PortAnswer(port, "denied")
    try:
        baud = probe_baud(port, (first_baud, *(b for b in BAUDS if b != first_baud)))
    except ReaderUnavailable:
        return PortAnswer(port, "busy")   # exists and is ours to open, so another program holds it
    return PortAnswer(port, "silent") if baud is None else PortAnswer(port, "answers", baud)


def candidate_ports(ctx: Context) -> list[str]:
    if ctx.ports is not None:
        return list(ctx.ports)
    from serial.tools import list_ports

    # comports() leaves out the placeholder ttyS* that have no UART behind them.
    return [IDCARD_LINK, *sorted(p.device for p in list_ports.comports())]


def _find_elsewhere(ports: list[str], first_baud: int) -> PortAnswer | None:
    if not ports:
        return None
    with ThreadPoolExecutor(max_workers=len(ports)) as pool:
        answers = list(pool.map(lambda p: probe_port(p, first_baud), ports))
    return next((a for a in answers if a.state == "answers"), None)


def _same_device(a: str, b: str) -> bool:
    return os.path.realpath(a) == os.path.realpath(b)


def _sam(port: str, baud: int, label: str) -> Check:
    from devices.idcard.errors import ReaderError, StatusError
    from devices.idcard.serial_reader import SerialCardReader

    reader = SerialCardReader(port, baud, timeout_s=1.0, retries=1, verify_numbers=False)
    try:
        reader.sam_status()
        sam_id = reader.sam_id()
    except StatusError as exc:
        return Check("reader", "fail", f"{label} {port} at {baud} baud answers, but its SAM reports: {exc}",
                     "power-cycle the reader (unplug its USB cable for 10 s); if the fault stays, the reader's "
                     "SAM module needs service by its vendor")
    except ReaderError as exc:
        return Check("reader", "fail", f"{label} {port} at {baud} baud: {exc}",
                     "check the cable; power-cycle the reader and run kiosk doctor again")
    finally:
        reader.close()
    return Check("reader", "pass", f"{label} {port} at {baud} baud, SAM {sam_id}")


@needs_config("reader")
def reader(ctx: Context) -> Check:
    assert ctx.config is not None
    cfg = ctx.config
    if cfg.reader_port == "sim":
        from devices.idcard.simulator import ReaderSimulator

        with ReaderSimulator(baud=cfg.reader_baud) as sim:
            return _sam(sim.start(), cfg.reader_baud, "simulated reader on")
    port, baud = cfg.reader_port, cfg.reader_baud
    answer = probe_port(port, baud)
    if answer.state == "answers":
        assert answer.baud is not None
        if answer.baud != baud:
            return Check("reader", "fail", f"the reader on {port} answers at {answer.baud} baud, configured {baud}",
                         f"set reader_baud = {answer.baud} in /etc/kiosk/kiosk.toml")
        return _sam(port, baud, "reader on")
    if answer.state == "busy":
        return Check("reader", "warn", f"{port} is in use by another program (the running kiosk?)",
                     "to test the reader: sudo systemctl stop kiosk; kiosk doctor; sudo systemctl start kiosk")
    if answer.state == "denied":
        return Check("reader", "fail", f"{port} exists but this user may not open it",
                     "run as the kiosk user (sudo kiosk doctor); the kiosk user must be in group dialout")
    found = _find_elsewhere([p for p in candidate_ports(ctx) if not _same_device(p, port)], baud)
    if found is not None:
        hint = f'set reader_port = "{found.port}" and reader_baud = {found.baud} in /etc/kiosk/kiosk.toml'
        if port == IDCARD_LINK:
            hint = (f"the udev rule did not name this reader {IDCARD_LINK}: add its chip (udevadm info -q property "
                    f"{found.port} | grep ID_MODEL_ID) to /etc/udev/rules.d/70-kiosk-idcard.rules, or {hint}")
        return Check("reader", "fail", f"no reader on {port} ({answer.state}), but one answers on {found.port} "
                     f"at {found.baud} baud", hint)
    if answer.state == "missing":
        return Check("reader", "fail", f"{port} does not exist and no other serial port has a reader",
                     f"plug in the reader's USB cable; `lsusb` must list its chip ({_CHIPS}); "
                     f"{IDCARD_LINK} comes from /etc/udev/rules.d/70-kiosk-idcard.rules")
    return Check("reader", "fail", f"{port} exists but nothing answers at {', '.join(map(str, BAUDS))} baud",
                 f"check that the reader has power (its LED is on) and that {port} is the reader's port "
                 f"(ls -l {IDCARD_LINK}; lsusb); a USB-serial adapter without the reader behind it looks like this")
