"""The authority's name register and the name check by the 2017 comparison rules (工商企注字〔2017〕133号).

A proposed name is compared, within its registering authority and industry class, with two sources: the
register the authority loads (`kiosk-backoffice import-names`, enterprises and individual businesses from the
provincial system) and this back office's own open registrations. Both are indexed on (division, industry
class, 字号) and (division, industry class, 字号 pinyin), so a check reads a handful of index entries whatever
the register's size: the exact 字号, every part of it that a registered 字号 could be, and its reading.

Names of entities deregistered, renamed or revoked less than `name_protection_days` ago stay protected.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, literal, select, text

from backoffice.models import OPEN_STATUSES, name_register, registrations
from domain import names
from domain.names import ClashKind, NameParts

# Status words the register may use, in Chinese or English.
_STATUS = {
    "存续": "active", "在业": "active", "开业": "active", "active": "active",
    "注销": "deregistered", "deregistered": "deregistered",
    "变更": "renamed", "名称变更": "renamed", "renamed": "renamed",
    "吊销": "revoked", "撤销": "revoked", "revoked": "revoked",
}
_COLUMNS = {"name": "name", "名称": "name", "字号": "trade", "trade": "trade", "行业": "industry",
            "industry": "industry", "division": "division", "登记机关": "division", "status": "status",
            "状态": "status", "date": "date", "日期": "date"}
_FIELDS = ("division_code", "name_key", "name", "trade", "industry", "industry_class", "trade_pinyin", "status",
           "status_date")

_nr, _r = name_register.c, registrations.c
_FROM_REGISTER = select(_nr.name, _nr.trade, _nr.industry, _nr.industry_class, _nr.trade_pinyin, _nr.status,
                        _nr.status_date).where(
    _nr.division_code == bindparam("division_code"), _nr.industry_class == bindparam("industry_class"),
    (_nr.trade.in_(bindparam("fragments", expanding=True))) | (_nr.trade_pinyin == bindparam("pinyin")))
_FROM_REGISTRATIONS = select(_r.business_name, _r.name_trade, _r.name_industry, _r.name_class, _r.name_pinyin,
                             _r.status).where(
    _r.division_code == bindparam("division_code"), _r.name_class == bindparam("industry_class"),
    _r.status.in_([literal(s) for s in OPEN_STATUSES]), _r.registration_id != bindparam("exclude"),
    (_r.name_trade.in_(bindparam("fragments", expanding=True))) | (_r.name_pinyin == bindparam("pinyin")))


class RegisterFileError(ValueError):
    """The register file cannot be loaded; message_zh says which line and why. Nothing was loaded."""

    def __init__(self, message_zh: str) -> None:
        super().__init__(message_zh)
        self.message_zh = message_zh


@dataclass(frozen=True)
class NameMatch:
    """The strongest clash found, with the name it clashes with (shown to the reviewer and the applicant)."""

    kind: ClashKind
    why: str             # identical / equivalent_industry / homophone / contains
    name: str
    pending: bool        # the other name is a case still under review here
    protected: bool      # the other entity was deregistered / renamed / revoked within the protection period


_WHY_ZH = {"identical": "字号、行业相同", "equivalent_industry": "字号相同、行业表述含义相同",
           "homophone": "字号读音相同", "contains": "字号包含已有字号"}


def describe(match: NameMatch) -> str:
    """The clashing name and why, in Chinese: 潍城区鑫源建材部（字号读音相同）."""
    extra = "，在办" if match.pending else "，注销或变更未满保护期" if match.protected else ""
    return f"{match.name}（{_WHY_ZH[match.why]}{extra}）"


def _rank(match: NameMatch) -> int:
    return 1 if match.kind is ClashKind.IDENTICAL else 0


def find_clash(conn: Connection, division_code: str, parts: NameParts, today: dt.date,
               protection_days: int, *, exclude: str = "") -> NameMatch | None:
    """The strongest clash with the register or our own open registrations; `exclude` is a registration being
    re-checked (a staff approval), which must not clash with itself."""
    params = {"division_code": division_code, "industry_class": parts.industry_class,
              "fragments": list(names.trade_fragments(parts.trade)) or [parts.trade], "pinyin": parts.pinyin}
    matches: list[NameMatch] = []
    protected_since = today - dt.timedelta(days=protection_days)
    for row in conn.execute(_FROM_REGISTER, params):
        protected = row.status != "active"
        if protected and (row.status_date is None or row.status_date < protected_since):
            continue
        clash = names.compare_names(parts, NameParts(row.trade, row.industry, row.industry_class,
                                                     row.trade_pinyin))
        if clash:
            matches.append(NameMatch(clash.kind, clash.why, row.name, pending=False, protected=protected))
    for row in conn.execute(_FROM_REGISTRATIONS, {**params, "exclude": exclude}):
        clash = names.compare_names(parts, NameParts(row.name_trade, row.name_industry, row.name_class,
                                                     row.name_pinyin))
        if clash:
            pending = row.status == "manual_review"
            # A name still under review is not yet registered: identical to it is for a person to weigh.
            kind = ClashKind.NEAR if pending else clash.kind
            matches.append(NameMatch(kind, clash.why, row.business_name or "", pending=pending, protected=False))
    return max(matches, key=_rank, default=None)


# --- Loading the register --------------------------------------------------------------------------------

@dataclass(frozen=True)
class ImportStats:
    rows: int
    seconds: float


def _rows(lines: Iterable[str]) -> Iterator[tuple[Any, ...]]:
    reader = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        raise RegisterFileError("名称库文件为空")
    columns = [_COLUMNS.get(h.strip().lstrip("\ufeff").lower()) for h in header]
    missing = {"name", "trade", "industry", "division", "status"} - set(columns)
    if missing:
        raise RegisterFileError("名称库文件缺少列：" + "、".join(sorted(missing))
                                + "（应为 name,字号,行业,division,status,date）")
    at = {c: i for i, c in enumerate(columns) if c}
    for line, record in enumerate(reader, start=2):
        if not record:
            continue
        try:
            name, trade, industry = (record[at[c]].strip() for c in ("name", "trade", "industry"))
            division, status_word = record[at["division"]].strip(), record[at["status"]].strip()
            raw_date = record[at["date"]].strip() if "date" in at and at["date"] < len(record) else ""
        except IndexError:
            raise RegisterFileError(f"第{line}行：列数不足") from None
        status = _STATUS.get(status_word.lower())
        if status is None:
            raise RegisterFileError(f"第{line}行：无法识别的状态“{status_word}”（存续/注销/变更/吊销）")
        if not (name and trade and industry) or len(division) != 6 or not division.isdigit():
            raise RegisterFileError(f"第{line}行：名称、字号、行业不能为空，登记机关应为6位行政区划代码")
        try:
            day = dt.date.fromisoformat(raw_date) if raw_date else None
        except ValueError:
            raise RegisterFileError(f"第{line}行：日期“{raw_date}”应写作 2025-06-30") from None
        if status != "active" and day is None:
            raise RegisterFileError(f"第{line}行：注销、变更或吊销的名称需填写日期")
        parts = names.name_parts(trade, industry)
        yield (division, names.normalise_name(name), name, trade, parts.industry, parts.industry_class,
               parts.pinyin, status, day)


_UPSERT_FROM_STAGING = text(f"""
    INSERT INTO name_register ({", ".join(_FIELDS)})
    SELECT DISTINCT ON (division_code, name_key) {", ".join(_FIELDS)} FROM name_register_staging
    ORDER BY division_code, name_key
    ON CONFLICT (division_code, name_key) DO UPDATE SET
        {", ".join(f"{f} = EXCLUDED.{f}" for f in _FIELDS[2:])}
    WHERE ({", ".join("name_register." + f for f in _FIELDS[2:])})
          IS DISTINCT FROM ({", ".join("EXCLUDED." + f for f in _FIELDS[2:])})
