"""The sync worker against a real local HTTP server with the back office's idempotency rules."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from queue_fixtures import (
    SECRET,
    TERMINAL_ID,
    FaultProxy,
    StubBackoffice,
    synthetic_body,
    synthetic_id_number,
    wait_for,
)

from kiosk.backoffice_client import BackofficeClient, Reply
from offline_queue.backoff import CircuitBreaker, full_jitter
from offline_queue.outbox import Outbox, serialise
from offline_queue.sync import SyncWorker, error_reason


@pytest.fixture
def stub():
    with StubBackoffice() as server:
        yield server


@pytest.fixture
def box(tmp_path: Path):
    outbox = Outbox.open(tmp_path / "queue.sqlite3", tmp_path / "queue.key")
    yield outbox
    outbox.close()


def _worker(box: Outbox, url: str, **kw) -> SyncWorker:
    kw.setdefault("base_delay_s", 0.005)
    kw.setdefault("max_delay_s", 0.05)
    kw.setdefault("min_resend_gap_s", 0.0)   # the stand-in has no signature-replay refusal
    return SyncWorker(box, BackofficeClient(url, TERMINAL_ID, SECRET, timeout_s=2), rng=random.Random(7), **kw)


def test_delivered_submission_is_done_with_its_result_and_the_reply_handed_over(box, stub):
    replies: dict[str, dict] = {}
    sub = box.enqueue(synthetic_body(1), {"print": b"data"})
    assert _worker(box, stub.url, on_result=replies.__setitem__).deliver_due() == 1
    result = box.result(sub.idempotency_key)
    assert (result.status, result.server_status, result.registration_id, result.receipt_token) == (
        "done", "approved", "R000001", "tok1")
    assert result.uscc.startswith("92370702")
    # the session gets the full reply (signed license data included) in memory
    assert replies[sub.idempotency_key]["license"]["fields"]["operator"] == synthetic_body(1)["applicant"][
        "card"]["name"]
    assert box.body(sub.idempotency_key) is None and box.attachment(sub.idempotency_key, "print") is None


@pytest.mark.parametrize("statuses", [[500, 503], [409], [429], [408, 502, 409]])
def test_transient_answers_are_retried_with_the_same_key_and_bytes_and_register_once(box, stub, statuses):
    stub.script = list(statuses)
    sub = box.enqueue(synthetic_body(2))
    assert _worker(box, stub.url).sync_until_empty(5)
    assert box.result(sub.idempotency_key).status == "done"
    assert box.result(sub.idempotency_key).attempts == len(statuses) + 1
    assert {(k, b) for k, b in stub.requests} == {(sub.idempotency_key, serialise(synthetic_body(2)))}
    assert stub.registrations == {sub.idempotency_key: 1}


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_other_client_errors_become_dead_letters_visible_to_technicians(box, stub, status):
    stub.script = [status]
    sub = box.enqueue(synthetic_body(3))
    later = box.enqueue(synthetic_body(4))
    assert _worker(box, stub.url).sync_until_empty(5)   # a dead letter does not block the ones behind it
    dead = box.result(sub.idempotency_key)
    assert (dead.status, dead.http_status, dead.last_error) == ("dead", status, f"HTTP {status}: scripted {status}")
    assert box.body(sub.idempotency_key) is not None     # kept for the technician, not dropped
    assert box.result(later.idempotency_key).status == "done"
    assert box.audit.events("alert")[-1].fields["idempotency_key"] == sub.idempotency_key
    # after the technician's retry it goes through
    assert box.retry_dead() == 1
    assert _worker(box, stub.url).sync_until_empty(5)
    assert box.result(sub.idempotency_key).status == "done"
    assert stub.registrations[sub.idempotency_key] == 1


def test_validation_errors_never_copy_echoed_input_into_the_reason():
    number = synthetic_id_number(9)
    reply = Reply(422, {"detail": [{"loc": ["body", "applicant", "card", "id_number"], "type": "value_error",
                                    "msg": f"Value error, bad {number}", "input": number}]})
    reason = error_reason(reply)
    assert reason == "body.applicant.card.id_number: value_error"
    assert number not in reason


def test_submissions_are_delivered_in_order(box, stub):
    keys = [box.enqueue(synthetic_body(i)).idempotency_key for i in range(10)]
    stub.script = [503, 503]
    assert _worker(box, stub.url).sync_until_empty(5)
    first_seen = list(dict.fromkeys(k for k, _ in stub.requests))
    assert first_seen == keys


def test_full_jitter_stays_within_the_capped_exponential_bound():
    rng = random.Random(1)
    for attempt in range(12):
        bound = min(60.0, 0.5 * 2**attempt)
        delays = [full_jitter(attempt, 0.5, 60.0, rng) for _ in range(200)]
        assert all(0 <= d <= bound for d in delays)
        assert max(delays) > bound * 0.8   # spread over the whole range, not bunched at the top
    assert full_jitter(10_000, 1.0, 300.0, rng) <= 300.0


def test_retry_after_from_the_server_wins_over_our_schedule(box, stub):
    stub.script = [(503, 42)]
    sub = box.enqueue(synthetic_body(5))
    _worker(box, stub.url, max_delay_s=120.0).deliver_due()
    entry = box.result(sub.idempotency_key)
    assert entry.status == "pending"
    assert entry.next_attempt_at - entry.created_at == pytest.approx(42.0, abs=1.0)


def test_circuit_breaker_opens_after_repeated_failures_and_half_opens_after_cooldown():
    now = [0.0]
    breaker = CircuitBreaker(3, 30.0, clock=lambda: now[0])
    for _ in range(2):
        breaker.failure()
    assert breaker.state == "closed"
    breaker.failure()
    assert (breaker.state, breaker.allow()) == ("open", False)
    now[0] += 29.9
    assert not breaker.allow()
    now[0] += 0.2
    assert breaker.state == "half_open"
    breaker.failure()   # the probe failed: another full period
    assert breaker.state == "open"
    now[0] += 30.1
    breaker.success()
    assert breaker.state == "closed"


def test_worker_pauses_while_the_back_office_is_down_and_resumes_on_its_own(box, stub):
    proxy = FaultProxy(int(stub.url.rsplit(":", 1)[1].strip("/"))).start()
    proxy.set_fault("refuse", 1)
    keys = [box.enqueue(synthetic_body(i)).idempotency_key for i in range(3)]
    worker = _worker(box, proxy.url, breaker_failures=2, breaker_cooldown_s=0.3, poll_interval_s=0.05)
    worker.start()
    try:
        assert wait_for(lambda: worker.paused, 5)
        assert "ConnectionError" in box.status().last_error
        attempts = box.result(keys[0]).attempts
        wait_for(lambda: False, 0.25)
        assert box.result(keys[0]).attempts <= attempts + 1   # no hammering while the breaker is open
        proxy.set_fault("none", 0)   # the back office is reachable again
        assert wait_for(lambda: box.status().pending + box.status().in_flight == 0, 10)
        assert not worker.paused
        assert all(box.result(k).status == "done" for k in keys)
        assert sum(stub.registrations.values()) == 3
    finally:
        worker.stop()
        proxy.stop()


def test_wake_delivers_right_after_an_enqueue(box, stub):
    worker = _worker(box, stub.url, poll_interval_s=30)
    worker.start()
    try:
        sub = box.enqueue(synthetic_body(6))
        worker.wake()
        assert wait_for(lambda: box.result(sub.idempotency_key).status == "done", 5)
    finally:
        worker.stop()
