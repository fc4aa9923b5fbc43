"""WAL checkpoints off the resident's path: a background thread with its own connection copies committed
frames from the -wal file into the database file, so that no enqueue ever waits for a checkpoint.

The writer connection runs with wal_autocheckpoint=0 (SQLite would otherwise checkpoint inside the COMMIT
that crosses 1000 pages, tens of milliseconds on a slow disk) and journal_size_limit=WAL_LIMIT_BYTES: each
time the log restarts from its first frame SQLite trims the file back to the limit. The file can only grow
past the limit when more than that many bytes were committed since the last restart, so its size is the
trigger: a checkpoint runs once the -wal file is larger than the limit, and the next write restarts the log.

Checkpointing after every commit instead would cost the resident a second fsync: the first commit after a
restart also syncs the new WAL header (SQLite does this with synchronous=FULL). With the size trigger that
happens once per few megabytes, as with SQLite's own autocheckpoint.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger("offline_queue")

WAL_LIMIT_BYTES = 4 * 1024 * 1024   # SQLite's default autocheckpoint is 1000 pages of 4 KiB


class Checkpointer:
    def __init__(self, db_path: Path, limit_bytes: int = WAL_LIMIT_BYTES) -> None:
        self._wal = Path(str(db_path) + "-wal")
        self._limit = limit_bytes
        self._db = sqlite3.connect(db_path, isolation_level=None, check_same_thread=False)
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="queue-checkpoint", daemon=True)
        self._thread.start()

    def committed(self) -> None:
        """Called after every COMMIT: costs the committing thread one stat(). The thread is woken only when
        there is work, not after every commit: on a busy CPU each wake-up is a context switch or two."""
        if self.wal_too_large():
            self._wake.set()

    def close(self) -> None:
        self._stopping.set()
        self._wake.set()
        self._thread.join()
        self._db.close()

    def wal_too_large(self) -> bool:
        try:
            return self._wal.stat().st_size > self._limit
        except FileNotFoundError:
            return False

    def checkpoint(self) -> tuple[int, int]:
        """One PASSIVE checkpoint (never waits for the writer); returns (frames in the log, frames copied)."""
        _busy, frames, copied = self._db.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return frames, copied

    def _run(self) -> None:
        while True:
            self._wake.wait()
            self._wake.clear()
            if self._stopping.is_set():
                return
            try:
                self.checkpoint()
            except sqlite3.Error as exc:  # the WAL stays durable; the next commit tries again
                log.error("queue checkpoint failed: %s", exc)
