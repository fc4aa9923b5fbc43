"""Registration reports: one row per registration, no personal data."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import TextIO

from sqlalchemy import Engine, select

from backoffice.models import registrations

COLUMNS = ("registration_id", "idempotency_key", "terminal_id", "status", "uscc", "created_at")


def rows(engine: Engine) -> Iterator[dict[str, str | None]]:
    query = select(*(registrations.c[name] for name in COLUMNS)).order_by(registrations.c.created_at)
    with engine.connect() as conn:
        for row in conn.execute(query.execution_options(yield_per=1000)):
            out = dict(row._mapping)
            out["created_at"] = out["created_at"].isoformat()
            yield out


def write(engine: Engine, out: TextIO, fmt: str) -> int:
    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in rows(engine):
            writer.writerow(row)
            count += 1
    elif fmt == "jsonl":
        for row in rows(engine):
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return count
