"""Fuzz every API and staff endpoint with schemathesis: no 5xx allowed.

    python -m benchmarks.fuzz [--examples 200] [--db sqlite|URL]

Serves a back office (uvicorn on a thread, a fresh SQLite file unless --db names a database) with a terminal,
a manager and a reviewer, then runs `--examples` generated requests per operation through real HTTP: API
requests signed by the terminal (signing v2, a fresh nonce each), staff requests with the manager's session
cookie and CSRF token. The staff pages are left out of the public OpenAPI description, so the fuzzer's
description includes them (their query, path and form fields). POST /staff/logout is left out: it would end
the session the rest of the run needs. Prints per operation: examples sent, answers by status class, 5xx.
Exit status 1 when any 5xx was seen.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests
import schemathesis
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from hypothesis import HealthCheck, given, settings

from backoffice.app import Backoffice, create_app
from backoffice.embedded import ServerThread
from backoffice.staff import create_staff
from backoffice.terminals import enrol
from domain.signing import sign_headers

TERMINAL, SECRET, DIVISION = "T-FUZZ", "fuzz-secret", "370702"
MANAGER, PASSWORD = "fuzz-manager", "Fuzz-password-2026"
SKIPPED = {("POST", "/staff/logout")}


def _routes(routes: list[Any]) -> list[Any]:
    """Every route, those of included routers too (our routers use no prefix), each in the description."""
    found = []
    for route in routes:
        included = getattr(route, "original_router", None)   # FastAPI's wrapper of an included router
        if included is not None:
            found.extend(_routes(included.routes))
            continue
        if getattr(route, "include_in_schema", None) is False:
            route = copy.copy(route)
            route.include_in_schema = True
        found.append(route)
    return found


def full_spec(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI description of every route, the staff pages included."""
    return get_openapi(title=app.title, version=app.version, routes=_routes(app.routes))


class Caller:
    def __init__(self, base: str) -> None:
        self.base = base
        self.staff = requests.Session()
        page = self.staff.get(base + "/staff/login", timeout=30)
        done = self.staff.post(base + "/staff/login", allow_redirects=False, timeout=30, data={
            "username": MANAGER, "password": PASSWORD, "csrf_token": _csrf(page.text)})
        if done.status_code != 303:
            raise RuntimeError(f"manager login failed: {done.status_code}")
        self.csrf = _csrf(self.staff.get(base + "/staff/queue", timeout=30).text)
        self.api = requests.Session()

    def send(self, case: Any) -> int | None:
        kwargs = case.as_transport_kwargs(base_url=self.base)
        headers = {k: str(v) for k, v in (kwargs.pop("headers", None) or {}).items()}
        path = case.path
        body: Any
        if "json" in kwargs:
            body = json.dumps(kwargs.pop("json"), ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        else:
            body = kwargs.pop("data", None)
        if path.startswith("/staff/") and case.method == "POST":
            body = {**(body if isinstance(body, dict) else {}), "csrf_token": self.csrf}
        try:
            prepared = requests.Request(kwargs["method"], kwargs["url"], headers=headers, params=kwargs.get("params"),
                                        data=body, cookies=self.staff.cookies if path.startswith("/staff") else None
                                        ).prepare()
        except (ValueError, UnicodeError, requests.exceptions.InvalidHeader):
            return None   # something no HTTP client can send
        if path.startswith("/api/v1/") and not path.startswith(("/api/v1/keys/", "/api/v1/enrolments")):
            raw = prepared.body or b""
            raw = raw.encode() if isinstance(raw, str) else raw
            url = urlsplit(prepared.url)
            prepared.headers.update(sign_headers(TERMINAL, SECRET, prepared.method or "GET", url.path, raw,
                                                 query=url.query,
                                                 idempotency_key=prepared.headers.get("Idempotency-Key", "")))
        try:
            return self.api.send(prepared, timeout=60, allow_redirects=False).status_code
        except (requests.exceptions.InvalidHeader, ValueError, UnicodeError):
            return None


def fuzz_operation(caller: Caller, operation: Any, examples: int, failures: list[str]) -> Counter[str]:
    counts = Counter[str]()

    @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def fuzz(case: Any) -> None:
        status = caller.send(case)
        counts["sent"] += 1
        if status is None:
            counts["unsendable"] += 1
            return
        counts[f"{status // 100}xx"] += 1
        if status >= 500:
            failures.append(f"{case.method} {case.formatted_path}: {status}")

    fuzz()
    return counts


def _csrf(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start:html.index('"', start)]


def run(db: str | None, examples: int) -> int:
    with tempfile.TemporaryDirectory(prefix="fuzz-") as scratch:
        bo = Backoffice.open(db or str(Path(scratch) / "bo.sqlite3"), keys_path=Path(scratch) / "keys")
        enrol(bo.engine, bo.keys, TERMINAL, secret=SECRET, division_code=DIVISION)
        create_staff(bo.engine, MANAGER, "manager", PASSWORD, [DIVISION])
        app = create_app(bo)
        server = ServerThread(app)
        server.start()
        failures: list[str] = []
        try:
            caller = Caller(f"http://127.0.0.1:{server.port}")
            schema = schemathesis.openapi.from_dict(full_spec(app))
            print(f"{'operation':<52} {'sent':>5} {'2xx':>5} {'3xx':>5} {'4xx':>5} {'5xx':>5}")
            total = Counter[str]()
            started = time.monotonic()
            for result in schema.get_all_operations():
                operation = result.ok()
                if (operation.method.upper(), operation.path) in SKIPPED:
                    continue
                counts = fuzz_operation(caller, operation, examples, failures)
                total.update(counts)
                name = f"{operation.method.upper()} {operation.path}"
                print(f"{name:<52} {counts['sent']:>5} {counts['2xx']:>5} {counts['3xx']:>5} {counts['4xx']:>5} "
                      f"{counts['5xx']:>5}", flush=True)
            print(f"{'total':<52} {total['sent']:>5} {total['2xx']:>5} {total['3xx']:>5} {total['4xx']:>5} "
                  f"{total['5xx']:>5}  ({time.monotonic() - started:.0f} s)")
        finally:
            server.stop()
            bo.engine.dispose()
    for failure in failures[:20]:
        print("5xx:", failure)
    return 1 if failures else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.fuzz", description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=200, help="generated requests per operation (default 200)")
    parser.add_argument("--db", default=None, help="database URL (default: a fresh SQLite file)")
    args = parser.parse_args(argv)
    return run(args.db, args.examples)


if __name__ == "__main__":
    sys.exit(main())
