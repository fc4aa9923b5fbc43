"""A serial SAM reader on a pseudo-terminal: the host talks to it through pyserial exactly as to hardware.

It answers every command of the protocol from the card currently placed on it, paces replies at the wire
speed of the configured baud plus a card radio delay (realtime=True), and can inject line and SAM faults.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import random
import select
import threading
import time
import tty
from pathlib import Path

from devices.idcard import protocol as p
from devices.idcard.card_codec import encode_read_base, encode_text
from devices.idcard.errors import ChecksumError
from devices.idcard.photo import SIMULATED_MARK, WLT_MAGIC
from domain.card import IdCard

SIM_CARDS = Path(__file__).with_name("sim_cards")

# One-shot faults, applied to the next reply they fit (select_fail to a select, read_fail to a read).
FAULTS = ("garbage", "drop", "bad_checksum", "trailing", "no_reply", "select_fail", "read_fail", "sam_fail")

_SAM_ID_DATA = bytes([5, 0, 1, 0]) + (20230415).to_bytes(4, "little") + (12345678).to_bytes(4, "little") \
    + (1234567890).to_bytes(4, "little")
_CHUNK = 64  # bytes per paced write: fine enough that the host sees a stream, coarse enough to be cheap


def synthetic_photo(seed: str) -> bytes:
    """1024 deterministic bytes with the WLT header, standing in for a card photo. The simulation decoder
    (devices.idcard.photo.SimulationDecoder) turns them into the face the simulated camera shows."""
    stream = b"".join(hashlib.sha256(f"{seed}:{i}".encode()).digest() for i in range(32))
    return (WLT_MAGIC + SIMULATED_MARK + stream)[:1024]


def with_photo(card: IdCard) -> IdCard:
    """The card with photo bytes (synthesised from its number if it has none) and their hash."""
    photo = card.photo_wlt or synthetic_photo(card.id_number)
    return dataclasses.replace(card, photo_wlt=photo, photo_sha256=hashlib.sha256(photo).hexdigest())


def encode_card(card: IdCard) -> bytes:
    """The 1295-byte reply to read-base (30 01) that a reader gives for this card."""
    return p.build_response(0x90, encode_read_base(encode_text(card), with_photo(card).photo_wlt))


def load_card(path: str | Path) -> IdCard:
    """A card from a read-card JSON file (photo_sha256 may be left out: the photo is synthesised)."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    data.setdefault("photo_sha256", "")
    return with_photo(IdCard.from_json(data))


def sim_card(name: str) -> IdCard:
    """One of the bundled synthetic cards: resident, resident_long_term, hmt_residence, foreign_2017, foreign_2023."""
    return load_card(SIM_CARDS / f"{name}.json")


