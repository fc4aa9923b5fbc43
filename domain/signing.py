"""Terminal request authentication: HMAC-SHA256 over METHOD, PATH, TIMESTAMP and the body's SHA-256.

The terminal signs every request with its secret; the back office recomputes the signature. One function
builds the signed string so both sides cannot drift apart.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER_TERMINAL = "X-Terminal-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_SIGNATURE = "X-Signature"
MAX_SKEW_S = 300


def signature(secret: str, method: str, path: str, timestamp: str, body: bytes) -> str:
    message = "\n".join((method.upper(), path, timestamp, hashlib.sha256(body).hexdigest()))
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def sign_headers(terminal_id: str, secret: str, method: str, path: str, body: bytes,
                 now: float | None = None) -> dict[str, str]:
    timestamp = str(int(time.time() if now is None else now))
    return {
        HEADER_TERMINAL: terminal_id,
        HEADER_TIMESTAMP: timestamp,
        HEADER_SIGNATURE: signature(secret, method, path, timestamp, body),
    }


def verify(secret: str, method: str, path: str, timestamp: str, body: bytes, given: str,
           now: float | None = None) -> bool:
    """True when the signature matches and the timestamp is within MAX_SKEW_S of now."""
    try:
        age = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return False
    if age > MAX_SKEW_S:
        return False
    return hmac.compare_digest(signature(secret, method, path, timestamp, body), given)
