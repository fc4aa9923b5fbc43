"""Where credit codes and the license QR (市场主体身份码) come from: the registration authority's system.

`RegistrationAuthority.issue` turns an approved case into its credit code and, where the authority provides
one, the payload of the license QR code. The embedded default mints the code from the local serial inside the
decision's transaction (as the back office always did) and leaves the QR to the terminal (the gsxt
verification URL). `ProvincialAuthority` asks the provincial registration / 电子营业执照 system over HTTPS;
because that system may be down, its cases go through the outbox (backoffice.issuance) and are issued
exactly once when it answers — the case's id is the Idempotency-Key the province deduplicates by.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Protocol

import requests
from sqlalchemy import Connection

from backoffice import issuing
from domain.uscc import validate_uscc


@dataclass(frozen=True)
class IssueRequest:
    registration_id: str     # also the Idempotency-Key: asking twice gives the same code
    division_code: str       # the registering authority
    fields: dict[str, Any]   # the license fields without uscc: what the province records


@dataclass(frozen=True)
class Issued:
    uscc: str
    identity_code: str | None   # 市场主体身份码 payload for the license QR; None: the gsxt verification URL


class AuthorityUnavailable(Exception):
    """The authority did not answer, or answered with an error worth retrying later."""


class RegistrationAuthority(Protocol):
    # True: issue() runs inside the decision's transaction and never fails for want of a network.
    in_transaction: bool

    def issue(self, conn: Connection | None, request: IssueRequest) -> Issued: ...


class EmbeddedAuthority:
    """Mints credit codes from the local serial (backoffice.issuing); the QR stays the terminal's."""

    in_transaction = True

    def issue(self, conn: Connection | None, request: IssueRequest) -> Issued:
        assert conn is not None, "the embedded authority mints inside the decision's transaction"
        return Issued(issuing.issue_uscc(conn, request.division_code), None)


class ProvincialAuthority:
    """POST {url}/registrations with the case; answers {"uscc", "identity_code"}.

    Each call tries `attempts` times with a short pause; anything it cannot get an answer from (refused
    connection, timeout, 5xx, 429) raises AuthorityUnavailable for the outbox to retry later. A 4xx other than
    429 is a refusal no retry will change: it raises ValueError and the case stays in the outbox for staff.
    """

    in_transaction = False

    def __init__(self, url: str, *, token: str = "", timeout_s: float = 3.0, attempts: int = 2,
                 pause_s: float = 0.2) -> None:
        self._url = url.rstrip("/") + "/registrations"
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}
        self._timeout_s = timeout_s
        self._attempts = attempts
        self._pause_s = pause_s
        self._http = requests.Session()

    def issue(self, conn: Connection | None, request: IssueRequest) -> Issued:
        body = {"registration_id": request.registration_id, "division_code": request.division_code,
                "fields": request.fields}
        headers = {**self._headers, "Idempotency-Key": request.registration_id}
        problem = "no attempt"
        for attempt in range(self._attempts):
            if attempt:
                time.sleep(self._pause_s * attempt)
            try:
                reply = self._http.post(self._url, json=body, headers=headers, timeout=self._timeout_s)
            except requests.RequestException as exc:
                problem = type(exc).__name__
                continue
            if reply.status_code >= 500 or reply.status_code == 429:
                problem = f"HTTP {reply.status_code}"
                continue
            if reply.status_code >= 400:
                raise ValueError(f"the provincial system refused the case: HTTP {reply.status_code} {reply.text[:200]}")
            data = reply.json()
            return Issued(validate_uscc(str(data["uscc"])), data.get("identity_code") or None)
        raise AuthorityUnavailable(problem)


def authority_from_settings(url: str, token: str, timeout_s: float) -> RegistrationAuthority:
    return ProvincialAuthority(url, token=token, timeout_s=timeout_s) if url else EmbeddedAuthority()
