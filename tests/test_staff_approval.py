"""A staff approval re-checks the case against the data as it is now, names the reviewer's note, and issues
the code and the 登记机关 of one county; a case whose premises lie elsewhere is transferred there."""

from __future__ import annotations

from backoffice_fixtures import (
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    resident_card,
)
from sqlalchemy import select
from staff_fixtures import PASSWORD, REVIEWER, StaffEnv, csrf_of, staff_env  # noqa: F401  (fixture)

from backoffice.models import staff_decisions
from backoffice.staff import create_staff
from domain.license_signing import verify_license

NAME = "潍城区赵六面馆"


def _post(client, url: str, **data: str):  # type: ignore[no-untyped-def]
    page = client.get("/staff/queue")
    return client.post(url, data={"csrf_token": csrf_of(page.text), **data})


def _minor(env: StaffEnv, **changes: object) -> dict:
    reply = env.submit(application(**{"applicant.card": resident_card(age=17), **changes}))
    assert reply["status"] == "manual_review"
    return reply


def test_two_pending_cases_with_the_same_name_cannot_both_be_approved(staff_env: StaffEnv) -> None:  # noqa: F811
    first, second = _minor(staff_env, **{"business.name": NAME}), _minor(staff_env, **{"business.name": NAME})
    c = staff_env.login(REVIEWER)
    assert _post(c, f"/staff/cases/{first['registration_id']}/approve", note="核实无误").status_code == 303
    refused = _post(c, f"/staff/cases/{second['registration_id']}/approve", note="核实无误")
    assert refused.status_code == 409
    assert "重新核查未通过" in refused.text and "名称与本登记机关已登记的同行业名称相同" in refused.text
    assert staff_env.receipt(second["receipt_token"])["status"] == "manual_review"
    assert staff_env.receipt(first["receipt_token"])["status"] == "approved"


def test_the_note_is_kept_with_the_decision(staff_env: StaffEnv) -> None:  # noqa: F811
    case = _minor(staff_env)
    c = staff_env.login(REVIEWER)
    assert _post(c, f"/staff/cases/{case['registration_id']}/approve", note="  已核实  收入证明 ").status_code == 303
    with staff_env.bo.engine.connect() as conn:
        reason = conn.execute(select(staff_decisions.c.reason).where(
            staff_decisions.c.registration_id == case["registration_id"])).scalar_one()
    assert reason == "已核实 收入证明"


def test_premises_in_another_county_are_transferred_not_approved_across(staff_env: StaffEnv) -> None:  # noqa: F811
    # A 370702 (潍城区) terminal files for premises in 370703 (寒亭区).
    case = staff_env.submit(application(**{"business.premises": {"division_code": "370703",
                                                                 "address": "寒亭街道民主街1号"}}))
    assert case["status"] == "manual_review"
    rid = case["registration_id"]
    c = staff_env.login(REVIEWER)
    page = c.get(f"/staff/cases/{rid}").text
    assert 'id="transfer"' in page and 'id="approve"' not in page
    refused = _post(c, f"/staff/cases/{rid}/approve", note="核实无误")
    assert refused.status_code == 409 and "不能跨辖区核准" in refused.text
    assert staff_env.receipt(case["receipt_token"])["uscc"] is None

    moved = _post(c, f"/staff/cases/{rid}/transfer")
    assert moved.headers["location"] == "/staff/queue?msg=transferred"
    assert c.get(f"/staff/cases/{rid}").status_code == 404          # now the other county's case

    create_staff(staff_env.bo.engine, "hanting", "reviewer", PASSWORD, ["370703"])
    h = staff_env.login("hanting")
    assert _post(h, f"/staff/cases/{rid}/approve", note="核实无误").status_code == 303
    done = staff_env.receipt(case["receipt_token"])
    fields = verify_license(done["license"], staff_env.bo.keys.license_public_pem)
    assert done["uscc"][2:8] == "370703"
    assert fields["authority"] == "潍坊市寒亭区市场监督管理局"
