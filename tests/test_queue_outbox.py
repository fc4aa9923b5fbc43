"""The outbox on a real SQLite file: durability, encryption at rest, recovery, retention."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import time
import uuid
from pathlib import Path

import pytest
from queue_fixtures import file_contains_any, synthetic_body, synthetic_id_number, synthetic_name

from offline_queue.errors import QueueKeyError, QueueStorageFull
from offline_queue.outbox import Outbox, serialise


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    return tmp_path / "queue.sqlite3", tmp_path / "queue.key"


def _pii(i: int) -> list[bytes]:
    body = synthetic_body(i)
    card = body["applicant"]["card"]
    return [s.encode() for s in (card["name"], card["id_number"], card["address"], body["applicant"]["phone"],
                                 body["applicant"]["face_jpeg"][:40], body["business"]["premises"]["address"])]


def test_enqueue_is_committed_when_it_returns(paths):
    box = Outbox.open(*paths)
    sub = box.enqueue(synthetic_body(1))
    # another connection (another process after a crash would see the same) finds the row at once
    other = sqlite3.connect(paths[0])
    row = other.execute("SELECT state, idempotency_key FROM outbox WHERE local_id = ?", (sub.local_id,)).fetchone()
    assert row == ("pending", sub.idempotency_key)
    assert uuid.UUID(sub.idempotency_key).version == 4
    assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    other.close()
    box.close()


def test_the_stored_bytes_are_the_serialised_body_and_survive_reopening(paths):
    body = synthetic_body(2)
    with Outbox.open(*paths) as box:
        sub = box.enqueue(body, {"print": b"%PDF-print-ready"})
    with Outbox.open(*paths) as box:
        assert box.body(sub.idempotency_key) == serialise(body)
        assert box.attachment(sub.idempotency_key, "print") == b"%PDF-print-ready"
        claimed = box.claim_next()
        assert claimed is not None
        assert (claimed.idempotency_key, claimed.body) == (sub.idempotency_key, serialise(body))


def test_key_file_is_created_owner_only_and_the_database_too(paths):
    db, key = paths
    Outbox.open(db, key).close()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.stat().st_mode) == 0o600


def test_a_key_file_others_can_read_is_refused(paths):
    db, key = paths
    Outbox.open(db, key).close()
    key.chmod(0o644)
    with pytest.raises(QueueKeyError, match="chmod 600") as info:
        Outbox.open(db, key)
    assert "密钥" in info.value.message_zh


def test_a_replaced_key_is_refused_instead_of_silently_starting_afresh(paths, tmp_path):
    db, key = paths
    with Outbox.open(db, key) as box:
        box.enqueue(synthetic_body(3))
    with pytest.raises(QueueKeyError, match="does not match"):
        Outbox.open(db, tmp_path / "other.key")


def test_no_personal_data_in_plaintext_in_the_files(paths):
    db, key = paths
    box = Outbox.open(db, key)
    for i in range(20):
        box.enqueue(synthetic_body(i, face_bytes=4096), {"print": synthetic_name(i).encode()})
    # look at the WAL before it is checkpointed as well as the main file afterwards
    needles = [n for i in range(20) for n in _pii(i)]
    files = [p for p in db.parent.iterdir() if p.name.startswith(db.name)]
    assert any(p.name.endswith("-wal") for p in files)
    assert file_contains_any(files, needles) == []
    box.close()
    assert file_contains_any([p for p in db.parent.iterdir() if p.name.startswith(db.name)], needles) == []


def test_rows_in_flight_at_a_crash_are_pending_again_after_restart(paths):
    box = Outbox.open(*paths)
    sub = box.enqueue(synthetic_body(4))
    assert box.claim_next() is not None
    assert box.result(sub.idempotency_key).status == "in_flight"
    box.close()  # as after a crash: the row stays in flight in the file
    with Outbox.open(*paths, resume=False) as box:
        assert box.result(sub.idempotency_key).status == "in_flight"   # inspection does not disturb it
    with Outbox.open(*paths) as box:
        assert box.result(sub.idempotency_key).status == "pending"
        assert box.audit.events()[-1].event == "queue_resume"


def test_retry_schedule_is_stored_in_the_row_and_kept_across_restarts(paths):
    box = Outbox.open(*paths)
    box.enqueue(synthetic_body(5))
    claimed = box.claim_next()
    before = time.time()
    box.mark_retry(claimed.local_id, "HTTP 503: busy", 120.0, 503)
    box.close()
    with Outbox.open(*paths) as box:
        due = box.next_due_at()
        assert before + 119 < due < time.time() + 121
        assert box.claim_next() is None   # not due yet, even after the restart
        entry = box.entries("pending")[0]
        assert (entry.attempts, entry.last_error, entry.http_status) == (1, "HTTP 503: busy", 503)


def test_delivery_is_in_order_and_a_waiting_head_is_not_overtaken(paths):
    with Outbox.open(*paths) as box:
        subs = [box.enqueue(synthetic_body(i)) for i in range(3)]
        first = box.claim_next()
        assert first.idempotency_key == subs[0].idempotency_key
        box.mark_retry(first.local_id, "refused", 60.0)
        assert box.claim_next() is None


def test_status_counts_and_oldest_age(paths):
    clock = [1000.0]
    with Outbox.open(*paths, clock=lambda: clock[0]) as box:
        a = box.enqueue(synthetic_body(1))
        clock[0] += 10
        box.enqueue(synthetic_body(2))
        box.mark_done(box.claim_next().local_id, 201, {"registration_id": "R1", "status": "approved"})
        clock[0] += 5
        claimed = box.claim_next()
        box.mark_dead(claimed.local_id, "HTTP 422: applicant.card.id_number: value_error", 422)
        box.enqueue(synthetic_body(3))
        box.claim_next()
        status = box.status()
        assert status.to_json() == {"pending": 0, "in_flight": 1, "done": 1, "dead": 1, "oldest_age_s": 0.0,
                                    "last_error": "HTTP 422: applicant.card.id_number: value_error"}
        assert box.result(a.idempotency_key).registration_id == "R1"
        assert box.audit.events("alert")[-1].event == "queue_dead_letter"


def test_acknowledged_submissions_keep_only_ids_status_and_hashes(paths):
    with Outbox.open(*paths) as box:
        sub = box.enqueue(synthetic_body(7), {"print": b"print data"})
        box.mark_done(box.claim_next().local_id, 201, {"registration_id": "R7", "status": "approved",
                                                       "uscc": "92370702MA0000007X", "receipt_token": "t7"})
        assert box.body(sub.idempotency_key) is None
        assert box.attachment(sub.idempotency_key, "print") is None
        result = box.result(sub.idempotency_key)
        assert (result.status, result.uscc, result.receipt_token, result.purged) == (
            "done", "92370702MA0000007X", "t7", True)
        # the returning resident is found by a keyed hash of the ID number, not the number itself
        assert [r.idempotency_key for r in box.results_for_applicant(synthetic_id_number(7))] == [sub.idempotency_key]
        assert box.results_for_applicant(synthetic_id_number(8)) == []


def test_dead_letters_are_purged_after_the_retention_period_with_an_audit_line(paths):
    clock = [1_000_000.0]
    with Outbox.open(*paths, clock=lambda: clock[0]) as box:
        old = box.enqueue(synthetic_body(1))
        box.mark_dead(box.claim_next().local_id, "HTTP 400: bad", 400)
        clock[0] += 20 * 86400
        young = box.enqueue(synthetic_body(2))
        box.mark_dead(box.claim_next().local_id, "HTTP 400: bad", 400)
        clock[0] += 11 * 86400
        assert box.purge_dead(30) == 1
        assert box.body(old.idempotency_key) is None
        assert box.body(young.idempotency_key) is not None
        assert box.result(old.idempotency_key).status == "dead"   # the row and reason stay, the data goes
        purged = [e for e in box.audit.events() if e.event == "queue_dead_purged"]
        assert [e.fields["idempotency_key"] for e in purged] == [old.idempotency_key]
        assert box.retry_dead() == 1   # only the one that still has its data


def test_a_file_that_is_not_a_database_is_moved_aside_and_technicians_alerted(paths):
    db, key = paths
    with Outbox.open(db, key) as box:
        box.enqueue(synthetic_body(1))
    db.write_bytes(b"\x00" * 100 + db.read_bytes()[100:])   # header destroyed
    with Outbox.open(db, key) as box:
        assert box.status().pending == 0
        alerts = box.audit.events("alert")
        assert [a.event for a in alerts] == ["queue_corrupt", "queue_salvage"]
        assert "NOT sent" in alerts[-1].message
        aside = Path(alerts[0].fields["file"])
        assert aside.exists() and aside.name.startswith("queue.sqlite3.corrupt-")
        box.enqueue(synthetic_body(2))   # the terminal keeps working on a fresh file
        assert box.status().pending == 1


def test_a_damaged_page_is_detected_and_intact_submissions_are_salvaged(paths):
    db, key = paths
    with Outbox.open(db, key) as box:
        keys = [box.enqueue(synthetic_body(i, face_bytes=20_000)).idempotency_key for i in range(30)]
    data = bytearray(db.read_bytes())
    page = 4096
    # scribble over one page in the middle of the payload overflow pages
    middle = (len(data) // page // 2) * page
    data[middle:middle + page] = os.urandom(page)
    db.write_bytes(bytes(data))
    with Outbox.open(db, key) as box:
        alerts = box.audit.events("alert")
        assert alerts and alerts[0].event == "queue_corrupt"
        salvage = next(e for e in box.audit.events() if e.event == "queue_salvage")
        recovered = {e.idempotency_key for e in box.entries("pending")}
        assert salvage.fields["recovered"] == len(recovered)
        assert len(recovered) >= 25 and recovered <= set(keys)
        # every entry not recovered is accounted for in the alert, and what was recovered is intact
        assert salvage.fields["unreadable"] in (len(keys) - len(recovered), None)
        for k in recovered:
            assert json.loads(box.body(k))["applicant"]["card"]["id_number"]


@pytest.fixture
def tiny_disk(tmp_path: Path):
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.decode().strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_refuses_the_submission_clearly_and_loses_nothing_acknowledged(tiny_disk, caplog):
    db, key = tiny_disk / "queue.sqlite3", tiny_disk / "queue.key"
    box = Outbox.open(db, key)
    acknowledged = []
    with pytest.raises(QueueStorageFull) as info:
        for i in range(200):
            acknowledged.append(box.enqueue(synthetic_body(i, face_bytes=30_000)).idempotency_key)
    assert "存储空间已满" in info.value.message_zh
    assert 5 < len(acknowledged) < 200
    # the audit file cannot grow on a full disk, so the alert goes to the log (journald lives elsewhere)
    assert any(r.levelname == "CRITICAL" and "queue_disk_full" in r.getMessage() for r in caplog.records)
    box.close()
    with Outbox.open(db, key) as box:
        assert [e.idempotency_key for e in box.entries("pending", 1000)] == acknowledged
        assert all(box.body(k) for k in acknowledged)
        assert sqlite3.connect(db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"
