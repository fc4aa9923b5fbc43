"""Terminal credentials and request authentication (signing v2: HMAC, clock tolerance, nonces)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from backoffice import audit
from backoffice.keys import KeyRing
from backoffice.models import seen_nonces, terminal_alerts, terminal_status, terminals
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
class Credentials:
    """What the authentication headers claim, checked for form and freshness but not yet verified."""

    terminal_id: str
    timestamp: str
    nonce: str
    signature: str            # lower case hex
    idempotency_key: str


@dataclass(frozen=True)
class Caller:
    """An authenticated request: which terminal, and the nonce that must not be used again."""

    terminal_id: str
    division_code: str
    nonce: str
    expires_at: int           # Unix seconds after which the timestamp is stale and the nonce may be forgotten


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


def division_of(engine: Engine, terminal_id: str) -> str | None:
    """The enrolled terminal's county, None when there is no such terminal."""
    with engine.connect() as conn:
        return conn.execute(select(terminals.c.division_code).where(terminals.c.terminal_id == terminal_id)).scalar()


def set_active(engine: Engine, terminal_id: str, active: bool, *, actor: str, client: str | None = None) -> None:
    """Disable or re-enable a terminal, audited. Serving processes notice within their cache time (30 s).
    LookupError if unknown."""
    with engine.begin() as conn:
        done = conn.execute(update(terminals).where(terminals.c.terminal_id == terminal_id).values(active=active))
        if done.rowcount != 1:
            raise LookupError(terminal_id)
        audit.record(conn, actor, audit.Action.TERMINAL_ENABLED if active else audit.Action.TERMINAL_DISABLED,
                     "启用终端" if active else "停用终端", target=terminal_id, client=client)


class Authenticator:
    """Terminal request authentication (domain.signing v2); one instance per process.

    Three steps, so the server can refuse before reading a body: check_headers (form, version, clock),
    terminal (known and active) and verify (the HMAC over the body), then remember (the nonce, in its own
    committed write, so nothing the request does afterwards can roll it back).
    """

    def __init__(self, engine: Engine, keys: KeyRing, clock_tolerance_s: int = signing.CLOCK_TOLERANCE_S,
                 clock: Callable[[], float] = time.time) -> None:
        self._engine = engine
        self._keys = keys
        self._tolerance = clock_tolerance_s
        self._clock = clock
        self._cache: dict[str, tuple[float, Terminal | None]] = {}
        self._lock = threading.Lock()
        self._last_prune = 0.0
        # Built once per process (building costs more than executing a cached statement).
        dialect_insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
        self._record = (dialect_insert(seen_nonces)
                        .on_conflict_do_nothing(index_elements=["terminal_id", "nonce"])
                        .returning(seen_nonces.c.nonce))
        self._prune = delete(seen_nonces).where(seen_nonces.c.expires_at < bindparam("now"))

    def check_headers(self, headers: Mapping[str, str]) -> Credentials:
        """The claimed credentials; AuthError when a header is missing or malformed, the version is not 2
        or the timestamp is outside the clock tolerance. Needs no I/O."""
        version = headers.get(signing.HEADER_VERSION.lower(), "")
        if version != signing.VERSION:
            shown = version[:8] if version.isdigit() else "1"
            raise AuthError(f"request signing v{shown} is not accepted: update the terminal software to "
                            f"signing v{signing.VERSION}",
                            f"终端软件版本过旧（请求签名第{shown}版），请升级终端软件（需第{signing.VERSION}版）")
        found = {h: headers.get(h.lower(), "") for h in (signing.HEADER_TERMINAL, signing.HEADER_TIMESTAMP,
                                                          signing.HEADER_NONCE, signing.HEADER_SIGNATURE)}
        if not all(found.values()):
            raise AuthError("missing authentication headers", "终端认证信息缺失")
        nonce = found[signing.HEADER_NONCE]
        if len(nonce) > signing.MAX_NONCE_LENGTH or len(found[signing.HEADER_TERMINAL]) > 64:
            raise AuthError("malformed authentication headers", "终端认证信息有误")
        timestamp = found[signing.HEADER_TIMESTAMP]
        if not signing.fresh(timestamp, self._clock(), self._tolerance):
            raise AuthError("stale or future timestamp", "终端签名已过期，请校准终端时钟")
        return Credentials(found[signing.HEADER_TERMINAL], timestamp, nonce,
                           found[signing.HEADER_SIGNATURE].lower(),
                           headers.get(signing.HEADER_IDEMPOTENCY_KEY.lower(), ""))

    def _load(self, terminal_id: str) -> Terminal | None:
        with self._engine.connect() as conn:
            row = conn.execute(select(terminals).where(terminals.c.terminal_id == terminal_id)).first()
        found = None if row is None else Terminal(row.terminal_id, row.division_code,
                                                   self._keys.open(row.secret_sealed).decode(), row.active)
        with self._lock:
            self._cache[terminal_id] = (time.monotonic(), found)
        return found

    def cached(self, terminal_id: str) -> Terminal | None:
        """The terminal when it is in the cache and still fresh; no I/O."""
        with self._lock:
            hit = self._cache.get(terminal_id)
        return hit[1] if hit and time.monotonic() - hit[0] < _CACHE_TTL_S else None

    def terminal(self, terminal_id: str, *, fresh: bool = False) -> Terminal:
        """The known, active terminal; AuthError otherwise. May read the database."""
        found = None if fresh else self.cached(terminal_id)
        found = found or self._load(terminal_id)
        if found is None or not found.active:
            raise AuthError("unknown or disabled terminal", "终端未登记或已停用")
        return found

    def _caller(self, terminal: Terminal, creds: Credentials, method: str, path: str, query: str,
                body: bytes) -> Caller | None:
        if not signing.verify(terminal.secret, method, path, query, creds.timestamp, creds.nonce,
                              creds.idempotency_key, body, creds.signature):
            return None
        return Caller(terminal.terminal_id, terminal.division_code, creds.nonce,
                      int(creds.timestamp) + self._tolerance)

    def verify_cached(self, creds: Credentials, method: str, path: str, query: str, body: bytes) -> Caller | None:
        """The caller when a cached, active terminal's secret verifies the signature; None when only the
        database can tell: then call verify(). Needs no I/O, so the server runs it in the event loop."""
        terminal = self.cached(creds.terminal_id)
        if terminal is None or not terminal.active:
            return None
        return self._caller(terminal, creds, method, path, query, body)

    def verify(self, creds: Credentials, method: str, path: str, query: str, body: bytes) -> Caller:
        caller = self._caller(self.terminal(creds.terminal_id), creds, method, path, query, body)
        if caller is None:
            # The cached secret may predate a re-enrolment (in this or another process): look once more.
            caller = self._caller(self.terminal(creds.terminal_id, fresh=True), creds, method, path, query, body)
        if caller is None:
            raise AuthError("bad signature", "终端签名无效")
        return caller

    def remember(self, caller: Caller) -> None:
        """Record the nonce in its own committed transaction; a second use of it is a replay (AuthError).
        Kept until the timestamp is stale, so a replay is refused either as seen or as stale."""
        now = int(self._clock())
        with self._engine.begin() as conn:
            if conn.execute(self._record, {"terminal_id": caller.terminal_id, "nonce": caller.nonce,
                                           "expires_at": caller.expires_at}).first() is None:
                raise AuthError("replayed request (nonce already used)", "重复的请求，已拒绝")
            if now - self._last_prune > 60:
                self._last_prune = now
                conn.execute(self._prune, {"now": now})


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
