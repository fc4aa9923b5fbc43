"""Registration intake: idempotent submission, instant decision, credit-code issue, signed license.

Idempotency is keyed by (terminal, Idempotency-Key) and enforced three ways: a per-process in-flight set
and, on PostgreSQL, a try-advisory-lock answer 409 to a duplicate whose first request is still running; the
UNIQUE constraint guarantees one row whatever happens. Same-applicant and same-name decisions are
serialised (advisory locks on PostgreSQL, BEGIN IMMEDIATE on SQLite) so two concurrent submissions cannot
both pass the "no existing registration" and "name not taken" rules.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, literal, select, text

from backoffice import issuance, name_register
from backoffice.authority import EmbeddedAuthority, RegistrationAuthority
from backoffice.china_time import china_day, today_in_china
from backoffice.db import lock_key
from backoffice.external import CheckResult, ExternalChecks
from backoffice.keys import KeyRing
from backoffice.models import OPEN_STATUSES, registrations
from backoffice.rules import Decision, Facts, Outcome, decide
from backoffice.schemas import RegistrationIn
from backoffice.settings import Settings
from backoffice.terminals import Caller
from domain import names, scopes
from domain.application import Application
from domain.card import CardType
from domain.ids import IdKind, InvalidIdNumber, validate_id_number

log = logging.getLogger(__name__)


# Statements built once: building a SQLAlchemy statement costs more than executing a cached one.
# The statuses are plain binds, not an expanding IN, which would be re-rendered at every execution.
_r = registrations.c
_OPEN = _r.status.in_([literal(s) for s in OPEN_STATUSES])
_PRIOR = select(_r.body_sha256, _r.reply_sealed).where(_r.terminal_id == bindparam("terminal_id"),
                                                         _r.idempotency_key == bindparam("idempotency_key"))
# "exclude" is the case being re-checked at a staff approval ("" for a new application): not its own clash.
_HAS_OPEN = select(_r.registration_id).where(_r.applicant_key == bindparam("applicant_key"), _OPEN,
                                             _r.registration_id != bindparam("exclude")).limit(1)
_INSERT = insert(registrations)
_TRY_LOCK = text("SELECT pg_try_advisory_xact_lock(:k)")
_LOCK = text("SELECT pg_advisory_xact_lock(:k)")
_KIND_OF_CARD = {
    CardType.RESIDENT: {IdKind.RESIDENT},
    CardType.HMT_RESIDENCE: {IdKind.HK_RESIDENCE, IdKind.MACAU_RESIDENCE, IdKind.TAIWAN_RESIDENCE},
    CardType.FOREIGN_PERMANENT_2017: {IdKind.FOREIGN_2017},
    CardType.FOREIGN_PERMANENT_2023: {IdKind.FOREIGN_2023},
}


class InProgress(Exception):
    """The first request with this key is still being processed (HTTP 409)."""


class KeyReused(Exception):
    """The key was used before with a different body (HTTP 422)."""


@dataclass(frozen=True)
class Submitted:
    reply: dict[str, Any]
    replayed: bool


def id_number_error(card_type: CardType, number: str, today: dt.date) -> str | None:
    """The Chinese reason the number is invalid for this card, None when it is valid."""
    try:
        kind = validate_id_number(number, today=today)
    except InvalidIdNumber as exc:
        return exc.message_zh
    if kind not in _KIND_OF_CARD[card_type]:
        return "证件号码与证件类型不符"
    return None


def name_keys(name: str, division_code: str) -> tuple[str, str]:
    """(identity key, near-identity key) of a name within its district.

    The identity key drops how much of the division the name spells out (潍城区… = 潍坊市潍城区…); the
    near-identity key also drops the organisation form, so 张三便利店 and 张三便利部 meet.
    """
    key = names.normalise_name(name)
    prefix = next((p for p in names.division_prefixes(division_code) if key.startswith(p)), "")
    key = key[len(prefix):]
    form = next((f for f in sorted(names.ORGANISATION_FORMS, key=len, reverse=True) if key.endswith(f)), "")
    return key, key[: len(key) - len(form)] or key


class RegistrationService:
    def __init__(self, engine: Engine, keys: KeyRing, settings: Settings, checks: ExternalChecks,
                 authority: RegistrationAuthority | None = None) -> None:
        self._engine = engine
        self._authority = authority or EmbeddedAuthority()
        self._keys = keys
        self._settings = settings
        self._checks = checks
        self._inflight: set[tuple[str, str]] = set()
        self._inflight_lock = threading.Lock()
        self._pg = engine.dialect.name == "postgresql"

    @contextmanager
    def _claim(self, ident: tuple[str, str]) -> Iterator[None]:
        with self._inflight_lock:
            if ident in self._inflight:
                raise InProgress
            self._inflight.add(ident)
        try:
            yield
        finally:
            with self._inflight_lock:
                self._inflight.discard(ident)

    def submit(self, caller: Caller, idempotency_key: str, raw_body: bytes, body: RegistrationIn) -> Submitted:
        body_hash = hashlib.sha256(raw_body).hexdigest()
        app = body.to_application()
        with self._claim((caller.terminal_id, idempotency_key)):
            blacklist, face = external_checks(self._checks, app)
            with self._engine.begin() as conn:
                if self._pg and not conn.execute(_TRY_LOCK, {
                        "k": lock_key("idem", caller.terminal_id, idempotency_key)}).scalar_one():
                    raise InProgress
                prior = conn.execute(_PRIOR, {"terminal_id": caller.terminal_id,
                                              "idempotency_key": idempotency_key}).first()
                if prior is not None:
                    if prior.body_sha256 != body_hash:
                        raise KeyReused
                    return Submitted(json.loads(self._keys.open(prior.reply_sealed)), replayed=True)
                reply = self._decide_and_store(conn, caller, idempotency_key, body_hash, raw_body, app,
                                               blacklist, face)
            if reply["reasons"] == [issuance.ISSUING_REASON] and issuance.deliver(
                    self._engine, self._keys, self._authority, reply["registration_id"]):
                # The province answered at once: the resident gets the license now (replays keep the first
                # reply; the terminal's look-ups see the issued case).
                reply = self._current(self._row(reply["registration_id"]))
        log.info("registration %s from %s: %s", reply["registration_id"], caller.terminal_id, reply["status"])
        return Submitted(reply, replayed=False)

    def _decide_and_store(self, conn: Connection, caller: Caller, idempotency_key: str, body_hash: str,
                          raw_body: bytes, app: Application, blacklist: CheckResult,
                          face: CheckResult) -> dict[str, Any]:
        today = today_in_china()
        division = caller.division_code   # the registering authority: the terminal's jurisdiction
        facts, found = gather_facts(conn, self._keys, app, division, blacklist, face, today,
                                    protection_days=self._settings.name_protection_days)
        decision = decide(facts, self._settings)
        registration_id = uuid.uuid4().hex
        receipt_token = secrets.token_urlsafe(24)
        status, uscc, signed, reasons = decision.status, None, None, decision_reasons(decision)
        if decision.outcome is Outcome.APPROVED:
            status, uscc, signed = issuance.approve(conn, self._authority, self._keys.license_private_pem,
                                                    registration_id, app, found.known, division, today)
            if status == issuance.ISSUING:
                reasons = [issuance.ISSUING_REASON]
        reply = reply_body(registration_id, issuance.public_status(status), uscc, reasons, receipt_token, signed)
        now = dt.datetime.now(dt.UTC)
        conn.execute(_INSERT, {
            "registration_id": registration_id,
            "terminal_id": caller.terminal_id,
            "idempotency_key": idempotency_key,
            "body_sha256": body_hash,
            "status": status,
            "uscc": uscc,
            "applicant_key": found.applicant_key,
            "division_code": division,
            "industry_code": found.industry,
            "business_name": app.business.name,
            "name_key": found.name_key,
            "name_stem": found.name_stem,
            "name_trade": found.parts.trade if found.parts else None,
            "name_industry": found.parts.industry if found.parts else None,
            "name_class": found.parts.industry_class if found.parts else None,
            "name_pinyin": found.parts.pinyin if found.parts else None,
            "receipt_token": receipt_token,
            "reasons_json": json.dumps(reply["reasons"], ensure_ascii=False),
            "checks_json": json.dumps([blacklist.to_json(), face.to_json()]),
            "payload_sealed": self._keys.seal(raw_body),
            "reply_sealed": self._keys.seal(json.dumps(reply, ensure_ascii=False).encode()),
            "license_sealed": self._keys.seal(json.dumps(signed, ensure_ascii=False).encode()) if signed else None,
            "decided_by": "rules",
            "created_at": now,
            "decided_at": now if decision.outcome is not Outcome.MANUAL_REVIEW else None,
        })
        if status == issuance.ISSUING:
            issuance.queue(conn, registration_id)
        return reply

    def _current(self, row: Any) -> dict[str, Any]:
        signed = json.loads(self._keys.open(row.license_sealed)) if row.license_sealed else None
        body = reply_body(row.registration_id, issuance.public_status(row.status), row.uscc,
                          json.loads(row.reasons_json), row.receipt_token, signed)
        # How the resident knows the case in a list (查询办件): the shop's name and the day it was filed.
        return body | {"business_name": row.business_name, "submitted_on": china_day(row.created_at).isoformat()}

    def _row(self, registration_id: str) -> Any:
        with self._engine.connect() as conn:
            return conn.execute(select(registrations).where(
                registrations.c.registration_id == registration_id)).one()

    def by_id(self, caller: Caller, registration_id: str) -> dict[str, Any] | None:
        """The current state of one of this terminal's registrations."""
        with self._engine.connect() as conn:
            row = conn.execute(select(registrations).where(
                registrations.c.registration_id == registration_id,
                registrations.c.terminal_id == caller.terminal_id)).first()
        return None if row is None else self._current(row)

    def by_receipt(self, caller: Caller, token: str) -> dict[str, Any] | None:
        """Any terminal may look a receipt's status up. The license itself goes only to the terminal that
        filed the case; elsewhere the resident's card must match first (POST /receipts/{token}/claim)."""
        with self._engine.connect() as conn:
            row = conn.execute(select(registrations).where(registrations.c.receipt_token == token)).first()
        if row is None:
            return None
        current = self._current(row)
        if row.terminal_id != caller.terminal_id:
            current["license"] = None
        return current


