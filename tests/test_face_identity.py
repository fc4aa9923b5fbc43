"""人证比对 on the terminal: the simulator's card photo decodes to the face its camera shows, the comparison
travels with the application (band, score, engine, certified) and the back office reads it back."""

from __future__ import annotations

import base64
import datetime as dt
import random

import cv2
import numpy as np
import pytest
from face_fixtures import recording_session

from backoffice.schemas import RegistrationIn
from devices.camera.simulated import SimulatedCamera
from devices.idcard.photo import PHOTO_HEIGHT, PHOTO_WIDTH, SimulationDecoder
from devices.idcard.simulator import synthetic_photo
from facematch.bands import BandThresholds
from facematch.plugins import load_comparer
from kiosk.face.identity import IdentityCheck
from kiosk.face.pipeline import capture_face
from kiosk.session import Session
from kiosk.synthetic import synthetic_card

TODAY = dt.date(2026, 5, 1)


@pytest.fixture(scope="module")
def live_jpeg() -> bytes:
    result = capture_face(SimulatedCamera(), liveness=False, rng=random.Random(0))
    assert result.photo is not None
    return result.photo.jpeg


def _session(identity: IdentityCheck) -> tuple[Session, list[dict]]:
    return recording_session(identity, TODAY, synthetic_card(random.Random(1), "370702", TODAY))


def _submit(session: Session, live: bytes) -> None:
    session.start()
    session.consent(personal_data=True, face_photo=True)
    session.card_read(synthetic_card(random.Random(1), "370702", TODAY))
    session.face_captured(live, {"sharpness": 100.0}, True)
    session.fill(scope=["S0001"], address="胜利西街1号", capital_yuan=50_000, employees=2, phone="13812345678")
    session.to_review()
    session.to_sign()
    session.submit(b"png")


def test_the_simulation_decoder_gives_the_simulated_face_and_refuses_real_photos():
    decoder = SimulationDecoder()
    pixels = decoder.decode(synthetic_photo("370702199001010011"))
    assert len(pixels) == PHOTO_WIDTH * PHOTO_HEIGHT * 3
    with pytest.raises(ValueError):
        decoder.decode(bytes.fromhex("574C66007E00320000FF85") + bytes(1013))


def test_the_comparison_and_reference_photo_travel_with_the_application(live_jpeg):
    identity = IdentityCheck(load_comparer("open", BandThresholds(), certified=False), SimulationDecoder())
    session, queued = _session(identity)
    _submit(session, live_jpeg)
    applicant = queued[0]["applicant"]
    comparison = applicant["face_comparison"]
    assert comparison["band"] == "match" and comparison["engine"] == "dlib-resnet-v1"
    assert comparison["certified"] is False and 0 <= comparison["score"] <= 0.5 and comparison["faces"] == [1, 1]
    reference = cv2.imdecode(np.frombuffer(base64.b64decode(applicant["reference_jpeg"]), np.uint8), 1)
    assert reference.shape == (PHOTO_HEIGHT, PHOTO_WIDTH, 3)
    # The back office reads both back.
    app = RegistrationIn.model_validate(queued[0]).to_application()
    assert app.applicant.face_comparison["band"] == "match" and app.applicant.reference_jpeg[:2] == b"\xff\xd8"
    session.wipe()
    assert session.draft.reference_jpeg == b"" and session.draft.face_comparison is None


def test_without_a_decoder_nothing_is_compared_and_the_body_says_nothing(live_jpeg):
    session, queued = _session(IdentityCheck(load_comparer("open", BandThresholds(), certified=False), None))
    _submit(session, live_jpeg)
    assert "face_comparison" not in queued[0]["applicant"] and "reference_jpeg" not in queued[0]["applicant"]
