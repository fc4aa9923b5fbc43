"""Engines for the two supported databases and the programmatic Alembic upgrade run at every start."""

from __future__ import annotations

import hashlib
from pathlib import Path

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

MIGRATIONS = "backoffice:migrations"
_MIGRATION_LOCK = 0x6B696F736B  # pg advisory lock id: one process migrates, the others wait


def normalise_url(db: str) -> str:
    """A plain path means a SQLite file; postgresql:// URLs get the psycopg 3 driver."""
    if "://" not in db:
        return f"sqlite:///{Path(db).resolve()}"
    url = make_url(db)
    if url.drivername in {"postgresql", "postgres"}:
        url = url.set(drivername="postgresql+psycopg")
    return url.render_as_string(hide_password=False)


def make_engine(db: str, *, pool_size: int = 10) -> Engine:
    url = normalise_url(db)
    if url.startswith("sqlite"):
        return _sqlite_engine(url)
    # pre_ping: after a database restart, stale pooled connections are replaced instead of failing a request.
    return create_engine(url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True)


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def _sqlite_engine(url: str) -> Engine:
    path = make_url(url).database
    if path and path != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # One connection per process: every transaction takes the write lock anyway, and queueing on the pool
    # is FIFO, whereas SQLite's busy handler polls with growing sleeps (long tail latencies).
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30},
                           pool_size=1, max_overflow=0, pool_timeout=60)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        # Take transactions into our own hands (see _on_begin); pysqlite's implicit BEGIN is deferred.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")   # an acknowledged registration survives power loss
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # Every transaction takes the write lock up front: check-then-insert sequences (idempotency,
        # duplicate applicant, name uniqueness, serial) are then serialised across threads and processes.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest revision; safe when several processes start at once."""
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", MIGRATIONS)
    with engine.begin() as conn:
        if is_postgres(engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def lock_key(*parts: str) -> int:
    """A signed 64-bit key for pg_advisory_xact_lock derived from the given strings."""
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
