"""API v1 besides registration decisions: lookups, ratings, heartbeat, validation, keys, CLI, embedded."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from backoffice_fixtures import (
    DELETE,
    DIVISION,
    application,
    db_url,  # noqa: F401  (fixture)
    pg_cluster,  # noqa: F401  (fixture)
    server,  # noqa: F401  (fixture)
    submit,
    with_identity_photos,
)
from sqlalchemy import select

from backoffice.embedded import EmbeddedBackoffice
from backoffice.evaluations import add_working_days, advance_follow_up, list_follow_ups
from backoffice.models import terminal_status
from backoffice.terminals import enrol
from domain import scopes
from domain.license_signing import verify_license
from kiosk.backoffice_client import BackofficeClient

REPO = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "backoffice.cli"]


def test_catalogue_lists_the_scope_catalogue(server) -> None:  # noqa: F811
    reply = server.client.scopes()
    assert reply.status == 200
    assert len(reply.body) == len(scopes.catalogue())
    first = reply.body[0]
    assert set(first) == {"code", "name", "permit_required", "industry"}
    assert scopes.get(first["code"]).name == first["name"]


def test_registration_and_receipt_lookup(server) -> None:  # noqa: F811
    _, reply = submit(server, application())
    by_id = server.client.registration(reply["registration_id"])
    by_receipt = server.client.receipt(reply["receipt_token"])
    assert by_id.status == by_receipt.status == 200
    assert by_id.body["uscc"] == by_receipt.body["uscc"] == reply["uscc"]
    assert verify_license(by_id.body["license"], server.bo.keys.license_public_pem)["uscc"] == reply["uscc"]
    # Another terminal cannot read this terminal's registration by id, but a receipt works anywhere.
    enrol(server.bo.engine, server.bo.keys, "T-2", secret="s2", division_code=DIVISION)
    other = server.client_for("T-2", "s2")
    assert other.registration(reply["registration_id"]).status == 404
    assert other.receipt(reply["receipt_token"]).status == 200
    assert server.client.receipt("no-such-token").status == 404


def test_license_public_key_endpoint_verifies_licenses(server) -> None:  # noqa: F811
    _, reply = submit(server, application(**{"business.name": "潍城区赵六理发店"}))
    key = requests.get(server.url + "api/v1/keys/license", timeout=10).json()
    fields = verify_license(reply["license"], key["public_key_pem"].encode())
    assert fields["name"] == "潍城区赵六理发店"
    assert fields["type"] == "个体工商户" and fields["organization"] == "个人经营"
    assert fields["premises"] == "山东省潍坊市潍城区胜利西街100号"
    assert fields["scope_general"] and fields["scope_permit"] == []


@pytest.mark.parametrize(("level", "follow_up"), [("非常满意", False), ("基本满意", False), ("不满意", True),
                                                  ("非常不满意", True)])
def test_bad_ratings_open_a_follow_up(server, level: str, follow_up: bool) -> None:  # noqa: F811
    _, reply = submit(server, application())
    rated = server.client.evaluate({"registration_id": reply["registration_id"], "level": level,
                                    "comment": "等了很久", "tags": ["服务效率"]})
    assert rated.status == 201
    assert (rated.body["follow_up_id"] is not None) is follow_up
    items = list_follow_ups(server.bo.engine, dt.date.today(), frozenset({DIVISION}))
    assert len(items) == int(follow_up)
    if follow_up:
        assert rated.body["follow_up_due"] == items[0].due_date.isoformat()
        advance_follow_up(server.bo.engine, items[0].follow_up_id, "closed", "staff-1", "已回访并整改",
                          frozenset({DIVISION}))
        assert list_follow_ups(server.bo.engine, dt.date.today(), frozenset({DIVISION})) == []


def test_rating_an_unknown_registration_is_404(server) -> None:  # noqa: F811
    assert server.client.evaluate({"registration_id": "nope", "level": "满意"}).status == 404


def test_working_day_deadline_skips_weekends() -> None:
    friday = dt.date(2026, 11, 20)
    assert add_working_days(friday, 1) == dt.date(2026, 11, 23)
    assert add_working_days(friday, 5) == dt.date(2026, 11, 27)


def test_heartbeat_is_recorded(server) -> None:  # noqa: F811
    reply = server.client.heartbeat({"queue_depth": 4, "devices": {"printer": "ok", "reader": "error"},
                                     "versions": {"kiosk": "0.1.0"}})
    assert reply.status == 200
    with server.bo.engine.connect() as conn:
        row = conn.execute(select(terminal_status)).one()
    assert row.queue_depth == 4 and json.loads(row.devices_json)["reader"] == "error"


@pytest.mark.parametrize(("change", "field"), [
    ({"business.premises": DELETE}, "premises"),
    ({"business.organization": "company"}, "organization"),
    ({"applicant.face_jpeg": "not base64!"}, "face_jpeg"),
    ({"applicant.phone": "call me"}, "phone"),
    ({"applicant.card.birth_date": "1990-02-30"}, "birth_date"),
    ({"applicant.card.card_type": "passport"}, "card_type"),
    ({"business.capital_yuan": -1}, "capital_yuan"),
    ({"business.scope": "G"}, "scope"),
])
def test_invalid_bodies_are_422_naming_the_field(server, change, field: str) -> None:  # noqa: F811
    status, reply = submit(server, application(**change))
    assert status == 422
    assert any(field in err["loc"] for err in reply["detail"])


def test_missing_idempotency_key_is_rejected(server) -> None:  # noqa: F811
    reply = server.client.request("POST", "api/v1/registrations", json.dumps(application()).encode())
    assert reply.status == 422
    assert any("idempotency-key" in err["loc"] for err in reply.body["detail"])


def test_personal_data_is_not_stored_in_clear(tmp_path: Path) -> None:
    embedded = EmbeddedBackoffice(tmp_path / "bo.sqlite3", terminal_id="T-E", terminal_secret="e",
                                  division_code=DIVISION)
    embedded.start()
    try:
        body = application()
        client = BackofficeClient(embedded.url, "T-E", "e")
        assert client.submit_registration("k1", json.dumps(body, ensure_ascii=False).encode()).status == 201
    finally:
        embedded.stop()
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("bo.sqlite3*") if not p.name.endswith(".keys"))
    card = body["applicant"]["card"]
    for secret in (card["id_number"], card["name"], "胜利西街100号", body["applicant"]["phone"]):
        assert secret.encode() not in stored
    assert base64.b64decode(body["applicant"]["face_jpeg"])[:4096] not in stored


def test_embedded_backoffice_approves_a_burst_quickly(tmp_path: Path) -> None:
    embedded = EmbeddedBackoffice(tmp_path / "bo.sqlite3", terminal_id="T-E", terminal_secret="e",
                                  division_code=DIVISION)
    embedded.start()
    try:
        client = BackofficeClient(embedded.url, "T-E", "e")
        started = time.monotonic()
        bodies = [json.dumps(with_identity_photos(application())).encode() for _ in range(20)]
        replies = [client.submit_registration(f"k{i}", body) for i, body in enumerate(bodies)]
        elapsed = time.monotonic() - started
        assert all(r.status == 201 and r.body["status"] == "approved" for r in replies)
        assert verify_license(replies[0].body["license"], embedded.license_public_key_pem)
        # Each approval includes a real 人证比对 (two embeddings, ~0.4 s on one core).
        assert elapsed < 30, f"20 approvals took {elapsed:.1f} s"
    finally:
        embedded.stop()


# --- command line -------------------------------------------------------------------------------------

def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, cwd=REPO, timeout=60, check=False)


def test_cli_help_for_every_command() -> None:
    for command in ("serve", "create-terminal", "export"):
        done = _run(command, "--help")
        assert done.returncode == 0 and "--db" in done.stdout


def test_cli_create_terminal_export_and_serve(db_url: str, tmp_path: Path) -> None:  # noqa: F811
    keys = str(tmp_path / "k.keys")
    made = _run("create-terminal", "--db", db_url, "--keys", keys, "--id", "T-CLI", "--json")
    assert made.returncode == 0, made.stderr
    secret = json.loads(made.stdout)
    assert secret["terminal_id"] == "T-CLI" and len(secret["secret"]) >= 32
    assert _run("create-terminal", "--db", db_url, "--keys", keys, "--id", "T-X",
                "--division", "999999").returncode == 2

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # A district whose settings accept the open face engine (environment: KIOSK_BACKOFFICE_<KEY>).
    env = os.environ | {"KIOSK_BACKOFFICE_FACE_OPEN_ENGINE_DIVISIONS": "*"}
    serve = subprocess.Popen([*CLI, "serve", "--db", db_url, "--keys", keys, "--port", str(port)],
                             cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env)
    try:
        client = BackofficeClient(f"http://127.0.0.1:{port}/", "T-CLI", secret["secret"])
        deadline = time.monotonic() + 30
        while True:
            try:
                reply = client.submit_registration("cli-1", json.dumps(with_identity_photos(application())).encode())
                break
            except Exception:
                assert time.monotonic() < deadline and serve.poll() is None, "serve did not come up"
                time.sleep(0.2)
        assert reply.status == 201 and reply.body["status"] == "approved"
        client.close()
    finally:
        serve.terminate()
        serve.wait(timeout=20)

    as_csv = _run("export", "--db", db_url, "--keys", keys, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["idempotency_key"], r["terminal_id"], r["status"]) for r in rows] == [
        ("cli-1", "T-CLI", "approved")]
    assert rows[0]["uscc"] == reply.body["uscc"] and rows[0]["created_at"]
    as_jsonl = _run("export", "--db", db_url, "--keys", keys, "--format", "jsonl")
    assert json.loads(as_jsonl.stdout.splitlines()[0])["registration_id"] == reply.body["registration_id"]
    assert os.environ.get("KIOSK_BACKOFFICE_DB") is None   # serve's environment stays in its process
