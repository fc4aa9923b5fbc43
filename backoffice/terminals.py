"""Terminal credentials and request authentication (HMAC, clock skew, replay refusal)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from backoffice.keys import KeyRing
from backoffice.models import seen_signatures, terminal_alerts, terminal_status, terminals
from domain import divisions, signing

_CACHE_TTL_S = 30.0   # a revoked or rotated secret stops working within this many seconds


class AuthError(Exception):
    """The request is not from a known terminal, or is stale or replayed. Maps to HTTP 401."""

    def __init__(self, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.message_zh = message_zh


@dataclass(frozen=True)
class Terminal:
    terminal_id: str
    division_code: str
    secret: str
    active: bool


@dataclass(frozen=True)
class Caller:
    """An authenticated request: which terminal, and the signature to record against replay."""

    terminal_id: str
    division_code: str
    signature: str


def enrol(engine: Engine, keys: KeyRing, terminal_id: str, *, secret: str | None = None,
          division_code: str = "370702") -> str:
    """Create the terminal, or rotate its secret and jurisdiction if it exists. Returns the secret."""
    if not terminal_id or len(terminal_id) > 64:
        raise ValueError("terminal id must be 1-64 characters")
    if not divisions.is_county(division_code):
        raise ValueError(f"{division_code!r} is not a county-level division code")
    secret = secret or secrets.token_urlsafe(32)
    sealed = keys.seal(secret.encode())
    with engine.begin() as conn:
        exists = conn.execute(select(terminals.c.terminal_id).where(
            terminals.c.terminal_id == terminal_id)).first()
        values = {"division_code": division_code, "secret_sealed": sealed, "active": True}
        if exists:
            conn.execute(update(terminals).where(terminals.c.terminal_id == terminal_id).values(**values))
        else:
            conn.execute(insert(terminals).values(terminal_id=terminal_id, created_at=dt.datetime.now(dt.UTC),
                                                  **values))
    return secret


class Authenticator:
    """Checks X-Terminal-Id / X-Timestamp / X-Signature; one instance per process."""

    def __init__(self, engine: Engine, keys: KeyRing, replay_window_s: int) -> None:
        self._engine = engine
        self._keys = keys
        self._window = replay_window_s
        self._cache: dict[str, tuple[float, Terminal | None]] = {}
        self._lock = threading.Lock()
        self._last_prune = 0.0
        # Built once per process (building costs more than executing a cached statement).
        dialect_insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._record = (dialect_insert(seen_signatures).on_conflict_do_nothing(index_elements=["signature"])
                        .returning(seen_signatures.c.signature))
        self._prune = delete(seen_signatures).where(seen_signatures.c.seen_at < bindparam("before"))

    def _terminal(self, terminal_id: str, *, fresh: bool = False) -> Terminal | None:
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(terminal_id)
        if hit and now - hit[0] < _CACHE_TTL_S and not fresh:
            return hit[1]
        with self._engine.connect() as conn:
            row = conn.execute(select(terminals).where(terminals.c.terminal_id == terminal_id)).first()
        found = None if row is None else Terminal(row.terminal_id, row.division_code,
                                                   self._keys.open(row.secret_sealed).decode(), row.active)
        with self._lock:
            self._cache[terminal_id] = (now, found)
        return found

    def _cached(self, terminal_id: str) -> Terminal | None:
        with self._lock:
            hit = self._cache.get(terminal_id)
        return hit[1] if hit and time.monotonic() - hit[0] < _CACHE_TTL_S else None

    def authenticate_cached(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Caller | None:
        """The caller when a cached, active terminal's secret verifies the signature; None when only the
        database can tell (not cached, expired, or perhaps re-enrolled): then call authenticate().

        Needs no I/O, so the server runs it in the event loop: an HMAC is cheaper than a hop to a thread.
        """
        terminal_id, timestamp, given = _auth_headers(headers)
        terminal = self._cached(terminal_id)
        if terminal is None or not terminal.active or not signing.verify(terminal.secret, method, path, timestamp,
                                                                         body, given):
            return None
        return Caller(terminal.terminal_id, terminal.division_code, given)

    def authenticate(self, method: str, path: str, headers: dict[str, str], body: bytes) -> Caller:
        terminal_id, timestamp, given = _auth_headers(headers)
        terminal = self._terminal(terminal_id)
        valid = terminal is not None and signing.verify(terminal.secret, method, path, timestamp, body, given)
        if not valid:
            # The cached secret may predate a re-enrolment (in this or another process): look once more.
            terminal = self._terminal(terminal_id, fresh=True)
            valid = terminal is not None and signing.verify(terminal.secret, method, path, timestamp, body, given)
        if terminal is None or not terminal.active:
            raise AuthError("unknown or disabled terminal", "终端未登记或已停用")
        if not valid:
            raise AuthError("bad or stale signature", "终端签名无效或已过期，请校准终端时钟")
        return Caller(terminal.terminal_id, terminal.division_code, given)

    def consume(self, conn: Connection, caller: Caller) -> None:
        """Record the signature inside the request's transaction; a second use of it is a replay."""
        now = int(time.time())
        if conn.execute(self._record, {"signature": caller.signature, "seen_at": now}).first() is None:
            raise AuthError("replayed signature", "重复的请求签名，已拒绝")
        if now - self._last_prune > 60:
            self._last_prune = now
            conn.execute(self._prune, {"before": now - self._window})


def _auth_headers(headers: dict[str, str]) -> tuple[str, str, str]:
    """(terminal id, timestamp, signature in lower case) from the request headers; AuthError if one is missing."""
    terminal_id = headers.get(signing.HEADER_TERMINAL.lower(), "")
    timestamp = headers.get(signing.HEADER_TIMESTAMP.lower(), "")
    given = headers.get(signing.HEADER_SIGNATURE.lower(), "")
    if not (terminal_id and timestamp and given):
        raise AuthError("missing authentication headers", "终端认证信息缺失")
    return terminal_id, timestamp, given.lower()


def record_heartbeat(conn: Connection, terminal_id: str, queue_depth: int, devices: dict[str, object],
                     versions: dict[str, object]) -> None:
    values = {"seen_at": dt.datetime.now(dt.UTC), "queue_depth": queue_depth,
              "devices_json": json.dumps(devices, ensure_ascii=False, default=str),
              "versions_json": json.dumps(versions, ensure_ascii=False, default=str)}
    stmt = (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(terminal_status)
    conn.execute(stmt.values(terminal_id=terminal_id, **values)
                 .on_conflict_do_update(index_elements=["terminal_id"], set_=values))


def record_alert(conn: Connection, terminal_id: str, kind: str, detail: dict[str, object]) -> int:
    """A call for staff from a terminal; returns its number."""
    result = conn.execute(terminal_alerts.insert().values(
        terminal_id=terminal_id, kind=kind, detail_json=json.dumps(detail, ensure_ascii=False, default=str)[:2000],
        raised_at=dt.datetime.now(dt.UTC)))
    return int(result.inserted_primary_key[0])
