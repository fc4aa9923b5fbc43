"""Offline (the case waits in the queue, survives a restart) and the idle wipe (nothing of the visit remains)."""

from __future__ import annotations

import socket
import time

import pytest
from PySide6.QtWidgets import QLineEdit
from ui_fixtures import app, close_kiosk, kiosk_config, open_kiosk, printed, resident, submissions, terminal

from kiosk.session import Outcome, Screen
from kiosk.terminal import open_terminal
from ui.journey import Journey

__all__ = ["app", "terminal"]
pytestmark = pytest.mark.no_qt_log   # see test_ui_journey


def _refused_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}/"   # closed again: connections are refused


def test_offline_case_is_queued_at_once_gets_a_receipt_and_survives_a_restart(app, tmp_path, qtbot):
    # No license key cached and the back office refusing: the terminal starts all the same.
    offline = kiosk_config(tmp_path, backoffice_url=_refused_url(), decision_wait_s=15.0)
    with open_terminal(offline) as t:
        kiosk = open_kiosk(t)
        try:
            j = Journey(kiosk)
            person = resident(11)
            j.start()
            j.place_card(person.card)
            j.face()
            j.form(person)
            j.to_sign()
            submitted = time.monotonic()
            j.submit()
            j.wait_screen(Screen.RESULT)
            # the refused delivery ends the wait: not the 15 s decision wait
            assert time.monotonic() - submitted < 2.0 + 1.0   # + the UI's own tap and drawing time
            j.result()
            assert kiosk.controller.session.result.outcome is Outcome.QUEUED
            assert "网络" in j.view(Screen.RESULT).prompt.text()
            assert any("receipt" in name for name in printed(t))
            j.finish(evaluate=True)   # no registration number yet: nothing to evaluate, straight to goodbye
        finally:
            close_kiosk(kiosk)
        assert submissions(t) == 1
    with open_terminal(offline) as t:   # the app restarts: home screen, the case still waiting
        kiosk = open_kiosk(t)
        try:
            assert kiosk.controller.screen is Screen.HOME
            assert t.outbox.status().pending == 1
        finally:
            close_kiosk(kiosk)


def test_idle_countdown_then_every_trace_of_the_visit_is_wiped(terminal, qtbot):
    kiosk = open_kiosk(terminal, idle_timeout_ms=400, idle_countdown_s=1)
    try:
        j = Journey(kiosk)
        j.start()
        j.place_card(resident(12).card)
        j.face()
        form = j.view(Screen.APPLICATION)
        j.type_into(form.name_edit, "潍坊市潍城区李四便利店")
        if kiosk.keyboard.user_data is not None:   # what the Pinyin engine creates once a field is typed into
            (kiosk.keyboard.user_data / "qtvirtualkeyboard" / "pinyin").mkdir(parents=True, exist_ok=True)
        qtbot.waitUntil(lambda: kiosk.window.idle_overlay.isVisible(), timeout=3000)
        assert "秒后将清除" in kiosk.window.idle_overlay.seconds.text()
        j.wait_screen(Screen.HOME, timeout_s=5)
        controller = kiosk.controller
        draft = controller.session.draft
        assert draft.card is None and draft.face_jpeg == b"" and draft.name is None and draft.phone == ""
        assert controller.session.result is None and controller.session.records == []
        assert controller._face_result is None and controller.problem_detail == ""
        assert all(edit.text() == "" for edit in kiosk.window.findChildren(QLineEdit))
        assert form.scope == [] and form.members == [] and form.step == 0
        assert j.view(Screen.SIGN).pad.ink_length == 0
        assert j.view(Screen.FACE).camera._pixmap is None
        assert j.view(Screen.REVIEW)._rows == []
        if kiosk.keyboard.user_data is not None:
            assert list(kiosk.keyboard.user_data.iterdir()) == []
        assert not kiosk.window.idle_overlay.isVisible()
    finally:
        close_kiosk(kiosk)
