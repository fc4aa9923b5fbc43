"""SAM serial frames: the public vectors from the research notes, reassembly, resync and SW3 mapping."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.idcard import errors
from devices.idcard import protocol as p

# Notes §5.1: every request frame, as published by ID_read.py, YinanSoft, speedata (reset computed).
REQUESTS = {
    p.SAM_STATUS: "AAAAAA9669000311FFED",
    p.SAM_ID: "AAAAAA9669000312FFEE",
    p.FIND: "AAAAAA96690003200122",
    p.SELECT: "AAAAAA96690003200221",
    p.READ_BASE: "AAAAAA96690003300132",
    p.READ_NEW_ADDRESS: "AAAAAA96690003300330",
    p.READ_WITH_FINGERPRINT: "AAAAAA96690003301023",
    p.RESET: "AAAAAA9669000310FFEC",
}

# Notes §5.2: complete response frames → (SW3, data).
RESPONSES = {
    "AAAAAA9669000400009094": (0x90, b""),
    "AAAAAA9669000800009F0000000097": (0x9F, bytes(4)),
    "AAAAAA9669000400008084": (0x80, b""),
    "AAAAAA9669000C00009000000000000000009C": (0x90, bytes(8)),
    "AAAAAA9669000400008185": (0x81, b""),
    "AAAAAA9669000400004145": (0x41, b""),
    "AAAAAA9669000400009195": (0x91, b""),
    "AAAAAA9669000400001014": (0x10, b""),
}


def scan(data: bytes) -> bytes | None:
    scanner = p.FrameScanner()
    scanner.feed(data)
    return scanner.next_payload()


@pytest.mark.parametrize(("op", "frame"), REQUESTS.items(), ids=lambda v: getattr(v, "name", v))
def test_request_frames_match_the_published_bytes(op: p.Op, frame: str) -> None:
    assert op.frame == bytes.fromhex(frame)


@pytest.mark.parametrize(("frame", "expected"), RESPONSES.items())
def test_published_responses_parse(frame: str, expected: tuple[int, bytes]) -> None:
    payload = scan(bytes.fromhex(frame))
    assert payload is not None
    reply = p.Response.from_payload(payload)
    assert (reply.sw3, reply.data) == expected
    assert p.build_response(*expected) == bytes.fromhex(frame)


def test_read_base_header_matches_the_published_prefix() -> None:
    frame = p.build_response(0x90, b"\x01\x00\x04\x00" + bytes(256 + 1024))
    assert len(frame) == 1295
    assert frame[:14] == bytes.fromhex("AAAAAA9669050800009001000400")


def test_vendor_timeout_prefix_is_an_incomplete_frame() -> None:
    # ParseSFZAPI's TIMEOUT_RETURN: Len 5 but only 3 bytes follow.
    assert scan(bytes.fromhex("AAAAAA96690005050505")) is None


def test_length_saying_more_than_arrived_keeps_waiting() -> None:
    assert scan(bytes.fromhex("AAAAAA96690004200122")) is None


def test_bad_preamble_is_not_a_frame() -> None:
    assert scan(bytes.fromhex("00AAAA96690003200122")) is None


def test_flipped_checksum_is_rejected() -> None:
    frame = bytearray(bytes.fromhex("AAAAAA9669000800009F0000000097"))
    frame[-1] ^= 1
    with pytest.raises(errors.ChecksumError):
        scan(bytes(frame))


def test_missing_last_byte_means_keep_reading() -> None:
    scanner = p.FrameScanner()
    frame = bytes.fromhex("AAAAAA9669000C00009000000000000000009C")
    scanner.feed(frame[:-1])
    assert scanner.next_payload() is None
    assert scanner.wanted() == 1
    scanner.feed(frame[-1:])
    assert scanner.next_payload() == bytes.fromhex("000090") + bytes(8)


def test_garbage_before_a_frame_is_skipped() -> None:
    noise = b"\x00\x13\xaa\xaa" + p.PREAMBLE + b"\xff\xff" + b"\xaa\xaa\xaa"
    assert scan(noise + bytes.fromhex("AAAAAA9669000400009094")) == bytes.fromhex("000090")


def test_false_preamble_with_a_plausible_length_does_not_hide_the_real_frame() -> None:
    false_start = p.PREAMBLE + b"\x05\x08" + b"\x01\x02"
    assert scan(false_start + bytes.fromhex("AAAAAA9669000400008084")) == bytes.fromhex("000080")


def test_trailing_byte_after_a_full_read_is_left_for_later() -> None:
    # Capture A (notes §5.3) is a 1295-byte frame plus one stray byte F6: Len is trusted, not the byte count.
    frame = p.build_response(0x90, b"\x01\x00\x04\x00" + bytes(range(256)) * 5)
    scanner = p.FrameScanner()
    scanner.feed(frame + b"\xf6")
    assert scanner.next_payload() == frame[7:-1]
    assert scanner.next_payload() is None


def test_two_frames_in_one_read_come_out_one_by_one() -> None:
    scanner = p.FrameScanner()
    scanner.feed(bytes.fromhex("AAAAAA9669000400008084" "AAAAAA9669000400009094"))
    assert scanner.next_payload() == bytes.fromhex("000080")
    assert scanner.next_payload() == bytes.fromhex("000090")


@given(st.binary(min_size=0, max_size=1200), st.lists(st.integers(1, 64), max_size=40))
def test_a_frame_survives_any_split(data: bytes, cuts: list[int]) -> None:
    frame = p.build_response(0x90, data)
    scanner = p.FrameScanner()
    got, pos = None, 0
    for size in [*cuts, len(frame)]:
        scanner.feed(frame[pos:pos + size])
        pos += size
        got = got or scanner.next_payload()
    assert got == b"\x00\x00\x90" + data


@settings(max_examples=300)
@given(st.lists(st.one_of(st.binary(max_size=64), st.sampled_from([p.PREAMBLE, p.PREAMBLE[:3], b"\x05\x08",
                                                                     b"\x00\x04\x00\x00\x90\x94"])),
                max_size=60))
def test_no_byte_stream_raises_anything_but_protocol_errors(chunks: list[bytes]) -> None:
    scanner = p.FrameScanner()
    for chunk in chunks:
        scanner.feed(chunk)
        for _ in range(len(chunk) + 1):   # bounded: every call consumes or waits
            try:
                payload = scanner.next_payload()
            except errors.ProtocolError:
                continue
            if payload is None:
                break
        assert scanner.wanted() >= 1
    assert len(scanner._buf) <= p.HEADER_LEN + p.MAX_LEN + sum(map(len, chunks[-1:]))


def test_every_status_code_has_a_typed_error_with_both_messages() -> None:
    for sw3, status in errors.STATUS.items():
        exc = errors.status_error(sw3)
        assert isinstance(exc, status.kind)
        assert exc.sw3 == sw3
        assert f"0x{sw3:02X}" in str(exc)
        assert exc.message_zh and all(ord(c) < 128 for c in str(exc))
        assert any("\u4e00" <= c <= "\u9fff" for c in exc.message_zh)
    assert isinstance(errors.status_error(0x60), errors.SamError)
    assert isinstance(errors.status_error(0x40), errors.UnsupportedCard)
    assert isinstance(errors.status_error(0x77), errors.SamError)   # unknown codes still get a message


def test_sam_id_is_formatted_like_the_vendor_tools() -> None:
    data = bytes([5, 0, 1, 0]) + (20230415).to_bytes(4, "little") + (42).to_bytes(4, "little") \
        + (1234567890).to_bytes(4, "little")
    assert p.format_sam_id(data) == "05.01-20230415-0000000042-1234567890"
    with pytest.raises(errors.ProtocolError):
        p.format_sam_id(data[:-1])
