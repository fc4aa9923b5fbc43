"""Every instant-approval rule, table-driven, through the real HTTP API on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from backoffice_fixtures import (
    DIVISION,
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    resident_card,
    server,  # noqa: F401  (fixture)
    submit,
)

from domain import names, scopes
from domain.ids import make_resident_id
from domain.license_signing import verify_license
from domain.uscc import validate_uscc

YESTERDAY = (dt.date.today() - dt.timedelta(days=2)).isoformat()


def _general() -> str:
    return next(i.code for i in scopes.catalogue() if not i.permit_required)


def _permit() -> str:
    return next(i.code for i in scopes.catalogue() if i.permit_required)


def _hmt_card() -> dict[str, Any]:
    number = make_resident_id("810000", dt.date(1980, 5, 5), 123)
    return resident_card(card_type="hmt_residence", id_number=number, birth_date="1980-05-05",
                         pass_number="H12345678", issue_count=1, nation=None)


def _bad_checksum() -> dict[str, Any]:
    card = resident_card()
    last = card["id_number"][-1]
    card["id_number"] = card["id_number"][:-1] + ("0" if last != "0" else "1")
    return card


# (case id, changes to a clean application, expected status, expected reason code or None)
CASES: list[tuple[str, dict[str, Any], str, str | None]] = [
    ("clean", {}, "approved", None),
    ("long_term_card", {"applicant.card": resident_card(valid_until=None)}, "approved", None),
    ("card_expired", {"applicant.card": resident_card(valid_until=YESTERDAY)}, "rejected", "card_expired"),
    ("id_checksum_wrong", {"applicant.card": _bad_checksum()}, "rejected", "id_number_invalid"),
    ("age_18", {"applicant.card": resident_card(age=18)}, "approved", None),
    ("age_17", {"applicant.card": resident_card(age=17)}, "manual_review", "age_minor"),
    ("age_16", {"applicant.card": resident_card(age=16)}, "manual_review", "age_minor"),
    ("age_15", {"applicant.card": resident_card(age=15)}, "rejected", "age_under_minimum"),
    ("hmt_residence_card", {"applicant.card": _hmt_card()}, "manual_review", "card_not_resident"),
    ("face_missing", {"applicant.face_jpeg": ""}, "manual_review", "face_missing"),
    ("liveness_failed", {"applicant.liveness_passed": False}, "manual_review", "liveness_not_passed"),
    ("liveness_unknown", {"applicant.liveness_passed": None}, "manual_review", "liveness_not_passed"),
    ("scope_permit", {"business.scope": [_general(), _permit()]}, "manual_review", "scope_permit_required"),
    ("scope_unknown", {"business.scope": ["NO-SUCH-CODE"]}, "manual_review", "scope_not_in_catalogue"),
    ("scope_empty", {"business.scope": []}, "manual_review", "scope_empty"),
    ("premises_other_county", {"business.premises.division_code": "370703"}, "manual_review",
     "premises_outside_jurisdiction"),
    ("premises_no_house_number", {"business.premises.address": "胜利西街"}, "manual_review",
     "premises_no_house_number"),
    ("family_business", {"business.organization": "family",
                         "business.family_members": [{"name": "李四", "id_number": "370702198001010011",
                                                      "relation": "配偶"}]},
     "manual_review", "family_business"),
    ("name_clean", {"business.name": "潍城区张三便利店"}, "approved", None),
    ("name_letters", {"business.name": "潍城区ABC便利店"}, "rejected", "name_has_letters"),
    ("name_digits", {"business.name": "潍城区张三88便利店"}, "rejected", "name_has_digits"),
    ("name_punctuation", {"business.name": "潍城区张三·便利店"}, "rejected", "name_has_punctuation"),
    ("name_forbidden_word", {"business.name": "潍城区中国便利店"}, "rejected", "name_forbidden_word"),
    ("name_forbidden_form", {"business.name": "潍城区张三便利公司"}, "rejected", "name_forbidden_form"),
    ("name_no_form", {"business.name": "潍城区张三便利"}, "rejected", "name_missing_form"),
    ("name_other_district", {"business.name": "奎文区张三便利店"}, "rejected", "name_division_mismatch"),
    ("name_sensitive", {"business.name": f"潍城区{names.SENSITIVE_WORDS[0]}便利店"}, "manual_review",
     "name_sensitive_word"),
]


@pytest.mark.parametrize(("changes", "status", "code"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rule(server, changes: dict[str, Any], status: str, code: str | None) -> None:  # noqa: F811
    http, reply = submit(server, application(**changes))
    assert http == 201, reply
    assert reply["status"] == status, reply["reasons"]
    codes = [r["code"] for r in reply["reasons"]]
    if code is None:
        assert codes == []
    else:
        assert code in codes
        assert all(r["message"] for r in reply["reasons"])   # every reason carries a Chinese message
    if status == "approved":
        assert validate_uscc(reply["uscc"]) == reply["uscc"]
        assert reply["uscc"].startswith("92" + DIVISION)
        fields = verify_license(reply["license"], server.bo.keys.license_public_pem)
        assert fields["uscc"] == reply["uscc"]
        assert fields["authority"] == "潍坊市潍城区市场监督管理局"
    else:
        assert reply["uscc"] is None and reply["license"] is None


def test_applicant_with_open_registration_goes_to_review(server) -> None:  # noqa: F811
    card = resident_card()
    assert submit(server, application(**{"applicant.card": card}))[1]["status"] == "approved"
    _, second = submit(server, application(**{"applicant.card": card, "business.name": "潍城区张三鞋店"}))
    assert second["status"] == "manual_review"
    assert [r["code"] for r in second["reasons"]] == ["applicant_has_registration"]


def test_rejected_application_does_not_block_the_applicant(server) -> None:  # noqa: F811
    card = resident_card()
    assert submit(server, application(**{"applicant.card": card, "business.name": "潍城区中国店"}))[1][
        "status"] == "rejected"
    assert submit(server, application(**{"applicant.card": card}))[1]["status"] == "approved"


@pytest.mark.parametrize(("first", "second", "status", "code"), [
    ("潍城区张三便利店", "潍城区张三便利店", "rejected", "name_identical"),
    ("潍城区张三便利店", "潍坊市潍城区张三便利店", "rejected", "name_identical"),
    ("潍城区张三便利店", "潍城区张三便利店（个体工商户）", "rejected", "name_identical"),
    # Only the 组织形式 differs: identical by 工商企注字〔2017〕133号 Art. 3(3), not merely near.
    ("潍城区张三便利店", "潍城区张三便利部", "rejected", "name_identical"),
    ("潍城区鑫源建材部", "潍城区欣源建材店", "manual_review", "name_similar"),     # same-sounding 字号
    ("潍城区万青地产中心", "潍城区万青置业中心", "manual_review", "name_similar"),   # equivalent 行业 wording
    ("潍城区红光酒厂", "潍城区新红光酒坊", "manual_review", "name_similar"),       # 字号 contains a registered one
    ("潍城区张三便利店", "潍城区李四便利店", "approved", None),
    ("潍城区张三便利店", "潍城区张三五金店", "approved", None),                    # other industry
])
def test_name_against_registered_names(server, first: str, second: str, status: str,  # noqa: F811
                                       code: str | None) -> None:
    assert submit(server, application(**{"business.name": first}))[1]["status"] == "approved"
    _, reply = submit(server, application(**{"business.name": second}))
    assert reply["status"] == status
    assert [r["code"] for r in reply["reasons"]] == ([code] if code else [])
    if code:   # the clashing name is shown
        assert first in reply["reasons"][0]["message"]


def test_credit_codes_are_unique_and_valid(server) -> None:  # noqa: F811
    codes = [submit(server, application())[1]["uscc"] for _ in range(20)]
    assert len(set(codes)) == 20
    assert all(validate_uscc(c) == c for c in codes)
