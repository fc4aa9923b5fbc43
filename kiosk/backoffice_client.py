"""The terminal's signed HTTP client for the back office API v1.

Every request carries the terminal id, a timestamp, a fresh nonce and an HMAC signature (domain.signing v2).
Network-level failures (refused, reset, timeout, DNS) raise BackofficeUnreachable so callers can tell "try later" from
an answer; any HTTP answer, error statuses included, comes back as a Reply.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from domain.signing import HEADER_IDEMPOTENCY_KEY, sign_headers


class BackofficeUnreachable(Exception):
    """No HTTP answer: the network or the back office is down. Safe to retry with the same key."""


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any                 # parsed JSON, or the raw text when the answer was not JSON
    retry_after_s: float | None = None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


class BackofficeClient:
    def __init__(self, base_url: str, terminal_id: str, secret: str, timeout_s: float = 10.0, *,
                 ca_file: str = "") -> None:
        """`ca_file`: PEM of the CA to trust for https (a private CA); empty for the system's CAs."""
        self._base = base_url if base_url.endswith("/") else base_url + "/"
        self._terminal_id = terminal_id
        self._secret = secret
        self._timeout_s = timeout_s
        self._http = requests.Session()
        # Given with every request: a Session-level verify loses to $REQUESTS_CA_BUNDLE in requests.
        self._verify: str | bool = ca_file or True

    @property
    def base_url(self) -> str:
        return self._base

    def close(self) -> None:
        self._http.close()

    def request(self, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
                timeout_s: float | None = None) -> Reply:
        url = urljoin(self._base, path.lstrip("/"))
        parts = urlsplit(url)
        extra = headers or {}
        key = next((v for k, v in extra.items() if k.lower() == HEADER_IDEMPOTENCY_KEY.lower()), "")
        # A fresh nonce and timestamp on every call, retries included: the back office refuses a nonce twice,
        # and the Idempotency-Key (signed too) is what makes a retry the same registration.
        signed = sign_headers(self._terminal_id, self._secret, method, parts.path, body, query=parts.query,
                              idempotency_key=key)
        all_headers = {"Content-Type": "application/json", **extra, **signed}
        try:
            resp = self._http.request(method, url, data=body or None, headers=all_headers,
                                      timeout=timeout_s or self._timeout_s, verify=self._verify)
        except requests.RequestException as exc:
            raise BackofficeUnreachable(f"{method} {path}: {type(exc).__name__}: {exc}") from exc
        try:
            parsed: Any = resp.json()
        except ValueError:
            parsed = resp.text
        retry_after = resp.headers.get("Retry-After")
        return Reply(resp.status_code, parsed,
                     float(retry_after) if retry_after and retry_after.isdigit() else None)

    def submit_registration(self, idempotency_key: str, body: bytes) -> Reply:
        """POST the exact stored bytes; retries must resend the same key and the same bytes."""
        return self.request("POST", "api/v1/registrations", body, {"Idempotency-Key": idempotency_key})

    def registration(self, registration_id: str) -> Reply:
        return self.request("GET", f"api/v1/registrations/{registration_id}")

    def receipt(self, token: str) -> Reply:
        return self.request("GET", f"api/v1/receipts/{token}")

    def scopes(self) -> Reply:
        return self.request("GET", "api/v1/catalogue/scopes")

    def evaluate(self, evaluation: dict[str, Any]) -> Reply:
        return self.request("POST", "api/v1/evaluations", json.dumps(evaluation).encode())

    def heartbeat(self, status: dict[str, Any]) -> Reply:
        return self.request("POST", "api/v1/terminals/heartbeat", json.dumps(status).encode())

    def alert(self, kind: str, detail: dict[str, Any]) -> Reply:
        """Something at the terminal needs staff now (a call for staff); shown on the back office's terminals page."""
        return self.request("POST", "api/v1/terminals/alerts",
                            json.dumps({"kind": kind, "detail": detail}, ensure_ascii=False).encode())
