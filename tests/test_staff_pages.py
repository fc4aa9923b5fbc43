"""Staff pages over HTTP (TestClient) on SQLite and PostgreSQL: sign-in, CSRF, roles, review decisions and
what the resident then sees, batch confirmation, ratings, terminals, audit log."""

from __future__ import annotations

import datetime as dt
import logging
import re
import threading

import pytest
from backoffice_fixtures import (
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    resident_card,
)
from sqlalchemy import select, update
from staff_fixtures import (
    MANAGER,
    PASSWORD,
    REVIEWER,
    StaffEnv,
    csrf_of,
    open_env,
    sqlite_env,  # noqa: F401  (fixture)
    staff_env,  # noqa: F401  (fixture)
)

from backoffice.china_time import today_in_china
from backoffice.models import audit_log, follow_ups
from backoffice.settings import Settings
from domain.license_signing import verify_license


def minor_case(env: StaffEnv, **changes: object) -> dict:
    """A 17-year-old applicant: the rules send the case to manual review."""
    reply = env.submit(application(**{"applicant.card": resident_card(age=17), **changes}))
    assert reply["status"] == "manual_review"
    return reply


def post(client, url: str, **data: str):  # type: ignore[no-untyped-def]
    """POST a form the way the page does: with the CSRF token of the page it is on."""
    page = client.get("/staff/queue")
    return client.post(url, data={"csrf_token": csrf_of(page.text), **data})


# --- signing in ---

def test_pages_need_a_login_and_return_there_afterwards(sqlite_env: StaffEnv) -> None:  # noqa: F811
    c = sqlite_env.client()
    reply = c.get("/staff/ratings")
    assert reply.status_code == 303 and reply.headers["location"] == "/staff/login?next=/staff/ratings"
    page = c.get(reply.headers["location"])
    assert "工作人员登录" in page.text
    done = c.post("/staff/login", data={"username": REVIEWER, "password": PASSWORD,
                                        "csrf_token": csrf_of(page.text), "next": "/staff/ratings"})
    assert done.status_code == 303 and done.headers["location"] == "/staff/ratings"
    cookie = done.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/staff" in cookie
    assert c.get("/staff/ratings").status_code == 200


def test_login_never_redirects_off_site(sqlite_env: StaffEnv) -> None:  # noqa: F811
    c = sqlite_env.client()
    page = c.get("/staff/login")
    done = c.post("/staff/login", data={"username": REVIEWER, "password": PASSWORD,
                                        "csrf_token": csrf_of(page.text), "next": "//evil.example/staff/"})
    assert done.headers["location"] == "/staff/queue"


def test_failed_logins_are_audited_under_the_account_name(staff_env: StaffEnv) -> None:  # noqa: F811
    c = staff_env.client()
    for _ in range(3):
        page = c.get("/staff/login")
        wrong = c.post("/staff/login", data={"username": REVIEWER, "password": "nope",
                                             "csrf_token": csrf_of(page.text)})
        assert wrong.status_code == 401
    assert staff_env.login(MANAGER).get("/staff/audit?action=login_failed").text.count(REVIEWER) >= 3


def test_unknown_user_is_logged_without_the_typed_name(sqlite_env: StaffEnv) -> None:  # noqa: F811
    c = sqlite_env.client()
    page = c.get("/staff/login")
    c.post("/staff/login", data={"username": "hunter2-password-in-name-box", "password": "x",
                                 "csrf_token": csrf_of(page.text)})
    with sqlite_env.bo.engine.connect() as conn:
        rows = conn.execute(select(audit_log.c.actor, audit_log.c.detail)).all()
    assert rows and all("hunter2" not in actor + detail for actor, detail in rows)


def test_login_form_needs_its_csrf_cookie(sqlite_env: StaffEnv) -> None:  # noqa: F811
    page = sqlite_env.client().get("/staff/login")
    stranger = sqlite_env.client()    # has the token from the page, but not the cookie that goes with it
    reply = stranger.post("/staff/login", data={"username": REVIEWER, "password": PASSWORD,
                                                "csrf_token": csrf_of(page.text)})
    assert reply.status_code == 403 and "页面已过期" in reply.text


