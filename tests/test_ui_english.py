"""English on request: the corner button switches every screen to plain English (only the resident's own data,
place names and quoted Chinese examples stay Chinese), the core's messages are translated too, and the
button switches back."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from ui_fixtures import app, journey, kiosk, resident, terminal

from domain import divisions, names, scopes
from kiosk.session import Screen
from ui.i18n import TRANSLATIONS, core_text
from ui.journey import Journey, wait_until
from ui.translations.catalogue import core_texts

__all__ = ["app", "journey", "kiosk", "terminal"]
pytestmark = pytest.mark.no_qt_log   # see test_ui_journey

CJK = re.compile(r"[\u3400-\u9fff]")
QUOTED = re.compile(r"“[^”]*”")


def chinese_left(view: QWidget, data: list[str]) -> list[str]:
    """Visible label and button texts that still hold Chinese once data and quoted examples are taken out."""
    widgets = [*view.findChildren(QLabel), *view.findChildren(QAbstractButton)]
    texts = [w.text() for w in widgets if w.isVisible() and w.text()]
    left = []
    for text in texts:
        rest = QUOTED.sub("", text)
        for item in data:
            rest = rest.replace(item, "")
        if CJK.search(rest):
            left.append(text)
    return left


@pytest.fixture
def english(kiosk):
    journey = Journey(kiosk)
    assert chinese_left(kiosk.window.views[Screen.HOME], []), "the check must see Chinese where there is some"
    journey.tap(kiosk.window.language_button)
    wait_until(lambda: kiosk.window.language_button.text() == "中文", 5.0, "the language change")
    assert kiosk.language.current == "en"
    yield journey
    kiosk.language.set("zh_CN")


def test_the_translation_file_is_complete_and_ships_compiled():
    ts = ET.parse(TRANSLATIONS / "kiosk_en.ts").getroot()
    unfinished = [m.findtext("source") for m in ts.iter("message") if not m.findtext("translation")]
    assert unfinished == []
    assert (TRANSLATIONS / "kiosk_en.qm").stat().st_size > 10_000
    sources = {m.findtext("source") for c in ts.iter("context") if c.findtext("name") == "kiosk"
               for m in c.iter("message")}
    assert set(core_texts()) <= sources, "run: python -m ui.translations.update"


def test_core_messages_are_english_including_those_built_with_values(english):
    for text in core_texts():
        if "{0}" not in text:
            assert not CJK.search(QUOTED.sub("", core_text(text))), text
    finding = names.check_business_name("潍坊市潍城区中国便利店", "370702")[0].message_zh
    assert core_text(finding) == "The name cannot use “中国”"
    reason = core_text("经营范围含许可项目，需人工审核：食品销售")   # a back-office reason with its detail
    assert reason == "A business activity needs a permit; staff must review: 食品销售"


def test_every_screen_of_a_visit_speaks_english_then_chinese_again(english, terminal):
    j, config = english, terminal.config
    today = dt.date.today()
    card = resident(41).card
    place_names = [divisions.full_name(config.division_code), *config.streets]
    data = [*place_names, card.name, card.address or "", "胜利西街100号", "日用百货销售",
            *(item.name for item in scopes.catalogue())]

    def english_on(screen: Screen) -> None:
        assert chinese_left(j.view(screen), data) == [], screen

    english_on(Screen.HOME)
    j.start()
    english_on(Screen.PLACE_CARD)
    english_on(Screen.CONSENT)
    j.place_card(card)
    j.face()
    english_on(Screen.FACE)
    form = j.view(Screen.APPLICATION)
    j.wait_screen(Screen.APPLICATION)
    j.type_into(form.name_edit, "潍坊市潍城区中国便利店")
    j.tap(form.next_button)
    assert form.error.text() == "The name cannot use “中国”"
    for step in ("organization", "scope", "premises", "capital", "phone"):
        english_on(Screen.APPLICATION)
        form.show_step(step)
    english_on(Screen.APPLICATION)
    j.controller.go_home()
    j.take_card()
    expired = dataclasses.replace(card, valid_until=(today - dt.timedelta(days=1)).isoformat())
    j.start()
    j.place_card(expired)
    j.wait_screen(Screen.PROBLEM)
    english_on(Screen.PROBLEM)
    assert "expired" in j.view(Screen.PROBLEM).explanation.text()
    j.tap(j.view(Screen.PROBLEM).home_button)
    j.wait_screen(Screen.HOME)
    j.take_card()
    j.tap(j.kiosk.window.language_button)
    wait_until(lambda: j.view(Screen.HOME).title.text() == "个体工商户设立登记", 5.0, "Chinese again")
    assert j.kiosk.language.current == "zh_CN"
    assert QCoreApplication.translate("kiosk", "请眨眨眼") == "请眨眨眼"
