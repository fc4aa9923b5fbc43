"""Staff login against a determined guesser, over a real HTTP server on both databases: counting is atomic,
the delay grows instead of locking anyone out for long, and every refusal reads the same. Accounts and
terminals can be disabled from the command line, with audit."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from backoffice_fixtures import (
    SECRET,
    TERMINAL,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
)
from sqlalchemy import select, update
from staff_fixtures import MANAGER, PASSWORD, REVIEWER, StaffEnv, csrf_of, open_env

from backoffice import staff
from backoffice.app import create_app
from backoffice.embedded import ServerThread
from backoffice.models import audit_log, staff_users
from kiosk.backoffice_client import BackofficeClient

CLI = [sys.executable, "-m", "backoffice.cli"]


@pytest.fixture
def served(db_url: str, tmp_path: Path) -> Iterator[tuple[StaffEnv, str, Path]]:  # noqa: F811
    keys = tmp_path / "backoffice.keys"
    env = open_env(db_url, keys)
    thread = ServerThread(create_app(env.bo))
    thread.start()
    try:
        yield env, f"http://127.0.0.1:{thread.port}", keys
    finally:
        thread.stop()
        env.http.close()
        env.bo.engine.dispose()


def _attempt(url: str, username: str, password: str) -> requests.Response:
    with requests.Session() as http:
        page = http.get(url + "/staff/login", timeout=30)
        return http.post(url + "/staff/login", allow_redirects=False, timeout=60, data={
            "username": username, "password": password, "csrf_token": csrf_of(page.text)})


class CheckCounter:
    """Counts real password checks (the dummy hash for refused attempts is not one)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        self._lock = threading.Lock()
        real = staff.check_password

        def counted(password: str, stored: str) -> bool:
            if stored != staff._DUMMY_HASH:
                with self._lock:
                    self.count += 1
            return real(password, stored)

        monkeypatch.setattr(staff, "check_password", counted)


def test_sixty_simultaneous_wrong_logins_check_at_most_the_limit(served, monkeypatch) -> None:
    env, url, _ = served
    checks = CheckCounter(monkeypatch)
    with ThreadPoolExecutor(60) as pool:
        replies = list(pool.map(lambda i: _attempt(url, REVIEWER, f"wrong-{i}"), range(60)))
    assert all(r.status_code in {401, 429} for r in replies)
    assert checks.count <= staff.FREE_ATTEMPTS
    # Now the account waits: even the right password is refused, with the same words as any refusal ...
    right = _attempt(url, REVIEWER, PASSWORD)
    assert right.status_code in {401, 429} and "锁定" not in right.text
    with env.bo.engine.connect() as conn:
        assert conn.execute(select(staff_users.c.failed_logins).where(
            staff_users.c.username == REVIEWER)).scalar_one() == staff.FREE_ATTEMPTS


def test_the_delay_grows_and_then_the_right_password_works(served) -> None:
    env, url, _ = served
    for _ in range(staff.FREE_ATTEMPTS):
        assert _attempt(url, REVIEWER, "nope").status_code == 401
    assert _attempt(url, REVIEWER, PASSWORD).status_code == 401       # within the first wait
    with env.bo.engine.connect() as conn:
        due = conn.execute(select(staff_users.c.next_login_at).where(staff_users.c.username == REVIEWER)).scalar()
    assert 14_000 < due - time.time() * 1000 <= staff.FIRST_DELAY.total_seconds() * 1000
    with env.bo.engine.begin() as conn:   # the wait has passed
        conn.execute(update(staff_users).where(staff_users.c.username == REVIEWER).values(next_login_at=0))
    assert _attempt(url, REVIEWER, PASSWORD).status_code == 303       # not locked out for 15 minutes
    assert [staff.delay_ms(n) // 1000 for n in range(4, 12)] == [0, 15, 30, 60, 120, 240, 480, 900]
    assert staff.delay_ms(1000) == staff.MAX_DELAY.total_seconds() * 1000


def test_unknown_waiting_and_wrong_read_the_same(served) -> None:
    _, url, _ = served
    def answer(reply: requests.Response) -> tuple[int, str]:
        found = re.search(r'role="alert">(.*?)</p>', reply.text)
        assert found
        return reply.status_code, found.group(1)

    answers = {answer(_attempt(url, "nobody-here", "x"))}
    for _ in range(staff.FREE_ATTEMPTS + 1):     # wrong, then waiting
        answers.add(answer(_attempt(url, REVIEWER, "nope")))
    assert answers == {(401, staff.REFUSED_ZH)}


def test_disabled_staff_and_terminals_are_refused_and_audited(served) -> None:
    env, url, keys = served
    db = str(env.bo.engine.url.render_as_string(hide_password=False))
    signed_in = requests.Session()
    page = signed_in.get(url + "/staff/login", timeout=30)
    assert signed_in.post(url + "/staff/login", allow_redirects=False, timeout=30, data={
        "username": REVIEWER, "password": PASSWORD, "csrf_token": csrf_of(page.text)}).status_code == 303
    for command in (["disable-staff", "--user", REVIEWER], ["disable-terminal", "--id", TERMINAL]):
        subprocess.run([*CLI, command[0], "--db", db, "--keys", str(keys), *command[1:]], check=True,
                       capture_output=True)
    assert signed_in.get(url + "/staff/queue", allow_redirects=False, timeout=30).status_code == 303
    assert _attempt(url, REVIEWER, PASSWORD).status_code == 401
    client = BackofficeClient(url, TERMINAL, SECRET)
    try:
        deadline = time.monotonic() + 40          # serving processes cache a terminal for up to 30 s
        while client.scopes().status != 401:
            assert time.monotonic() < deadline
            time.sleep(1)
    finally:
        client.close()
    with env.bo.engine.connect() as conn:
        actions = {(r.action, r.target) for r in conn.execute(select(audit_log.c.action, audit_log.c.target))}
    assert {("staff_disabled", REVIEWER), ("terminal_disabled", TERMINAL)} <= actions
    assert _attempt(url, MANAGER, PASSWORD).status_code == 303     # others unaffected
    missing = subprocess.run([*CLI, "disable-staff", "--db", db, "--keys", str(keys), "--user", "ghost"],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "ghost" in missing.stderr
