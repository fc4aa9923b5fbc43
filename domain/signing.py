"""Terminal request authentication, version 2: HMAC-SHA256 over everything that gives a request its meaning.

The signed string is, one item per line:

    KIOSK-HMAC-2
    METHOD
    PATH            (as sent, still percent-encoded)
    QUERY           (as sent, without "?"; empty when there is none)
    TIMESTAMP       (Unix seconds)
    NONCE           (random, never reused by a terminal)
    IDEMPOTENCY-KEY (the Idempotency-Key header; empty when there is none)
    SHA256_HEX(BODY)

The nonce makes every request unique, so two honest identical requests in one second are two requests, and a
captured one cannot be sent again: the back office remembers each nonce for as long as its timestamp is
acceptable. Binding the Idempotency-Key means a refused request cannot be resent under a new key. One function
builds the string so terminal and back office cannot drift apart.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time

VERSION = "2"
HEADER_VERSION = "X-Signature-Version"
HEADER_TERMINAL = "X-Terminal-Id"
HEADER_TIMESTAMP = "X-Timestamp"
HEADER_NONCE = "X-Nonce"
HEADER_SIGNATURE = "X-Signature"
HEADER_IDEMPOTENCY_KEY = "Idempotency-Key"
CLOCK_TOLERANCE_S = 300
MAX_NONCE_LENGTH = 64
_SCHEME = "KIOSK-HMAC-" + VERSION


def signature(secret: str, method: str, path: str, query: str, timestamp: str, nonce: str,
              idempotency_key: str, body: bytes) -> str:
    message = "\n".join((_SCHEME, method.upper(), path, query, timestamp, nonce, idempotency_key,
                         hashlib.sha256(body).hexdigest()))
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


def new_nonce() -> str:
    return secrets.token_hex(16)


def sign_headers(terminal_id: str, secret: str, method: str, path: str, body: bytes, *, query: str = "",
                 idempotency_key: str = "", now: float | None = None, nonce: str | None = None) -> dict[str, str]:
    """The authentication headers for one request (a fresh nonce each call unless one is given).
    The Idempotency-Key header itself is the caller's to send; it is only signed here."""
    timestamp = str(int(time.time() if now is None else now))
    nonce = nonce or new_nonce()
    return {
        HEADER_VERSION: VERSION,
        HEADER_TERMINAL: terminal_id,
        HEADER_TIMESTAMP: timestamp,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: signature(secret, method, path, query, timestamp, nonce, idempotency_key, body),
    }


def fresh(timestamp: str, now: float | None = None, tolerance_s: int = CLOCK_TOLERANCE_S) -> bool:
    """True when the timestamp is a whole number of seconds within tolerance_s of now."""
    if not timestamp.isdigit() or len(timestamp) > 12:
        return False
    return abs((time.time() if now is None else now) - int(timestamp)) <= tolerance_s


def verify(secret: str, method: str, path: str, query: str, timestamp: str, nonce: str, idempotency_key: str,
           body: bytes, given: str) -> bool:
    """True when the signature matches (freshness and nonce reuse are the caller's to check)."""
    return hmac.compare_digest(signature(secret, method, path, query, timestamp, nonce, idempotency_key, body),
                               given)
