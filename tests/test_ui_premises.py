"""The structured premises step on the real window: standard addresses tapped, the landmark fallback, an online
shop, and the 申报承诺书 that must be accepted before the form goes on; what reaches the back office."""

from __future__ import annotations

import pytest
from ui_fixtures import app, journey, kiosk, resident, terminal

from domain import addresses
from kiosk.session import Outcome, Screen

__all__ = ["app", "journey", "kiosk", "terminal"]   # fixtures, imported explicitly
pytestmark = pytest.mark.no_qt_log


def to_premises(journey, seed: int):
    journey.start()
    journey.place_card(resident(seed).card)
    journey.face()
    journey.wait_screen(Screen.APPLICATION)
    form = journey.view(Screen.APPLICATION)
    form.show_step("premises")
    return form


def test_a_resident_taps_the_standard_address_and_the_promise_goes_with_the_case(journey, terminal):
    assert journey.register(resident(61, room="2号楼101室")) is Screen.RESULT
    session = journey.controller.session
    assert session.result.outcome is Outcome.APPROVED
    premises = session.application().to_api_json()["business"]["premises"]
    assert premises["address"] == "城关街道十笏园社区胜利西街100号2号楼101室"
    assert premises["parts"] == {"town": "城关街道", "village": "十笏园社区", "road": "胜利西街",
                                 "house_number": "100", "room": "2号楼101室"}
    assert premises["premises_type"] == "商铺"
    assert premises["promise_version"] == addresses.promise_text().version and premises["promise_accepted_at"]


def test_the_choices_follow_the_town_and_the_village(journey, terminal):
    form = to_premises(journey, 62)
    assert form.village_choices.choices == ()
    journey.tap(form.town_choices.buttons[form.town_choices.choices.index("南关街道")])
    assert form.town_edit.text() == "南关街道" and "仓南社区" in form.village_choices.choices
    journey.tap(form.village_choices.buttons[form.village_choices.choices.index("仓南社区")])
    assert form.road_choices.choices == ("仓南街", "和平路")
    journey.type_into(form.road_edit, "新修路")     # not in the list: entered freely
    assert form.road_edit.text() == "新修路"


def test_without_the_promise_the_form_does_not_go_on(journey, terminal):
    form = to_premises(journey, 63)
    journey.tap(form.type_buttons[0])
    journey.tap(form.town_choices.buttons[0])
    journey.type_into(form.road_edit, "胜利西街")
    journey.type_into(form.house_edit, "8")
    journey.tap(form.next_button)
    assert form.step == 3 and "承诺书" in form.error.text()
    journey.tap(form.promise_button)
    journey.tap(form.next_button)
    assert form.step == 4


def test_no_house_number_takes_a_landmark_with_bearing_and_distance(journey, terminal):
    form = to_premises(journey, 64)
    journey.premises(form, resident(64, premises_type="住宅", town="于河街道", village="大于河村", road="",
                                    landmark="村委会", bearing="东南", distance_m="150"))
    journey.tap(form.next_button)
    assert form.step == 4, form.error.text()
    draft = journey.controller.session.draft
    assert draft.address == "于河街道大于河村村委会东南150米" and draft.premises_type == "住宅"
    assert draft.promise is not None


def test_an_online_shop_gives_platform_and_address(journey, terminal):
    form = to_premises(journey, 65)
    journey.tap(form.type_buttons[-1])
    assert form.online_box.isVisible() and not form.address_box.isVisible()
    journey.type_into(form.platform_edit, "淘宝")
    journey.type_into(form.url_edit, "shop123")
    journey.tap(form.promise_button)
    journey.tap(form.next_button)
    assert form.step == 3 and "http" in form.error.text()
    form.url_edit.clear()
    journey.type_into(form.url_edit, "https://shop123.taobao.com")
    journey.tap(form.next_button)
    assert form.step == 4
    assert journey.controller.session.draft.online_shop.url == "https://shop123.taobao.com"
