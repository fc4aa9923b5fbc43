"""The durable outbox: a submission is "submitted" once its row has COMMITted; it leaves only when acknowledged.

States: pending → in_flight → done | dead (dead → pending again on a technician's retry). Rows are never
deleted: after the back office acknowledges, the encrypted body and attachments are purged and only ids,
status, the server's non-personal result and hashes stay (offline_queue.sync decides what that is).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import orjson

from offline_queue import recovery, schema
from offline_queue.audit import AuditLog
from offline_queue.checkpoint import Checkpointer
from offline_queue.crypto import Sealer, load_or_create_key
from offline_queue.errors import QueueCorrupt, QueueError, QueueKeyError, QueueStorageFull, UnknownSubmission

STATES = ("pending", "in_flight", "done", "dead")
# Minimum time between two attempts of one submission, so that no two carry the same one-second request
# signature (see requeue_in_flight). Retries wait at least MIN_RESEND_GAP_S after the previous answer;
# resumed rows RESUME_GAP_S after their claim, which also covers the claim-to-signing delay.
MIN_RESEND_GAP_S = 1.0
RESUME_GAP_S = 2.0
_RESULT_COLUMNS = ("idempotency_key, local_id, state, result, last_error, attempts, http_status, created_at, "
                   "finished_at, next_attempt_at, purged_at")


@dataclass(frozen=True)
class Submission:
    local_id: int
    idempotency_key: str


@dataclass(frozen=True)
class DeliveryResult:
    idempotency_key: str
    local_id: int
    status: str                      # pending | in_flight | done | dead
    server_status: str | None        # the back office's registration status, once known
    registration_id: str | None
    uscc: str | None                 # unified social credit code, when issued
    receipt_token: str | None
    last_error: str | None
    attempts: int
    http_status: int | None
    created_at: float
    finished_at: float | None
    next_attempt_at: float
    purged: bool

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class QueueStatus:
    pending: int
    in_flight: int
    done: int
    dead: int
    oldest_age_s: float | None       # age of the oldest submission not yet delivered
    last_error: str | None

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Claimed:
    """A row handed to the sync worker: the exact bytes to send, under the key fixed at enqueue."""

    local_id: int
    idempotency_key: str
    body: bytes
    attempts: int


def serialise(body: Mapping[str, Any]) -> bytes:
    """Compact UTF-8 JSON with sorted keys (for the API body's types, the bytes json.dumps(ensure_ascii=False,
    sort_keys=True, separators=(",", ":")) gives), from orjson: the standard encoder spends ~0.25 ms escaping
    the 130 KB of base64 attachments while the resident waits."""
    return orjson.dumps(body, option=orjson.OPT_SORT_KEYS)


class Outbox:
    def __init__(self, db: sqlite3.Connection, sealer: Sealer, audit: AuditLog,
                 clock: Callable[[], float], checkpointer: Checkpointer) -> None:
        self._db = db
        self._checkpointer = checkpointer
        self._sealer = sealer
        self.audit = audit
        self._clock = clock
        self._lock = threading.RLock()

    # --- opening ----------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, key_file: Path, *, resume: bool = True,
             clock: Callable[[], float] = time.time) -> Outbox:
        """Open (or create) the queue. A damaged file is moved aside and salvaged, with a technician alert.

        resume=True puts rows left in flight by a crash back to pending; inspection commands pass False so
        they never disturb a running kiosk's delivery.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        sealer = Sealer(load_or_create_key(Path(key_file)))
        audit = AuditLog.beside(path)
        aside = None
        try:
            db = cls._open_checked(path)
        except QueueCorrupt as exc:
            aside = recovery.quarantine(path, str(exc), audit)
            db = cls._open_checked(path)
        box = cls(db, sealer, audit, clock, Checkpointer(path))
        try:
            box._check_key()
            if aside is not None:
                recovery.salvage(aside, db, sealer, audit)
            if resume:
                box.requeue_in_flight()
        except BaseException:
            box.close()
            raise
        return box

    @staticmethod
    def _open_checked(path: Path) -> sqlite3.Connection:
        db = None
        try:
            db = schema.connect(path)
            problem = schema.integrity_problem(db)
            if problem is not None:
                raise QueueCorrupt(f"integrity check failed: {problem}")
            schema.create(db)
        except BaseException as exc:
            if db is not None:
                db.close()
            if not isinstance(exc, sqlite3.Error):
                raise
            code = _code(exc)
            if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
                raise QueueCorrupt(f"{type(exc).__name__}: {exc}") from exc
            if code == sqlite3.SQLITE_FULL:
                raise QueueStorageFull(f"cannot open queue database {path}: {exc}") from exc
            raise QueueError(f"cannot open queue database {path}: {type(exc).__name__}: {exc}") from exc
        return db

    def _check_key(self) -> None:
        with self._tx() as db:
            row = db.execute("SELECT v FROM meta WHERE k = 'key_check'").fetchone()
            if row is None:
                if db.execute("SELECT 1 FROM outbox LIMIT 1").fetchone():
                    raise QueueKeyError("queue database has entries but no key check value")
                db.execute("INSERT INTO meta (k, v) VALUES ('key_check', ?)", (self._sealer.check_value(),))
            elif row[0] != self._sealer.check_value():
                raise QueueKeyError("queue key file does not match the queue database (wrong or replaced key)")

    def requeue_in_flight(self) -> None:
        """Rows claimed by a sender that died (or failed) go back to pending; the server deduplicates.

        They wait until RESUME_GAP_S after their claim: request signatures have one-second resolution and
        the back office refuses a signature it has already seen, so an immediate resend of the same bytes
        would be answered 401 "replayed signature" instead of with the stored reply.
        """
        now = self._clock()
        with self._tx() as db:
            n = db.execute("UPDATE outbox SET state = 'pending', next_attempt_at = max(next_attempt_at, "
                           "updated_at + ?), updated_at = ? WHERE state = 'in_flight'", (RESUME_GAP_S, now)).rowcount
        if n:
            self.audit.info("queue_resume", f"{n} submissions interrupted in flight are pending again", count=n)

    def close(self) -> None:
        self._checkpointer.close()
        with self._lock:
            self._db.close()

    def __enter__(self) -> Outbox:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the kiosk's side -------------------------------------------------------------------------------

    def enqueue(self, body: Mapping[str, Any], attachments: Mapping[str, bytes] | None = None) -> Submission:
        """Store a submission durably; only when this returns may the resident be told "submitted".

        The body is serialised once here; those exact bytes are what every delivery attempt sends.
        Attachments (e.g. print-ready data) are stored encrypted in the same transaction. This costs one
        COMMIT (one fdatasync of the -wal file); the body's SHA-256 is left to the sync worker's first claim
        and checkpoints to offline_queue.checkpoint, both off the resident's path.
        """
        data = serialise(body)
        key = str(uuid.uuid4())
        id_number = _id_number(body)
        applicant_ref = self._sealer.keyed_hash(id_number) if id_number else None
        sealed = [(name, hashlib.sha256(blob).hexdigest(), self._sealer.seal(blob, key))
                  for name, blob in (attachments or {}).items()]
        payload = self._sealer.seal(data, key)
        now = self._clock()
        with self._tx() as db:
            local_id = db.execute(
                "INSERT INTO outbox (idempotency_key, state, created_at, updated_at, next_attempt_at, "
                "body_sha256, body_size, applicant_ref, payload) VALUES (?, 'pending', ?, ?, ?, '', ?, ?, ?)",
                (key, now, now, now, len(data), applicant_ref, payload),
            ).lastrowid
            db.executemany("INSERT INTO attachment (local_id, name, sha256, data) VALUES (?, ?, ?, ?)",
                           [(local_id, *a) for a in sealed])
        return Submission(int(local_id), key)

    def result(self, idempotency_key: str) -> DeliveryResult | None:
        rows = self._select(f"SELECT {_RESULT_COLUMNS} FROM outbox WHERE idempotency_key = ?", (idempotency_key,))
        return rows[0] if rows else None

    def results_for_applicant(self, id_number: str) -> list[DeliveryResult]:
        """A returning resident's submissions, newest first, found by a keyed hash of the ID number."""
        return self._select(f"SELECT {_RESULT_COLUMNS} FROM outbox WHERE applicant_ref = ? "
                            "ORDER BY local_id DESC", (self._sealer.keyed_hash(id_number),))

    def attachment(self, idempotency_key: str, name: str) -> bytes | None:
        """A stored attachment, decrypted; None once purged (after acknowledgement) or never stored."""
        with self._lock, self._guard():
            row = self._db.execute("SELECT a.data FROM attachment a JOIN outbox o USING (local_id) "
                                   "WHERE o.idempotency_key = ? AND a.name = ?", (idempotency_key, name)).fetchone()
        return None if row is None else self._sealer.open(row[0], idempotency_key)

    def body(self, idempotency_key: str) -> bytes | None:
        """The exact stored request bytes, decrypted; None once purged."""
        with self._lock, self._guard():
            row = self._db.execute("SELECT payload FROM outbox WHERE idempotency_key = ?",
                                   (idempotency_key,)).fetchone()
        if row is None or row[0] is None:
            return None
        return self._sealer.open(row[0], idempotency_key)

    def status(self) -> QueueStatus:
        with self._lock, self._guard():
            counts = dict(self._db.execute("SELECT state, count(*) FROM outbox GROUP BY state").fetchall())
            oldest = self._db.execute(
                "SELECT min(created_at) FROM outbox WHERE state IN ('pending', 'in_flight')").fetchone()[0]
            last = self._db.execute("SELECT last_error FROM outbox WHERE last_error IS NOT NULL "
                                    "ORDER BY updated_at DESC LIMIT 1").fetchone()
        return QueueStatus(
            *(int(counts.get(s, 0)) for s in STATES),
            oldest_age_s=None if oldest is None else round(max(0.0, self._clock() - oldest), 3),
            last_error=last[0] if last else None,
        )

    def entries(self, state: str | None = None, limit: int = 1000) -> list[DeliveryResult]:
        if state is None:
            return self._select(f"SELECT {_RESULT_COLUMNS} FROM outbox ORDER BY local_id DESC LIMIT ?", (limit,))
        return self._select(f"SELECT {_RESULT_COLUMNS} FROM outbox WHERE state = ? ORDER BY local_id LIMIT ?",
                            (state, limit))

    # --- the sync worker's side -------------------------------------------------------------------------

    def claim_next(self) -> Claimed | None:
        """Mark the oldest pending submission in flight, if it is due. Strictly in order: a later submission
        never overtakes an earlier one that is still waiting for its retry time."""
        now = self._clock()
        with self._tx() as db:
            row = db.execute("SELECT local_id, idempotency_key, payload, attempts, next_attempt_at FROM outbox "
                             "WHERE state = 'pending' ORDER BY local_id LIMIT 1").fetchone()
            if row is None or row[4] > now:
                return None
            body = self._sealer.open(row[2], row[1])
            db.execute("UPDATE outbox SET state = 'in_flight', body_sha256 = ?, updated_at = ? WHERE local_id = ?",
                       (hashlib.sha256(body).hexdigest(), now, row[0]))
        return Claimed(row[0], row[1], body, row[3])

    def next_due_at(self) -> float | None:
        with self._lock, self._guard():
            row = self._db.execute("SELECT next_attempt_at FROM outbox WHERE state = 'pending' "
                                   "ORDER BY local_id LIMIT 1").fetchone()
        return None if row is None else float(row[0])

    def mark_done(self, local_id: int, http_status: int, result: Mapping[str, Any]) -> None:
        """Acknowledged: keep the non-personal result, purge the encrypted body and attachments."""
        now = self._clock()
        with self._tx() as db:
            db.execute("UPDATE outbox SET state = 'done', attempts = attempts + 1, http_status = ?, result = ?, "
                       "last_error = NULL, payload = NULL, purged_at = ?, finished_at = ?, updated_at = ? "
                       "WHERE local_id = ?",
                       (http_status, json.dumps(dict(result), ensure_ascii=False), now, now, now, local_id))
            db.execute("DELETE FROM attachment WHERE local_id = ?", (local_id,))

    def mark_retry(self, local_id: int, error: str, delay_s: float, http_status: int | None = None) -> None:
        """Back to pending with the next attempt time stored in the row, so the schedule survives restarts."""
        now = self._clock()
        with self._tx() as db:
            db.execute("UPDATE outbox SET state = 'pending', attempts = attempts + 1, next_attempt_at = ?, "
                       "last_error = ?, http_status = ?, updated_at = ? WHERE local_id = ?",
                       (now + delay_s, error, http_status, now, local_id))

    def mark_dead(self, local_id: int, error: str, http_status: int | None,
                  result: Mapping[str, Any] | None = None) -> None:
        now = self._clock()
        with self._tx() as db:
            db.execute("UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_error = ?, http_status = ?, "
                       "result = ?, finished_at = ?, updated_at = ? WHERE local_id = ?",
                       (error, http_status, json.dumps(dict(result or {}), ensure_ascii=False), now, now, local_id))
            key = db.execute("SELECT idempotency_key FROM outbox WHERE local_id = ?", (local_id,)).fetchone()[0]
        self.audit.alert("queue_dead_letter", f"submission {local_id} rejected by the back office: {error}",
                         local_id=local_id, idempotency_key=key, http_status=http_status)

    # --- technicians' side ------------------------------------------------------------------------------

    def retry(self, ref: int | str) -> DeliveryResult:
        """Send a dead (or waiting) submission again now, by local id or idempotency key."""
        column = "local_id" if isinstance(ref, int) else "idempotency_key"
        now = self._clock()
        with self._tx() as db:
            row = db.execute(f"SELECT local_id, state, payload FROM outbox WHERE {column} = ?", (ref,)).fetchone()
            if row is None or row[1] == "done" or row[2] is None:
                why = "no such submission" if row is None else "already delivered or purged"
                raise UnknownSubmission(f"cannot retry {ref}: {why}")
            db.execute("UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? "
                       "WHERE local_id = ?", (now, now, row[0]))
        self.audit.info("queue_retry", f"submission {row[0]} queued again by a technician", local_id=row[0])
        result = self._select(f"SELECT {_RESULT_COLUMNS} FROM outbox WHERE local_id = ?", (row[0],))
        return result[0]

    def retry_dead(self) -> int:
        now = self._clock()
        with self._tx() as db:
            n = db.execute("UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, updated_at = ? "
                           "WHERE state = 'dead' AND payload IS NOT NULL", (now, now)).rowcount
        if n:
            self.audit.info("queue_retry", f"{n} dead submissions queued again by a technician", count=n)
        return n

    def purge_dead(self, older_than_days: float) -> int:
        """Drop the personal data of dead letters older than the retention period, one audit line each."""
        cutoff = self._clock() - older_than_days * 86400
        now = self._clock()
        with self._tx() as db:
            rows = db.execute("SELECT local_id, idempotency_key FROM outbox WHERE state = 'dead' "
                              "AND payload IS NOT NULL AND finished_at < ?", (cutoff,)).fetchall()
            for local_id, _ in rows:
                db.execute("UPDATE outbox SET payload = NULL, purged_at = ?, updated_at = ? WHERE local_id = ?",
                           (now, now, local_id))
                db.execute("DELETE FROM attachment WHERE local_id = ?", (local_id,))
        for local_id, key in rows:
            self.audit.info("queue_dead_purged", f"dead submission {local_id} purged after {older_than_days:g} "
                            "days", local_id=local_id, idempotency_key=key)
        return len(rows)

    # --- plumbing ---------------------------------------------------------------------------------------

    def _select(self, sql: str, params: tuple) -> list[DeliveryResult]:
        with self._lock, self._guard():
            rows = self._db.execute(sql, params).fetchall()
        return [_result_from_row(r) for r in rows]

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock, self._guard():
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
                self._db.execute("COMMIT")
                self._checkpointer.committed()
            except BaseException:
                if self._db.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise self._translate(exc) from exc

    def _translate(self, exc: sqlite3.Error) -> QueueError:
        code = _code(exc)
        if code == sqlite3.SQLITE_FULL:
            self.audit.alert("queue_disk_full", f"queue storage is full: {exc}")
            return QueueStorageFull(f"queue storage is full: {exc}")
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            self.audit.alert("queue_corrupt", f"queue database damaged while running: {exc}; "
                             "it will be moved aside at the next start")
            return QueueCorrupt(f"queue database damaged: {exc}")
        return QueueError(f"queue database error: {type(exc).__name__}: {exc}")


def _code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else code & 0xFF


def _id_number(body: Mapping[str, Any]) -> str | None:
    with contextlib.suppress(AttributeError, KeyError, TypeError):
        value = body["applicant"]["card"]["id_number"]
        return value if isinstance(value, str) and value else None
    return None


def _result_from_row(row: tuple) -> DeliveryResult:
    key, local_id, state, result, last_error, attempts, http_status, created, finished, next_at, purged = row
    info = json.loads(result) if result else {}
    return DeliveryResult(
        idempotency_key=key, local_id=local_id, status=state, server_status=info.get("status"),
        registration_id=info.get("registration_id"), uscc=info.get("uscc"),
        receipt_token=info.get("receipt_token"), last_error=last_error, attempts=attempts,
        http_status=http_status, created_at=created, finished_at=finished, next_attempt_at=next_at,
        purged=purged is not None,
    )
