"""Catalogue rules at decision time: 后置许可 items approved with a 双告知 notice where the district allows it,
备案 items filed with the registration, no-go rules against the premises type (real HTTP, both engines)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from backoffice_fixtures import (
    DIVISION,
    Running,
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    running_office,
    submit,
)

from backoffice.settings import Settings
from domain.license_signing import verify_license


@pytest.fixture
def notice_office(db_url: str, tmp_path: Path) -> Iterator[Running]:  # noqa: F811
    yield from running_office(db_url, tmp_path, Settings(dual_notice_divisions=DIVISION, face_match_required=False))


@pytest.fixture
def plain_office(db_url: str, tmp_path: Path) -> Iterator[Running]:  # noqa: F811
    yield from running_office(db_url, tmp_path)


def _fields(office: Running, reply: dict) -> dict:
    return verify_license(reply["license"], office.bo.keys.license_public_pem)


def test_a_post_approval_permit_item_is_approved_with_the_dual_notice(notice_office: Running) -> None:
    _, reply = submit(notice_office, application(**{"business.scope": ["F1041", "FX001"]}))
    assert reply["status"] == "approved", reply["reasons"]
    assert _fields(notice_office, reply)["dual_notices"] == [
        {"item": "食品销售", "licence": "食品经营许可证", "department": "市场监管部门"}]


def test_without_the_districts_consent_a_permit_item_goes_to_a_person(plain_office: Running) -> None:
    _, reply = submit(plain_office, application(**{"business.scope": ["F1041"]}))
    assert reply["status"] == "manual_review"
    assert [r["code"] for r in reply["reasons"]] == ["scope_permit_required"]


def test_a_filing_item_is_filed_with_the_registration(plain_office: Running) -> None:
    _, reply = submit(plain_office, application(**{"business.scope": ["S0073"]}))   # the old code of F1040
    assert reply["status"] == "approved"
    fields = _fields(plain_office, reply)
    assert fields["filings"] == [{"item": "食品销售（仅销售预包装食品）", "filing": "仅销售预包装食品备案文件",
                                  "department": "市场监管部门"}]
    assert fields["scope_general"] == ["食品销售（仅销售预包装食品）"] and "dual_notices" not in fields


@pytest.mark.parametrize(("scope", "premises_type", "status", "code"), [
    (["H2002"], "住宅", "rejected", "scope_premises_prohibited"),     # no 餐饮 producing fumes in a home
    (["H2002"], "商住", "manual_review", "scope_premises_review"),
    (["H2008"], "住宅", "approved", None),                            # the item for home premises
    (["OX128"], "网络", "rejected", "scope_premises_prohibited"),     # 理发服务 needs a real place
    (["FX001"], "网络", "approved", None),                            # an online shop may use 网络经营场所
    (["H2002"], "商铺", "approved", None),
])
def test_no_go_rules_fire_against_the_premises_type(notice_office: Running, scope: list[str], premises_type: str,
                                                    status: str, code: str | None) -> None:
    _, reply = submit(notice_office, application(**{"business.scope": scope,
                                                    "business.premises.premises_type": premises_type}))
    assert reply["status"] == status
    assert [r["code"] for r in reply["reasons"]] == ([code] if code else [])
    if code:
        assert premises_type in reply["reasons"][0]["message"]
