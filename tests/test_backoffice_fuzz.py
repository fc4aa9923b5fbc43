"""Fuzz API v1 from its own OpenAPI spec (schemathesis): signed requests with generated bodies, headers and
paths must never produce a 5xx. Bounded to a few hundred examples so it stays well under a minute."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, settings

from backoffice.app import Backoffice, create_app
from backoffice.embedded import ServerThread
from backoffice.terminals import enrol
from domain.signing import sign_headers

TERMINAL, SECRET = "T-FUZZ", "fuzz-secret"


def _spec() -> dict:
    """The served OpenAPI document; building the app touches no database."""
    from sqlalchemy import create_engine

    from backoffice.external import ExternalChecks
    from backoffice.keys import KeyRing
    from backoffice.settings import Settings
    from domain.license_signing import new_private_key_pem

    bo = Backoffice(create_engine("sqlite://"), KeyRing(bytes(32), new_private_key_pem()), Settings(),
                    ExternalChecks.embedded())
    return create_app(bo).openapi()


schema = schemathesis.openapi.from_dict(_spec())


@pytest.fixture(scope="module")
def fuzz_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerThread]:
    root: Path = tmp_path_factory.mktemp("fuzz")
    bo = Backoffice.open(str(root / "bo.sqlite3"))
    enrol(bo.engine, bo.keys, TERMINAL, secret=SECRET, division_code="370702")
    thread = ServerThread(create_app(bo))
    thread.start()
    try:
        yield thread
    finally:
        thread.stop()
        bo.engine.dispose()


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, fuzz_server) -> None:  # type: ignore[no-untyped-def]
    kwargs = case.as_transport_kwargs(base_url=f"http://127.0.0.1:{fuzz_server.port}")
    if "json" in kwargs:
        body = json.dumps(kwargs.pop("json"), ensure_ascii=False).encode()
    else:
        data = kwargs.pop("data", b"") or b""
        body = data.encode() if isinstance(data, str) else bytes(data)
    kwargs["data"] = body
    headers = dict(kwargs.pop("headers", {}) or {})
    url = urlsplit(kwargs["url"])
    headers.update(sign_headers(TERMINAL, SECRET, kwargs["method"], url.path, body, query=url.query,
                                idempotency_key=str(headers.get("Idempotency-Key", ""))))
    try:
        resp = requests.request(headers=headers, timeout=30, **kwargs)
    except (requests.exceptions.InvalidHeader, UnicodeEncodeError, ValueError):
        return   # a header value no HTTP client can send
    assert resp.status_code < 500, (case.method, case.path, resp.status_code, resp.text[:300])