def test_forged_or_logged_out_session_cookies_are_refused(sqlite_env: StaffEnv) -> None:  # noqa: F811
    c = sqlite_env.login(REVIEWER)
    cookie = c.cookies.get("staff_session")
    forged = sqlite_env.client()
    forged.cookies.set("staff_session", cookie[:-3] + "AAA", path="/staff")
    assert forged.get("/staff/queue").status_code == 303
    assert post(c, "/staff/logout").status_code == 303
    replay = sqlite_env.client()
    replay.cookies.set("staff_session", cookie, path="/staff")
    assert replay.get("/staff/queue").status_code == 303


# --- CSRF and roles ---

def test_every_post_needs_the_session_csrf_token(staff_env: StaffEnv) -> None:  # noqa: F811
    case = minor_case(staff_env)
    c = staff_env.login(REVIEWER)
    url = f"/staff/cases/{case['registration_id']}/approve"
    assert c.post(url).status_code == 403
    assert c.post(url, data={"csrf_token": "x" * 43}).status_code == 403
    other_session = staff_env.login(MANAGER)   # a valid token, but of someone else's session
    assert c.post(url, data={"csrf_token": csrf_of(other_session.get("/staff/queue").text)}).status_code == 403
    assert staff_env.receipt(case["receipt_token"])["status"] == "manual_review"


def test_reviewers_cannot_use_manager_pages(sqlite_env: StaffEnv) -> None:  # noqa: F811
    c = sqlite_env.login(REVIEWER)
    for url in ("/staff/audit", "/staff/confirmations", "/staff/enrolment"):
        assert c.get(url).status_code == 403
    assert post(c, "/staff/confirmations", registration_id="0" * 32).status_code == 403
    nav = c.get("/staff/queue").text
    assert "审计日志" not in nav and "审核队列" in nav


# --- review ---

def test_queue_lists_manual_cases_and_filters_by_reason(staff_env: StaffEnv) -> None:  # noqa: F811
    minor = minor_case(staff_env)
    family = staff_env.submit(application(**{"business.organization": "family",
                                             "business.family_members": [
                                                 {"name": "李四", "id_number": "x", "relation": "配偶"}]}))
    approved = staff_env.submit(application())
    c = staff_env.login(REVIEWER)
    queue = c.get("/staff/queue").text
    assert minor["registration_id"][:8] in queue and family["registration_id"][:8] in queue
    assert approved["registration_id"][:8] not in queue
    only_minors = c.get("/staff/queue?reason=age_minor&date_from=&date_to=").text
    assert minor["registration_id"][:8] in only_minors and family["registration_id"][:8] not in only_minors
    today = today_in_china().isoformat()   # the filter's dates are China dates
    done = c.get(f"/staff/queue?status=approved&date_from={today}&date_to={today}").text
    assert approved["registration_id"][:8] in done and minor["registration_id"][:8] not in done


def test_case_page_shows_card_business_photo_signature_and_every_rule(staff_env: StaffEnv) -> None:  # noqa: F811
    body = application(**{"applicant.card": resident_card(age=17), "business.name": "潍城区张三便利店"})
    case = staff_env.submit(body)
    c = staff_env.login(REVIEWER)
    page = c.get(f"/staff/cases/{case['registration_id']}").text
    card = body["applicant"]["card"]
    assert card["id_number"] in page and "张三" in page and "潍城区张三便利店" in page
    assert "胜利西街100号" in page and "13812345678" in page
    assert re.search(r"age_minor</code></td><td>[^<]*未满十八周岁[^<]*</td><td>需人工审核", page)
    assert re.search(r"card_expired</code></td><td>[^<]*</td><td>通过", page)
    assert page.count("<tr class=\"passed\">") + page.count("<tr class=\"fired\">") >= 19
    face = c.get(f"/staff/cases/{case['registration_id']}/face")
    assert face.status_code == 200 and face.headers["content-type"] == "image/jpeg"
    assert len(face.content) == 51_200
    assert face.headers["cache-control"] == "no-store"
    assert c.get(f"/staff/cases/{case['registration_id']}/signature").content == b"\x89PNG fake signature"
    assert staff_env.client().get(f"/staff/cases/{case['registration_id']}/face").status_code == 303