def external_checks(checks: ExternalChecks, app: Application) -> tuple[CheckResult, CheckResult]:
    """The credit blacklist and face comparison; a failing service counts as "unavailable". Call it outside
    any transaction: a slow external service must not hold database locks."""
    card = app.applicant.card
    try:
        blacklist = checks.blacklist.check(card)
    except Exception as exc:
        log.warning("credit blacklist check failed: %s", type(exc).__name__)
        blacklist = CheckResult("credit_blacklist", "unavailable", "error")
    try:
        face = checks.face.compare(app.applicant.face_jpeg, card, app.applicant.reference_jpeg)
    except Exception as exc:
        log.warning("face comparison failed: %s", type(exc).__name__)
        face = CheckResult("face_compare", "unavailable", "error")
    return blacklist, face


@dataclass(frozen=True)
class Lookups:
    """What a registration is found and compared by, alongside its Facts."""

    applicant_key: str
    name_key: str | None
    name_stem: str | None
    parts: names.NameParts | None
    industry: str | None
    known: list[scopes.ScopeItem]


def gather_facts(conn: Connection, keys: KeyRing, app: Application, division: str, blacklist: CheckResult,
                 face: CheckResult, today: dt.date, *, protection_days: int,
                 exclude: str = "") -> tuple[Facts, Lookups]:
    """Everything the rules decide on, read from the current data inside the deciding transaction (which this
    serialises per applicant and per name on PostgreSQL; SQLite's write lock does it there). `exclude` is the
    registration being re-checked, which must not clash with itself."""
    card, business = app.applicant.card, app.business
    applicant_key = keys.applicant_key(card.id_number)
    key, stem = name_keys(business.name, division) if business.name else (None, None)
    parts = names.split_name(business.name, division) if business.name else None
    if conn.dialect.name == "postgresql":
        # Always applicant first, then name: a fixed order cannot deadlock. Identical and same-sounding
        # names of one industry share the lock, so two of them cannot both pass the check.
        conn.execute(_LOCK, {"k": lock_key("applicant", applicant_key)})
        if parts:
            conn.execute(_LOCK, {"k": lock_key("name", division, parts.industry_class, parts.pinyin)})
    scope = tuple((code, scopes.get(code)) for code in business.scope)
    known = [item for _, item in scope if item is not None]
    industry = known[0].industry_code if known else None
    prior = conn.execute(_HAS_OPEN, {"applicant_key": applicant_key, "exclude": exclude}).first() is not None
    facts = Facts(
        today=today,
        application=app,
        terminal_division=division,
        id_error_zh=id_number_error(card.card_type, card.id_number, today),
        scope=scope,
        prior_registration=prior,
        name_findings=tuple(names.check_business_name(business.name, division)) if business.name else (),
        name_clash=(name_register.find_clash(conn, division, parts, today, protection_days, exclude=exclude)
                    if parts else None),
        blacklist=blacklist,
        face=face,
    )
    return facts, Lookups(applicant_key, key, stem, parts, industry, known)


def decision_reasons(decision: Decision) -> list[dict[str, str]]:
    return [r.to_json() for r in decision.reasons]


def reply_body(registration_id: str, status: str, uscc: str | None, reasons: list[dict[str, str]],
               receipt_token: str, signed: dict[str, Any] | None) -> dict[str, Any]:
    return {"registration_id": registration_id, "status": status, "uscc": uscc, "reasons": reasons,
            "receipt_token": receipt_token, "license": signed}
