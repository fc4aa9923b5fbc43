"""The outbox database layout and the connection settings that make a COMMIT durable."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from offline_queue.checkpoint import WAL_LIMIT_BYTES
from offline_queue.files import fsync_directory

SCHEMA_VERSION = "1"

# payload and attachment.data hold AES-GCM ciphertext only (offline_queue.crypto); everything else is
# non-personal bookkeeping that stays after the personal data is purged.
SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (k TEXT PRIMARY KEY, v TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS outbox (
    local_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'dead')),
    created_at      REAL NOT NULL,
    updated_at      REAL NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at REAL NOT NULL,
    last_error      TEXT,
    http_status     INTEGER,
    body_sha256     TEXT NOT NULL,  -- of the sent bytes; '' until the sync worker first claims the row
    body_size       INTEGER NOT NULL,
    applicant_ref   TEXT,
    payload         BLOB,
    result          TEXT,
    finished_at     REAL,
    purged_at       REAL
);
CREATE INDEX IF NOT EXISTS outbox_state ON outbox (state, local_id);
CREATE INDEX IF NOT EXISTS outbox_applicant ON outbox (applicant_ref);
CREATE TABLE IF NOT EXISTS attachment (
    local_id INTEGER NOT NULL REFERENCES outbox (local_id) ON DELETE CASCADE,
    name     TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    data     BLOB NOT NULL,
    PRIMARY KEY (local_id, name)
);
"""


def connect(path: Path) -> sqlite3.Connection:
    """Autocommit connection (we issue BEGIN IMMEDIATE ourselves), WAL + synchronous=FULL.

    FULL syncs the WAL on every COMMIT, so "submitted" survives power loss, not only a crash (NORMAL would
    not). secure_delete overwrites purged ciphertext instead of leaving it in free pages. Checkpoints are
    not run by this connection but by offline_queue.checkpoint, off the committing thread.
    """
    if not path.exists():  # owner-only from the start; SQLite gives -wal and -shm the same mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        # the new name must survive a power cut before anything is acknowledged from this file (SQLite
        # syncs the directory when it creates the -wal, but not for a main file it did not create)
        fsync_directory(path.parent)
    db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30.0)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA secure_delete=ON")
        db.execute("PRAGMA wal_autocheckpoint=0")
        db.execute(f"PRAGMA journal_size_limit={WAL_LIMIT_BYTES}")
    except sqlite3.Error:
        db.close()
        raise
    return db


def integrity_problem(db: sqlite3.Connection) -> str | None:
    """None when the file checks out; otherwise SQLite's first complaint."""
    rows = db.execute("PRAGMA quick_check").fetchall()
    first = rows[0][0] if rows else "no answer"
    return None if first == "ok" else str(first)


def create(db: sqlite3.Connection) -> None:
    db.executescript(SCHEMA)
    db.execute("INSERT OR IGNORE INTO meta (k, v) VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
