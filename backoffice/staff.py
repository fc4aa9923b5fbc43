"""Staff accounts: scrypt password hashes, login with a progressive delay after repeated failures, server-side
sessions, disabling with audit.

Only the standard library: hashlib.scrypt (salted, memory-hard) and hmac.compare_digest. A session is a
random id whose SHA-256 is the row key, so a copy of the database cannot be replayed as a cookie.

Every login attempt is counted by one `UPDATE … RETURNING` before the password hash is computed, and the
update only succeeds when the account's next allowed attempt has come; so however many attempts arrive at
once, at most FREE_ATTEMPTS passwords are checked before the delay starts, and each further one waits twice
as long as the one before (FIRST_DELAY, then up to MAX_DELAY). Nobody can lock an account for long by
guessing, and a refused attempt looks the same whether the account exists, is disabled, is waiting out its
delay, or the password was wrong.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, bindparam, case, delete, insert, or_, select, update

from backoffice import audit
from backoffice.models import staff_divisions, staff_sessions, staff_users
from domain import divisions as domain_divisions

# scrypt cost: ~16 MiB and ~50 ms per check, well inside OpenSSL's default 32 MiB memory limit.
_N, _R, _P, _LEN = 2**14, 8, 1, 32
FREE_ATTEMPTS = 5                         # failed logins in a row before each further one must wait
FIRST_DELAY = dt.timedelta(seconds=15)    # longer than any burst of simultaneous guesses takes to arrive
MAX_DELAY = dt.timedelta(minutes=15)      # the wait doubles from FIRST_DELAY up to this
SESSION_LIFETIME = dt.timedelta(hours=8)  # one working day; a new login is needed after it
MIN_PASSWORD_LENGTH = 10
MAX_USERNAME_LENGTH = 32                  # "staff:" + name must fit registrations.decided_by
REFUSED_ZH = "用户名或密码错误；连续出错后需稍候片刻才能再试。"


class Role(enum.StrEnum):
    REVIEWER = "reviewer"   # 审核员: review queue, case decisions, rating follow-ups, terminals
    MANAGER = "manager"     # 科室负责人: everything, plus batch confirmation, enrolment codes, audit log


ROLE_ZH = {Role.REVIEWER: "审核员", Role.MANAGER: "负责人"}


@dataclass(frozen=True)
class Staff:
    username: str
    role: Role
    divisions: frozenset[str]    # the county codes whose cases, images, ratings and terminals this person sees

    def covers(self, division_code: str | None) -> bool:
        return division_code in self.divisions

    def can(self, needed: Role) -> bool:
        return needed is Role.REVIEWER or self.role is Role.MANAGER


@dataclass(frozen=True)
class Session:
    session_id: str    # goes into the cookie, never stored
    staff: Staff
    csrf_token: str


class LoginRefused(Exception):
    """One answer for every refusal (REFUSED_ZH). `checked` says whether a real account's password was
    checked and was wrong: only then is the typed name known to be an account name, not a password typed
    into the wrong box, and only then is it written to the audit log."""

    message_zh = REFUSED_ZH

    def __init__(self, *, checked: bool) -> None:
        super().__init__("wrong password" if checked else "unknown, disabled or waiting account, or wrong password")
        self.checked = checked


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=_LEN)
    return "$".join(("scrypt", str(_N), str(_R), str(_P), base64.b64encode(salt).decode(),
                     base64.b64encode(digest).decode()))


def check_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        expected = base64.b64decode(digest)
        got = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p),
                             dklen=len(expected))
    except ValueError:
        return False
    return scheme == "scrypt" and hmac.compare_digest(got, expected)


# Checked against when the user does not exist, so an unknown name costs as long as a wrong password.
_DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def _checked_divisions(divisions: Iterable[str]) -> set[str]:
    found = {d.strip() for d in divisions}
    if not found or not all(domain_divisions.is_county(d) for d in found):
        raise ValueError("give one or more county-level division codes (GB/T 2260), e.g. 370702")
    return found


def _store_divisions(conn: Connection, username: str, divisions: set[str]) -> None:
    conn.execute(delete(staff_divisions).where(staff_divisions.c.username == username))
    conn.execute(insert(staff_divisions), [{"username": username, "division_code": d} for d in sorted(divisions)])


def create_staff(engine: Engine, username: str, role: Role | str, password: str, divisions: Iterable[str]) -> None:
    """Create the account, or reset its password, role and districts if it exists."""
    found = _checked_divisions(divisions)
    username = username.strip()
    if not username or len(username) > MAX_USERNAME_LENGTH or not username.isprintable():
        raise ValueError(f"username must be 1-{MAX_USERNAME_LENGTH} printable characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    values = {"role": Role(role).value, "password_hash": hash_password(password), "active": True,
              "failed_logins": 0, "next_login_at": None}
    with engine.begin() as conn:
        exists = conn.execute(select(staff_users.c.username).where(staff_users.c.username == username)).first()
        if exists:
            conn.execute(update(staff_users).where(staff_users.c.username == username).values(**values))
            conn.execute(delete(staff_sessions).where(staff_sessions.c.username == username))
        else:
            conn.execute(insert(staff_users).values(username=username, created_at=_now(), **values))
        _store_divisions(conn, username, found)


def set_divisions(engine: Engine, username: str, divisions: Iterable[str], *, actor: str) -> None:
    """Give an account its districts (replacing the ones it had); audited. LookupError if unknown."""
    found = _checked_divisions(divisions)
    with engine.begin() as conn:
        if conn.execute(select(_u.username).where(_u.username == username)).first() is None:
            raise LookupError(username)
        _store_divisions(conn, username, found)
        conn.execute(delete(staff_sessions).where(staff_sessions.c.username == username))
        audit.record(conn, actor, audit.Action.STAFF_DIVISIONS, "辖区改为" + "、".join(sorted(found)),
                     target=username)


def _divisions_of(conn: Connection, username: str) -> frozenset[str]:
    return frozenset(conn.execute(select(staff_divisions.c.division_code).where(
        staff_divisions.c.username == username)).scalars())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands timezone-aware columns back naive (stored as UTC).
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def delay_ms(failures: int) -> int:
    """How long the account waits after its `failures`-th failed attempt in a row."""
    if failures < FREE_ATTEMPTS:
        return 0
    first, most = int(FIRST_DELAY.total_seconds() * 1000), int(MAX_DELAY.total_seconds() * 1000)
    return min(first * 2 ** min(failures - FREE_ATTEMPTS, 30), most)


_u = staff_users.c
_ATTEMPT = (update(staff_users)
            .where(_u.username == bindparam("u"), _u.active.is_(True),
                   or_(_u.next_login_at.is_(None), _u.next_login_at <= bindparam("now")))
            .values(failed_logins=_u.failed_logins + 1,
                    next_login_at=bindparam("now") + case(
                        *((_u.failed_logins + 1 == k, delay_ms(k)) for k in range(FREE_ATTEMPTS, FREE_ATTEMPTS + 11)),
                        (_u.failed_logins + 1 < FREE_ATTEMPTS, 0), else_=delay_ms(FREE_ATTEMPTS + 11)))
            .returning(_u.password_hash, _u.role))


def log_in(engine: Engine, username: str, password: str) -> Session:
    """A new session for correct credentials; LoginRefused otherwise."""
    now = _now()
    with engine.begin() as conn:
        row = conn.execute(_ATTEMPT, {"u": username, "now": int(now.timestamp() * 1000)}).first()
    if row is None:
        check_password(password, _DUMMY_HASH)   # unknown, disabled or waiting: as slow as a wrong password
        raise LoginRefused(checked=False)
    if not check_password(password, row.password_hash):
        raise LoginRefused(checked=True)
    session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(update(staff_users).where(_u.username == username).values(failed_logins=0, next_login_at=None))
        conn.execute(delete(staff_sessions).where(staff_sessions.c.expires_at < now))
        conn.execute(insert(staff_sessions).values(session_hash=_session_hash(session_id), username=username,
                                                   csrf_token=csrf, created_at=now,
                                                   expires_at=now + SESSION_LIFETIME))
        divisions = _divisions_of(conn, username)
    return Session(session_id, Staff(username, Role(row.role), divisions), csrf)


def set_active(engine: Engine, username: str, active: bool, *, actor: str, client: str | None = None) -> None:
    """Disable (ending every session at once) or re-enable an account; audited. LookupError if unknown."""
    with engine.begin() as conn:
        done = conn.execute(update(staff_users).where(_u.username == username).values(
            active=active, failed_logins=0, next_login_at=None))
        if done.rowcount != 1:
            raise LookupError(username)
        if not active:
            conn.execute(delete(staff_sessions).where(staff_sessions.c.username == username))
        audit.record(conn, actor, audit.Action.STAFF_ENABLED if active else audit.Action.STAFF_DISABLED,
                     "启用工作人员账号" if active else "停用工作人员账号", target=username, client=client)


def session(engine: Engine, session_id: str) -> Session | None:
    """The live session for this id: unexpired, and its account still active."""
    with engine.connect() as conn:
        row = conn.execute(
            select(staff_sessions.c.csrf_token, staff_sessions.c.expires_at, staff_users.c.username,
                   staff_users.c.role)
            .join(staff_users, staff_users.c.username == staff_sessions.c.username)
            .where(staff_sessions.c.session_hash == _session_hash(session_id), staff_users.c.active.is_(True))
        ).first()
        if row is None or _aware(row.expires_at) <= _now():
            return None
        divisions = _divisions_of(conn, row.username)
    return Session(session_id, Staff(row.username, Role(row.role), divisions), row.csrf_token)


def log_out(engine: Engine, session_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(staff_sessions).where(staff_sessions.c.session_hash == _session_hash(session_id)))
