"""A PostgreSQL restart under a running back office: requests during the outage get a 503 in Chinese (JSON for
terminals, a page for staff), and afterwards the pool's stale connections are replaced without a failure."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from backoffice_fixtures import SECRET, TERMINAL, application, encode
from staff_fixtures import REVIEWER, StaffEnv, open_env

from backoffice import throwaway_pg
from backoffice.throwaway_pg import ThrowawayPostgres


@pytest.fixture
def own_cluster(tmp_path: Path) -> Iterator[tuple[ThrowawayPostgres, StaffEnv]]:
    if not throwaway_pg.available():
        pytest.skip("PostgreSQL 15 binaries not installed")
    cluster = ThrowawayPostgres().start()
    env = open_env(cluster.create_database(), tmp_path / "keys")
    try:
        yield cluster, env
    finally:
        env.http.close()
        env.bo.engine.dispose()
        cluster.stop()


def test_a_database_restart_gives_503s_then_recovers(own_cluster) -> None:
    cluster, env = own_cluster
    staff = env.login(REVIEWER)
    assert env.signed("GET", "/api/v1/catalogue/scopes").status_code == 200
    cluster.halt()
    try:
        down = env.signed("GET", "/api/v1/catalogue/scopes")
        assert down.status_code == 503 and "数据库" in down.json()["message_zh"]
        assert down.headers["retry-after"]
        submitted = env.signed("POST", "/api/v1/registrations", encode(application()), {"Idempotency-Key": "k-1"})
        assert submitted.status_code == 503            # the terminal's queue retries 5xx later
        page = staff.get("/staff/queue")
        assert page.status_code == 503 and "暂时无法服务" in page.text and "text/html" in page.headers["content-type"]
    finally:
        cluster.resume()
    for _ in range(3):                                 # every pooled connection is stale now: none may fail
        assert env.signed("GET", "/api/v1/catalogue/scopes", terminal=(TERMINAL, SECRET)).status_code == 200
        assert staff.get("/staff/queue").status_code == 200
    assert env.signed("POST", "/api/v1/registrations", encode(application()),
                      {"Idempotency-Key": "k-1"}).status_code == 201