def test_case_page_shows_the_live_face_beside_the_card_photo_with_band_and_score(
        sqlite_env: StaffEnv) -> None:  # noqa: F811
    from backoffice_fixtures import with_identity_photos

    case = sqlite_env.submit(with_identity_photos(application(), reference="other"))
    c = sqlite_env.login(REVIEWER)
    page = c.get(f"/staff/cases/{case['registration_id']}").text
    assert 'alt="现场采集的人像"' in page and 'alt="证件芯片照片"' in page
    shown = re.search(r'id="face-compare">人证比对：([^<]*)<', page)
    assert shown and re.search(r"(不一致|不能确定)（距离 0\.\d\d，越小越相似）", shown.group(1))
    assert "dlib-resnet-v1（未认证，仅供参考）" in shown.group(1)
    reference = c.get(f"/staff/cases/{case['registration_id']}/reference")
    assert reference.status_code == 200 and reference.content[:2] == b"\xff\xd8"
    assert reference.headers["cache-control"] == "no-store"
    assert sqlite_env.client().get(f"/staff/cases/{case['registration_id']}/reference").status_code == 303
    # Without a card photo the page says so instead of showing a broken image.
    bare = sqlite_env.submit(application())
    assert "无证件照片" in c.get(f"/staff/cases/{bare['registration_id']}").text


def test_approve_issues_the_code_and_the_resident_collects_the_license(staff_env: StaffEnv) -> None:  # noqa: F811
    case = minor_case(staff_env, **{"business.name": "潍城区王五理发店"})
    c = staff_env.login(REVIEWER)
    silent = post(c, f"/staff/cases/{case['registration_id']}/approve")
    assert silent.headers["location"].endswith("msg=note_missing")       # 审核意见 is required
    done = post(c, f"/staff/cases/{case['registration_id']}/approve", note="已核实劳动收入证明")
    assert done.status_code == 303 and done.headers["location"].endswith("msg=approved")
    page = c.get(done.headers["location"]).text
    assert "已核准并赋码" in page and "人工核准" in page
    looked_up = staff_env.receipt(case["receipt_token"])
    assert looked_up["status"] == "approved" and looked_up["reasons"] == []
    fields = verify_license(looked_up["license"], staff_env.bo.keys.license_public_pem)
    assert fields["uscc"] == looked_up["uscc"] and looked_up["uscc"] in page
    assert looked_up["uscc"].startswith("92370702")
    assert fields["name"] == "潍城区王五理发店" and fields["type"] == "个体工商户"
    # The machine's reasons stay visible to staff; a second decision is refused.
    assert re.search(r"age_minor</code></td><td>[^<]*</td><td>需人工审核", page)
    again = post(c, f"/staff/cases/{case['registration_id']}/approve", note="再次核准")
    assert again.headers["location"].endswith("msg=taken")
    entries = staff_env.login(MANAGER).get(f"/staff/audit?case={case['registration_id']}&action=approve").text
    assert entries.count("人工审核核准") == 1 and REVIEWER in entries


def test_two_reviewers_approving_at_once_issue_one_code(staff_env: StaffEnv) -> None:  # noqa: F811
    case = minor_case(staff_env)
    url = f"/staff/cases/{case['registration_id']}/approve"
    clients = [staff_env.login(REVIEWER), staff_env.login(MANAGER)]
    tokens = [csrf_of(c.get("/staff/queue").text) for c in clients]
    start, outcomes = threading.Barrier(2), []

    def approve(i: int) -> None:
        start.wait()
        reply = clients[i].post(url, data={"csrf_token": tokens[i], "note": "核实无误"})
        outcomes.append(reply.headers["location"].split("msg=")[1])

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["approved", "taken"]
    with staff_env.bo.engine.connect() as conn:
        assert len(conn.execute(select(audit_log).where(audit_log.c.action == "approve")).all()) == 1
    assert staff_env.receipt(case["receipt_token"])["uscc"]


