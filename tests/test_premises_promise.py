"""Structured premises and the 住所(经营场所)申报承诺书 recorded with the case, through the real back-office API;
bodies from older terminals (address text only) stay accepted."""

from __future__ import annotations

from backoffice_fixtures import application
from staff_fixtures import REVIEWER, StaffEnv, sqlite_env  # noqa: F401  (fixture)

from backoffice import review
from domain import addresses
from domain.addresses import AddressParts, OnlineShop, Promise
from domain.application import Premises

PROMISE = Promise(addresses.promise_text().version, "2026-12-07T10:15:00+08:00")
def stored_application(env: StaffEnv, case: dict):
    """The application as the back office keeps it with the case (what the staff case page shows)."""
    return review.case(env.bo.engine, env.bo.keys, case["registration_id"], frozenset({"370702"})).application


PARTS = AddressParts(town="城关街道", village="十笏园社区", road="胜利西街", house_number="100", room="2号楼101室")


def test_the_promise_and_the_parts_are_recorded_with_the_case(sqlite_env: StaffEnv) -> None:  # noqa: F811
    premises = Premises("370702", PARTS.text(), "商铺", parts=PARTS, promise=PROMISE)
    case = sqlite_env.submit(application(**{"business.premises": premises.to_json()}))
    assert case["status"] == "approved"
    stored = stored_application(sqlite_env, case)
    assert stored.business.premises == premises
    page = sqlite_env.login(REVIEWER).get(f"/staff/cases/{case['registration_id']}").text
    assert "城关街道十笏园社区胜利西街100号2号楼101室（商铺）" in page
    assert f"已承诺（{PROMISE.version}，2026-12-07T10:15:00+08:00）" in page


def test_an_old_body_without_parts_or_promise_is_still_accepted(sqlite_env: StaffEnv) -> None:  # noqa: F811
    case = sqlite_env.submit(application())
    stored = stored_application(sqlite_env, case)
    assert stored.business.premises.promise is None and stored.business.premises.parts is None
    assert "未签署" in sqlite_env.login(REVIEWER).get(f"/staff/cases/{case['registration_id']}").text


def test_an_online_shop_and_a_landmark_address_are_kept(sqlite_env: StaffEnv) -> None:  # noqa: F811
    shop = OnlineShop("淘宝", "https://shop123.taobao.com")
    online = Premises("370702", shop.text(), "网络", online_shop=shop, promise=PROMISE)
    landmark = AddressParts(town="于河街道", village="大于河村", landmark="村委会", bearing="东南", distance_m=150)
    rural = Premises("370702", landmark.text(), "住宅", parts=landmark, promise=PROMISE)
    for premises in (online, rural):
        case = sqlite_env.submit(application(**{"business.premises": premises.to_json()}))
        stored = stored_application(sqlite_env, case)
        assert stored.business.premises == premises
    assert landmark.text() == "于河街道大于河村村委会东南150米"


def test_a_half_promise_or_an_unknown_bearing_is_refused_with_the_field_named(sqlite_env: StaffEnv) -> None:  # noqa: F811
    half = application(**{"business.premises.promise_version": "v1"})
    reply = sqlite_env.signed("POST", "/api/v1/registrations", half, {"Idempotency-Key": "half-promise"})
    assert reply.status_code == 422 and "promise" in reply.text
    odd = application(**{"business.premises.parts": {"town": "城关街道", "landmark": "桥", "bearing": "上"}})
    reply = sqlite_env.signed("POST", "/api/v1/registrations", odd, {"Idempotency-Key": "odd-bearing"})
    assert reply.status_code == 422 and "bearing" in reply.text


def test_the_sample_district_has_standard_addresses_and_others_are_entered_freely() -> None:
    book = addresses.standard("370702")
    assert book is not None and "城关街道" in book.town_names()
    assert "胜利西街" in book.roads("城关街道", "十笏园社区")
    assert addresses.standard("110101") is None


def test_a_landmark_or_an_online_shop_stands_for_the_house_number(sqlite_env: StaffEnv) -> None:  # noqa: F811
    shop = OnlineShop("淘宝", "https://shop123.taobao.com")
    landmark = AddressParts(town="于河街道", village="大于河村", landmark="村委会", bearing="东", distance_m=80)
    for premises in (Premises("370702", shop.text(), "网络", online_shop=shop, promise=PROMISE),
                     Premises("370702", landmark.text(), "商铺", parts=landmark, promise=PROMISE)):
        case = sqlite_env.submit(application(**{"business.premises": premises.to_json()}))
        assert "premises_no_house_number" not in [r["code"] for r in case["reasons"]], case
    vague = sqlite_env.submit(application(**{"business.premises.address": "城关街道胜利西街"}))
    assert "premises_no_house_number" in [r["code"] for r in vague["reasons"]]
