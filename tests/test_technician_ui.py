"""Technician mode on the real window with simulated devices: the hidden gesture ends the visit and asks for the
PIN, five wrong PINs lock the pad, the right one opens the tools, each tool does what it says, exit returns
home, and every step is logged without the PIN."""

from __future__ import annotations

import logging

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui_fixtures import app, close_kiosk, kiosk_config, open_kiosk, printed, resident, terminal

from domain.names import name_prefix
from kiosk.session import Screen
from kiosk.technician import TechnicianAccess
from kiosk.terminal import open_terminal
from ui.journey import Journey, wait_until

__all__ = ["app", "terminal"]
pytestmark = pytest.mark.no_qt_log   # see test_ui_journey

PIN = "482916"


@pytest.fixture
def kiosk(terminal, qtbot, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.technician")
    TechnicianAccess.for_config(terminal.config).set_pin(PIN)   # also clears a lockout left by another test
    k = open_kiosk(terminal)
    yield k
    close_kiosk(k)


def type_pin(kiosk, pin: str) -> None:
    pad = kiosk.technician.pin
    for key in [*pin, "ok"]:
        QTest.mouseClick(pad.keys[key], Qt.MouseButton.LeftButton)


def unlock(kiosk) -> None:
    kiosk.controller.technician_requested.emit()
    type_pin(kiosk, PIN)
    assert kiosk.technician.unlocked


def tap(kiosk, button) -> None:
    Journey(kiosk).tap(button)


def logged(caplog) -> list[str]:
    lines = [r.getMessage() for r in caplog.records if r.name == "kiosk.technician"]
    assert not any(PIN in line for line in lines)
    return lines


def test_holding_the_corner_ends_the_visit_and_five_wrong_pins_lock_the_pad(kiosk, terminal, caplog):
    j = Journey(kiosk)
    j.start()
    j.place_card(resident(31).card)
    j.face()
    corner = kiosk.window.corner
    QTest.mousePress(corner, Qt.MouseButton.LeftButton)
    wait_until(lambda: kiosk.technician.isVisible(), 5.0, "the PIN pad after a 3 s hold")
    QTest.mouseRelease(corner, Qt.MouseButton.LeftButton)
    assert kiosk.controller.screen is Screen.HOME and kiosk.controller.session.draft.card is None
    assert j.view(Screen.APPLICATION).name_edit.text() == name_prefix("370702")   # blank but for the prefix
    pad = kiosk.technician.pin
    for left in (4, 3, 2, 1):
        type_pin(kiosk, "000000")
        assert f"还可再试 {left} 次" in pad.message.text()
    type_pin(kiosk, "000000")
    assert "已锁定" in pad.message.text() and not pad.keys["5"].isEnabled()
    type_pin(kiosk, PIN)
    assert not kiosk.technician.unlocked
    assert TechnicianAccess.for_config(terminal.config).locked_for() > 800   # a restart keeps the lock
    lines = logged(caplog)
    assert "technician PIN pad opened" in lines and sum("PIN wrong" in line for line in lines) == 5
    j.take_card()


def test_right_pin_opens_the_tools_and_exit_returns_home(kiosk, caplog):
    unlock(kiosk)
    tap(kiosk, kiosk.technician.tools.exit_button)
    assert not kiosk.technician.isVisible()
    assert kiosk.controller.screen is Screen.HOME and kiosk.window.current_view.objectName() == "home"
    lines = logged(caplog)
    assert "technician mode entered" in lines and "technician mode exited: exit button" in lines


def test_test_print_puts_a_specimen_page_through_the_configured_printer(kiosk, terminal, caplog):
    before = printed(terminal)
    unlock(kiosk)
    tools = kiosk.technician.tools
    tap(kiosk, tools.tool_buttons["print"])
    wait_until(lambda: "已打印" in tools.status.text() or "失败" in tools.status.text(), 30.0, "the test print")
    new = [p for p in printed(terminal) if p not in before]
    assert len(new) == 1 and new[0].endswith("technician-test-page.pdf"), tools.status.text()
    assert (terminal.printer.folder / new[0]).read_bytes().startswith(b"%PDF")
    assert any(line.startswith("technician test print: printed") for line in logged(caplog))


def test_test_read_shows_the_card_type_and_nothing_personal(kiosk, caplog):
    unlock(kiosk)
    tools = kiosk.technician.tools
    tap(kiosk, tools.tool_buttons["read"])
    card = resident(32).card
    j = Journey(kiosk)
    j.place_card(card)
    try:
        wait_until(lambda: "读卡成功" in tools.status.text(), 10.0, "the test read")
        shown = tools.status.text()
        assert "居民身份证" in shown
        assert card.name not in shown and card.id_number not in shown and card.id_number[-4:] not in shown
        assert kiosk.controller.session.draft.card is None   # the card went nowhere else either
        assert not any(card.id_number in line for line in logged(caplog))
    finally:
        j.take_card()


def test_camera_preview_shows_live_frames_and_stops_on_exit(kiosk):
    unlock(kiosk)
    tools = kiosk.technician.tools
    tap(kiosk, tools.tool_buttons["camera"])
    wait_until(lambda: tools.camera._pixmap is not None, 10.0, "a camera frame")
    worker = kiosk.technician._camera_worker
    tap(kiosk, tools.exit_button)
    assert not worker.running and kiosk.technician._camera is None


def test_doctor_runs_off_the_ui_thread_and_lists_every_check(kiosk):
    from kiosk.doctor import CHECKS

    unlock(kiosk)
    tools = kiosk.technician.tools
    tap(kiosk, tools.tool_buttons["doctor"])
    assert "正在诊断" in tools.status.text()   # the tap returned before the checks did
    wait_until(lambda: tools.results.count() == len(CHECKS), 60.0, "doctor results")
    assert "诊断完成" in tools.status.text()
    names = [tools.results.item(i).text() for i in range(tools.results.count())]
    assert any(": " in n and "printer" in n for n in names)


def test_idle_technician_mode_closes_itself(kiosk, caplog):
    unlock(kiosk)
    kiosk.technician._idle.setInterval(200)
    kiosk.technician._idle.start()
    wait_until(lambda: not kiosk.technician.isVisible(), 5.0, "the idle exit")
    assert "technician mode exited: idle" in logged(caplog)


def test_retry_moves_a_dead_letter_back_to_pending(app, tmp_path, qtbot, caplog):
    caplog.set_level(logging.INFO, logger="kiosk.technician")
    with open_terminal(kiosk_config(tmp_path)) as t:
        t.sync.stop()   # nothing delivers meanwhile: what the screen shows is what the tap did
        t.outbox.enqueue({"test": "dead letter"})
        claimed = t.outbox.claim_next()
        t.outbox.mark_dead(claimed.local_id, "HTTP 422: invalid application", 422)
        TechnicianAccess.for_config(t.config).set_pin(PIN)
        kiosk = open_kiosk(t)
        try:
            unlock(kiosk)
            tools = kiosk.technician.tools
            tap(kiosk, tools.tool_buttons["queue"])
            assert "失败 1" in tools.status.text()
            assert tools.results.count() == 1 and f"#{claimed.local_id}" in tools.results.item(0).text()
            tap(kiosk, tools.retry_button)
            status = t.outbox.status()
            assert (status.dead, status.pending) == (0, 1)
            assert "已将 1 件" in tools.status.text() and "待发送 1" in tools.status.text()
            assert tools.results.count() == 0 and not tools.retry_button.isEnabled()
            assert "technician queue retry: 1 dead submissions queued again" in logged(caplog)
        finally:
            close_kiosk(kiosk)
