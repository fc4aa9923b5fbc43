"""Network faults from a real fault-injecting TCP proxy in front of the real back office process, the back
office restarting, and a burn-in that must leave no personal data in plaintext on disk or in the logs."""

from __future__ import annotations

import base64
import logging
import random
from pathlib import Path

import pytest
from queue_fixtures import (
    SECRET,
    TERMINAL_ID,
    BackofficeProcess,
    FaultProxy,
    file_contains_any,
    synthetic_body,
    wait_for,
)

from kiosk.backoffice_client import BackofficeClient
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker

_counter = iter(range(500_000, 10**9, 1))


@pytest.fixture(scope="module")
def backoffice(tmp_path_factory):
    with BackofficeProcess(tmp_path_factory.mktemp("backoffice")) as process:
        yield process


@pytest.fixture
def proxy(backoffice):
    p = FaultProxy(backoffice.port).start()
    yield p
    p.stop()


@pytest.fixture
def box(tmp_path: Path):
    outbox = Outbox.open(tmp_path / "queue.sqlite3", tmp_path / "queue.key")
    yield outbox
    outbox.close()


def _worker(box: Outbox, url: str, **kw) -> SyncWorker:
    client = BackofficeClient(url, TERMINAL_ID, SECRET, timeout_s=kw.pop("timeout_s", 2.0))
    kw.setdefault("base_delay_s", 0.05)
    kw.setdefault("max_delay_s", 0.5)
    return SyncWorker(box, client, rng=random.Random(3), **kw)


def _enqueue(box: Outbox, n: int) -> list[str]:
    return [box.enqueue(synthetic_body(next(_counter))).idempotency_key for _ in range(n)]


def _assert_delivered_once(box: Outbox, backoffice: BackofficeProcess, keys: list[str]) -> None:
    assert [box.result(k).status for k in keys] == ["done"] * len(keys)
    registered = backoffice.registrations_per_key()
    assert [registered[k] for k in keys] == [1] * len(keys)
    # the stored result is the back office's own record of that registration
    first = box.result(keys[0])
    reply = BackofficeClient(backoffice.url, TERMINAL_ID, SECRET).registration(first.registration_id)
    assert reply.status == 200 and reply.body["receipt_token"] == first.receipt_token


@pytest.mark.parametrize("fault", ["refuse", "timeout", "reset_request", "reset_response", "http500", "drip"])
def test_each_network_fault_ends_delivered_exactly_once(box, backoffice, proxy, fault):
    keys = _enqueue(box, 3)
    proxy.set_fault(fault, 1 if fault == "drip" else 2)
    worker = _worker(box, proxy.url, timeout_s=1.0)
    if fault == "refuse":
        worker.deliver_due()
        assert "refused" in box.status().last_error
        proxy.set_fault("none", 0)
    assert worker.sync_until_empty(30)
    if fault != "drip":   # a slow answer is still an answer: no retry needed
        assert box.result(keys[0]).attempts >= 2
    _assert_delivered_once(box, backoffice, keys)


def test_back_office_restarting_mid_burst_ends_delivered_exactly_once(box, backoffice):
    keys = _enqueue(box, 40)
    worker = _worker(box, backoffice.url, breaker_failures=2, breaker_cooldown_s=0.5, poll_interval_s=0.1)
    worker.start()
    try:
        assert wait_for(lambda: box.status().done >= 5, 20)
        backoffice.stop()           # requests in flight die with it
        more = _enqueue(box, 5)     # residents keep submitting while it is down
        worker.wake()
        assert wait_for(lambda: worker.paused, 10)
        assert box.status().pending > 0
        backoffice.start()
        # the worker notices on its own: no wake(), no restart
        assert wait_for(lambda: box.status().pending + box.status().in_flight == 0, 30)
    finally:
        worker.stop()
    _assert_delivered_once(box, backoffice, keys + more)


def test_burn_in_leaves_no_personal_data_in_plaintext_on_disk_or_in_logs(tmp_path, backoffice, proxy, caplog):
    caplog.set_level(logging.DEBUG)
    log_file = tmp_path / "kiosk.log"
    handler = logging.FileHandler(log_file)
    handler.setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    try:
        indexes = [next(_counter) for _ in range(60)]
        bodies = [synthetic_body(i, face_bytes=6000) for i in indexes]
        db, key = tmp_path / "queue.sqlite3", tmp_path / "queue.key"
        with Outbox.open(db, key) as box:
            worker = _worker(box, proxy.url, timeout_s=1.0)
            for n, body in enumerate(bodies):
                box.enqueue(body, {"print": body["applicant"]["card"]["name"].encode()})
                if n % 10 == 0:   # mixed weather: some faults along the way
                    proxy.set_fault(["reset_response", "http500", "timeout"][n % 3], 1)
                worker.deliver_due()
            # a rejected one stays as a dead letter with its data (encrypted) for the technician
            box.enqueue({**bodies[0], "applicant": {**bodies[0]["applicant"], "phone": "x"}})
            assert worker.sync_until_empty(30)
            assert box.status().done == 60 and box.status().dead == 1
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    needles = []
    for body in bodies:
        card = body["applicant"]["card"]
        needles += [card["name"], card["id_number"], card["address"], body["applicant"]["phone"],
                    body["business"]["premises"]["address"], body["applicant"]["face_jpeg"][100:140]]
    needles_b = [n.encode() for n in needles] + [base64.b64decode(b["applicant"]["face_jpeg"])[100:140]
                                                  for b in bodies]
    files = [p for p in tmp_path.iterdir() if p.is_file()]
    assert {p.name for p in files} >= {"queue.sqlite3", "queue.sqlite3.audit.jsonl", "kiosk.log"}
    assert file_contains_any(files, needles_b) == []
    assert not [n for n in needles for r in caplog.records if n in r.getMessage()]
