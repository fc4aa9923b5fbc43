"""Odd query values never make a staff page fail, and replies carry the caching and transport headers they
should."""

from __future__ import annotations

import uuid

import pytest
from backoffice_fixtures import application
from fastapi.testclient import TestClient
from staff_fixtures import MANAGER, REVIEWER, StaffEnv, sqlite_env  # noqa: F401  (fixture)


@pytest.mark.parametrize("url", [
    "/staff/ratings?days=999999999", "/staff/ratings?days=-5", "/staff/ratings?days=99999999999999999999999",
    "/staff/queue?date_to=9999-12-31", "/staff/queue?date_from=0001-01-01",
    "/staff/queue?status=&date_from=0001-01-01&date_to=9999-12-31",
])
def test_extreme_query_values_give_a_page_not_a_500(sqlite_env: StaffEnv, url: str) -> None:  # noqa: F811
    reply = sqlite_env.login(REVIEWER).get(url)
    assert reply.status_code == 200, reply.text[:300]


def test_api_documentation_is_for_signed_in_managers_only(sqlite_env: StaffEnv) -> None:  # noqa: F811
    anonymous = sqlite_env.client()
    for url in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect"):
        assert anonymous.get(url).status_code == 404, url
    assert anonymous.get("/staff/openapi.json").status_code == 303
    assert sqlite_env.login(REVIEWER).get("/staff/openapi.json").status_code == 403
    spec = sqlite_env.login(MANAGER).get("/staff/openapi.json")
    assert spec.status_code == 200 and "/api/v1/registrations" in spec.json()["paths"]
    assert "cdn" not in spec.text.lower()


def test_every_reply_with_personal_data_is_no_store(sqlite_env: StaffEnv) -> None:  # noqa: F811
    reply = sqlite_env.submit(application())
    answers = [
        sqlite_env.signed("GET", f"/api/v1/receipts/{reply['receipt_token']}"),
        sqlite_env.signed("GET", f"/api/v1/registrations/{reply['registration_id']}"),
        sqlite_env.signed("POST", "/api/v1/registrations", application(),
                          {"Idempotency-Key": str(uuid.uuid4())}),
        sqlite_env.signed("GET", "/api/v1/registrations/" + "0" * 32),
        sqlite_env.http.get("/api/v1/keys/license"),
        sqlite_env.login(REVIEWER).get("/staff/queue"),
    ]
    for answer in answers:
        assert answer.headers["cache-control"] == "no-store", (answer.request.url, answer.headers)


def test_hsts_only_over_tls(sqlite_env: StaffEnv) -> None:  # noqa: F811
    over_tls = TestClient(sqlite_env.http.app, base_url="https://testserver", follow_redirects=False)
    assert over_tls.get("/staff/login").headers["strict-transport-security"].startswith("max-age=")
    assert "strict-transport-security" not in sqlite_env.http.get("/staff/login").headers
