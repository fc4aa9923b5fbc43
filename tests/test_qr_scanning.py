"""QR payloads (receipt, pre-filled application) and decoding them from camera-like frames with zbar."""

from __future__ import annotations

import subprocess

import cv2
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.camera.base import Camera
from devices.qr.scanner import QrScanner
from domain.license_signing import KIND_APPLY, new_private_key_pem, public_key_pem, sign_license, sign_payload
from domain.qr_payloads import (
    QrPayloadError,
    parse_prefill_payload,
    parse_receipt_payload,
    payload_kind,
    prefill_payload,
    receipt_payload,
)
from kiosk.documents.pdf import Page, register_cjk_font

KEY = new_private_key_pem()
PUBLIC = public_key_pem(KEY)
TOKENS = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-:", min_size=8,
                 max_size=128)


@given(TOKENS)
def test_receipt_payload_round_trips(token: str) -> None:
    payload = receipt_payload(token)
    assert payload_kind(payload) == "receipt"
    assert parse_receipt_payload(payload) == token


@given(st.text(max_size=200))
def test_anything_else_is_refused_with_a_plain_message(text: str) -> None:
    try:
        token = parse_receipt_payload(text)
    except QrPayloadError as exc:
        assert exc.message_zh
    else:
        assert receipt_payload(token) == text.strip()


def test_prefill_needs_the_back_office_signature() -> None:
    fields = {"name": "李记便利店", "premises": "山东省青岛市市南区香港中路100号", "scope_general": ["日用百货销售"]}
    payload = prefill_payload(sign_payload(KIND_APPLY, fields, KEY))
    assert payload_kind(payload) == "prefill"
    assert parse_prefill_payload(payload, PUBLIC) == fields
    forged = prefill_payload({**sign_payload(KIND_APPLY, fields, KEY), "fields": {**fields, "name": "别家"}})
    as_license = prefill_payload(sign_license(fields, KEY))     # same key, but a license is not an application
    relabelled = prefill_payload({**sign_license(fields, KEY), "kind": KIND_APPLY})
    for bad in (forged, as_license, relabelled, payload[:-6], "kiosk-apply:!!!", receipt_payload("abcdefgh")):
        with pytest.raises(QrPayloadError):
            parse_prefill_payload(bad, PUBLIC)


class PhotographedCode(Camera):
    """Frames of a printed QR as a webcam sees it: small, tilted, soft, noisy, dim — then a blank table."""

    def __init__(self, payload: str, blank_frames: int = 0) -> None:
        page = Page(60, 60, font=register_cjk_font())
        page.qr(5, 5, 50, payload)
        png = subprocess.run(["pdftoppm", "-r", "150", "-png", "-singlefile", "-"], input=page.finish(),
                             capture_output=True, check=True).stdout
        code = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
        frame = np.full((480, 640, 3), 200, np.uint8)
        small = cv2.resize(code, (220, 220))
        frame[130:350, 210:430] = small
        tilt = cv2.getRotationMatrix2D((320, 240), 12, 1.0)
        frame = cv2.warpAffine(frame, tilt, (640, 480), borderValue=(200, 200, 200))
        frame = cv2.GaussianBlur(frame, (3, 3), 0)
        noise = np.random.default_rng(7).normal(0, 6, frame.shape)
        self.frame = np.clip(frame * 0.6 + noise, 0, 255).astype(np.uint8)
        self.blank_frames = blank_frames

    def read(self) -> np.ndarray:
        if self.blank_frames:
            self.blank_frames -= 1
            return np.full_like(self.frame, 120)
        return self.frame.copy()


def test_scanner_reads_a_photographed_receipt() -> None:
    payload = receipt_payload("Zx9Qm2Lr7Tt0Vb4Nc8Hd1Jk6Pw3Ys5Ug0Ae2Fo9Ri7Ml")
    camera = PhotographedCode(payload, blank_frames=3)
    assert QrScanner().scan_camera(camera) == [payload]
    assert QrScanner().scan(np.full((480, 640, 3), 128, np.uint8)) == []
    assert QrScanner().scan_camera(PhotographedCode(payload, blank_frames=50), max_frames=5) == []
