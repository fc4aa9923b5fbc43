"""A terminal starts, queues and prints receipts while its back office refuses connections and no license key
is cached; a session learns at once that its submission stays queued; once the back office answers, the key is
fetched and licenses are verified and printed again."""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from queue_fixtures import FaultProxy, free_port

from backoffice.app import Backoffice, create_app
from backoffice.embedded import ServerThread
from backoffice.settings import Settings
from backoffice.terminals import enrol
from kiosk.burnin import burn_in
from kiosk.config import load_config
from kiosk.paperwork import Paperwork
from kiosk.results import ResultBoard
from kiosk.session import Outcome, Result
from kiosk.synthetic import synthetic_card
from kiosk.terminal import open_terminal

REPO = Path(__file__).resolve().parents[1]


def _refusing_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIOSK_")}
    env |= {"KIOSK_BACKOFFICE_URL": f"http://127.0.0.1:{free_port()}/",   # nothing listens: refused
            "KIOSK_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    return env


def test_burn_in_with_the_back_office_refusing_queues_twenty_sessions_quickly(tmp_path):
    started = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "burn-in", "--sessions", "20", "--json",
                          "--data-dir", str(tmp_path / "data"), "--print-dir", str(tmp_path / "printed")],
                         capture_output=True, text=True, timeout=300, env=_refusing_env(tmp_path), cwd=tmp_path)
    elapsed = time.monotonic() - started
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    sessions, summary = lines[:-1], lines[-1]
    assert [s["status"] for s in sessions] == ["queued"] * 20
    assert all(s["pickup"] == "queued" for s in sessions)   # the receipt finds its case in this queue
    assert summary["queued"] == 20 and summary["failed"] == 0 and summary["heartbeat"] is False
    printed = list((tmp_path / "printed").glob("*.pdf"))
    assert len(printed) == 20 and all("receipt-" in p.name for p in printed)
    assert not (tmp_path / "data" / "license_key.pem").exists()
    assert elapsed <= 40, f"20 offline sessions took {elapsed:.1f} s"


def test_kiosk_run_starts_and_quits_with_the_back_office_refusing(tmp_path):
    out = subprocess.run([sys.executable, "-m", "kiosk.cli", "run", "--simulate", "--quit-after", "5"],
                         capture_output=True, text=True, timeout=300, env=_refusing_env(tmp_path), cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    assert "screen: home" in out.stdout


@pytest.fixture
def office(tmp_path) -> Iterator[FaultProxy]:
    """A real back office behind a proxy that refuses connections until told otherwise. Its district accepts
    the open face engine, as the embedded one does, so a simulated visit can be approved and claimed (with the
    face compared again at pick-up)."""
    bo = Backoffice.open(str(tmp_path / "backoffice.sqlite3"), keys_path=tmp_path / "keys",
                         settings=Settings(face_open_engine_divisions="370702", pickup_face_required=True))
    enrol(bo.engine, bo.keys, "T-OFF", secret="secret-off", division_code="370702")
    server = ServerThread(create_app(bo))
    server.start()
    proxy = FaultProxy(server.port)
    proxy.set_fault("refuse", 10**9)
    proxy.start()
    try:
        yield proxy
    finally:
        proxy.stop()
        server.stop()
        bo.engine.dispose()


def test_licenses_are_verified_once_the_back_office_answers(tmp_path, office):
    config = load_config(env={}, data_dir=tmp_path / "kiosk", terminal_id="T-OFF", terminal_secret="secret-off",
                         backoffice_url=office.url, reader_port="sim", camera_source="sim",
                         printer=f"dir:{tmp_path / 'printed'}", decision_wait_s=15.0, queue_retry_base_s=0.2,
                         queue_retry_max_s=0.5, queue_breaker_cooldown_s=0.5)
    lines: list[dict] = []
    with open_terminal(config, rng=random.Random(1)) as terminal:
        assert terminal.license_key.known is None

        offline = burn_in(terminal, 1, lines.append, random.Random(2))
        assert lines[-1]["status"] == "queued" and offline["failed"] == 0
        # The session did not sit out decision_wait_s: the refused delivery told it at once.
        assert offline["seconds_per_stage"]["decision"] < 2.0

        office.set_fault("none", 0)
        assert terminal.license_key.wait_fetched(30), "the key was not fetched once the back office answered"
        assert terminal.sync.sync_until_empty(30)            # the queued submission is delivered too
        online = burn_in(terminal, 1, lines.append, random.Random(3))
    assert online["failed"] == 0 and online["heartbeat"] is True
    assert lines[-1]["status"] == "approved" and lines[-1]["pickup"] == "claimed" and lines[-1]["rated"]
    assert any("license-" in p.name for p in (tmp_path / "printed").glob("*.pdf"))
    assert (tmp_path / "kiosk" / "license_key.pem").read_text().startswith("-----BEGIN PUBLIC KEY-----")


def test_a_license_that_arrives_before_the_key_is_not_printed_but_a_receipt_is(tmp_path):
    config = load_config(env={}, data_dir=tmp_path)
    card = synthetic_card(random.Random(4), "370702", dt.date.today())
    result = Result(Outcome.APPROVED, "key-1", registration_id="R1", uscc="92370702MA00000156",
                    receipt_token="receipt-token-1", signed_license={"fields": {}, "signature": "unverifiable"})
    documents = Paperwork(config, lambda: None).documents(result, card, "张记小吃")
    assert [d.title for d in documents] == ["receipt-R1"]


def test_a_session_stops_waiting_when_delivery_is_held_back_after_it_was_queued():
    board = ResultBoard()
    board.held_back()                       # an earlier hold concerns earlier submissions only
    board.expect("k1", board.mark())
    started = time.monotonic()
    assert board.take("k1", 0.3) is None
    assert time.monotonic() - started >= 0.29

    board.expect("k2", board.mark())
    board.held_back()
    started = time.monotonic()
    assert board.take("k2", 15.0) is None
    assert time.monotonic() - started < 1.0

    board.expect("k3", board.mark())
    board.deliver("k3", {"status": "approved"})
    assert board.take("k3", 15.0) == {"status": "approved"}
    board.deliver("k2", {"status": "approved"})    # too late for its session: not kept in memory
    assert board.take("k2", 0.0) is None
