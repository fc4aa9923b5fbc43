"""人证比对 policy, fail closed: only a match from a certified engine, or from the open engine where the
district accepts it, lets a case be approved automatically; everything else goes to staff with a Chinese reason.
Real photos, the real dlib engine, the real HTTP API on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from backoffice_fixtures import DIVISION, Running, application, serve, submit, with_identity_photos

from backoffice.app import Backoffice
from backoffice.external import EngineFaceComparer, ExternalChecks, LocalBlacklist, UnavailableFaceComparer
from backoffice.settings import Settings
from facematch.bands import BandThresholds
from facematch.engine import Comparer
from facematch.plugins import load_comparer


def _serve(tmp_path: Path, settings: Settings, checks: ExternalChecks | None = None) -> Iterator[Running]:
    yield from serve(Backoffice.open(str(tmp_path / "bo.sqlite3"), keys_path=tmp_path / "bo.keys",
                                     settings=settings, checks=checks))


@pytest.fixture
def default_policy(tmp_path):
    yield from _serve(tmp_path, Settings())


@pytest.fixture
def accepts_open_engine(tmp_path):
    yield from _serve(tmp_path, Settings(face_open_engine_divisions=f"370703,{DIVISION}"))


def _reasons(reply) -> list[str]:
    return [r["code"] for r in reply["reasons"]]


def test_default_policy_without_a_reference_photo_goes_to_staff_as_comparison_unavailable(default_policy):
    http, reply = submit(default_policy, with_identity_photos(application(), reference="none"))
    assert http == 201 and reply["status"] == "manual_review"
    assert _reasons(reply) == ["face_compare_unavailable"]
    assert "人证比对" in reply["reasons"][0]["message"]


def test_default_policy_does_not_auto_approve_on_the_open_engines_match(default_policy):
    http, reply = submit(default_policy, with_identity_photos(application()))
    assert http == 201 and reply["status"] == "manual_review"
    assert _reasons(reply) == ["face_engine_not_accepted"]


def test_a_district_that_accepts_the_open_engine_approves_a_match(accepts_open_engine):
    http, reply = submit(accepts_open_engine, with_identity_photos(application()))
    assert http == 201 and reply["status"] == "approved", reply["reasons"]


def test_another_persons_card_photo_is_never_approved(accepts_open_engine):
    http, reply = submit(accepts_open_engine, with_identity_photos(application(), reference="other"))
    assert http == 201 and reply["status"] == "manual_review"
    assert set(_reasons(reply)) & {"face_mismatch", "face_refer"}


def test_a_reference_without_a_face_is_unavailable_not_a_pass(accepts_open_engine):
    body = with_identity_photos(application())
    body["applicant"]["reference_jpeg"] = with_identity_photos(application())["applicant"]["signature_png"]
    _http, reply = submit(accepts_open_engine, body)
    assert reply["status"] == "manual_review" and _reasons(reply) == ["face_compare_unavailable"]


def test_no_comparer_at_all_goes_to_staff(tmp_path):
    for running in _serve(tmp_path, Settings(face_open_engine_divisions="*"),
                          ExternalChecks(LocalBlacklist(), UnavailableFaceComparer())):
        _http, reply = submit(running, with_identity_photos(application()))
        assert reply["status"] == "manual_review" and _reasons(reply) == ["face_compare_unavailable"]


def test_a_certified_engine_match_is_approved_under_the_default_policy(tmp_path):
    # A certified engine is a vendor plug-in; here the dlib engine stands in for one, marked as certified.
    engine = load_comparer("open", BandThresholds(), certified=False).engine
    certified = EngineFaceComparer(Comparer(engine, BandThresholds(), certified=True))
    for running in _serve(tmp_path, Settings(), ExternalChecks(LocalBlacklist(), certified)):
        _http, reply = submit(running, with_identity_photos(application()))
        assert reply["status"] == "approved", reply["reasons"]


def test_the_decision_stores_band_score_and_engine(accepts_open_engine):
    import json

    from sqlalchemy import text

    submit(accepts_open_engine, with_identity_photos(application()))
    with accepts_open_engine.bo.engine.connect() as conn:
        checks = json.loads(conn.execute(text("SELECT checks_json FROM registrations")).scalar_one())
    face = next(c for c in checks if c["check"] == "face_compare")
    assert face["outcome"] == "pass" and face["band"] == "match" and face["provider"] == "dlib-resnet-v1"
    assert 0 <= face["score"] <= 0.5 and face["certified"] is False


def test_the_settings_name_each_policy_knob():
    settings = Settings()
    assert settings.face_match_required is True and settings.face_open_engine_divisions == ""
    assert Settings(face_open_engine_divisions="*").accepts_open_engine("370102")
    assert not Settings(face_open_engine_divisions="370702").accepts_open_engine("370102")