class ReaderSimulator:
    """cards[0], if given, lies on the reader from the start; the list stays available as .cards."""

    def __init__(self, cards: list[IdCard] | None = None, *, baud: int = 115200, realtime: bool = False,
                 card_delay_s: float = 0.6, seed: int = 0) -> None:
        self.cards = list(cards or [])
        self.baud, self.realtime, self.card_delay_s = baud, realtime, card_delay_s
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self._card: IdCard | None = None
        self._faults: list[str] = []
        self._fds: tuple[int, int, int, int] | None = None   # master, slave, stop pipe read, stop pipe write
        self._thread: threading.Thread | None = None
        self._link: str | None = None
        self.path: str | None = None
        if self.cards:
            self.insert(self.cards[0])

    # --- the resident's side ---------------------------------------------------------------------------

    def insert(self, card: IdCard) -> None:
        encode_text(card)  # fail here, in the caller, if the card cannot be on a chip
        with self._lock:
            self._card = with_photo(card)

    def remove(self) -> None:
        with self._lock:
            self._card = None

    def inject(self, fault: str, times: int = 1) -> None:
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}; known: {', '.join(FAULTS)}")
        with self._lock:
            self._faults.extend([fault] * times)

    # --- the cable -----------------------------------------------------------------------------------------

    def start(self, link: str | None = None) -> str:
        """Open the pty (and symlink it at link) and answer in a background thread; returns the pty path."""
        if self._thread is not None:
            raise RuntimeError("simulator already running")
        master, slave = os.openpty()
        # Raw from the start: the host may write before pyserial configures the line. Holding the slave open
        # keeps the master readable while the host closes and reopens the port.
        tty.setraw(slave)
        stop_r, stop_w = os.pipe()
        self._fds = (master, slave, stop_r, stop_w)
        self.path = os.ttyname(slave)
        if link is not None:
            _replace_symlink(link, self.path)
        self._link = link
        self._thread = threading.Thread(target=self._serve, name="reader-simulator", daemon=True)
        self._thread.start()
        return self.path

    def stop(self) -> None:
        """Close the pty: a host still holding the port sees the device vanish. The link is removed."""
        if self._thread is None or self._fds is None:
            return
        os.write(self._fds[3], b"x")
        self._thread.join(timeout=5)
        for fd in self._fds:
            with contextlib.suppress(OSError):
                os.close(fd)
        if self._link is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._link)
        self._thread, self._fds = None, None

    def unplug(self) -> None:
        """The USB adapter is pulled: the port disappears (same as stop, but replug() brings it back)."""
        self.stop()

    def replug(self) -> str:
        """The adapter comes back, under the same link name (the pty itself gets a new number)."""
        return self.start(self._link)

    def __enter__(self) -> ReaderSimulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the reader's firmware -----------------------------------------------------------------------------

    def _serve(self) -> None:
        assert self._fds is not None
        master, _, stop_r, _ = self._fds
        scanner = p.FrameScanner()
        while True:
            ready, _, _ = select.select([master, stop_r], [], [])
            if stop_r in ready:
                return
            try:
                scanner.feed(os.read(master, 4096))
            except OSError:
                return
            while True:
                try:
                    payload = scanner.next_payload()
                except ChecksumError:
                    self._send(master, p.build_response(0x10), 0.0)
                    continue
                if payload is None:
                    break
                self._answer(master, p.Command.from_payload(payload), len(payload) + 8)

    def _answer(self, master: int, command: p.Command, request_len: int) -> None:
        with self._lock:
            fault = self._take_fault(command)
            card = self._card
        if fault == "no_reply":
            return
        reply, radio_s = self._reply(command, card, fault)
        reply = self._corrupt(reply, fault)
        delay = p.wire_time(request_len, self.baud) + radio_s if self.realtime else 0.0
        self._send(master, reply, delay)

    def _take_fault(self, command: p.Command) -> str | None:
        key = (command.cmd, command.para)
        for i, fault in enumerate(self._faults):
            if (fault == "select_fail" and key != (0x20, 0x02)) or \
                    (fault == "read_fail" and command.cmd != 0x30):
                continue
            return self._faults.pop(i)
        return None

    def _reply(self, command: p.Command, card: IdCard | None, fault: str | None) -> tuple[bytes, float]:
        """The reply frame and the card radio time it takes."""
        key = (command.cmd, command.para)
        if fault == "sam_fail":
            return p.build_response(0x60), 0.0
        if key in ((0x10, 0xFF), (0x11, 0xFF)):
            return p.build_response(0x90), 0.0
        if key == (0x12, 0xFF):
            return p.build_response(0x90, _SAM_ID_DATA), 0.0
        if key == (0x20, 0x01):
            return (p.build_response(0x9F, bytes(4)) if card else p.build_response(0x80)), 0.0
        if key == (0x20, 0x02):
            ok = card is not None and fault != "select_fail"
            return (p.build_response(0x90, bytes(8)) if ok else p.build_response(0x81)), 0.0
        if command.cmd == 0x30 and command.para in (0x01, 0x03, 0x10):
            if card is None or fault == "read_fail":
                return p.build_response(0x41), self.card_delay_s
            if command.para == 0x03:
                return p.build_response(0x91), self.card_delay_s
            if command.para == 0x01:
                return encode_card(card), self.card_delay_s
            data = encode_read_base(encode_text(card), card.photo_wlt)
            return p.build_response(0x90, data[:4] + bytes(2) + data[4:]), self.card_delay_s
        return p.build_response(0x21), 0.0

    def _corrupt(self, reply: bytes, fault: str | None) -> bytes:
        rng = self._rng
        if fault == "garbage":
            noise = bytes(rng.randrange(256) for _ in range(rng.randint(3, 40))).replace(p.PREAMBLE, b"")
            # A false preamble with an impossible length, then a preamble cut short: both must be skipped.
            return noise + p.PREAMBLE + b"\xff\xff" + p.PREAMBLE[:3] + reply
        if fault == "drop":
            keep = bytearray(reply)
            for _ in range(rng.randint(1, 3)):
                del keep[rng.randrange(len(keep))]
            return bytes(keep)
        if fault == "bad_checksum":
            return reply[:-1] + bytes([reply[-1] ^ 0x5A])
        if fault == "trailing":
            return reply + bytes(rng.randrange(256) for _ in range(rng.randint(1, 3)))
        return reply

    def _send(self, master: int, data: bytes, delay: float) -> None:
        """Write data as a line at self.baud would deliver it, starting after delay (realtime only)."""
        try:
            if not self.realtime:
                _write_all(master, data)
                return
            start = time.monotonic() + delay
            for i in range(0, len(data), _CHUNK):
                chunk = data[i:i + _CHUNK]
                due = start + p.wire_time(i + len(chunk), self.baud)
                pause = due - time.monotonic()
                if pause > 0:
                    time.sleep(pause)
                _write_all(master, chunk)
        except OSError:
            pass  # the pty was closed under us (stop/unplug); the host sees the device vanish


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _replace_symlink(link: str, target: str) -> None:
    path = Path(link)
    if path.is_symlink():
        path.unlink()
    elif path.exists():
        raise FileExistsError(f"{link} exists and is not a symlink; not replacing it")
    path.symlink_to(target)