""")   # an unchanged row is not rewritten: loading the same file again leaves no dead tuples
_UPSERT_ONE = text(f"""
    INSERT INTO name_register ({", ".join(_FIELDS)}) VALUES ({", ".join(":" + f for f in _FIELDS)})
    ON CONFLICT (division_code, name_key) DO UPDATE SET
        {", ".join(f"{f} = excluded.{f}" for f in _FIELDS[2:])}
""")


def import_names(engine: Engine, path: Path) -> ImportStats:
    """Load a register file (UTF-8 CSV: name,字号,行业,division,status,date) in one transaction.

    Idempotent: a name already loaded (same division, same normalised name) is updated, not duplicated; a
    later file with new statuses moves names to deregistered / renamed. A bad line loads nothing.
    """
    start = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as f, engine.begin() as conn:
        rows = _rows(f)
        count = _copy_upsert(conn, rows) if conn.dialect.name == "postgresql" else _upsert(conn, rows)
    return ImportStats(count, time.perf_counter() - start)


def _copy_upsert(conn: Connection, rows: Iterator[tuple[Any, ...]]) -> int:
    """PostgreSQL: COPY into an unlogged staging table, then one INSERT … ON CONFLICT."""
    conn.exec_driver_sql("CREATE TEMP TABLE name_register_staging (LIKE name_register) ON COMMIT DROP")
    cursor = conn.connection.driver_connection.cursor()   # type: ignore[union-attr]
    count = 0
    buffer = io.StringIO()
    with cursor.copy(f"COPY name_register_staging ({', '.join(_FIELDS)}) FROM STDIN") as copy:
        for row in rows:
            buffer.write("\t".join(r"\N" if v is None else _copy_text(str(v)) for v in row))
            buffer.write("\n")
            count += 1
            if count % 20000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    conn.execute(_UPSERT_FROM_STAGING)
    conn.exec_driver_sql("ANALYZE name_register")
    return count


def _copy_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _upsert(conn: Connection, rows: Iterator[tuple[Any, ...]]) -> int:
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(dict(zip(_FIELDS, row, strict=True)))
        if len(batch) == 5000:
            conn.execute(_UPSERT_ONE, batch)
            count += len(batch)
            batch = []
    if batch:
        conn.execute(_UPSERT_ONE, batch)
    return count + len(batch)
