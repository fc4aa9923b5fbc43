"""Session additions for QR codes: a pre-filled application, picking up a license with a receipt, one reprint."""

import pytest
from test_session import adult_card, make_session

from domain.application import Organization
from domain.prefill import Prefill
from kiosk.session import InvalidStep, Outcome, Purpose, Result, Screen

PREFILL = Prefill("370702", "潍坊市潍城区李记便利店", Organization.INDIVIDUAL, ("S0001",), "胜利西街100号", 50000, 2,
                  "13812345678")
APPROVED = Result(Outcome.APPROVED, "tok", registration_id="R1", uscc="92370702MA3D000121", receipt_token="tok",
                  signed_license={"fields": {}, "signature": ""})


def test_a_prefilled_application_still_asks_for_consent_card_and_face():
    session, _, _ = make_session()
    session.start_scan()
    session.prefill(PREFILL)
    assert session.screen is Screen.CONSENT and session.draft.prefilled
    assert (session.draft.name, session.draft.scope, session.draft.capital_yuan) == (PREFILL.name, ["S0001"], 50000)
    session.consent(personal_data=True, face_photo=True)
    assert session.screen is Screen.PLACE_CARD
    session.card_read(adult_card())
    assert session.screen is Screen.FACE and session.draft.address == "胜利西街100号"


def test_an_application_qr_of_another_district_is_refused():
    session, _, _ = make_session()
    session.start_scan()
    with pytest.raises(ValueError):
        session.prefill(Prefill(**{**PREFILL.__dict__, "division_code": "370203"}))
    assert session.screen is Screen.SCAN and not session.draft.prefilled


def test_declining_consent_drops_the_prefilled_fields():
    session, _, _ = make_session()
    session.start_scan()
    session.prefill(PREFILL)
    session.consent(personal_data=True, face_photo=False)
    assert session.screen is Screen.HOME and session.draft.name is None and not session.draft.prefilled


def test_a_receipt_is_scanned_instead_of_reading_the_card_and_the_license_needs_the_card():
    session, _, _ = make_session()
    with pytest.raises(InvalidStep):
        session.receipt_scanned()
    session.start_lookup(Purpose.LOOKUP)
    session.start_scan()
    session.receipt_scanned()
    assert session.screen is Screen.PICKUP and session.pickup is None
    session.pickup_found(Result(Outcome.APPROVED, "tok", uscc="92370702MA3D000121"))
    with pytest.raises(InvalidStep):
        session.claimed(adult_card(), Result(Outcome.MANUAL_REVIEW, "tok"))
    session.claimed(adult_card(), APPROVED)
    assert session.screen is Screen.RESULT and session.result is APPROVED and session.draft.card is not None


def test_scanning_is_offered_only_at_home_or_instead_of_the_lookup_card():
    session, _, _ = make_session()
    session.start()
    with pytest.raises(InvalidStep):
        session.start_scan()


def test_one_reprint_per_visit():
    session, _, _ = make_session()
    session.start_lookup(Purpose.LOOKUP)
    session.card_read(adult_card())
    session.found([APPROVED])
    session.choose(APPROVED)
    assert not session.can_reprint          # nothing printed yet
    session.note_printed()
    assert session.can_reprint
    session.note_printed()
    assert not session.can_reprint
    session.wipe()
    assert session.prints == 0 and session.pickup is None
