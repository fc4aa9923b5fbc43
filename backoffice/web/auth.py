"""Staff sessions over HTTP: an HMAC-signed session cookie, role checks, and a per-client throttle on failed
logins (the per-account lock-out lives in backoffice.staff).

The cookie key is derived from the back office's data key, so every process that shares the key file
accepts the same cookies and nothing new has to be stored.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable
from http.cookies import CookieError, SimpleCookie
from urllib.parse import quote

from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from sqlalchemy import Engine

from backoffice import staff
from backoffice.keys import KeyRing
from backoffice.staff import Role, Session
from backoffice.web import csrf

SESSION_COOKIE = "staff_session"
CLIENT_FAILURES = 20                 # failed logins from one address ...
CLIENT_WINDOW_S = 15 * 60            # ... within this window, before that address is refused for a while


class CookieSigner:
    def __init__(self, key: bytes) -> None:
        self._key = key

    @classmethod
    def for_keys(cls, keys: KeyRing) -> CookieSigner:
        return cls(hmac.new(keys.data_key, b"staff-session-cookie-v1", hashlib.sha256).digest())

    def _mac(self, value: str) -> str:
        digest = hmac.new(self._key, value.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")

    def sign(self, value: str) -> str:
        return f"{value}.{self._mac(value)}"

    def unsign(self, token: str) -> str | None:
        value, _, mac = token.rpartition(".")
        return value if value and hmac.compare_digest(mac, self._mac(value)) else None


def set_cookie(request: Request, response: Response, name: str, value: str, max_age: int | None) -> None:
    # Secure whenever the page itself came over HTTPS (uvicorn --proxy-headers behind a TLS proxy).
    response.set_cookie(name, value, max_age=max_age, path="/staff", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def client_of(request: Request) -> str | None:
    return request.client.host if request.client else None


class AttemptThrottle:
    """Attempts per client address in a sliding window (in memory, per process). An attempt is counted before
    it is tried (`reserve`), so simultaneous attempts cannot all slip under the limit; a successful one is
    given back (`forgive`), so a busy office behind one address is not refused for logging in."""

    def __init__(self, limit: int = CLIENT_FAILURES, window_s: float = CLIENT_WINDOW_S) -> None:
        self._limit, self._window = limit, window_s
        self._attempts: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def reserve(self, client: str) -> bool:
        """Count one attempt; False (and nothing counted) when the address has used up its attempts."""
        now = time.monotonic()
        with self._lock:
            times = self._attempts.setdefault(client, deque())
            while times and times[0] < now - self._window:
                times.popleft()
            if len(times) >= self._limit:
                return False
            times.append(now)
            return True

    def forgive(self, client: str) -> None:
        with self._lock:
            times = self._attempts.get(client)
            if times:
                times.pop()


class StaffAuth:
    def __init__(self, engine: Engine, keys: KeyRing) -> None:
        self.engine = engine
        self.signer = CookieSigner.for_keys(keys)
        self.throttle = AttemptThrottle()

    def start(self, request: Request, response: Response, session: Session) -> None:
        set_cookie(request, response, SESSION_COOKIE, self.signer.sign(session.session_id),
                   int(staff.SESSION_LIFETIME.total_seconds()))

    def cookie_valid(self, cookie_header: str) -> bool:
        """Whether a Cookie header carries a validly signed session cookie (no I/O; the session itself is
        checked by require())."""
        jar = SimpleCookie()
        try:
            jar.load(cookie_header)
        except CookieError:
            return False
        morsel = jar.get(SESSION_COOKIE)
        return morsel is not None and self.signer.unsign(morsel.value) is not None

    def session_id(self, request: Request) -> str | None:
        token = request.cookies.get(SESSION_COOKIE)
        return self.signer.unsign(token) if token else None

    def current(self, request: Request) -> Session | None:
        session_id = self.session_id(request)
        return staff.session(self.engine, session_id) if session_id else None

    def require(self, role: Role, *, post: bool = False) -> Callable[[Request], Awaitable[Session]]:
        """A dependency: the signed-in staff member with at least `role`; for a POST also a valid CSRF token.
        Not signed in → 303 to the login page; wrong role or bad token → 403."""

        async def dependency(request: Request) -> Session:
            session = await run_in_threadpool(self.current, request)
            if session is None:
                target = quote(request.url.path if request.method == "GET" else "/staff/", safe="/")
                raise HTTPException(303, "login required", headers={"Location": f"/staff/login?next={target}"})
            if not session.staff.can(role):
                raise HTTPException(403, "this page needs the manager role")
            if post:
                form = await request.form()
                if not csrf.matches(str(form.get(csrf.FIELD, "")), session.csrf_token):
                    raise HTTPException(403, "missing or wrong CSRF token")
            return session

        return dependency
