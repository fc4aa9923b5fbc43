"""The ID card reader over the serial SAM protocol (pyserial): RS-232 and USB-serial readers alike."""

from __future__ import annotations

import contextlib
import logging
import termios
import threading
import time

import serial

from devices.idcard import protocol as p
from devices.idcard.base import CardReader
from devices.idcard.card_codec import decode_card, split_read_base
from devices.idcard.checks import check_card
from devices.idcard.errors import (
    FIND_OK,
    NO_CONTENT,
    SUCCESS,
    ProtocolError,
    ReaderError,
    ReaderTimeout,
    ReaderUnavailable,
    StatusError,
    status_error,
)
from domain.card import IdCard

log = logging.getLogger(__name__)

_NO_CARD = 0x80
# Statuses that mean "the card moved or the radio hiccupped": worth another find/select/read.
_RETRY_READ = {0x81, 0x41, 0x31, 0x32, 0x33, 0x47}
# A pty or USB-serial adapter that vanished surfaces as any of these, depending on the call that noticed.
_PORT_GONE = (serial.SerialException, OSError, termios.error)
# Statuses that mean the SAM got our frame corrupted on the line: worth resending the same frame.
_RESEND = {0x10, 0x11}


class SerialCardReader(CardReader):
    """One reader on one serial port. The port opens on first use and again after it vanished.

    timeout_s caps the time any one command may take (beyond its wire time); retries is how many times a
    corrupted, incomplete or missing reply is retried before it becomes an error. Safe to call from one
    worker thread while another thread asks for the SAM id (calls are serialised).
    """

    def __init__(self, port: str, baud: int = 115200, *, timeout_s: float = 3.0, retries: int = 2,
                 verify_numbers: bool = True) -> None:
        self.port, self.baud = port, baud
        self.timeout_s, self.retries = timeout_s, retries
        self._verify_numbers = verify_numbers
        self._serial: serial.Serial | None = None
        self._lock = threading.RLock()

    # --- public API ------------------------------------------------------------------------------------

    def read_card(self) -> IdCard | None:
        with self._lock:
            payload = self._read_sequence(p.READ_BASE)
            if payload is None:
                return None
            text, photo, _ = split_read_base(payload)
            card = decode_card(text, photo)
        if self._verify_numbers:
            check_card(card)
        return card

    def read_fingerprints(self) -> bytes | None:
        """The card's two 512-byte fingerprint templates (b"" when it holds none); None when no card."""
        with self._lock:
            payload = self._read_sequence(p.READ_WITH_FINGERPRINT)
        return None if payload is None else split_read_base(payload, with_fingerprint=True)[2]

    def read_new_address(self) -> str | None:
        """The appended address (住址变更), or None when the card has none. Call after read_card."""
        with self._lock:
            reply = self._transact(p.READ_NEW_ADDRESS)
        if reply.sw3 == NO_CONTENT:
            return None
        _expect(reply.sw3, SUCCESS)
        try:
            return reply.data.decode("utf-16-le").rstrip(" \x00")
        except UnicodeDecodeError:
            raise ProtocolError("new address is not valid UCS-2") from None

    def card_present(self) -> bool:
        """A find alone: cheap enough to poll for removal without re-reading the card."""
        with self._lock:
            sw3 = self._transact(p.FIND).sw3
        if sw3 == _NO_CARD:
            return False
        _expect(sw3, FIND_OK)
        return True

    def sam_id(self) -> str:
        with self._lock:
            reply = self._transact(p.SAM_ID)
        _expect(reply.sw3, SUCCESS)
        return p.format_sam_id(reply.data)

    def sam_status(self) -> None:
        """Returns when the SAM reports itself healthy; raises a StatusError (e.g. SamError) otherwise."""
        with self._lock:
            _expect(self._transact(p.SAM_STATUS).sw3, SUCCESS)

    def reset(self) -> None:
        with self._lock:
            _expect(self._transact(p.RESET).sw3, SUCCESS)

    def close(self) -> None:
        with self._lock:
            if self._serial is not None:
                with contextlib.suppress(*_PORT_GONE):  # an unplugged port has nothing left to release
                    self._serial.close()
                self._serial = None

    # --- the exchange ------------------------------------------------------------------------------------

    def _read_sequence(self, read: p.Op) -> bytes | None:
        """find → select → read, repeated while the card answers badly; None when no card is there."""
        failure: StatusError | None = None
        for _ in range(self.retries + 1):
            found = self._transact(p.FIND).sw3
            if found == _NO_CARD:
                return None
            _expect(found, FIND_OK)
            for op in (p.SELECT, read):
                reply = self._transact(op)
                if reply.sw3 != SUCCESS:
                    break
            if reply.sw3 == SUCCESS:
                return reply.data
            failure = status_error(reply.sw3)
            if reply.sw3 not in _RETRY_READ:
                raise failure
            log.info("%s: %s, retrying", op.name, failure)
        assert failure is not None
        raise failure

    def _transact(self, op: p.Op) -> p.Response:
        timeout = min(op.processing_s, self.timeout_s) + p.wire_time(len(op.frame) + op.reply_max, self.baud)
        failure: ReaderError | None = None
        for _ in range(self.retries + 1):
            port = self._open()
            try:
                port.reset_input_buffer()
                port.write(op.frame)
                reply = self._receive(port, op, timeout)
            except _PORT_GONE as exc:
                self.close()
                raise ReaderUnavailable(f"serial port {self.port} failed during {op.name}: {exc}") from None
            except (ReaderTimeout, ProtocolError) as exc:
                failure = exc
            else:
                if reply.sw3 not in _RESEND:
                    return reply
                failure = status_error(reply.sw3)
            log.info("%s: %s, retrying", op.name, failure)
        assert failure is not None
        raise failure

    def _receive(self, port: serial.Serial, op: p.Op, timeout: float) -> p.Response:
        scanner = p.FrameScanner()
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ReaderTimeout(f"no complete reply to {op.name} within {timeout * 1000:.0f} ms")
            port.timeout = remaining
            chunk = port.read(max(scanner.wanted(), port.in_waiting))
            if chunk:
                scanner.feed(chunk)
                payload = scanner.next_payload()
                if payload is not None:
                    return p.Response.from_payload(payload)

    def _open(self) -> serial.Serial:
        if self._serial is None:
            try:
                self._serial = serial.Serial(self.port, self.baud, timeout=self.timeout_s, write_timeout=1.0,
                                             exclusive=True)
            except (serial.SerialException, OSError, ValueError) as exc:
                raise ReaderUnavailable(f"cannot open serial port {self.port}: {exc}") from None
        return self._serial


def _expect(sw3: int, wanted: int) -> None:
    if sw3 != wanted:
        raise status_error(sw3)


def probe_baud(port: str, bauds: tuple[int, ...] = (115200, 57600, 38400, 19200, 9600)) -> int | None:
    """The rate at which the SAM answers a status check, or None. Never sends 60 XX (codes unverified)."""
    for baud in bauds:
        reader = SerialCardReader(port, baud, timeout_s=0.3, retries=0, verify_numbers=False)
        try:
            reader.sam_status()
            return baud
        except StatusError:
            return baud  # it answered in frames at this rate, even if the SAM is unhappy
        except (ReaderTimeout, ProtocolError):
            continue
        finally:
            reader.close()
    return None
