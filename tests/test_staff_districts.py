"""Staff see and decide only their own districts' cases: a 370702 reviewer gets 404 on a 370703 case and its
images, and the queue, ratings, terminals and enrolment pages show nothing of 370703. Image views are audited."""

from __future__ import annotations

from backoffice_fixtures import (
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    resident_card,
)
from sqlalchemy import select
from staff_fixtures import PASSWORD, REVIEWER, StaffEnv, csrf_of, staff_env  # noqa: F401  (fixture)

from backoffice.models import audit_log
from backoffice.staff import create_staff
from backoffice.terminals import enrol

OTHER, OTHER_SECRET, OTHER_DIVISION = "T-HANTING", "hanting-secret", "370703"


def _post(client, url: str, **data: str):  # type: ignore[no-untyped-def]
    page = client.get("/staff/queue")
    return client.post(url, data={"csrf_token": csrf_of(page.text), **data})


def _foreign_case(env: StaffEnv) -> dict:
    enrol(env.bo.engine, env.bo.keys, OTHER, secret=OTHER_SECRET, division_code=OTHER_DIVISION)
    body = application(**{"applicant.card": resident_card(age=17),
                          "business.premises": {"division_code": OTHER_DIVISION, "address": "寒亭街道1号"}})
    reply = env.signed("POST", "/api/v1/registrations", body, {"Idempotency-Key": "k-foreign"},
                       terminal=(OTHER, OTHER_SECRET))
    assert reply.status_code == 201, reply.text
    assert reply.json()["status"] == "manual_review"
    return reply.json()


def test_a_reviewer_of_370702_cannot_reach_a_370703_case(staff_env: StaffEnv) -> None:  # noqa: F811
    case = _foreign_case(staff_env)
    rid = case["registration_id"]
    c = staff_env.login(REVIEWER)
    for url in (f"/staff/cases/{rid}", f"/staff/cases/{rid}/face", f"/staff/cases/{rid}/signature"):
        assert c.get(url).status_code == 404, url
    assert rid not in c.get("/staff/queue?status=").text
    assert _post(c, f"/staff/cases/{rid}/approve", note="核实无误").status_code == 404
    assert _post(c, f"/staff/cases/{rid}/reject", reason="不予通过").status_code == 404
    assert OTHER not in c.get("/staff/terminals").text
    assert staff_env.receipt(case["receipt_token"])["status"] == "manual_review"

    # A reviewer of 370703 (or of both) sees it, and looking at the photo and signature is audited.
    create_staff(staff_env.bo.engine, "hanting", "reviewer", PASSWORD, [OTHER_DIVISION, "370702"])
    h = staff_env.login("hanting")
    assert h.get(f"/staff/cases/{rid}").status_code == 200
    assert h.get(f"/staff/cases/{rid}/face").status_code == 200
    assert h.get(f"/staff/cases/{rid}/signature").status_code == 200
    assert rid in h.get("/staff/queue").text and OTHER in h.get("/staff/terminals").text
    with staff_env.bo.engine.connect() as conn:
        seen = {(r.actor, r.action) for r in conn.execute(select(audit_log.c.actor, audit_log.c.action).where(
            audit_log.c.registration_id == rid))}
    assert {("hanting", "view_case"), ("hanting", "view_face"), ("hanting", "view_signature")} <= seen
    assert not any(actor == REVIEWER for actor, _ in seen)


def test_ratings_of_another_district_are_not_counted_or_shown(staff_env: StaffEnv) -> None:  # noqa: F811
    case = _foreign_case(staff_env)
    rated = staff_env.signed("POST", "/api/v1/evaluations", {"registration_id": case["registration_id"],
                                                             "level": "非常不满意"}, terminal=(OTHER, OTHER_SECRET))
    assert rated.status_code == 201, rated.text
    follow_up = rated.json()["follow_up_id"]
    c = staff_env.login(REVIEWER)
    page = c.get("/staff/ratings").text
    assert follow_up not in page and case["registration_id"] not in page
    _post(c, f"/staff/follow-ups/{follow_up}", state="closed")
    create_staff(staff_env.bo.engine, "hanting", "reviewer", PASSWORD, [OTHER_DIVISION])
    h_page = staff_env.login("hanting").get("/staff/ratings").text
    assert follow_up in h_page and "待处理" in h_page      # the 370702 reviewer's post changed nothing


def test_a_manager_issues_enrolment_codes_for_their_own_districts_only(staff_env: StaffEnv) -> None:  # noqa: F811
    enrol(staff_env.bo.engine, staff_env.bo.keys, OTHER, secret=OTHER_SECRET, division_code=OTHER_DIVISION)
    c = staff_env.login()
    page = c.get("/staff/enrolment")
    for terminal, division in ((OTHER, "370702"), ("T-NEW", OTHER_DIVISION)):
        reply = c.post("/staff/enrolment", data={"csrf_token": csrf_of(page.text), "terminal_id": terminal,
                                                 "division": division, "ttl_hours": "2"})
        assert reply.status_code == 403 and "本辖区" in reply.text
