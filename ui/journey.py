"""A resident's finger for the real window: taps the same buttons a person would, on simulated devices.

Used by the UI tests, `kiosk screenshots` and benchmarks.ui, so all three walk exactly the same journey.
`on_screen(name)` is called once each screen has settled (the screenshot command saves a picture there).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from domain import scopes
from domain.card import IdCard
from domain.scopes import PREMISES_TYPES
from kiosk.session import Screen
from ui import widgets
from ui.app import Kiosk


class JourneyTimeout(AssertionError):
    pass


def wait_until(condition: Callable[[], object], timeout_s: float = 10.0, what: str = "") -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise JourneyTimeout(f"timed out waiting for {what or condition}")
        pump()
        time.sleep(0.002)


def pump() -> None:
    """What the running event loop does between events, including the deferred deletes that processEvents()
    outside a loop leaves waiting (without them a long drive grows memory the real app would not)."""
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@dataclass
class Resident:
    card: IdCard
    business_name: str = ""
    scope_query: str = "rybh"        # pinyin initials of 日用百货销售
    permit_scope: bool = False       # pick a scope that needs a permit (the back office routes it to review)
    premises_type: str = "商铺"      # 网络: an online shop (platform and URL) instead of an address
    town: str = ""                   # typed where the district has no standard-address choice (else tapped)
    village: str = "胜利社区"
    road: str = "胜利西街"
    house_number: str = "100"
    landmark: str = ""               # without a 门牌号: the landmark, its bearing and the distance in metres
    bearing: str = "东"
    distance_m: str = "200"
    room: str = ""
    online_shop: tuple[str, str] = ("淘宝", "https://shop123.taobao.com")
    capital: str = "50000"
    phone: str = "13812345678"
    evaluate: bool = True


class Journey:
    def __init__(self, kiosk: Kiosk, on_screen: Callable[[str], None] | None = None) -> None:
        self.kiosk = kiosk
        self.window = kiosk.window
        self.controller = kiosk.controller
        self.on_screen = on_screen or (lambda name: None)

    # --- primitives -------------------------------------------------------------------------------------

    @property
    def screen(self) -> Screen:
        return self.controller.screen

    def view(self, screen: Screen) -> QWidget:
        return self.window.views[screen]

    def wait_screen(self, screen: Screen, timeout_s: float = 15.0) -> None:
        wait_until(lambda: self.screen is screen and self.window.current_view is self.view(screen), timeout_s,
                   f"screen {screen.value} (now {self.screen.value})")
        QApplication.processEvents()

    def settle(self, name: str) -> None:
        QApplication.processEvents()
        self.on_screen(name)

    def tap(self, button: widgets.TouchButton) -> None:
        wait_until(lambda: button.isVisible() and button.isEnabled(), 15.0, f"button {button.text()!r}")
        # a person's second tap on the same button comes later than the debounce window
        wait_until(lambda: time.monotonic() - button._last_tap >= widgets.TAP_DEBOUNCE_S, 2.0)
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    def type_into(self, edit: QWidget, text: str) -> None:
        """Tap the field (which opens the keyboard, as for a person), then enter the text."""
        wait_until(edit.isVisible, 5.0, "the field")
        QTest.mouseClick(edit, Qt.MouseButton.LeftButton, pos=QPoint(8, edit.height() // 2))
        edit.setFocus()
        # The keyboard opens for a tap in the active window; the offscreen platform has none (tests on Xvfb do).
        if self.kiosk.keyboard.available and QGuiApplication.platformName() != "offscreen":
            wait_until(lambda: self.kiosk.keyboard.height() > 0, 5.0, "the keyboard to open")
        pump()
        edit.clear()
        edit.insert(text)   # what the keyboard's commit does; the Pinyin panel is exercised elsewhere

    def click_item(self, listing: QWidget, row: int = 0) -> None:
        item = listing.item(row)
        QTest.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=listing.visualItemRect(item).center())

    def sign(self) -> None:
        pad = self.view(Screen.SIGN).pad
        width, height = pad.width(), pad.height()
        points = [QPointF(width * (0.15 + 0.7 * i / 40), height * (0.5 + 0.2 * ((i % 8) - 4) / 4))
                  for i in range(41)]
        QTest.mousePress(pad, Qt.MouseButton.LeftButton, pos=points[0].toPoint())
        for point in points[1:]:
            QTest.mouseMove(pad, QPoint(int(point.x()), int(point.y())))
        QTest.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=points[-1].toPoint())

    # --- the journey, in parts --------------------------------------------------------------------------

    def start(self) -> None:
        self.wait_screen(Screen.HOME)
        self.settle("home")
        self.tap(self.view(Screen.HOME).register_button)
        self.wait_screen(Screen.CONSENT)
        consent = self.view(Screen.CONSENT)
        consent.personal.setChecked(True)
        consent.face.setChecked(True)
        self.settle("consent")
        self.tap(consent.agree_button)
        self.wait_screen(Screen.PLACE_CARD)
        self.settle("place_card")

    @property
    def simulator(self) -> Any:
        """The terminal's devices.idcard.simulator.ReaderSimulator (reader_port = "sim")."""
        return self.controller.terminal.reader_simulator

    def scan_from_home(self) -> None:
        """扫码填表: the scan screen, from home (the code is whatever the scanner camera shows)."""
        self.wait_screen(Screen.HOME)
        self.tap(self.view(Screen.HOME).scan_button)
        self.wait_screen(Screen.SCAN)
        self.settle("scan")

    def scan_receipt(self) -> None:
        """查询办件/补打执照, then 扫描回执二维码 instead of placing the card."""
        self.wait_screen(Screen.HOME)
        self.tap(self.view(Screen.HOME).lookup_button)
        self.wait_screen(Screen.PLACE_CARD)
        self.tap(self.view(Screen.PLACE_CARD).scan_button)
        self.wait_screen(Screen.SCAN)
        self.settle("scan")

    def place_card(self, card: IdCard) -> None:
        self.simulator.insert(card)

    def take_card(self) -> None:
        """Take the card away, and wait until the reader has noticed (before the next card is placed)."""
        self.simulator.remove()
        wait_until(lambda: not self.controller.card_on_reader, 5.0, "the reader to notice the card is gone")

    def face(self) -> None:
        self.wait_screen(Screen.FACE)
        face = self.view(Screen.FACE)
        wait_until(lambda: face.accept_button.isVisible() or self.screen is not Screen.FACE, 60.0, "face photo")
        if self.screen is Screen.FACE:
            self.settle("face")
            self.tap(face.accept_button)

    def form(self, resident: Resident) -> None:
        self.wait_screen(Screen.APPLICATION)
        form = self.view(Screen.APPLICATION)
        self.type_into(form.name_edit, resident.business_name)
        self.settle("application-name")
        self.tap(form.next_button)
        self.settle("application-organization")
        self.tap(form.next_button)
        query = resident.scope_query
        if resident.permit_scope:
            query = next(item.name for item in scopes.catalogue() if item.permit_required)
        self.type_into(form.scope_search, query)
        wait_until(lambda: form.scope_results.count() > 0, 5.0, "scope search results")
        self.click_item(form.scope_results)
        self.settle("application-scope")
        self.tap(form.next_button)
        self.premises(form, resident)
        self.settle("application-premises")
        self.tap(form.next_button)
        self.type_into(form.capital_edit, resident.capital)
        self.settle("application-capital")
        self.tap(form.next_button)
        self.type_into(form.phone_edit, resident.phone)
        self.settle("application-phone")
        self.tap(form.next_button)
        self.wait_screen(Screen.REVIEW)
        self.settle("review")

    def premises(self, form: Any, resident: Resident) -> None:
        """The structured premises: type; town → village → road tapped from the standard addresses where the
        district has them (typed otherwise); the 门牌号 or the landmark; then the 申报承诺书's 我承诺."""
        self.tap(form.type_buttons[PREMISES_TYPES.index(resident.premises_type)])
        if resident.premises_type == "网络":
            self.type_into(form.platform_edit, resident.online_shop[0])
            self.type_into(form.url_edit, resident.online_shop[1])
        else:
            for edit, choices, typed in ((form.town_edit, form.town_choices, resident.town or "城关街道"),
                                         (form.village_edit, form.village_choices, resident.village),
                                         (form.road_edit, form.road_choices, resident.road)):
                if choices.buttons and not resident.town:
                    self.tap(choices.buttons[0])
                else:
                    self.type_into(edit, typed)
            if resident.landmark:
                self.tap(form.no_number_button)
                self.type_into(form.landmark_edit, resident.landmark)
                self.tap(form.bearing_choices.buttons[form.bearing_choices.choices.index(resident.bearing)])
                self.type_into(form.distance_edit, resident.distance_m)
            else:
                self.type_into(form.house_edit, resident.house_number)
            if resident.room:
                self.type_into(form.room_edit, resident.room)
        self.tap(form.promise_button)

    def to_sign(self) -> None:
        self.tap(self.view(Screen.REVIEW).confirm_button)
        self.wait_screen(Screen.SIGN)
        self.sign()
        self.settle("sign")

    def submit(self) -> None:
        self.tap(self.view(Screen.SIGN).submit_button)

    def result(self) -> None:
        self.wait_screen(Screen.RESULT, timeout_s=60.0)
        result = self.view(Screen.RESULT)
        wait_until(lambda: result.print_state != "printing" or self.screen is not Screen.RESULT, 30.0, "printing")

    def finish(self, evaluate: bool) -> None:
        if self.screen is Screen.RESULT:
            self.settle("result")
            result = self.view(Screen.RESULT)
            if evaluate and result.evaluate_button.isVisible():
                self.tap(result.evaluate_button)
                self.wait_screen(Screen.EVALUATION)
                evaluation = self.view(Screen.EVALUATION)
                self.tap(evaluation.level_buttons[0])
                self.type_into(evaluation.comment, "")
                self.settle("evaluation")
                self.tap(evaluation.submit_button)
            else:
                self.tap(result.done_button)
        self.wait_screen(Screen.GOODBYE)
        self.settle("goodbye")
        self.tap(self.view(Screen.GOODBYE).home_button)
        self.wait_screen(Screen.HOME)

    def register(self, resident: Resident) -> Screen:
        """Home to the result (or wherever the flow stops); returns the screen it ended on."""
        self.start()
        self.place_card(resident.card)
        self.face()
        self.form(resident)
        self.to_sign()
        self.submit()
        self.result()
        return self.screen

    def complete(self, resident: Resident) -> None:
        """A whole visit, home to home, taking the card back at the end."""
        try:
            self.register(resident)
            self.finish(resident.evaluate)
        finally:
            self.take_card()
