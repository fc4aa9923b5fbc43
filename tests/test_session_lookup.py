"""Session additions for the kiosk UI: finding an earlier case by card, reprinting it, and 好差评."""

import pytest
from test_session import adult_card, make_session, walk_to_sign

from kiosk.session import EVALUATION_LEVELS, InvalidStep, Outcome, Purpose, Result, Screen

APPROVED = {"status": "approved", "registration_id": "R1", "uscc": "92370702MA3D000121", "receipt_token": "T",
            "reasons": [], "license": {"fields": {}, "signature": ""}}


def test_lookup_identifies_by_card_and_opens_an_earlier_result_for_reprint():
    session, queued, _ = make_session()
    session.start_lookup(Purpose.LOOKUP)
    assert session.screen is Screen.PLACE_CARD
    session.card_read(adult_card(valid_until="2020-01-01"))  # an expired card may still look up its case
    assert session.screen is Screen.LOOKUP
    old = Result(Outcome.MANUAL_REVIEW, "k1", registration_id="R9", receipt_token="tok")
    session.found([old])
    session.choose(old)
    assert session.screen is Screen.RESULT and session.result is old
    session.to_evaluation()
    assert session.evaluate("满意", " 很方便 ") == {"registration_id": "R9", "level": "满意", "comment": "很方便",
                                                  "indicators": {"整体满意度": "满意"}, "reasons": []}
    assert session.screen is Screen.GOODBYE and not queued


def test_evaluation_from_home_goes_straight_to_the_form():
    session, _, _ = make_session()
    session.start_lookup(Purpose.EVALUATE)
    session.card_read(adult_card())
    old = Result(Outcome.APPROVED, "k1", registration_id="R1")
    session.found([old])
    with pytest.raises(InvalidStep):
        session.choose(Result(Outcome.APPROVED, "k2", registration_id="R2"))   # not the resident's
    session.choose(old)
    assert session.screen is Screen.EVALUATION


def test_evaluation_after_a_registration_and_wipe_forgets_the_lookup():
    session, _, _ = make_session(APPROVED)
    walk_to_sign(session)
    session.await_result(session.submit(b"png"), 1.0)
    session.to_evaluation()
    with pytest.raises(ValueError):
        session.evaluate("还行")
    assert session.evaluate(EVALUATION_LEVELS[0])["level"] == "非常满意"
    session.wipe()
    assert session.purpose is Purpose.REGISTER and session.records == [] and session.result is None


def test_a_queued_case_has_no_number_to_evaluate_yet():
    session, _, _ = make_session(None)
    walk_to_sign(session)
    session.await_result(session.submit(b"png"), 0.01)
    session.to_evaluation()
    assert session.evaluate("满意") is None and session.screen is Screen.GOODBYE


def test_form_steps_say_in_chinese_what_to_fix():
    from domain.application import Organization
    from kiosk.session import field_problems

    assert field_problems(scope=["S1"], address="胜利西街100号", capital_yuan=5000, employees=2,
                          phone="13812345678", organization=Organization.INDIVIDUAL) == []
    assert field_problems(address="胜利西街") == ["经营场所请填写到门牌号，例如“胜利西街100号”"]
    assert field_problems(phone="1381234") == ["请填写11位手机号码"]
    assert field_problems(organization=Organization.FAMILY, family_members=[]) != []


def test_a_bad_rating_carries_the_standard_indicators_and_reasons():
    session, _, _ = make_session(APPROVED)
    walk_to_sign(session)
    session.await_result(session.submit(b"png"), 1.0)
    session.to_evaluation()
    with pytest.raises(ValueError, match="只有"):
        session.evaluate("满意", reasons=["等候时间长"])       # reasons go only with a 差评
    with pytest.raises(ValueError, match="未知"):
        session.evaluate("不满意", reasons=["太贵了"])          # only the standard's reasons
    body = session.evaluate("不满意", "", {"服务效率": "非常不满意"}, ["等候时间长", "态度生硬"])
    assert body["indicators"] == {"整体满意度": "不满意", "服务效率": "非常不满意"}
    assert body["reasons"] == ["等候时间长", "态度生硬"]