def test_reject_records_the_reason_the_resident_sees(staff_env: StaffEnv) -> None:  # noqa: F811
    case = minor_case(staff_env)
    c = staff_env.login(REVIEWER)
    empty = post(c, f"/staff/cases/{case['registration_id']}/reject", reason="   ")
    assert empty.headers["location"].endswith("msg=reason_missing")
    done = post(c, f"/staff/cases/{case['registration_id']}/reject", reason="未提供劳动收入证明")
    assert done.headers["location"].endswith("msg=rejected")
    looked_up = staff_env.receipt(case["receipt_token"])
    assert looked_up["status"] == "rejected" and looked_up["uscc"] is None and looked_up["license"] is None
    assert looked_up["reasons"] == [{"code": "staff_rejected", "message": "人工审核不予通过：未提供劳动收入证明"}]
    with staff_env.bo.engine.connect() as conn:
        details = [d for (d,) in conn.execute(select(audit_log.c.detail).where(audit_log.c.action == "reject"))]
    assert details == ["人工审核驳回"]   # the free-text reason stays with the case, not in the audit log


def test_audit_log_names_cases_by_id_only_and_logs_carry_no_personal_data(
        sqlite_env: StaffEnv, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    caplog.set_level(logging.DEBUG)
    body = application(**{"applicant.card": resident_card(age=17, name="欧阳娜娜")})
    case = sqlite_env.submit(body)
    c = sqlite_env.login(REVIEWER)
    c.get(f"/staff/cases/{case['registration_id']}")
    post(c, f"/staff/cases/{case['registration_id']}/approve", note="核实无误")
    with sqlite_env.bo.engine.connect() as conn:
        rows = [" ".join(str(v) for v in row) for row in conn.execute(select(audit_log))]
    assert any(case["registration_id"] in r and "approve" in r for r in rows)
    assert any("view_case" in r for r in rows)
    secrets = (body["applicant"]["card"]["id_number"], "欧阳娜娜", "13812345678")
    for text in rows + [r.getMessage() for r in caplog.records]:
        assert not any(s in text for s in secrets), text


def test_pages_escape_what_residents_typed(sqlite_env: StaffEnv) -> None:  # noqa: F811
    case = sqlite_env.submit(application(**{"business.name": "<script>alert(1)</script>店"}))
    c = sqlite_env.login(REVIEWER)
    for url in ("/staff/queue?status=", f"/staff/cases/{case['registration_id']}"):
        page = c.get(url)
        assert "<script>alert(1)" not in page.text and "&lt;script&gt;alert(1)" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]


# --- batch confirmation ---

def test_manager_confirms_machine_approvals_in_one_action(db_url: str, tmp_path) -> None:  # noqa: F811
    env = open_env(db_url, tmp_path / "keys", Settings(require_human_confirmation=True, face_match_required=False))
    try:
        first, second = env.submit(application()), env.submit(application())
        manual = minor_case(env)
        c = env.login(MANAGER)
        page = c.get("/staff/confirmations").text
        assert first["registration_id"] in page and second["registration_id"] in page
        assert manual["registration_id"] not in page
        none = post(c, "/staff/confirmations")
        assert none.headers["location"].endswith("msg=none_selected")
        done = c.post("/staff/confirmations", data={"csrf_token": csrf_of(page),
                                                    "registration_id": [first["registration_id"],
                                                                        second["registration_id"],
                                                                        manual["registration_id"]]})
        after = c.get(done.headers["location"]).text
        assert "本次确认 2 件" in after and "没有待确认的案件" in after
        audit = c.get("/staff/audit?action=confirm").text
        assert first["registration_id"] in audit and second["registration_id"] in audit
        assert "系统核准，已人工确认" in c.get(f"/staff/cases/{first['registration_id']}").text
        assert env.receipt(first["receipt_token"])["status"] == "approved"   # the resident is unaffected
    finally:
        env.http.close()
        env.bo.engine.dispose()


