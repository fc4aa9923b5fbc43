"""The session flow: what the resident sees after each step, and what is kept or wiped."""

import datetime as dt
import random
from types import SimpleNamespace

import pytest

from domain.card import CardType
from kiosk.session import InvalidStep, Outcome, Problem, Screen, Session
from kiosk.synthetic import synthetic_card

TODAY = dt.date(2026, 11, 21)


def make_session(reply=None, served=frozenset(CardType)):
    queued = []
    seen = []

    def enqueue(body):
        queued.append(body)
        return SimpleNamespace(idempotency_key=f"key-{len(queued)}")

    session = Session(division_code="370702", served_card_types=served, enqueue=enqueue,
                      await_reply=lambda key, timeout: reply, today=lambda: TODAY, on_change=seen.append)
    return session, queued, seen


def adult_card(**changes):
    card = synthetic_card(random.Random(1), "370702", TODAY)
    return card if not changes else type(card)(**{**card.__dict__, **changes})


def walk_to_sign(session, card=None):
    session.start()
    session.consent(personal_data=True, face_photo=True)
    session.card_read(card or adult_card())
    session.face_captured(b"jpeg", {"sharpness": 1.0}, True)
    session.fill(scope=["S0001"], address="胜利西街1号", capital_yuan=50_000, employees=2, phone="13812345678")
    session.to_review()
    session.to_sign()


def test_happy_path_screens_in_order():
    reply = {"status": "approved", "registration_id": "R1", "uscc": "92370702MA3D000121",
             "receipt_token": "T", "reasons": [], "license": {"fields": {}, "signature": ""}}
    session, queued, seen = make_session(reply)
    walk_to_sign(session)
    key = session.submit(b"png")
    result = session.await_result(key, 1.0)
    assert result.outcome is Outcome.APPROVED and result.uscc == "92370702MA3D000121"
    assert seen == [Screen.CONSENT, Screen.PLACE_CARD, Screen.FACE, Screen.APPLICATION, Screen.REVIEW,
                    Screen.SIGN, Screen.SUBMITTING, Screen.RESULT]
    body = queued[0]
    assert body["business"]["premises"] == {"division_code": "370702", "address": "胜利西街1号"}
    assert body["applicant"]["liveness_passed"] is True


def test_no_reply_in_time_means_queued_not_lost():
    session, queued, _ = make_session(reply=None)
    walk_to_sign(session)
    key = session.submit(b"png")
    assert session.await_result(key, 0.01).outcome is Outcome.QUEUED
    assert len(queued) == 1


def test_double_tap_on_submit_submits_once():
    session, queued, _ = make_session()
    walk_to_sign(session)
    session.submit(b"png")
    with pytest.raises(InvalidStep):
        session.submit(b"png")
    assert len(queued) == 1


def test_declining_the_face_consent_returns_home_with_nothing_kept():
    session, _, _ = make_session()
    session.start()
    session.consent(personal_data=True, face_photo=False)
    assert session.screen is Screen.HOME and session.draft.card is None


@pytest.mark.parametrize(("card_changes", "problem"), [
    ({"valid_until": "2020-01-01"}, Problem.CARD_EXPIRED),
    ({"birth_date": "2012-01-01"}, Problem.UNDER_AGE),
    ({"card_type": CardType.FOREIGN_PERMANENT_2023}, Problem.CARD_NOT_SERVED),
])
def test_cards_the_terminal_cannot_serve_get_a_problem_screen(card_changes, problem):
    session, _, _ = make_session(served=frozenset({CardType.RESIDENT}))
    session.start()
    session.consent(personal_data=True, face_photo=True)
    session.card_read(adult_card(**card_changes))
    assert session.screen is Screen.PROBLEM and session.problem is problem
    assert session.draft.card is None


def test_sixteen_year_olds_may_go_on():
    session, _, _ = make_session()
    session.start()
    session.consent(personal_data=True, face_photo=True)
    session.card_read(adult_card(birth_date="2010-01-01"))
    assert session.screen is Screen.FACE


def test_card_pulled_mid_form_and_not_put_back_wipes_the_draft():
    session, queued, _ = make_session()
    walk_to_sign(session)
    assert session.card_removed() is True          # the grace period starts: nothing is lost yet
    assert session.screen is Screen.SIGN and session.draft.phone == "13812345678"
    session.card_grace_over()
    assert session.problem is Problem.CARD_PULLED
    assert session.draft.card is None and session.draft.phone == "" and not queued


def test_card_pulled_without_grace_ends_the_visit_at_once():
    session, _, _ = make_session()
    walk_to_sign(session)
    assert session.card_removed(grace=False) is False
    assert session.problem is Problem.CARD_PULLED and session.draft.card is None


def test_the_same_card_put_back_keeps_the_form():
    session, _, _ = make_session()
    walk_to_sign(session)
    session.card_removed()
    session.card_returned(adult_card())
    assert session.screen is Screen.SIGN and not session.card_away
    assert session.draft.phone == "13812345678" and session.draft.card is not None
    session.card_grace_over()                       # a late timer changes nothing now
    assert session.screen is Screen.SIGN


def test_another_card_put_back_ends_the_visit():
    session, _, _ = make_session()
    walk_to_sign(session)
    session.card_removed()
    other = synthetic_card(random.Random(99), "370702", TODAY)
    session.card_returned(other)
    assert session.problem is Problem.CARD_CHANGED and session.draft.card is None


@pytest.mark.parametrize(("problem", "back_to"), [(Problem.CARD_UNREADABLE, Screen.PLACE_CARD),
                                                  (Problem.FACE_FAILED, Screen.FACE)])
def test_retry_in_place_keeps_the_visit(problem, back_to):
    session, _, _ = make_session()
    session.start()
    session.consent(personal_data=True, face_photo=True)
    if back_to is Screen.FACE:
        session.card_read(adult_card())
    session.fail(problem)
    assert session.can_retry
    session.retry()
    assert session.screen is back_to and session.draft.face_consent
    assert (session.draft.card is not None) == (back_to is Screen.FACE)


def test_other_problems_offer_no_retry():
    session, _, _ = make_session()
    session.start()
    session.consent(personal_data=True, face_photo=True)
    session.fail(Problem.READER_FAILED)
    assert not session.can_retry
    with pytest.raises(InvalidStep):
        session.retry()


def test_card_pulled_after_submitting_changes_nothing():
    session, _, _ = make_session()
    walk_to_sign(session)
    session.submit(b"png")
    session.card_removed()
    assert session.screen is Screen.SUBMITTING


def test_wipe_drops_everything_personal():
    session, _, _ = make_session()
    walk_to_sign(session)
    session.wipe()
    assert session.screen is Screen.HOME
    assert session.draft.card is None and session.draft.face_jpeg == b"" and session.result is None


def test_synthetic_cards_issued_on_a_leap_day_get_a_valid_expiry():
    from kiosk.synthetic import _validity

    assert _validity(dt.date(2024, 2, 29), 30) == "2044-02-28"
    assert _validity(dt.date(2024, 2, 29), 50) is None
