"""What makes an enqueue durable and cheap: one FULL commit on the resident's path, checkpoints in the
background, file names fsynced into their directory. (kill -9 is tests/test_queue_kill.py.)"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import threading
import time
from pathlib import Path

import pytest
from queue_fixtures import synthetic_body

from offline_queue.checkpoint import WAL_LIMIT_BYTES
from offline_queue.errors import QueueKeyError
from offline_queue.outbox import Outbox, serialise


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "queue.sqlite3", tmp_path / "queue.key"


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "queue-checkpoint"]


def _wait_for(condition, timeout_s: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def test_the_writer_commits_with_full_sync_and_never_checkpoints_itself(paths):
    with Outbox.open(*paths) as box:
        pragma = {name: box._db.execute(f"PRAGMA {name}").fetchone()[0]
                  for name in ("journal_mode", "synchronous", "wal_autocheckpoint", "journal_size_limit")}
    assert pragma == {"journal_mode": "wal", "synchronous": 2, "wal_autocheckpoint": 0,
                      "journal_size_limit": WAL_LIMIT_BYTES}


def test_the_background_checkpoint_moves_committed_pages_into_the_database_and_bounds_the_wal(paths):
    db, _ = paths
    wal = Path(str(db) + "-wal")
    bodies = [synthetic_body(i, face_bytes=100_000) for i in range(80)]   # ~11 MB, well past the limit
    with Outbox.open(*paths) as box:
        for body in bodies:
            box.enqueue(body)
        # the writer never checkpoints, so only the background thread can have grown the database file
        assert _wait_for(lambda: db.stat().st_size > 2 * WAL_LIMIT_BYTES)
        # once the log is fully copied, the next commit starts it over and SQLite trims it to the limit
        small = iter(range(1000, 2000))
        assert _wait_for(lambda: box.enqueue(synthetic_body(next(small))) and wal.stat().st_size <= WAL_LIMIT_BYTES)
        total = box.status().pending
    with Outbox.open(*paths) as box:
        assert box.status().pending == total > len(bodies)
        assert box.claim_next().body == serialise(bodies[0])


def test_close_and_a_failed_open_leave_no_checkpoint_thread_behind(paths, tmp_path):
    before = len(_checkpoint_threads())
    box = Outbox.open(*paths)
    assert len(_checkpoint_threads()) == before + 1
    box.enqueue(synthetic_body(1))
    box.close()
    with pytest.raises(QueueKeyError):
        Outbox.open(paths[0], tmp_path / "another.key")
    assert len(_checkpoint_threads()) == before


def test_the_body_hash_is_taken_off_the_residents_path_when_the_sync_worker_claims_it(paths):
    body = synthetic_body(3)
    with Outbox.open(*paths) as box:
        sub = box.enqueue(body)
        claimed = box.claim_next()
    assert claimed is not None and claimed.idempotency_key == sub.idempotency_key
    stored = sqlite3.connect(paths[0]).execute("SELECT body_sha256 FROM outbox").fetchone()[0]
    assert stored == hashlib.sha256(serialise(body)).hexdigest()


def test_the_sent_bytes_are_compact_sorted_utf8_json():
    body = synthetic_body(4)
    body["applicant"]["face_quality"] = {"score": 0.9, "yaw": -3.25, "ok": True, "notes": None}
    assert serialise(body) == json.dumps(body, ensure_ascii=False, sort_keys=True,
                                         separators=(",", ":")).encode()


def test_creating_the_queue_fsyncs_the_directory_that_names_its_files(paths, monkeypatch):
    """A power cut right after the first "submitted" must not lose the database's or the key's name."""
    synced: list[str] = []
    real_fsync = os.fsync

    def spy(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            synced.append(os.readlink(f"/proc/self/fd/{fd}"))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", spy)
    db, key = paths
    with Outbox.open(db, key) as box:
        box.enqueue(synthetic_body(5))
        box.audit.info("test", "first audit line")
    # once for the key file, once for the database file, once for the audit file
    assert synced.count(str(db.parent)) == 3
