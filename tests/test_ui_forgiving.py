"""Forgiving failures and clear outcomes on the real window: a lifted card may come back, failures offer 重试 in
place, errors stand in red beside their field, a timed-out visit asks for the card, 呼叫工作人员 reaches the real
back office (embedded, over HTTP), the result leads with the outcome and the lookup list names the shop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from ui_fixtures import app, close_kiosk, kiosk_config, open_kiosk, resident

from backoffice import dashboards
from backoffice.db import make_engine
from backoffice.registrations import today_in_china
from kiosk.session import Outcome, Problem, Screen
from kiosk.terminal import open_terminal
from ui.journey import Journey, pump, wait_until

__all__ = ["app"]
pytestmark = pytest.mark.no_qt_log

GRACE_S = 2


@pytest.fixture(scope="module")
def terminal(app, tmp_path_factory) -> Iterator:
    with open_terminal(kiosk_config(tmp_path_factory.mktemp("kiosk"), card_grace_s=GRACE_S)) as t:
        yield t


@pytest.fixture
def journey(terminal, qtbot) -> Iterator[Journey]:
    kiosk = open_kiosk(terminal)
    yield Journey(kiosk)
    close_kiosk(kiosk)


def _to_form(journey: Journey, seed: int) -> None:
    journey.start()
    journey.place_card(resident(seed).card)
    journey.face()
    journey.wait_screen(Screen.APPLICATION)


def test_card_lifted_and_put_back_in_time_keeps_the_form(journey):
    _to_form(journey, 21)
    form = journey.view(Screen.APPLICATION)
    journey.type_into(form.name_edit, "潍坊市潍城区王五便利店")
    journey.take_card()
    overlay = journey.window.card_overlay
    wait_until(overlay.isVisible, 2, "the request to put the card back")
    assert overlay.message.text() == "请把身份证放回读卡区" and overlay.figure.text() == str(GRACE_S)
    journey.place_card(resident(21).card)
    wait_until(lambda: not overlay.isVisible(), 5, "the overlay to go")
    assert journey.screen is Screen.APPLICATION and form.name_edit.text() == "潍坊市潍城区王五便利店"
    assert journey.controller.session.draft.card is not None
    journey.take_card()


def test_card_not_put_back_ends_the_visit_and_wipes_it(journey):
    _to_form(journey, 22)
    form = journey.view(Screen.APPLICATION)
    journey.type_into(form.name_edit, "潍坊市潍城区赵六便利店")
    journey.take_card()
    journey.wait_screen(Screen.PROBLEM, timeout_s=GRACE_S + 5)
    assert journey.controller.session.problem is Problem.CARD_PULLED
    assert "赵六" not in form.name_edit.text() and not journey.window.card_overlay.isVisible()


def test_another_card_put_back_ends_the_visit(journey):
    _to_form(journey, 23)
    journey.take_card()
    journey.place_card(resident(24).card)
    journey.wait_screen(Screen.PROBLEM)
    assert journey.controller.session.problem is Problem.CARD_CHANGED
    journey.take_card()


def test_unreadable_card_offers_retry_in_place(journey):
    journey.start()
    journey.simulator.inject("read_fail", times=3)
    journey.place_card(resident(25).card)
    journey.wait_screen(Screen.PROBLEM)
    problem = journey.view(Screen.PROBLEM)
    assert problem.retry_button.isVisible() and problem.retry_button.text() == "重试"
    assert problem.home_button.isVisible()
    journey.take_card()
    journey.tap(problem.retry_button)
    journey.wait_screen(Screen.PLACE_CARD)
    journey.place_card(resident(25).card)
    journey.wait_screen(Screen.FACE)     # the consents were kept: straight on to the face
    journey.take_card()


def test_failed_face_capture_offers_retry_in_place(journey):
    journey.start()
    journey.place_card(resident(26).card)
    journey.wait_screen(Screen.FACE)
    journey.controller._fail(Problem.FACE_FAILED)   # what three unsuccessful captures end in
    journey.wait_screen(Screen.PROBLEM)
    problem = journey.view(Screen.PROBLEM)
    assert problem.retry_button.isVisible()
    journey.tap(problem.retry_button)
    journey.face()                                    # a new capture, the card still read
    journey.wait_screen(Screen.APPLICATION)
    assert journey.controller.session.draft.card.id_number == resident(26).card.id_number
    journey.take_card()


def test_errors_stand_in_red_beside_their_field_in_plain_words(journey):
    _to_form(journey, 27)
    form = journey.view(Screen.APPLICATION)
    journey.type_into(form.name_edit, "中国便利店")
    wait_until(lambda: form.name_findings.text() != "", 3, "the live name check")
    assert form.name_findings.objectName() == "error" and form.name_edit.property("invalid") is True
    assert form.name_findings.palette().windowText().color().name() == "#a10e0e"
    below = form.name_findings.mapTo(form, form.name_findings.rect().topLeft()).y()
    field_bottom = form.name_edit.mapTo(form, form.name_edit.rect().bottomLeft()).y()
    assert 0 <= below - field_bottom <= 40      # right under the field, not 300 px lower
    journey.tap(form.next_button)
    assert form.step == 0 and form.error is form.name_findings
    journey.type_into(form.name_edit, "")
    journey.tap(form.next_button)                 # no name is fine
    journey.tap(form.next_button)                 # organisation
    journey.tap(form.next_button)                 # scope: nothing chosen
    assert form.error.text() == "请至少选择一项经营范围" and form.scope_search.property("invalid") is True
    journey.take_card()


def test_idle_timeout_asks_for_the_card(terminal, qtbot):
    # The face step (capture, a random hold-still, the liveness challenge) has no touches: the idle clock must
    # outlast it on a busy machine.
    kiosk = open_kiosk(terminal, idle_timeout_ms=3000, idle_countdown_s=1)
    try:
        j = Journey(kiosk)
        _to_form(j, 28)
        j.wait_screen(Screen.HOME, timeout_s=5)
        home = j.view(Screen.HOME)
        assert home.take_card.isVisible() and home.take_card.text() == "请取走身份证"
        assert "请取走您的身份证" in home.spoken_text()
        j.take_card()
        assert not home.take_card.isVisible() and "请取走" not in home.spoken_text()
    finally:
        close_kiosk(kiosk)


def test_call_staff_reaches_the_back_office(journey, terminal):
    _to_form(journey, 29)
    journey.tap(journey.window.call_button)
    overlay = journey.window.staff_overlay
    wait_until(lambda: overlay.message.text() == "工作人员马上就到", 10, "the staff call to be delivered")
    calls = dashboards.recent_staff_calls(make_engine(f"sqlite:///{terminal.config.data_dir / 'backoffice.sqlite3'}"),
                                          dt.datetime.now(dt.UTC), frozenset({terminal.config.division_code}))
    assert calls and calls[0].terminal_id == terminal.config.terminal_id and calls[0].screen_zh == "填写申请"
    journey.tap(overlay.button)
    assert not overlay.isVisible() and journey.screen is Screen.APPLICATION
    journey.take_card()


def test_result_leads_with_the_outcome_and_lookup_names_the_shop(journey):
    res = resident(30, business_name="潍坊市潍城区孙七便利店")
    journey.register(res)
    view = journey.view(Screen.RESULT)
    assert journey.controller.session.result.outcome is Outcome.APPROVED
    order = [w.mapTo(view, w.rect().topLeft()).y() for w in (view.headline, view.explanation, view.printing)]
    assert order == sorted(order) and "打印" not in view.explanation.text()
    assert view.printing.text() == "营业执照已打印好，请取走。" and "请取走您的身份证" in view.take_card.text()
    assert view.done_button.property("role") == "primary" and view.evaluate_button.property("role") == "secondary"
    journey.finish(evaluate=False)
    journey.take_card()
    journey.tap(journey.view(Screen.HOME).lookup_button)
    journey.wait_screen(Screen.PLACE_CARD)
    journey.place_card(res.card)
    journey.wait_screen(Screen.LOOKUP)
    rows = journey.view(Screen.LOOKUP).records
    wait_until(lambda: rows.count() > 0, 10, "lookup rows")
    text = rows.item(0).text()
    assert "潍坊市潍城区孙七便利店" in text and today_in_china().isoformat() in text and "已核准" in text
    journey.tap(journey.view(Screen.LOOKUP).home_button)
    journey.take_card()


def test_review_jumps_to_the_step_to_change(journey):
    res = resident(31)
    _to_form(journey, 31)
    journey.form(res)
    review = journey.view(Screen.REVIEW)
    premises_row = next(i for i, (name, _) in enumerate(review._rows) if name == "经营场所")
    journey.tap(review._cells[premises_row][2])
    journey.wait_screen(Screen.APPLICATION)
    assert journey.view(Screen.APPLICATION).step == 3
    journey.take_card()


def test_a_body_taller_than_the_screen_scrolls_by_finger_drag(journey):
    from PySide6.QtCore import QPoint, QRect, Qt
    from PySide6.QtTest import QTest

    journey.window.fit_to(QRect(0, 0, 1080, 900))   # a short window: the consent text does not fit
    journey.wait_screen(Screen.HOME)
    journey.tap(journey.view(Screen.HOME).register_button)
    journey.wait_screen(Screen.CONSENT)
    view = journey.view(Screen.CONSENT)
    assert journey.window.size().height() == 900
    bar = view.scroll.verticalScrollBar()
    wait_until(lambda: bar.maximum() > 0, 3, "a body taller than its frame")
    viewport, window = view.scroll.viewport(), journey.window.windowHandle()
    # Through the window, as the platform delivers a finger (so the kinetic scroller sees the drag).
    start = viewport.mapTo(journey.window, QPoint(viewport.width() // 2, viewport.height() - 20))
    QTest.mousePress(window, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 21):
        QTest.mouseMove(window, start - QPoint(0, step * 15))
        pump()
    QTest.mouseRelease(window, Qt.MouseButton.LeftButton, pos=start - QPoint(0, 300))
    wait_until(lambda: bar.value() > 0, 3, "the body to follow the finger")
    bottom = view.agree_button.mapTo(journey.window, view.agree_button.rect().bottomLeft()).y()
    assert view.agree_button.isVisible() and bottom < 900   # the buttons stay in their frame
    journey.tap(view.decline_button)
    journey.wait_screen(Screen.HOME)
