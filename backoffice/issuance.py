"""Turning an approved case into a credit code and a signed license, through the registration authority.

With the embedded authority this happens inside the decision's transaction. With the provincial one the
decision's transaction only records the case as `issuing` and puts it in the outbox (`upstream_outbox`, same
transaction: an approval is never lost); `deliver` then asks the province outside any transaction — right
away for the resident at the terminal, and again from the `OutboxWorker` until the province answers. A
delivery first takes a lease on the outbox row, so two workers never ask at once; the province deduplicates by
the case's id; the case moves from `issuing` to `approved` with a conditional UPDATE. So each case is issued
exactly once even if a worker dies between the province's answer and our commit.

The terminal sees an `issuing` case as pending (status `manual_review`, reason `license_issuing`: approved,
the license is being issued); its receipt picks the license up at any terminal once issued.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import threading
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, or_, select, update

from backoffice import licenses
from backoffice.authority import AuthorityUnavailable, IssueRequest, RegistrationAuthority
from backoffice.china_time import china_day
from backoffice.keys import KeyRing
from backoffice.models import registrations, upstream_outbox
from backoffice.schemas import RegistrationIn
from domain import scopes
from domain.application import Application
from domain.scopes import ScopeItem

log = logging.getLogger(__name__)

ISSUING = "issuing"
ISSUING_REASON = {"code": "license_issuing",
                  "message": "已核准，营业执照正在由登记系统生成，请凭受理回执稍后到任一终端领取"}
LEASE = dt.timedelta(seconds=60)
RETRY_BASE_S, RETRY_MAX_S = 2.0, 300.0

_o = upstream_outbox.c


def public_status(status: str) -> str:
    """What the terminal API says: an issuing case is pending, like one under review."""
    return "manual_review" if status == ISSUING else status


def approve(conn: Connection, authority: RegistrationAuthority, private_pem: bytes, registration_id: str,
            app: Application, known: list[ScopeItem], division_code: str,
            day: dt.date) -> tuple[str, str | None, dict[str, Any] | None]:
    """(status, credit code, signed license) for an approved case; the outbox row when the authority is remote.

    The registration row must exist (or be inserted in this transaction before `queue`)."""
    if authority.in_transaction:
        issued = authority.issue(conn, _request(registration_id, app, known, division_code, day))
        return "approved", issued.uscc, licenses.signed_license(app, issued.uscc, known, day, private_pem,
                                                                division_code, issued.identity_code)
    return ISSUING, None, None


def queue(conn: Connection, registration_id: str) -> None:
    now = dt.datetime.now(dt.UTC)
    conn.execute(insert(upstream_outbox).values(registration_id=registration_id, attempts=0, next_attempt_at=now,
                                                created_at=now))


def _request(registration_id: str, app: Application, known: list[ScopeItem], division_code: str,
             day: dt.date) -> IssueRequest:
    fields = licenses.license_fields(app, "", known, day, division_code)
    fields.pop("uscc")
    return IssueRequest(registration_id, division_code, fields)


def _take_lease(engine: Engine, registration_id: str, now: dt.datetime) -> bool:
    with engine.begin() as conn:
        taken = conn.execute(update(upstream_outbox).where(
            _o.registration_id == registration_id, _o.next_attempt_at <= now,
            or_(_o.lease_until.is_(None), _o.lease_until < now)).values(lease_until=now + LEASE))
        return taken.rowcount == 1


def deliver(engine: Engine, keys: KeyRing, authority: RegistrationAuthority, registration_id: str) -> bool:
    """Ask the authority for one outbox case; True when it is issued now (or was already)."""
    now = dt.datetime.now(dt.UTC)
    if not _take_lease(engine, registration_id, now):
        return False
    with engine.connect() as conn:
        row = conn.execute(select(registrations.c.payload_sealed, registrations.c.division_code,
                                  registrations.c.created_at, upstream_outbox.c.attempts)
                           .join(upstream_outbox, _o.registration_id == registrations.c.registration_id)
                           .where(registrations.c.registration_id == registration_id)).one()
    app = RegistrationIn.model_validate_json(keys.open(row.payload_sealed)).to_application()
    known = [item for item in (scopes.get(code) for code in app.business.scope) if item is not None]
    day = china_day(row.created_at)
    try:
        issued = authority.issue(None, _request(registration_id, app, known, row.division_code, day))
    except (AuthorityUnavailable, ValueError) as exc:
        delay = min(RETRY_MAX_S, RETRY_BASE_S * 2 ** row.attempts) * random.uniform(0.5, 1.0)
        with engine.begin() as conn:
            conn.execute(update(upstream_outbox).where(_o.registration_id == registration_id).values(
                attempts=_o.attempts + 1, lease_until=None, last_error=str(exc)[:500] or type(exc).__name__,
                next_attempt_at=now + dt.timedelta(seconds=delay)))
        log.warning("provincial issue of %s failed (attempt %d): %s", registration_id, row.attempts + 1, exc)
        return False
    signed = licenses.signed_license(app, issued.uscc, known, day, keys.license_private_pem, row.division_code,
                                     issued.identity_code)
    with engine.begin() as conn:
        conn.execute(update(registrations).where(
            registrations.c.registration_id == registration_id, registrations.c.status == ISSUING).values(
            status="approved", uscc=issued.uscc, reasons_json="[]",
            license_sealed=keys.seal(json.dumps(signed, ensure_ascii=False).encode()),
            decided_at=dt.datetime.now(dt.UTC)))
        conn.execute(delete(upstream_outbox).where(_o.registration_id == registration_id))
    log.info("registration %s issued by the provincial system", registration_id)
    return True


def due(engine: Engine, limit: int = 50) -> list[str]:
    now = dt.datetime.now(dt.UTC)
    with engine.connect() as conn:
        return list(conn.execute(select(_o.registration_id).where(
            _o.next_attempt_at <= now, or_(_o.lease_until.is_(None), _o.lease_until < now))
            .order_by(_o.next_attempt_at).limit(limit)).scalars())


class OutboxWorker:
    """Delivers due outbox cases every `poll_s` seconds on a daemon thread, until stopped."""

    def __init__(self, engine: Engine, keys: KeyRing, authority: RegistrationAuthority, poll_s: float) -> None:
        self._engine, self._keys, self._authority, self._poll_s = engine, keys, authority, poll_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="upstream-outbox", daemon=True)

    def start(self) -> OutboxWorker:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(self._poll_s):
            try:
                for registration_id in due(self._engine):
                    deliver(self._engine, self._keys, self._authority, registration_id)
            except Exception:   # a database hiccup must not end the worker; the next round tries again
                log.exception("outbox round failed")
