"""Staff accounts: scrypt password hashes, login with lock-out after repeated failures, server-side sessions.

Only the standard library: hashlib.scrypt (salted, memory-hard) and hmac.compare_digest. A session is a
random id whose SHA-256 is the row key, so a copy of the database cannot be replayed as a cookie.
"""

from __future__ import annotations

import base64
import datetime as dt
import enum
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, select, update

from backoffice.models import staff_sessions, staff_users

# scrypt cost: ~16 MiB and ~50 ms per check, well inside OpenSSL's default 32 MiB memory limit.
_N, _R, _P, _LEN = 2**14, 8, 1, 32
MAX_FAILURES = 5                          # failed logins in a row before the account is locked
LOCKOUT = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=8)  # one working day; a new login is needed after it
MIN_PASSWORD_LENGTH = 10
MAX_USERNAME_LENGTH = 32                  # "staff:" + name must fit registrations.decided_by
_LOCKED_ZH = "连续登录失败次数过多，账号已暂时锁定，请15分钟后再试"


class Role(enum.StrEnum):
    REVIEWER = "reviewer"   # 审核员: review queue, case decisions, rating follow-ups, terminals
    MANAGER = "manager"     # 科室负责人: everything, plus batch confirmation, enrolment codes, audit log


ROLE_ZH = {Role.REVIEWER: "审核员", Role.MANAGER: "负责人"}


@dataclass(frozen=True)
class Staff:
    username: str
    role: Role

    def can(self, needed: Role) -> bool:
        return needed is Role.REVIEWER or self.role is Role.MANAGER


@dataclass(frozen=True)
class Session:
    session_id: str    # goes into the cookie, never stored
    staff: Staff
    csrf_token: str


class LoginRefused(Exception):
    def __init__(self, message: str, message_zh: str, *, known_user: bool) -> None:
        super().__init__(message)
        self.message_zh = message_zh
        self.known_user = known_user   # an unknown "name" may be a password typed into the wrong box

    @property
    def locked(self) -> bool:
        return self.message_zh == _LOCKED_ZH


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


def create_staff(engine: Engine, username: str, role: Role | str, password: str) -> None:
    """Create the account, or reset its password and role (and unlock it) if it exists."""
    username = username.strip()
    if not username or len(username) > MAX_USERNAME_LENGTH or not username.isprintable():
        raise ValueError(f"username must be 1-{MAX_USERNAME_LENGTH} printable characters")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    values = {"role": Role(role).value, "password_hash": hash_password(password), "active": True,
              "failed_logins": 0, "locked_until": None}
    with engine.begin() as conn:
        exists = conn.execute(select(staff_users.c.username).where(staff_users.c.username == username)).first()
        if exists:
            conn.execute(update(staff_users).where(staff_users.c.username == username).values(**values))
            conn.execute(delete(staff_sessions).where(staff_sessions.c.username == username))
        else:
            conn.execute(insert(staff_users).values(username=username, created_at=_now(), **values))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _aware(value: dt.datetime) -> dt.datetime:
    # SQLite hands timezone-aware columns back naive (stored as UTC).
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _session_hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


def log_in(engine: Engine, username: str, password: str) -> Session:
    """A new session for correct credentials; LoginRefused otherwise (locked accounts stay refused even
    with the right password until the lock-out ends)."""
    now = _now()
    with engine.connect() as conn:
        row = conn.execute(select(staff_users).where(staff_users.c.username == username)).first()
    if row is None or not row.active:
        check_password(password, _DUMMY_HASH)
        raise LoginRefused("unknown or disabled user", "用户名或密码错误", known_user=False)
    if row.locked_until is not None and _aware(row.locked_until) > now:
        raise LoginRefused("account locked", _LOCKED_ZH, known_user=True)
    if not check_password(password, row.password_hash):
        failures = row.failed_logins + 1
        locked = failures >= MAX_FAILURES
        with engine.begin() as conn:
            conn.execute(update(staff_users).where(staff_users.c.username == username).values(
                failed_logins=0 if locked else failures, locked_until=now + LOCKOUT if locked else None))
        if locked:
            raise LoginRefused("wrong password; account locked", _LOCKED_ZH, known_user=True)
        raise LoginRefused("wrong password", "用户名或密码错误", known_user=True)
    session_id, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    with engine.begin() as conn:
        conn.execute(update(staff_users).where(staff_users.c.username == username).values(
            failed_logins=0, locked_until=None))
        conn.execute(delete(staff_sessions).where(staff_sessions.c.expires_at < now))
        conn.execute(insert(staff_sessions).values(session_hash=_session_hash(session_id), username=username,
                                                   csrf_token=csrf, created_at=now,
                                                   expires_at=now + SESSION_LIFETIME))
    return Session(session_id, Staff(username, Role(row.role)), csrf)


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
    return Session(session_id, Staff(row.username, Role(row.role)), row.csrf_token)


def log_out(engine: Engine, session_id: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(staff_sessions).where(staff_sessions.c.session_hash == _session_hash(session_id)))
