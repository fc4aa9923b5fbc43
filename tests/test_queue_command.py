"""`kiosk queue ...` as a technician uses it, on a real queue file and a real local HTTP server."""

from __future__ import annotations

import argparse
import json
import stat
from pathlib import Path

import pytest
from queue_fixtures import SECRET, TERMINAL_ID, StubBackoffice, synthetic_body, synthetic_id_number

from kiosk.commands import queue as command
from offline_queue.outbox import Outbox


@pytest.fixture
def stub():
    with StubBackoffice() as server:
        yield server


@pytest.fixture
def kiosk(tmp_path: Path, stub, monkeypatch, capsys):
    for name, value in {"DATA_DIR": str(tmp_path), "BACKOFFICE_URL": stub.url, "TERMINAL_ID": TERMINAL_ID,
                        "TERMINAL_SECRET": SECRET, "QUEUE_RETRY_BASE_S": "0.01"}.items():
        monkeypatch.setenv(f"KIOSK_{name}", value)
    monkeypatch.setenv("KIOSK_CONFIG", str(tmp_path / "kiosk.toml"))
    (tmp_path / "kiosk.toml").write_text("")

    def run(*argv: str) -> tuple[int, str, str]:
        parser = argparse.ArgumentParser(prog="kiosk queue")
        command.add_arguments(parser)
        code = command.run(parser.parse_args(argv))
        out = capsys.readouterr()
        return code, out.out, out.err

    return run


def _enqueue(tmp_path: Path, n: int) -> list[str]:
    with Outbox.open(tmp_path / "queue.sqlite3", tmp_path / "queue.key") as box:
        return [box.enqueue(synthetic_body(i)).idempotency_key for i in range(n)]


def test_status_json_has_the_documented_keys(kiosk):
    code, out, _ = kiosk("status", "--json")
    assert code == 0
    assert json.loads(out) == {"pending": 0, "in_flight": 0, "done": 0, "dead": 0, "oldest_age_s": None,
                               "last_error": None}


def test_sync_retry_and_export_dead_letters(kiosk, stub, tmp_path):
    keys = _enqueue(tmp_path, 3)
    stub.script = [422]
    code, out, _ = kiosk("sync", "--until-empty", "--timeout", "20")
    assert code == 0
    status = json.loads(kiosk("status", "--json")[1])
    assert (status["done"], status["dead"], status["pending"]) == (2, 1, 0)
    assert status["last_error"] == "HTTP 422: scripted 422"

    code, out, _ = kiosk("list", "--state", "dead")
    assert code == 0 and "dead" in out and "HTTP 422" in out

    export = tmp_path / "dead.jsonl"
    assert kiosk("export-dead", str(export))[0] == 0
    assert stat.S_IMODE(export.stat().st_mode) == 0o600
    [record] = [json.loads(line) for line in export.read_text().splitlines()]
    assert record["idempotency_key"] == keys[0] and "body" not in record
    assert synthetic_id_number(0) not in export.read_text()
    assert kiosk("export-dead", str(export), "--include-body")[0] == 0
    assert json.loads(export.read_text())["body"]["applicant"]["card"]["id_number"] == synthetic_id_number(0)

    code, out, _ = kiosk("retry", "--dead")
    assert (code, out.strip()) == (0, "1 dead submissions queued again")
    assert kiosk("sync", "--until-empty", "--timeout", "20")[0] == 0
    assert json.loads(kiosk("status", "--json")[1])["done"] == 3
    assert stub.registrations == {k: 1 for k in keys}


def test_retry_by_id_and_unknown_id(kiosk, stub, tmp_path):
    keys = _enqueue(tmp_path, 1)
    stub.script = [400]
    kiosk("sync")
    assert kiosk("retry", "1") == (0, "submission 1 queued again\n", "")
    code, _, err = kiosk("retry", keys[0] + "x")
    assert code == 2 and "找不到该申请记录" in err


def test_sync_gives_up_after_the_timeout_when_the_back_office_is_down(kiosk, tmp_path, monkeypatch):
    monkeypatch.setenv("KIOSK_BACKOFFICE_URL", "http://127.0.0.1:9/")
    _enqueue(tmp_path, 1)
    code, out, err = kiosk("sync", "--until-empty", "--timeout", "0.5")
    assert code == 1
    assert "pending 1" in out and "not empty" in err
