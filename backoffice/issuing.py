"""Unified social credit codes: 92 + the registering authority's division + a body from a serial.

One serial serves every division, so a body is unique across the province (and therefore within each
division). On PostgreSQL it is a sequence: nextval never returns a value twice, even when the transaction
that drew it rolls back, and it holds no lock until commit. On SQLite it is a counter row, updated inside
the write transaction that BEGIN IMMEDIATE already serialises. The UNIQUE constraint on
registrations.uscc is the last line of defence.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from domain.uscc import body_from_serial, make_uscc

_NEXTVAL = text("SELECT nextval('uscc_serial')")
_COUNTER = text("UPDATE uscc_counter SET next_serial = next_serial + 1 WHERE id = 1 RETURNING next_serial - 1")


def next_serial(conn: Connection) -> int:
    return int(conn.execute(_NEXTVAL if conn.dialect.name == "postgresql" else _COUNTER).scalar_one())


def issue_uscc(conn: Connection, division_code: str) -> str:
    return make_uscc(division_code, body_from_serial(next_serial(conn)))
