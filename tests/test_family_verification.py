"""Family members (家庭经营) verified by card and face on the same visit, or the case goes to staff: the terminal
compares each member's chip photo with the member's live face (real dlib engine, simulation decoder), the result
travels per member, and the back office (real HTTP, SQLite) approves a family case only when every member is a
match by an engine the district accepts, naming the others in Chinese otherwise."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from backoffice_fixtures import DIVISION, Running, application, serve, submit, with_identity_photos
from face_fixtures import grace_hopper_renderer, recording_session

from backoffice.app import Backoffice
from backoffice.schemas import RegistrationIn
from backoffice.settings import Settings
from devices.camera.simulated import SimulatedCamera
from devices.idcard.photo import SimulationDecoder
from domain.application import FamilyMember, Organization
from facematch.bands import BandThresholds
from facematch.plugins import load_comparer
from kiosk.face.identity import IdentityCheck
from kiosk.face.pipeline import capture_face
from kiosk.session import Session
from kiosk.synthetic import synthetic_card

TODAY = dt.date(2026, 5, 1)


def _face(renderer=None) -> bytes:
    camera = SimulatedCamera(renderer=renderer)
    try:
        result = capture_face(camera, liveness=False, rng=random.Random(0))
    finally:
        camera.close()
    assert result.photo is not None
    return result.photo.jpeg


@pytest.fixture(scope="module")
def faces() -> dict[str, bytes]:
    """The simulated camera's astronaut (whom every simulated card's chip photo shows) and someone else."""
    return {"holder": _face(), "someone_else": _face(grace_hopper_renderer())}


def _session(identity: IdentityCheck | None) -> tuple[Session, list[dict]]:
    card = synthetic_card(random.Random(1), "370702", TODAY)
    session, queued = recording_session(identity, TODAY, card)
    session.start()
    session.consent(personal_data=True, face_photo=True)
    session.card_read(card)
    return session, queued


def _open_identity() -> IdentityCheck:
    return IdentityCheck(load_comparer("open", BandThresholds(), certified=False), SimulationDecoder())


def test_each_member_is_verified_by_card_and_face_and_the_result_travels_per_member(faces):
    session, queued = _session(_open_identity())
    session.face_captured(faces["holder"], {"sharpness": 100.0}, True)
    spouse, child = (synthetic_card(random.Random(n), "370702", TODAY) for n in (2, 3))
    verified = session.verify_family_member(spouse, faces["holder"], "配偶")
    assert verified.name == spouse.name and verified.verification["band"] == "match"
    assert verified.verification["engine"] == "dlib-resnet-v1" and 0 <= verified.verification["score"] <= 0.5
    impostor = session.verify_family_member(child, faces["someone_else"], "子女")   # someone else with the card
    assert impostor.verification["band"] == "no_match"
    with pytest.raises(ValueError):
        session.verify_family_member(session.draft.card, faces["holder"], "配偶")   # the applicant's own card

    # The form sends its list again (e.g. after editing the relation): a verified member stays verified, a
    # member typed in by hand is not.
    typed = FamilyMember("王五", "370702198001010011", "兄弟姐妹")
    session.fill(organization=Organization.FAMILY, scope=["S0001"], address="胜利西街1号", capital_yuan=50_000,
                 employees=3, phone="13812345678",
                 family_members=[FamilyMember(spouse.name, spouse.id_number, "配偶"), typed])
    assert [m.verification and m.verification["band"] for m in session.draft.family_members] == ["match", None]
    session.to_review()
    session.to_sign()
    session.submit(b"png")
    members = queued[0]["business"]["family_members"]
    assert members[0]["verification"]["band"] == "match" and "verification" not in members[1]
    # What the back office reads back, and nothing of the members' photos travels.
    business = RegistrationIn.model_validate(queued[0]).to_application().business
    assert business.family_members[0].verification["band"] == "match"
    assert business.family_members[1].verification is None
    assert "jpeg" not in repr(members)


def test_without_a_reference_photo_a_member_stays_unverified(faces):
    session, _ = _session(IdentityCheck(load_comparer("open", BandThresholds(), certified=False), None))
    session.face_captured(faces["holder"], {"sharpness": 100.0}, True)
    member = session.verify_family_member(synthetic_card(random.Random(4), "370702", TODAY), faces["holder"], "父母")
    assert member.verification is None


# --- the back office's rule -------------------------------------------------------------------------------

def _serve(tmp_path: Path, settings: Settings) -> Iterator[Running]:
    yield from serve(Backoffice.open(str(tmp_path / "bo.sqlite3"), keys_path=tmp_path / "bo.keys",
                                     settings=settings))


@pytest.fixture
def accepts_open_engine(tmp_path):
    yield from _serve(tmp_path, Settings(face_open_engine_divisions=DIVISION))


def _match(certified: bool = False, band: str = "match") -> dict:
    return {"band": band, "score": 0.31 if band == "match" else 0.55, "engine": "dlib-resnet-v1",
            "certified": certified, "faces": [1, 1]}


def _family(*members: tuple[str, str, dict | None]) -> dict:
    body = with_identity_photos(application(**{"business.organization": "family"}))
    body["business"]["family_members"] = [
        {"name": name, "id_number": number, "relation": "配偶",
         **({"verification": verification} if verification is not None else {})}
        for name, number, verification in members]
    return body


def _family_reason(reply) -> str:
    return next(r["message"] for r in reply["reasons"] if r["code"] == "family_business")


def test_a_family_whose_every_member_matched_is_approved(accepts_open_engine):
    _http, reply = submit(accepts_open_engine, _family(("李四", "370702198001010011", _match()),
                                                       ("李五", "370702200501010012", _match())))
    assert reply["status"] == "approved", reply["reasons"]


def test_an_unverified_or_unsure_member_sends_the_case_to_staff_by_name(accepts_open_engine):
    _http, reply = submit(accepts_open_engine, _family(("李四", "370702198001010011", _match()),
                                                       ("李五", "370702200501010012", _match(band="refer")),
                                                       ("李六", "370702200601010013", None)))
    assert reply["status"] == "manual_review" and [r["code"] for r in reply["reasons"]] == ["family_business"]
    message = _family_reason(reply)
    assert "李五" in message and "李六" in message and "李四" not in message and "身份证和人像" in message


def test_a_district_that_does_not_accept_the_open_engine_wants_a_certified_match(tmp_path):
    for running in _serve(tmp_path, Settings()):
        _http, reply = submit(running, _family(("李四", "370702198001010011", _match(certified=True)),
                                               ("李五", "370702200501010012", _match())))
        # The applicant's own open-engine match is not accepted here either; the family reason names 李五 only.
        assert reply["status"] == "manual_review"
        message = _family_reason(reply)
        assert "李五" in message and "李四" not in message
