"""Idempotent submission and request authentication, on SQLite and PostgreSQL, over real HTTP."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests
from backoffice_fixtures import (
    DIVISION,
    SECRET,
    TERMINAL,
    Running,
    application,
    db_url,  # noqa: F401  (fixture)
    encode,
    pg_cluster,  # noqa: F401  (fixture)
    resident_card,
    server,  # noqa: F401  (fixture)
    submit,
)
from sqlalchemy import func, select

from backoffice.app import create_app
from backoffice.embedded import ServerThread
from backoffice.models import registrations
from backoffice.terminals import enrol
from domain.signing import sign_headers


def _count(running: Running) -> int:
    with running.bo.engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(registrations)).scalar_one()


def test_same_key_same_body_returns_the_first_reply(server) -> None:  # noqa: F811
    body, key = application(), str(uuid.uuid4())
    first = submit(server, body, key)
    again = submit(server, body, key)
    assert first[0] == again[0] == 201
    assert again[1] == first[1]
    assert _count(server) == 1


def test_same_key_different_body_is_422(server) -> None:  # noqa: F811
    key = str(uuid.uuid4())
    assert submit(server, application(), key)[0] == 201
    status, reply = submit(server, application(**{"business.employees": 3}), key)
    assert status == 422 and reply["message_zh"]
    assert _count(server) == 1


def test_keys_are_per_terminal(server) -> None:  # noqa: F811
    enrol(server.bo.engine, server.bo.keys, "T-OTHER", secret="other", division_code="370702")
    key = str(uuid.uuid4())
    a = submit(server, application(), key)[1]
    b = submit(server, application(), key, terminal=("T-OTHER", "other"))[1]
    assert a["registration_id"] != b["registration_id"]


def _second_server(running: Running) -> ServerThread:
    """Another back-office 'process' (own app, own in-flight set) on the same database."""
    thread = ServerThread(create_app(running.bo))
    thread.start()
    return thread


def test_concurrent_duplicates_make_one_registration(server) -> None:  # noqa: F811
    other = _second_server(server)
    try:
        body, key = encode(application()), str(uuid.uuid4())
        urls = [server.url, f"http://127.0.0.1:{other.port}/"]

        def send(i: int) -> tuple[int, Any]:
            path = "/api/v1/registrations"
            headers = {"Content-Type": "application/json", "Idempotency-Key": key,
                       **sign_headers(TERMINAL, SECRET, "POST", path, body, idempotency_key=key)}
            resp = requests.post(urls[i % 2].rstrip("/") + path, data=body, headers=headers, timeout=30)
            return resp.status_code, resp.json()

        with ThreadPoolExecutor(12) as pool:
            results = list(pool.map(send, range(24)))
        assert {status for status, _ in results} <= {201, 409}
        ids = {reply["registration_id"] for status, reply in results if status == 201}
        assert len(ids) == 1
        assert _count(server) == 1
        # Once the first request is done, every retry gets its reply.
        assert submit(server, body, key)[1]["registration_id"] in ids
    finally:
        other.stop()


def test_concurrent_submissions_for_one_applicant_approve_once(server) -> None:  # noqa: F811
    other = _second_server(server)
    try:
        card = resident_card()
        as_other = Running(server.bo, f"http://127.0.0.1:{other.port}/", server.client)
        with ThreadPoolExecutor(8) as pool:
            replies = list(pool.map(lambda i: submit([server, as_other][i % 2],
                                                     application(**{"applicant.card": card}))[1], range(8)))
        statuses = sorted(r["status"] for r in replies)
        assert statuses == ["approved"] + ["manual_review"] * 7
    finally:
        other.stop()


def test_concurrent_identical_names_register_once(server) -> None:  # noqa: F811
    with ThreadPoolExecutor(6) as pool:
        replies = list(pool.map(lambda _: submit(server, application(**{"business.name": "潍城区王五面馆"}))[1],
                                range(6)))
    assert sorted(r["status"] for r in replies) == ["approved"] + ["rejected"] * 5


# --- authentication (signing v2) ----------------------------------------------------------------------

REGISTRATIONS = "/api/v1/registrations"


def _post(running: Running, headers: dict[str, str], body: bytes) -> requests.Response:
    return requests.post(running.url.rstrip("/") + REGISTRATIONS, data=body, timeout=30,
                         headers={"Content-Type": "application/json", **headers})


def _signed(body: bytes, key: str, **kwargs: Any) -> dict[str, str]:
    return {"Idempotency-Key": key,
            **sign_headers(TERMINAL, SECRET, "POST", REGISTRATIONS, body, idempotency_key=key, **kwargs)}


@pytest.mark.parametrize(("case", "mangle"), [
    ("no_headers", lambda h: {"Idempotency-Key": h["Idempotency-Key"]}),
    ("no_signature", lambda h: {k: v for k, v in h.items() if k != "X-Signature"}),
    ("no_nonce", lambda h: {k: v for k, v in h.items() if k != "X-Nonce"}),
    ("wrong_signature", lambda h: {**h, "X-Signature": "0" * 64}),
    ("unknown_terminal", lambda h: {**h, "X-Terminal-Id": "T-NOBODY"}),
    ("bad_timestamp", lambda h: {**h, "X-Timestamp": "yesterday"}),
    ("other_nonce", lambda h: {**h, "X-Nonce": "f" * 32}),
])
def test_bad_signatures_are_401(server, case: str, mangle) -> None:  # noqa: F811
    body = encode(application())
    assert _post(server, mangle(_signed(body, str(uuid.uuid4()))), body).status_code == 401
    assert _count(server) == 0


def test_an_old_terminal_is_told_its_signing_version_is_refused(server) -> None:  # noqa: F811
    body = encode(application())
    headers = {k: v for k, v in _signed(body, str(uuid.uuid4())).items() if k != "X-Signature-Version"}
    reply = _post(server, headers, body)
    assert reply.status_code == 401
    assert "signing v1" in reply.json()["detail"] and "版本" in reply.json()["message_zh"]


@pytest.mark.parametrize("skew", [-301, 301])
def test_stale_or_future_signatures_are_401(server, skew: int) -> None:  # noqa: F811
    body = encode(application())
    assert _post(server, _signed(body, str(uuid.uuid4()), now=time.time() + skew), body).status_code == 401


def test_signature_is_bound_to_the_path_and_query(server) -> None:  # noqa: F811
    headers = sign_headers(TERMINAL, SECRET, "GET", "/api/v1/catalogue/scopes", b"")
    assert requests.get(server.url + "api/v1/terminals/heartbeat", headers=headers, timeout=10).status_code in {
        401, 405}
    assert requests.get(server.url + "api/v1/catalogue/scopes?x=1", headers=headers, timeout=10).status_code == 401
    fresh = sign_headers(TERMINAL, SECRET, "GET", "/api/v1/catalogue/scopes", b"")
    assert requests.get(server.url + "api/v1/catalogue/scopes", headers=fresh, timeout=10).status_code == 200


def test_replayed_request_is_refused(server) -> None:  # noqa: F811
    body = encode(application())
    headers = _signed(body, str(uuid.uuid4()))
    assert _post(server, headers, body).status_code == 201
    replay = _post(server, headers, body)
    assert replay.status_code == 401 and "replay" in replay.json()["detail"]


def test_a_refused_request_cannot_be_replayed_under_a_new_key(server) -> None:  # noqa: F811
    """The nonce is committed before the request is processed, so a 422 cannot roll it back; the key is
    signed, so the captured headers are worthless with another one."""
    key = str(uuid.uuid4())
    assert submit(server, application(), key)[0] == 201
    other = encode(application(**{"business.employees": 3}))
    captured = _signed(other, key)
    assert _post(server, captured, other).status_code == 422         # key reused with another body
    assert _post(server, captured, other).status_code == 401         # the very same request again
    assert _post(server, {**captured, "Idempotency-Key": str(uuid.uuid4())}, other).status_code == 401
    assert _count(server) == 1


def test_a_changed_idempotency_key_is_401(server) -> None:  # noqa: F811
    body = encode(application())
    headers = {**_signed(body, str(uuid.uuid4())), "Idempotency-Key": str(uuid.uuid4())}
    assert _post(server, headers, body).status_code == 401
    assert _count(server) == 0


def test_two_honest_identical_requests_in_one_second_both_succeed(server) -> None:  # noqa: F811
    now = time.time()
    for _ in range(2):
        headers = sign_headers(TERMINAL, SECRET, "GET", "/api/v1/catalogue/scopes", b"", now=now)
        assert requests.get(server.url + "api/v1/catalogue/scopes", headers=headers, timeout=10).status_code == 200
    body, key = encode(application()), str(uuid.uuid4())
    first = _post(server, _signed(body, key, now=now), body)
    retry = _post(server, _signed(body, key, now=now), body)     # the sync worker's resend: same key and bytes
    assert first.status_code == retry.status_code == 201
    assert retry.headers.get("Idempotent-Replayed") == "true"
    assert retry.json()["registration_id"] == first.json()["registration_id"]


def test_a_re_enrolled_terminal_is_accepted_at_once(server) -> None:  # noqa: F811
    assert server.client.scopes().status == 200          # the terminal is now cached by the server
    new_secret = enrol(server.bo.engine, server.bo.keys, TERMINAL, division_code=DIVISION)
    fresh = server.client_for(TERMINAL, new_secret)
    try:
        assert fresh.scopes().status == 200
    finally:
        fresh.close()
