"""Fixtures for the staff-page and enrolment tests: a back office on either database behind FastAPI's
TestClient, staff accounts, a signed-in browser-like client, and signed terminal requests.

Import explicitly, like backoffice_fixtures.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from backoffice_fixtures import DIVISION, SECRET, TERMINAL, encode
from fastapi.testclient import TestClient

from backoffice.app import Backoffice, create_app
from backoffice.settings import Settings
from backoffice.staff import create_staff
from backoffice.terminals import enrol
from domain.signing import sign_headers

PASSWORD = "Zhengwu-2026!"
REVIEWER, MANAGER = "reviewer1", "manager1"
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "page has no CSRF token"
    return found.group(1)


@dataclass
class StaffEnv:
    bo: Backoffice
    http: TestClient      # anonymous: terminals and not-yet-signed-in staff

    def client(self) -> TestClient:
        """A fresh client with its own cookie jar."""
        return TestClient(self.http.app, follow_redirects=False)

    def login(self, username: str = MANAGER, password: str = PASSWORD) -> TestClient:
        c = self.client()
        page = c.get("/staff/login")
        reply = c.post("/staff/login", data={"username": username, "password": password,
                                             "csrf_token": csrf_of(page.text), "next": "/staff/queue"})
        assert reply.status_code == 303, reply.text
        return c

    def signed(self, method: str, path: str, body: dict[str, Any] | bytes | None = None,
               headers: dict[str, str] | None = None, terminal: tuple[str, str] = (TERMINAL, SECRET)) -> Any:
        raw = b"" if body is None else body if isinstance(body, bytes) else encode(body)
        extra = headers or {}
        all_headers = {"Content-Type": "application/json", **extra,
                       **sign_headers(terminal[0], terminal[1], method, path, raw,
                                      idempotency_key=extra.get("Idempotency-Key", ""))}
        return self.http.request(method, path, content=raw or None, headers=all_headers)

    def submit(self, body: dict[str, Any]) -> dict[str, Any]:
        reply = self.signed("POST", "/api/v1/registrations", body, {"Idempotency-Key": str(uuid.uuid4())})
        assert reply.status_code == 201, reply.text
        return reply.json()

    def receipt(self, token: str) -> dict[str, Any]:
        reply = self.signed("GET", f"/api/v1/receipts/{token}")
        assert reply.status_code == 200, reply.text
        return reply.json()


def open_env(db: str, keys: Path, settings: Settings | None = None) -> StaffEnv:
    bo = Backoffice.open(db, keys_path=keys, settings=settings or Settings(face_match_required=False))
    enrol(bo.engine, bo.keys, TERMINAL, secret=SECRET, division_code=DIVISION)
    create_staff(bo.engine, REVIEWER, "reviewer", PASSWORD, [DIVISION])
    create_staff(bo.engine, MANAGER, "manager", PASSWORD, [DIVISION])
    return StaffEnv(bo, TestClient(create_app(bo), follow_redirects=False))


@pytest.fixture
def staff_env(db_url: str, tmp_path: Path) -> Iterator[StaffEnv]:
    """Staff pages on each database, with one terminal and a reviewer and a manager account."""
    env = open_env(db_url, tmp_path / "backoffice.keys")
    try:
        yield env
    finally:
        env.http.close()
        env.bo.engine.dispose()


@pytest.fixture
def sqlite_env(tmp_path: Path) -> Iterator[StaffEnv]:
    env = open_env(str(tmp_path / "bo.sqlite3"), tmp_path / "backoffice.keys")
    try:
        yield env
    finally:
        env.http.close()
        env.bo.engine.dispose()
