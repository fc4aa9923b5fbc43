"""Picking up a license at a second terminal with the receipt QR: the status shows, the applicant's card and
face release the license to the printer (same person collects: the face is taken on the pick-up screen and the
back office compares it with the face filed with the application), another card or another face is refused;
one reprint per visit."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator

import pytest
from backoffice_fixtures import IDENTITY_NOT_REQUIRED, application, with_identity_photos
from face_fixtures import grace_hopper_renderer
from pickup_fixtures import ShownCode
from ui_fixtures import app, close_kiosk, kiosk_config, open_kiosk, printed, resident

from backoffice import review
from backoffice.app import Backoffice, create_app
from backoffice.embedded import ServerThread
from backoffice.staff import Role, Staff
from backoffice.terminals import enrol
from devices.camera.simulated import SimulatedCamera
from domain import scopes
from domain.qr_payloads import receipt_payload
from kiosk.backoffice_client import BackofficeClient
from kiosk.session import Outcome, Screen
from kiosk.terminal import open_terminal
from ui.journey import Journey, wait_until

__all__ = ["app"]
pytestmark = pytest.mark.no_qt_log   # see test_ui_journey

PERMIT = next(i.code for i in scopes.catalogue() if i.permit_required)


class Office:
    def __init__(self, bo: Backoffice, url: str) -> None:
        self.bo, self.url = bo, url
        enrol(bo.engine, bo.keys, "T-A", secret="secret-a", division_code="370702")
        self.terminal_a = BackofficeClient(url, "T-A", "secret-a")

    def file(self, card, scope: str | None = None) -> dict:
        """An application filed at terminal A with the astronaut's face (the simulated camera's); its reply
        (status, receipt token)."""
        body = with_identity_photos(application(), reference="none")
        body["applicant"]["card"] = card.to_json()
        if scope:
            body["business"]["scope"] = [scope]
        reply = self.terminal_a.submit_registration(str(uuid.uuid4()), json.dumps(body, ensure_ascii=False).encode())
        assert reply.status == 201, reply.body
        return reply.body


@pytest.fixture(scope="module")
def office(tmp_path_factory) -> Iterator[Office]:
    folder = tmp_path_factory.mktemp("office")
    bo = Backoffice.open(str(folder / "backoffice.sqlite3"), keys_path=folder / "keys",
                         settings=IDENTITY_NOT_REQUIRED)
    enrol(bo.engine, bo.keys, "T-B", secret="secret-b", division_code="370702")
    server = ServerThread(create_app(bo))
    server.start()
    try:
        yield Office(bo, f"http://127.0.0.1:{server.port}/")
    finally:
        server.stop()
        bo.engine.dispose()


@pytest.fixture(scope="module")
def terminal_b(app, office, tmp_path_factory) -> Iterator:
    config = kiosk_config(tmp_path_factory.mktemp("kiosk-b"), terminal_id="T-B", terminal_secret="secret-b",
                          backoffice_url=office.url)
    with open_terminal(config) as terminal:
        yield terminal


@pytest.fixture
def shown(terminal_b, qtbot) -> Iterator[tuple[Journey, dict]]:
    """Terminal B's window; put a payload in the dict to hold that code to its scanner camera, a FaceRenderer
    under "face" to put someone else than the applicant before its camera."""
    held: dict = {}
    kiosk = open_kiosk(terminal_b, open_scanner=lambda: ShownCode(held["payload"]),
                       open_camera=lambda: SimulatedCamera(realtime=True, renderer=held.get("face")))
    try:
        yield Journey(kiosk), held
    finally:
        close_kiosk(kiosk)


def scan_receipt(journey: Journey, held: dict, token: str) -> None:
    held["payload"] = receipt_payload(token)
    journey.scan_receipt()
    journey.wait_screen(Screen.PICKUP)
    view = journey.view(Screen.PICKUP)
    wait_until(lambda: view.state != "looking", 15.0, "the receipt look-up")


def test_a_reviewed_case_is_picked_up_at_another_terminal_with_the_applicants_card(shown, office, terminal_b):
    journey, held = shown
    person = resident(61)
    filed = office.file(person.card, PERMIT)
    assert filed["status"] == "manual_review"
    scan_receipt(journey, held, filed["receipt_token"])
    view = journey.view(Screen.PICKUP)
    assert view.headline.text() == "审核中" and "审核通过后" in view.instruction.text()
    journey.tap(view.home_button)
    journey.wait_screen(Screen.HOME)

    reviewer = Staff("li", Role.REVIEWER, frozenset({"370702"}))
    uscc = review.approve(office.bo.engine, office.bo.keys, office.bo.checks, office.bo.settings,
                          filed["registration_id"], reviewer, "核实无误", None)
    before = printed(terminal_b)
    scan_receipt(journey, held, filed["receipt_token"])
    assert view.headline.text() == "已核准" and uscc in view.detail.text()
    assert "身份证放在读卡区" in view.instruction.text() and not view.camera.isVisible()
    journey.place_card(person.card)
    wait_until(lambda: view.state == "face", 10.0, "the face capture on the pick-up screen")
    assert view.camera.isVisible()
    journey.result()
    assert journey.controller.session.result.outcome is Outcome.APPROVED
    # The case's 许可 item also prints its 双告知 notice (which licence, from which department).
    assert [p for p in printed(terminal_b) if p not in before] == [f"{len(before) + 1:04d}-license-{uscc}.pdf",
                                                                   f"{len(before) + 2:04d}-notice-{uscc}.pdf"]

    # One reprint per visit (a jam), then no more.
    result = journey.view(Screen.RESULT)
    wait_until(lambda: result.reprint_button.isVisible(), 5.0, "the reprint button")
    journey.tap(result.reprint_button)
    wait_until(lambda: len(printed(terminal_b)) == len(before) + 4, 15.0, "the reprint")
    wait_until(lambda: result.print_state == "printed", 15.0, "printing")
    assert not result.reprint_button.isVisible() and not journey.controller.session.can_reprint
    journey.controller.reprint()
    assert len(printed(terminal_b)) == len(before) + 4
    journey.finish(evaluate=False)
    journey.take_card()


def test_another_card_is_refused_and_nothing_prints(shown, office, terminal_b):
    journey, held = shown
    filed = office.file(resident(62).card)
    assert filed["status"] == "approved"
    before = printed(terminal_b)
    scan_receipt(journey, held, filed["receipt_token"])
    view = journey.view(Screen.PICKUP)
    journey.place_card(resident(63).card)
    wait_until(lambda: view.state == "mismatch", 15.0, "the refusal")
    assert "不一致" in view.error.text() and journey.screen is Screen.PICKUP
    assert printed(terminal_b) == before and journey.controller.session.draft.card is None
    journey.take_card()
    journey.tap(view.home_button)
    journey.wait_screen(Screen.HOME)


def test_the_right_card_with_another_face_is_refused_and_nothing_prints(shown, office, terminal_b):
    journey, held = shown
    person = resident(64)
    filed = office.file(person.card)
    assert filed["status"] == "approved"
    before = printed(terminal_b)
    scan_receipt(journey, held, filed["receipt_token"])
    view = journey.view(Screen.PICKUP)
    held["face"] = grace_hopper_renderer()   # someone else holds the applicant's card before the camera
    try:
        journey.place_card(person.card)
        wait_until(lambda: view.state == "face_mismatch", 60.0, "the face refusal")
    finally:
        held.pop("face")
    assert "人像" in view.error.text() and "本人" in view.error.text() and journey.screen is Screen.PICKUP
    assert printed(terminal_b) == before and journey.controller.session.draft.card is None
    journey.take_card()
    journey.tap(view.home_button)
    journey.wait_screen(Screen.HOME)


def test_lifting_the_card_while_the_face_is_taken_stops_the_capture(shown, office, terminal_b):
    journey, held = shown
    person = resident(65)
    filed = office.file(person.card)
    before = printed(terminal_b)
    scan_receipt(journey, held, filed["receipt_token"])
    view = journey.view(Screen.PICKUP)
    journey.place_card(person.card)
    wait_until(lambda: view.state == "face", 10.0, "the face capture on the pick-up screen")
    journey.take_card()
    wait_until(lambda: view.state == "found", 10.0, "the capture to stop")
    assert not view.camera.isVisible()
    assert printed(terminal_b) == before and journey.screen is Screen.PICKUP
    journey.place_card(person.card)   # placed again: taken again, and released
    journey.result()
    assert journey.controller.session.result.outcome is Outcome.APPROVED
    journey.finish(evaluate=False)
    journey.take_card()


def test_unknown_and_not_yet_sent_receipts_say_what_to_do(shown):
    journey, held = shown
    scan_receipt(journey, held, "no-such-receipt-token")
    view = journey.view(Screen.PICKUP)
    assert view.state == "not_found" and "未找到该办件" in view.error.text()
    journey.tap(view.home_button)
    scan_receipt(journey, held, f"pending:{uuid.uuid4()}")   # queued at another terminal, not sent yet
    assert view.state == "elsewhere" and "办理申请的终端" in view.error.text()
    journey.tap(view.home_button)
    journey.wait_screen(Screen.HOME)
