"""SAM serial frames: build them, and find them in a byte stream that may be split, garbled or padded.

Frame: AA AA AA 96 69, Len (2 bytes, big-endian), payload, XOR checksum. Len counts payload + checksum;
the checksum is the XOR of Len and payload. A command payload is CMD PARA [data]; a response payload is
SW1 SW2 SW3 [data].
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import reduce

from devices.idcard.errors import ChecksumError, ProtocolError

PREAMBLE = b"\xaa\xaa\xaa\x96\x69"
HEADER_LEN = len(PREAMBLE) + 2
# The largest standard reply is read-with-fingerprint (Len 0x090A); anything far beyond it is noise.
MAX_LEN = 0x0C00
MIN_LEN = 3  # CMD PARA CHK


def xor(data: bytes) -> int:
    return reduce(lambda a, b: a ^ b, data, 0)


def build_frame(payload: bytes) -> bytes:
    length = len(payload) + 1
    if length > 0xFFFF:
        raise ValueError("payload too long for one frame")
    body = length.to_bytes(2, "big") + payload
    return PREAMBLE + body + bytes([xor(body)])


def build_command(cmd: int, para: int, data: bytes = b"") -> bytes:
    return build_frame(bytes([cmd, para]) + data)


def build_response(sw3: int, data: bytes = b"") -> bytes:
    return build_frame(bytes([0x00, 0x00, sw3]) + data)


@dataclass(frozen=True)
class Command:
    cmd: int
    para: int
    data: bytes = b""

    @classmethod
    def from_payload(cls, payload: bytes) -> Command:
        return cls(payload[0], payload[1], payload[2:])


@dataclass(frozen=True)
class Response:
    sw3: int
    data: bytes = b""

    @classmethod
    def from_payload(cls, payload: bytes) -> Response:
        if len(payload) < 3:
            raise ProtocolError(f"response frame too short ({len(payload)} payload bytes)")
        return cls(payload[2], payload[3:])


class FrameScanner:
    """Accumulates received bytes and hands out complete frame payloads.

    Garbage before a frame is skipped (resync on the preamble), Len is trusted over the number of bytes
    read, and bytes after a frame stay buffered for the next call. A candidate whose checksum fails is
    only reported once nothing else in the buffer could still become a valid frame, so a false preamble
    inside garbage does not hide the real frame behind it.
    """

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> None:
        self._buf += data

    def wanted(self) -> int:
        """How many more bytes could complete a frame (at least 1): a hint for the next blocking read."""
        best = HEADER_LEN
        for start in self._starts():
            avail = len(self._buf) - start
            length = self._length_at(start) if avail >= HEADER_LEN else 0
            if avail < HEADER_LEN:
                best = min(best, HEADER_LEN - avail)
            elif MIN_LEN <= length <= MAX_LEN and avail < HEADER_LEN + length:
                best = min(best, HEADER_LEN + length - avail)
        return max(1, best)

    def next_payload(self) -> bytes | None:
        """The payload of the first valid frame, or None if more bytes are needed.

        Raises ChecksumError when a complete frame failed its checksum and nothing else is pending.
        """
        keep_from = None  # the first candidate that may still complete
        bad_end = -1
        for start in self._starts():
            avail = len(self._buf) - start
            if avail < HEADER_LEN:
                keep_from = start if keep_from is None else keep_from
                continue
            length = self._length_at(start)
            if not MIN_LEN <= length <= MAX_LEN:
                continue
            end = start + HEADER_LEN + length
            if end > len(self._buf):
                keep_from = start if keep_from is None else keep_from
                continue
            body = bytes(self._buf[start + len(PREAMBLE):end])
            if xor(body[:-1]) == body[-1]:
                del self._buf[:end]
                return body[2:-1]
            bad_end = max(bad_end, end)
        if keep_from is None:
            self._buf.clear()
            if bad_end >= 0:
                raise ChecksumError("frame checksum mismatch")
        else:
            del self._buf[:keep_from]
        return None

    def _starts(self) -> Iterator[int]:
        pos = self._buf.find(PREAMBLE)
        while pos >= 0:
            yield pos
            pos = self._buf.find(PREAMBLE, pos + 1)
        # A preamble still arriving at the end of the buffer is a possible start too.
        for keep in range(min(len(PREAMBLE) - 1, len(self._buf)), 0, -1):
            if self._buf.endswith(PREAMBLE[:keep]):
                yield len(self._buf) - keep
                return

    def _length_at(self, start: int) -> int:
        return int.from_bytes(self._buf[start + 5:start + 7], "big")


def wire_time(nbytes: int, baud: int) -> float:
    """Seconds that nbytes take on an 8N1 line (10 bits per byte)."""
    return nbytes * 10 / baud


@dataclass(frozen=True)
class Op:
    """A command the host sends, with how long the SAM may take and the longest reply it can produce."""

    name: str
    cmd: int
    para: int
    processing_s: float   # time allowed for the SAM and card, on top of the wire time (notes §1.4)
    reply_max: int

    @property
    def frame(self) -> bytes:
        return build_command(self.cmd, self.para)


RESET = Op("reset SAM", 0x10, 0xFF, 1.0, 11)
SAM_STATUS = Op("SAM status", 0x11, 0xFF, 0.5, 11)
SAM_ID = Op("read SAM id", 0x12, 0xFF, 0.5, 27)
FIND = Op("find card", 0x20, 0x01, 0.5, 15)
SELECT = Op("select card", 0x20, 0x02, 0.5, 19)
READ_BASE = Op("read card", 0x30, 0x01, 2.0, 1295)
READ_NEW_ADDRESS = Op("read new address", 0x30, 0x03, 1.5, 81)
READ_WITH_FINGERPRINT = Op("read card with fingerprint", 0x30, 0x10, 3.0, 2321)
OPS = (RESET, SAM_STATUS, SAM_ID, FIND, SELECT, READ_BASE, READ_NEW_ADDRESS, READ_WITH_FINGERPRINT)


def format_sam_id(data: bytes) -> str:
    """The 16 data bytes of a SAM-id reply as vendor tools show them: 05.01-20230415-0012345678-1234567890."""
    if len(data) != 16:
        raise ProtocolError(f"SAM id reply has {len(data)} data bytes, expected 16")
    a, b, c = (int.from_bytes(data[i:i + 4], "little") for i in (4, 8, 12))
    return f"{data[0]:02d}.{data[2]:02d}-{a}-{b:010d}-{c:010d}"
