"""A damaged queue file: move it aside (never delete it), alert technicians, salvage what still authenticates.

Salvage is safe because every payload is AES-GCM sealed to its idempotency key: a row either decrypts
exactly as written or is left in the moved-aside file for a technician, never resent half-broken.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from pathlib import Path

from offline_queue.audit import AuditLog
from offline_queue.crypto import Sealer
from offline_queue.errors import QueueCorrupt

_COLUMNS = ("local_id, idempotency_key, state, created_at, updated_at, attempts, next_attempt_at, last_error, "
            "http_status, body_sha256, body_size, applicant_ref, payload, result, finished_at, purged_at")
_ID_PROBE_LIMIT = 1_000_000


def quarantine(path: Path, reason: str, audit: AuditLog) -> Path:
    """Move the database and its WAL/SHM aside under one timestamped name; return the new main file path."""
    aside = path.with_name(f"{path.name}.corrupt-{time.strftime('%Y%m%dT%H%M%S')}-{time.time_ns() % 10**6}")
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(path) + suffix)
        if src.exists():
            src.rename(str(aside) + suffix)
    audit.alert("queue_corrupt", f"queue database damaged ({reason}); moved aside to {aside.name}",
                file=str(aside), reason=reason)
    return aside


def salvage(aside: Path, into: sqlite3.Connection, sealer: Sealer, audit: AuditLog) -> None:
    """Copy every row of the damaged file that still reads and authenticates into the fresh database."""
    recovered = unreadable = 0
    countable = False
    try:
        src = sqlite3.connect(aside)
        try:
            rows, countable = _readable_rows(src)
            for row in rows:
                try:
                    if row is None:
                        raise QueueCorrupt("unreadable row")
                    _copy_row(src, into, sealer, row)
                    recovered += 1
                except (sqlite3.Error, QueueCorrupt):
                    unreadable += 1
        finally:
            src.close()
    except sqlite3.Error:
        countable = False
    if countable and not unreadable:
        audit.info("queue_salvage", f"salvaged all {recovered} queue entries from {aside.name}",
                   file=str(aside), recovered=recovered, unreadable=0)
        return
    lost = unreadable if countable else "an unknown number of"
    audit.alert("queue_salvage", f"salvaged {recovered} queue entries from {aside.name}; {lost} could not be "
                f"read, were NOT sent and stay in that file for a technician",
                file=str(aside), recovered=recovered, unreadable=unreadable if countable else None)


def _readable_rows(src: sqlite3.Connection) -> tuple[list[tuple | None], bool]:
    """Rows in local_id order (None for an id that exists but cannot be read), and whether that is all."""
    try:
        return src.execute(f"SELECT {_COLUMNS} FROM outbox ORDER BY local_id").fetchall(), True
    except sqlite3.Error:
        pass  # the table scan hit a damaged page: fall back to probing ids one by one
    top = None
    for query in ("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'", "SELECT max(local_id) FROM outbox"):
        with contextlib.suppress(sqlite3.Error, TypeError):
            top = max(top or 0, int(src.execute(query).fetchone()[0] or 0))
    rows: list[tuple | None] = []
    for local_id in range(1, min(top or 0, _ID_PROBE_LIMIT) + 1):
        try:
            row = src.execute(f"SELECT {_COLUMNS} FROM outbox WHERE local_id = ?", (local_id,)).fetchone()
        except sqlite3.Error:
            row = None
        else:
            if row is None:
                continue  # never existed, or purged
        rows.append(row)
    return rows, top is not None


def _copy_row(src: sqlite3.Connection, into: sqlite3.Connection, sealer: Sealer, row: tuple) -> None:
    local_id, key, state, payload = row[0], row[1], row[2], row[12]
    attachments = src.execute("SELECT name, sha256, data FROM attachment WHERE local_id = ?",
                              (local_id,)).fetchall()
    if payload is not None:
        sealer.open(payload, key)  # raises QueueCorrupt when the ciphertext was damaged
    for _name, _sha, data in attachments:
        sealer.open(data, key)
    if state == "in_flight":
        row = (*row[:2], "pending", *row[3:])
    into.execute("BEGIN IMMEDIATE")
    try:
        into.execute(f"INSERT INTO outbox ({_COLUMNS}) VALUES ({', '.join('?' * 16)})", row)
        into.executemany("INSERT INTO attachment (local_id, name, sha256, data) VALUES (?, ?, ?, ?)",
                         [(local_id, *a) for a in attachments])
        into.execute("COMMIT")
    except BaseException:
        into.execute("ROLLBACK")
        raise
