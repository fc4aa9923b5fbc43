"""CSRF tokens. Signed-in forms carry the session's token (stored with the session row); the login form,
which has no session yet, uses a double-submit token: a random value in an HttpOnly SameSite=Strict cookie
that must equal the hidden form field. SameSite=Strict already stops cross-site posts in current
browsers; the tokens also cover older browsers and same-site attackers.
"""

from __future__ import annotations

import hmac
import secrets

FIELD = "csrf_token"
LOGIN_COOKIE = "staff_login_csrf"
LOGIN_COOKIE_MAX_AGE = 3600


def new_token() -> str:
    return secrets.token_urlsafe(32)


def matches(given: str, expected: str) -> bool:
    return bool(given) and bool(expected) and hmac.compare_digest(given.encode(), expected.encode())
