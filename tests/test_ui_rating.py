"""The rating screen to GB/T 39734 on the real window: indicators, and the standard 差评 reasons for 不满意, sent
to the (embedded, real) back office, which records them."""

from __future__ import annotations

import pytest
from ui_fixtures import app, journey, kiosk, resident, terminal

from kiosk.session import Screen
from ui.journey import wait_until

__all__ = ["app", "journey", "kiosk", "terminal"]   # fixtures, imported explicitly
pytestmark = pytest.mark.no_qt_log


def test_a_bad_rating_offers_the_standard_reasons_and_the_back_office_records_them(journey, terminal):
    sent: list[tuple[dict, bool]] = []
    reports = journey.controller.terminal.reports
    real = reports.evaluation
    reports.evaluation = lambda body: sent.append((body, real(body))) or sent[-1][1]   # a spy on the real call
    try:
        assert journey.register(resident(81)) is Screen.RESULT
        journey.tap(journey.view(Screen.RESULT).evaluate_button)
        journey.wait_screen(Screen.EVALUATION)
        view = journey.view(Screen.EVALUATION)
        assert not view.reason_buttons["等候时间长"].isVisible()     # a good rating asks no reasons
        journey.tap(view.level_buttons[3])                          # 不满意
        assert view.reasons_label.isVisible() and view.reason_buttons["等候时间长"].isVisible()
        journey.tap(view.indicator_buttons["服务效率"][4])          # 非常不满意
        journey.tap(view.reason_buttons["等候时间长"])
        journey.tap(view.reason_buttons["态度生硬"])
        journey.tap(view.reason_buttons["态度生硬"])                # a second tap takes it back
        journey.tap(view.submit_button)
        journey.wait_screen(Screen.GOODBYE)
        wait_until(lambda: sent, 10.0, "the rating to be sent")
    finally:
        reports.evaluation = real
    body, recorded = sent[0]
    assert body["level"] == "不满意" and body["reasons"] == ["等候时间长"]
    assert body["indicators"] == {"整体满意度": "不满意", "服务效率": "非常不满意"}
    assert recorded, "the back office refused the rating"


def test_choosing_a_good_level_again_drops_the_reasons(journey, terminal):
    assert journey.register(resident(82)) is Screen.RESULT
    journey.tap(journey.view(Screen.RESULT).evaluate_button)
    journey.wait_screen(Screen.EVALUATION)
    view = journey.view(Screen.EVALUATION)
    journey.tap(view.level_buttons[4])
    journey.tap(view.reason_buttons["其他问题"])
    journey.tap(view.level_buttons[1])
    assert view.reasons == set() and not view.reason_buttons["其他问题"].isVisible()