def test_batch_confirmation_is_off_unless_policy_requires_it(sqlite_env: StaffEnv) -> None:  # noqa: F811
    sqlite_env.submit(application())
    page = sqlite_env.login(MANAGER).get("/staff/confirmations").text
    assert "未启用人工批量确认" in page and "确认所选案件" not in page


# --- ratings, follow-ups, terminals ---

def test_ratings_page_shows_satisfaction_and_bad_rating_follow_ups(staff_env: StaffEnv) -> None:  # noqa: F811
    for level in ("非常满意", "满意", "不满意"):
        case = staff_env.submit(application())
        rated = staff_env.signed("POST", "/api/v1/evaluations", {"registration_id": case["registration_id"],
                                                                 "level": level})
        assert rated.status_code == 201
    follow_up_id = rated.json()["follow_up_id"]
    c = staff_env.login(REVIEWER)
    page = c.get("/staff/ratings").text
    assert re.search(r'id="satisfaction">66\.7%', page) and "差评 1 条" in page
    assert rated.json()["follow_up_due"] in page and "5 个工作日" in page and "已逾期" not in page
    with staff_env.bo.engine.begin() as conn:
        conn.execute(update(follow_ups).values(due_date=today_in_china() - dt.timedelta(days=1)))
    assert "已逾期" in c.get("/staff/ratings").text
    done = post(c, f"/staff/follow-ups/{follow_up_id}", state="callback", owner="赵科长", note="已电话回访")
    assert done.headers["location"].endswith("msg=follow_up")
    page = c.get("/staff/ratings").text
    assert re.search(r'<option value="callback" selected>回访', page) and "赵科长" in page
    assert post(c, f"/staff/follow-ups/{follow_up_id}", state="bogus").headers["location"].endswith("bad")
    post(c, f"/staff/follow-ups/{follow_up_id}", state="closed")
    assert "没有待跟进的差评" in c.get("/staff/ratings").text
    assert "办结" in c.get("/staff/ratings?closed=true").text
    audit = staff_env.login(MANAGER).get("/staff/audit?action=follow_up").text
    assert "差评跟进状态改为回访" in audit and "差评跟进状态改为办结" in audit


def test_terminals_page_shows_heartbeat_queue_and_faults(staff_env: StaffEnv) -> None:  # noqa: F811
    from backoffice.terminals import enrol

    enrol(staff_env.bo.engine, staff_env.bo.keys, "T-SILENT", secret="s", division_code="370702")
    beat = staff_env.signed("POST", "/api/v1/terminals/heartbeat", {
        "queue_depth": 4, "devices": {"printer": "paper_out", "reader": "ok", "camera": {"status": "ready"}},
        "versions": {"kiosk": "1.2.3"}})
    assert beat.status_code == 200
    page = staff_env.login(REVIEWER).get("/staff/terminals").text
    row = re.search(r"<tr class=\"[^\"]*faulty\">(.*?)</tr>", page, re.S)
    assert row and "T-TEST-01" in row.group(1) and "<td>4</td>" in row.group(1)
    assert "printer: paper_out" in row.group(1) and "reader" not in row.group(1) and "kiosk 1.2.3" in row.group(1)
    silent = re.search(r"<tr class=\"stale\">(.*?)</tr>", page, re.S)
    assert silent and "T-SILENT" in silent.group(1) and "失联" in silent.group(1)


def test_a_call_for_staff_shows_on_the_terminals_page(staff_env: StaffEnv) -> None:  # noqa: F811
    reply = staff_env.signed("POST", "/api/v1/terminals/alerts", {"kind": "call_staff",
                                                                 "detail": {"screen": "review"}})
    assert reply.status_code == 201 and reply.json()["alert_id"] >= 1
    page = staff_env.login(REVIEWER).get("/staff/terminals").text
    call = re.search(r"<tr class=\"call\">(.*?)</tr>", page, re.S)
    assert "呼叫工作人员" in page and call and "T-TEST-01" in call.group(1) and "核对信息" in call.group(1)
    unknown = staff_env.signed("POST", "/api/v1/terminals/alerts", {"kind": "fire", "detail": {}})
    assert unknown.status_code == 422
