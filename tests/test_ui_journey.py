"""The resident's whole journey on the real window and simulated devices: approved, manual review, offline,
and what the resident sees when a card is pulled, the camera or the printer fails, or submit is double-tapped."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_fixtures import app, close_kiosk, journey, kiosk, open_kiosk, printed, resident, submissions, terminal

from devices.camera.simulated import SimulatedCamera
from devices.printer.directory import DirectoryPrinter
from domain.names import name_prefix
from kiosk.session import Outcome, Problem, Screen
from ui.journey import Journey

__all__ = ["app", "journey", "kiosk", "terminal"]   # fixtures, imported explicitly
# pytest-qt's Qt message capture deadlocks while the virtual keyboard's QML loads (a warning from a loader thread).
pytestmark = pytest.mark.no_qt_log


def test_approved_journey_prints_the_license_and_returns_home(journey, terminal):
    before = printed(terminal)
    assert journey.register(resident(1)) is Screen.RESULT
    result = journey.controller.session.result
    assert result.outcome is Outcome.APPROVED and result.uscc
    view = journey.view(Screen.RESULT)
    assert result.uscc in view.detail.text() and view.headline.text() == "登记成功"
    assert [p for p in printed(terminal) if p not in before] == [f"{len(before) + 1:04d}-license-{result.uscc}.pdf"]
    journey.finish(evaluate=True)
    assert journey.screen is Screen.HOME and journey.controller.session.draft.card is None


def test_manual_review_prints_a_receipt(journey, terminal):
    before = printed(terminal)
    journey.register(resident(2, permit_scope=True))
    result = journey.controller.session.result
    assert result.outcome is Outcome.MANUAL_REVIEW
    assert journey.view(Screen.RESULT).headline.text() == "已受理，等待审核"
    new = [p for p in printed(terminal) if p not in before]
    assert len(new) == 1 and "receipt" in new[0]


def test_double_tap_on_submit_submits_once(journey, terminal):
    before = submissions(terminal)
    journey.start()
    journey.place_card(resident(3).card)
    journey.face()
    journey.form(resident(3))
    journey.to_sign()
    button = journey.view(Screen.SIGN).submit_button
    QTest.mouseDClick(button, Qt.MouseButton.LeftButton)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    journey.result()
    assert submissions(terminal) == before + 1


def test_card_pulled_mid_form_cancels_and_clears(journey, terminal):
    before = submissions(terminal)
    journey.start()
    journey.place_card(resident(4).card)
    journey.face()
    form = journey.view(Screen.APPLICATION)
    journey.type_into(form.name_edit, "潍坊市潍城区张三便利店")
    journey.take_card()
    journey.wait_screen(Screen.PROBLEM)
    assert journey.controller.session.problem is Problem.CARD_PULLED
    assert "身份证已被取走" in journey.view(Screen.PROBLEM).explanation.text()
    assert form.name_edit.text() == name_prefix("370702") and journey.controller.session.draft.card is None
    assert submissions(terminal) == before
    journey.tap(journey.view(Screen.PROBLEM).home_button)
    journey.wait_screen(Screen.HOME)


def test_camera_failure_says_what_to_do(terminal, qtbot):
    kiosk = open_kiosk(terminal, open_camera=lambda: SimulatedCamera(fail_after=3))
    try:
        j = Journey(kiosk)
        j.start()
        j.place_card(resident(5).card)
        j.wait_screen(Screen.PROBLEM)
        assert kiosk.controller.session.problem is Problem.CAMERA_FAILED
        assert "摄像头暂时无法使用" in j.view(Screen.PROBLEM).explanation.text()
        assert kiosk.controller.session.draft.card is None
    finally:
        close_kiosk(kiosk)


def test_printer_failure_keeps_the_submission_and_says_where_to_reprint(journey, terminal, tmp_path):
    working = terminal.printer
    terminal.printer = DirectoryPrinter(tmp_path, fail_with="paper_out")
    try:
        before = submissions(terminal)
        journey.start()
        journey.place_card(resident(6).card)
        journey.face()
        journey.form(resident(6))
        journey.to_sign()
        journey.submit()
        journey.wait_screen(Screen.PROBLEM, 30.0)
        problem = journey.view(Screen.PROBLEM)
        assert journey.controller.session.problem is Problem.PRINTER_FAILED
        assert "您的申请已提交" in problem.explanation.text()
        assert submissions(terminal) == before + 1 and journey.controller.session.result is not None
        assert problem.done_button.isVisible() and not problem.home_button.isVisible()
        journey.tap(problem.done_button)
        journey.wait_screen(Screen.GOODBYE)
    finally:
        terminal.printer = working


@pytest.mark.parametrize("screen", [Screen.CONSENT, Screen.APPLICATION, Screen.SIGN])
def test_every_touch_target_and_text_is_large_enough(journey, screen):
    journey.start()
    if screen is not Screen.CONSENT:
        journey.place_card(resident(7).card)
        journey.face()
    if screen is Screen.SIGN:
        journey.form(resident(7))
        journey.to_sign()
    from PySide6.QtWidgets import QLabel, QPushButton

    view = journey.view(screen)
    for button in view.findChildren(QPushButton):
        if button.isVisible():
            assert button.height() >= 72, button.text()
    for text in view.findChildren(QLabel):
        if text.isVisible() and text.text():
            assert text.font().pixelSize() in (-1,) or text.font().pixelSize() >= 28, text.text()
    journey.take_card()
