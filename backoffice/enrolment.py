"""One-time terminal enrolment codes: a manager issues a code for a terminal id, the technician types it at
the kiosk, and the kiosk trades it once for its secret (POST /api/v1/enrolments).

Codes are 16 characters from an alphabet without look-alikes (80 bits), shown once and stored only as a
SHA-256 hash. Redeeming marks the code used in the same transaction that checks it, so two kiosks racing
with one code cannot both get a secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select, update

from backoffice import audit, terminals
from backoffice.keys import KeyRing
from backoffice.models import enrolment_codes
from domain import divisions

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I: technicians type these by hand
GROUPS, GROUP_LEN = 4, 4
DEFAULT_TTL_HOURS = 24
MAX_TTL_HOURS = 24 * 30


class EnrolmentRefused(Exception):
    """Maps to HTTP `status` with a Chinese message for the technician."""

    def __init__(self, status: int, message: str, message_zh: str) -> None:
        super().__init__(message)
        self.status = status
        self.message_zh = message_zh


@dataclass(frozen=True)
class IssuedCode:
    code: str             # shown once; only its hash is kept
    terminal_id: str
    division_code: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class Enrolled:
    terminal_id: str
    secret: str
    division_code: str
    license_public_key_pem: str


@dataclass(frozen=True)
class CodeRow:
    terminal_id: str
    division_code: str
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    used_at: dt.datetime | None

    def state_zh(self, now: dt.datetime) -> str:
        if self.used_at is not None:
            return "已使用"
        return "已过期" if self.expires_at <= now else "有效"


def normalise(code: str) -> str:
    """Upper case without separators, so ABCD-efgh jkLM-NPQR is accepted as typed."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def _hash(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def issue_code(engine: Engine, terminal_id: str, *, division_code: str = "370702",
               ttl_hours: int = DEFAULT_TTL_HOURS, created_by: str, client: str | None = None) -> IssuedCode:
    terminal_id = terminal_id.strip()
    if not terminal_id or len(terminal_id) > 64:
        raise ValueError("terminal id must be 1-64 characters")
    if not divisions.is_county(division_code):
        raise ValueError(f"{division_code!r} is not a county-level division code")
    if not 1 <= ttl_hours <= MAX_TTL_HOURS:
        raise ValueError(f"ttl must be 1-{MAX_TTL_HOURS} hours")
    raw = "".join(secrets.choice(ALPHABET) for _ in range(GROUPS * GROUP_LEN))
    code = "-".join(raw[i:i + GROUP_LEN] for i in range(0, len(raw), GROUP_LEN))
    now = dt.datetime.now(dt.UTC)
    expires = now + dt.timedelta(hours=ttl_hours)
    with engine.begin() as conn:
        conn.execute(insert(enrolment_codes).values(
            code_hash=_hash(code), terminal_id=terminal_id, division_code=division_code, created_by=created_by,
            created_at=now, expires_at=expires, used_at=None))
        audit.record(conn, created_by, audit.Action.ENROLMENT_CODE, f"签发终端注册码，有效期{ttl_hours}小时",
                     target=terminal_id, client=client)
    return IssuedCode(code, terminal_id, division_code, expires)


def redeem(engine: Engine, keys: KeyRing, code: str, client: str | None = None) -> Enrolled:
    """Trade a code for the terminal's credentials, exactly once."""
    now = dt.datetime.now(dt.UTC)
    with engine.begin() as conn:
        row = conn.execute(select(enrolment_codes).where(enrolment_codes.c.code_hash == _hash(code))
                           .with_for_update()).first()
        if row is None:
            raise EnrolmentRefused(401, "unknown enrolment code", "注册码无效，请核对后重新输入")
        if row.used_at is not None:
            raise EnrolmentRefused(410, "enrolment code already used", "注册码已被使用，请向管理员重新申请")
        if _aware(row.expires_at) <= now:
            raise EnrolmentRefused(410, "enrolment code expired", "注册码已过期，请向管理员重新申请")
        done = conn.execute(update(enrolment_codes).where(
            enrolment_codes.c.code_hash == row.code_hash, enrolment_codes.c.used_at.is_(None)).values(used_at=now))
        if done.rowcount != 1:
            raise EnrolmentRefused(410, "enrolment code already used", "注册码已被使用，请向管理员重新申请")
        audit.record(conn, "system", audit.Action.ENROLMENT_REDEEMED, "终端使用注册码完成注册",
                     target=row.terminal_id, client=client)
    # Validated when the code was issued, so enrolling cannot fail on the terminal id or division.
    secret = terminals.enrol(engine, keys, row.terminal_id, division_code=row.division_code)
    return Enrolled(row.terminal_id, secret, row.division_code, keys.license_public_pem.decode())


def codes(engine: Engine, divisions: frozenset[str], limit: int = 100) -> list[CodeRow]:
    """The codes for these districts, newest first, without the codes themselves (they are not kept)."""
    query = (select(enrolment_codes).where(enrolment_codes.c.division_code.in_(sorted(divisions)))
             .order_by(enrolment_codes.c.created_at.desc()).limit(limit))
    with engine.connect() as conn:
        return [CodeRow(r.terminal_id, r.division_code, r.created_by, _aware(r.created_at), _aware(r.expires_at),
                        _aware(r.used_at) if r.used_at else None) for r in conn.execute(query)]
