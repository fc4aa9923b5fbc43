"""扫码填表 at the terminal: the /apply page's QR fills the form, which the resident still walks through after
card and face; a tampered code or one for another district is refused on the scan screen."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator

import pytest
import requests
from pickup_fixtures import ShownCode
from ui_fixtures import app, close_kiosk, open_kiosk, resident, terminal

from backoffice.keys import KeyRing
from backoffice.web.apply import signed_qr
from domain import scopes
from domain.application import Organization
from domain.prefill import Prefill
from domain.qr_payloads import prefill_payload
from kiosk.session import Outcome, Screen
from ui.journey import Journey, wait_until

__all__ = ["app", "terminal"]
pytestmark = pytest.mark.no_qt_log   # see test_ui_journey

SCOPE = [i.code for i in scopes.catalogue() if not i.permit_required][:2]
NAME = "潍坊市潍城区李记便利店"


@pytest.fixture
def shown(terminal, qtbot) -> Iterator[tuple[Journey, dict]]:
    held: dict = {}
    kiosk = open_kiosk(terminal, open_scanner=lambda: ShownCode(held.get("payload", ""), svg=held.get("svg", "")))
    try:
        yield Journey(kiosk), held
    finally:
        close_kiosk(kiosk)


def apply_page_qr(terminal, **changes: str) -> str:
    """The QR the resident's phone shows after filling in the back office's /apply page."""
    street = terminal.config.streets[1]
    fields = {"division_code": terminal.config.division_code, "name": NAME, "organization": "individual",
              "scope": SCOPE, "address": f"{street}胜利西街100号", "capital": "80000", "employees": "3",
              "phone": "13912345678"} | changes
    page = requests.post(terminal.backoffice_url + "apply", data=fields, timeout=10)
    assert page.status_code == 200, page.text
    return re.search(r"<svg.*?</svg>", page.text, re.S).group(0)


def test_the_phone_qr_fills_the_form_and_the_application_goes_through(shown, terminal):
    journey, held = shown
    held["svg"] = apply_page_qr(terminal)
    journey.scan_from_home()
    journey.wait_screen(Screen.CONSENT)            # the registration starts as usual
    consent = journey.view(Screen.CONSENT)
    consent.personal.setChecked(True)
    consent.face.setChecked(True)
    journey.tap(consent.agree_button)
    journey.wait_screen(Screen.PLACE_CARD)
    journey.place_card(resident(71).card)
    journey.face()
    journey.wait_screen(Screen.APPLICATION)
    form = journey.view(Screen.APPLICATION)
    assert form.name_edit.text() == NAME
    journey.tap(form.next_button)
    assert form.individual_button.isChecked()
    journey.tap(form.next_button)
    chosen = form.scope_chosen.text()
    assert all(scopes.get(code).name in chosen for code in SCOPE)
    journey.tap(form.next_button)
    assert form.town_edit.text() == terminal.config.streets[1]
    assert (form.road_edit.text(), form.house_edit.text()) == ("胜利西街", "100")
    journey.tap(form.type_buttons[0])     # what the QR does not carry: the premises type and the 承诺书
    journey.tap(form.promise_button)
    journey.tap(form.next_button)
    assert form.capital_edit.text() == "80000" and form.employees == 3
    journey.tap(form.next_button)
    assert form.phone_edit.text() == "13912345678"
    journey.tap(form.next_button)
    journey.wait_screen(Screen.REVIEW)
    draft = journey.controller.session.draft
    assert (draft.name, draft.scope, draft.capital_yuan, draft.employees) == (NAME, SCOPE, 80000, 3)
    journey.to_sign()
    journey.submit()
    journey.result()
    assert journey.controller.session.result.outcome is Outcome.APPROVED
    journey.finish(evaluate=False)
    journey.take_card()


def test_a_tampered_code_is_refused_and_nothing_is_filled(shown, terminal):
    journey, held = shown
    keys = KeyRing.load_or_create(terminal.config.data_dir / "backoffice.sqlite3.keys")
    good = Prefill(terminal.config.division_code, NAME, Organization.INDIVIDUAL, tuple(SCOPE), "胜利西街100号",
                   80000, 3, "13912345678")
    signed = json.loads(base64.urlsafe_b64decode(signed_qr(good, keys.apply_private_pem)
                                                 .removeprefix("kiosk-apply:") + "=="))
    signed["fields"]["name"] = "潍坊市潍城区别家便利店"
    held["payload"] = prefill_payload(signed)
    journey.scan_from_home()
    scan = journey.view(Screen.SCAN)
    wait_until(lambda: scan.notice.text(), 15.0, "the refusal")
    assert "无效或已被改动" in scan.notice.text() and journey.screen is Screen.SCAN
    assert not journey.controller.session.draft.prefilled
    journey.tap(scan.cancel_button)
    journey.wait_screen(Screen.HOME)

    other = Prefill(**{**good.__dict__, "division_code": "370203"})   # 青岛市市南区
    held["payload"] = signed_qr(other, keys.apply_private_pem)
    journey.scan_from_home()
    wait_until(lambda: scan.notice.text(), 15.0, "the refusal")
    assert "不在本终端辖区" in scan.notice.text() and journey.screen is Screen.SCAN
    journey.tap(scan.cancel_button)
    journey.wait_screen(Screen.HOME)
