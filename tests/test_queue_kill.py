"""Kill -9 at random points during enqueue and delivery, against the real back office process.

Each round forks a writer that enqueues submissions (reporting each key only after COMMIT) while its sync
worker delivers them, and SIGKILLs it after a random short delay. Afterwards every acknowledged submission
must be registered exactly once. Writers rotate over several queue files (terminals): a submission killed in
flight waits ~2 s before its resend (signatures have one-second resolution), and rotating keeps the other
files delivering meanwhile, so many kills land mid-delivery.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest
from queue_fixtures import SECRET, TERMINAL_ID, BackofficeProcess, synthetic_body

from kiosk.backoffice_client import BackofficeClient, Reply
from offline_queue.outbox import Outbox
from offline_queue.sync import SyncWorker

KILLS = 100          # at least this many kills ...
MAX_KILLS = 400      # ... and more, up to this, until both phases have been hit often enough
QUEUES = 6


class _ReportingClient(BackofficeClient):
    """The real client, telling the parent when a request starts and ends (to see where the kill landed)."""

    def __init__(self, url: str, fd: int) -> None:
        super().__init__(url, TERMINAL_ID, SECRET, timeout_s=5)
        self._fd = fd

    def submit_registration(self, idempotency_key: str, body: bytes) -> Reply:
        os.write(self._fd, b"S\n")
        reply = super().submit_registration(idempotency_key, body)
        os.write(self._fd, b"R\n")
        return reply


def _writer(db: Path, key: Path, url: str, first: int, fd: int) -> None:
    """Runs in the forked child until it is killed."""
    box = Outbox.open(db, key)
    worker = SyncWorker(box, _ReportingClient(url, fd), base_delay_s=0.05, max_delay_s=0.5, poll_interval_s=0.05)
    worker.start()
    i = first
    while True:
        os.write(fd, b"Q\n")
        sub = box.enqueue(synthetic_body(i, face_bytes=8_000))
        os.write(fd, f"A {sub.idempotency_key}\n".encode())   # "submitted" is said only after COMMIT
        worker.wake()
        i += 1
        time.sleep(random.uniform(0.0, 0.01))


def _run_and_kill(db: Path, key: Path, url: str, first: int, delay_s: float) -> list[str]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            _writer(db, key, url, first, write_fd)
        finally:
            os._exit(1)
    os.close(write_fd)
    time.sleep(delay_s)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    chunks = []
    while data := os.read(read_fd, 65536):
        chunks.append(data)
    os.close(read_fd)
    text = b"".join(chunks).decode()
    return text.splitlines() if text.endswith("\n") else text.splitlines()[:-1]


@pytest.fixture(scope="module")
def backoffice(tmp_path_factory):
    with BackofficeProcess(tmp_path_factory.mktemp("backoffice")) as process:
        yield process


def test_kill_9_during_enqueue_and_delivery_loses_nothing_and_registers_once(backoffice, tmp_path):
    rng = random.Random(20240607)
    queues = [(tmp_path / f"queue{q}.sqlite3", tmp_path / f"queue{q}.key") for q in range(QUEUES)]
    acknowledged: dict[str, int] = {}    # key → queue index
    landed = Counter()
    round_no = 0
    while round_no < KILLS or (round_no < MAX_KILLS and not (landed["delivery"] >= 20 and landed["enqueue"] >= 10)):
        q = round_no % QUEUES
        lines = _run_and_kill(*queues[q], backoffice.url, first=round_no * 1000, delay_s=rng.uniform(0.03, 0.25))
        for line in lines:
            if line.startswith("A "):
                acknowledged[line[2:]] = q
        markers = [line[0] for line in lines]
        landed["delivery"] += markers.count("S") > markers.count("R")
        landed["enqueue"] += markers.count("Q") > markers.count("A")
        round_no += 1

    # restart each terminal once more and let it drain
    client = BackofficeClient(backoffice.url, TERMINAL_ID, SECRET, timeout_s=5)
    stored: dict[str, str] = {}
    for db, key in queues:
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        with Outbox.open(db, key) as box:
            assert SyncWorker(box, client, base_delay_s=0.05, max_delay_s=0.5).sync_until_empty(60)
            entries = box.entries(limit=1_000_000)
            stored.update({e.idempotency_key: e.status for e in entries})
            assert box.status().dead == 0

    registered = backoffice.registrations_per_key()
    print(f"{round_no} kills, landed: {dict(landed)}; acknowledged {len(acknowledged)}, registered {len(registered)}")
    assert len(acknowledged) > 300
    assert set(acknowledged) <= set(stored), "an acknowledged submission vanished from the queue"
    assert set(stored.values()) == {"done"}
    assert set(registered) == set(stored), "queued and registered submissions differ"
    assert max(registered.values()) == 1
    # the kills really hit both phases, many times
    assert landed["delivery"] >= 20 and landed["enqueue"] >= 10, landed
