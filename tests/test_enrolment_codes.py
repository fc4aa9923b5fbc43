"""Terminal enrolment codes: issued by a manager (page or CLI), traded once for the terminal's secret."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import threading
from pathlib import Path

from backoffice_fixtures import (
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
)
from sqlalchemy import select, update
from staff_fixtures import (
    MANAGER,
    PASSWORD,
    REVIEWER,
    StaffEnv,
    csrf_of,
    sqlite_env,  # noqa: F401  (fixture)
    staff_env,  # noqa: F401  (fixture)
)

from backoffice.enrolment import issue_code
from backoffice.models import enrolment_codes

CLI = [sys.executable, "-m", "backoffice.cli"]


def redeem(env: StaffEnv, code: str):  # type: ignore[no-untyped-def]
    return env.http.post("/api/v1/enrolments", json={"code": code})


def test_a_code_gives_working_credentials_exactly_once(staff_env: StaffEnv) -> None:  # noqa: F811
    issued = issue_code(staff_env.bo.engine, "T-NEW-7", division_code="370703", created_by="test")
    reply = redeem(staff_env, issued.code.lower().replace("-", " "))   # typed by hand: case and spaces vary
    assert reply.status_code == 200 and reply.headers["cache-control"] == "no-store"
    got = reply.json()
    assert set(got) == {"terminal_id", "secret", "division_code", "license_public_key_pem"}
    assert got["terminal_id"] == "T-NEW-7" and got["division_code"] == "370703"
    assert got["license_public_key_pem"] == staff_env.bo.keys.license_public_pem.decode()
    beat = staff_env.signed("POST", "/api/v1/terminals/heartbeat", {"queue_depth": 0},
                            terminal=(got["terminal_id"], got["secret"]))
    assert beat.status_code == 200
    again = redeem(staff_env, issued.code)
    assert again.status_code == 410 and again.json()["message_zh"] == "注册码已被使用，请向管理员重新申请"


def test_unknown_and_expired_codes_are_refused_in_chinese(staff_env: StaffEnv) -> None:  # noqa: F811
    unknown = redeem(staff_env, "AAAA-BBBB-CCCC-DDDD")
    assert unknown.status_code == 401 and "注册码无效" in unknown.json()["message_zh"]
    issued = issue_code(staff_env.bo.engine, "T-OLD", ttl_hours=1, created_by="test")
    with staff_env.bo.engine.begin() as conn:
        conn.execute(update(enrolment_codes).values(expires_at=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)))
    expired = redeem(staff_env, issued.code)
    assert expired.status_code == 410 and "注册码已过期" in expired.json()["message_zh"]
    assert redeem(staff_env, "").status_code == 422


def test_only_a_hash_of_the_code_is_stored(sqlite_env: StaffEnv) -> None:  # noqa: F811
    issued = issue_code(sqlite_env.bo.engine, "T-H", created_by="test")
    with sqlite_env.bo.engine.connect() as conn:
        stored = json.dumps([list(map(str, r)) for r in conn.execute(select(enrolment_codes))])
    assert issued.code not in stored and issued.code.replace("-", "") not in stored


def test_two_terminals_racing_with_one_code_get_one_secret(staff_env: StaffEnv) -> None:  # noqa: F811
    issued = issue_code(staff_env.bo.engine, "T-RACE", created_by="test")
    statuses: list[int] = []
    start = threading.Barrier(4)

    def attempt() -> None:
        start.wait()
        statuses.append(redeem(staff_env, issued.code).status_code)

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == [200, 410, 410, 410]


def test_wrong_codes_from_one_address_are_throttled(sqlite_env: StaffEnv) -> None:  # noqa: F811
    statuses = [redeem(sqlite_env, f"WRONG-{i:04d}").status_code for i in range(21)]
    assert statuses[:20] == [401] * 20 and statuses[20] == 429


def test_manager_issues_a_code_on_the_page_and_sees_it_used(sqlite_env: StaffEnv) -> None:  # noqa: F811
    assert sqlite_env.login(REVIEWER).get("/staff/enrolment").status_code == 403
    c = sqlite_env.login(MANAGER)
    page = c.get("/staff/enrolment")
    bad = c.post("/staff/enrolment", data={"csrf_token": csrf_of(page.text), "terminal_id": "T-P",
                                           "division": "370700", "ttl_hours": "24"})
    assert bad.status_code == 422 and "不正确" in bad.text
    done = c.post("/staff/enrolment", data={"csrf_token": csrf_of(page.text), "terminal_id": "T-P",
                                            "division": "370702", "ttl_hours": "2"})
    code = re.search(r'id="enrolment-code">([A-Z0-9-]+)<', done.text).group(1)
    assert done.headers["cache-control"] == "no-store"
    assert code not in c.get("/staff/enrolment").text          # shown once only
    assert "有效" in c.get("/staff/enrolment").text
    assert redeem(sqlite_env, code).status_code == 200
    listing = c.get("/staff/enrolment").text
    assert "已使用" in listing and "T-P" in listing
    audit = c.get("/staff/audit").text
    assert "签发终端注册码" in audit and "终端使用注册码完成注册" in audit


def test_cli_issues_codes_and_creates_staff(tmp_path: Path) -> None:
    db = str(tmp_path / "bo.sqlite3")
    made = subprocess.run([*CLI, "create-staff", "--db", db, "--user", "li", "--role", "manager",
                           "--division", "370705", "--password-stdin"], input=PASSWORD + "\n",
                          capture_output=True, text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    short = subprocess.run([*CLI, "create-staff", "--db", db, "--user", "li", "--role", "manager",
                            "--division", "370705", "--password-stdin"], input="short\n",
                           capture_output=True, text=True, timeout=60)
    assert short.returncode == 2 and "at least" in short.stderr
    out = subprocess.run([*CLI, "enrolment-code", "--db", db, "--terminal-id", "T-CLI", "--division", "370705",
                          "--ttl-hours", "3", "--json"], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    issued = json.loads(out.stdout)
    assert issued["terminal_id"] == "T-CLI" and re.fullmatch(r"([A-Z2-9]{4}-){3}[A-Z2-9]{4}", issued["code"])
    expires = dt.datetime.fromisoformat(issued["expires_at"])
    assert dt.timedelta(hours=2, minutes=59) < expires - dt.datetime.now(dt.UTC) <= dt.timedelta(hours=3)

    from staff_fixtures import open_env

    env = open_env(db, Path(db + ".keys"))
    try:
        got = redeem(env, issued["code"]).json()
        assert got["division_code"] == "370705"
        assert env.login("li").get("/staff/enrolment").status_code == 200
    finally:
        env.http.close()
        env.bo.engine.dispose()
