"""Manual review: the queue, one case in full, the three human decisions (approve, reject, confirm) and
transfer to the county the premises lie in.

Approving re-runs every automatic check against the current data (another case may have taken the name, the
card may have expired since) and is refused while a rejecting rule fires; it needs the reviewer's note (审核意见)
and issues the credit code and the license's 登记机关 from the case's one county, exactly as the automatic path
does (backoffice.issuing, backoffice.licenses), so the resident collects the license at any terminal through
GET /api/v1/receipts/{token}. A case whose premises lie in another county cannot be approved here: it is
transferred there. Every decision and its audit entry commit in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, and_, select, update
from sqlalchemy.dialects import postgresql, sqlite

from backoffice import audit, issuance
from backoffice.authority import EmbeddedAuthority, RegistrationAuthority
from backoffice.china_time import CHINA, today_in_china
from backoffice.external import ExternalChecks
from backoffice.keys import KeyRing
from backoffice.models import registrations, staff_decisions
from backoffice.registrations import external_checks, gather_facts, name_keys
from backoffice.rules import RULES, Outcome, Reason, decide
from backoffice.schemas import RegistrationIn
from backoffice.settings import Settings
from backoffice.staff import Staff
from domain import divisions, scopes
from domain.application import Application

STATUS_ZH = {"manual_review": "待人工审核", "approved": "已核准", "issuing": "已核准，待省级系统赋码",
             "rejected": "已驳回"}
OUTCOME_ZH = {Outcome.APPROVED: "通过", Outcome.MANUAL_REVIEW: "需人工审核", Outcome.REJECTED: "不予通过"}
MAX_REASON = 200
STAFF_REJECTED = "staff_rejected"


class NotPending(Exception):
    """The case is no longer waiting for this decision (someone else decided it first)."""


class NotFound(LookupError):
    """No such case in the staff member's districts."""


class ChecksFail(Exception):
    """A rejecting rule fires on the current data; the reasons say which."""

    def __init__(self, reasons: list[Reason]) -> None:
        super().__init__("; ".join(r.code for r in reasons))
        self.reasons = reasons


class OutsideJurisdiction(Exception):
    """The premises lie in another county: transfer the case there instead of approving it across."""


@dataclass(frozen=True)
class QueueFilter:
    status: str = "manual_review"     # or approved / rejected / "" for all
    reason: str = ""                  # a reason code the machine gave
    terminal: str = ""
    date_from: dt.date | None = None  # China dates, inclusive
    date_to: dt.date | None = None


@dataclass(frozen=True)
class CaseRow:
    registration_id: str
    created_at: dt.datetime
    terminal_id: str
    division_code: str
    status: str
    business_name: str | None
    reasons: list[dict[str, str]]
    decided_by: str

    @property
    def status_zh(self) -> str:
        return STATUS_ZH.get(self.status, self.status)


@dataclass(frozen=True)
class RuleResult:
    code: str
    message: str
    result: str      # 通过 / 需人工审核 / 不予通过
    fired: bool


@dataclass(frozen=True)
class Case:
    row: CaseRow
    application: Application
    uscc: str | None
    receipt_token: str
    rules: list[RuleResult]
    checks: list[dict[str, Any]]
    scope: list[tuple[str, scopes.ScopeItem | None]]
    decision: dict[str, Any] | None    # the staff_decisions row, if a person decided


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _case_row(r: Any) -> CaseRow:
    return CaseRow(r.registration_id, _aware(r.created_at).astimezone(CHINA), r.terminal_id, r.division_code,
                   r.status, r.business_name, json.loads(r.reasons_json), r.decided_by)


def _china_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), CHINA).astimezone(dt.UTC)


def queue(engine: Engine, f: QueueFilter, divisions: frozenset[str], limit: int = 200) -> list[CaseRow]:
    """Pending cases of these districts oldest first (first come, first served); decided ones newest first."""
    r = registrations.c
    query = select(registrations).where(r.division_code.in_(sorted(divisions))).limit(limit)
    query = query.order_by(r.created_at if f.status == "manual_review" else r.created_at.desc())
    if f.status:
        query = query.where(r.status == f.status)
    if f.terminal:
        query = query.where(r.terminal_id == f.terminal)
    if f.reason:
        # reasons_json is json.dumps with default separators; matching the exact key/value pair is enough.
        query = query.where(r.reasons_json.contains(json.dumps({"code": f.reason})[1:-1], autoescape=True))
    if f.date_from:
        query = query.where(r.created_at >= _china_midnight(f.date_from))
    if f.date_to:
        query = query.where(r.created_at < _china_midnight(f.date_to + dt.timedelta(days=1)))
    with engine.connect() as conn:
        return [_case_row(row) for row in conn.execute(query)]


def awaiting_confirmation(engine: Engine, divisions: frozenset[str], limit: int = 500) -> list[CaseRow]:
    """Machine approvals of these districts no person has confirmed yet, oldest first."""
    query = (select(registrations)
             .outerjoin(staff_decisions, staff_decisions.c.registration_id == registrations.c.registration_id)
             .where(registrations.c.status == "approved", registrations.c.decided_by == "rules",
                    registrations.c.division_code.in_(sorted(divisions)),
                    staff_decisions.c.registration_id.is_(None))
             .order_by(registrations.c.created_at).limit(limit))
    with engine.connect() as conn:
        return [_case_row(row) for row in conn.execute(query)]


def _rule_results(reasons: list[dict[str, str]]) -> list[RuleResult]:
    fired = {r["code"]: r["message"] for r in reasons}
    out = [RuleResult(rule.code, fired.get(rule.code, rule.message),
                      OUTCOME_ZH[rule.outcome] if rule.code in fired else "通过", rule.code in fired)
           for rule in RULES]
    known = {rule.code for rule in RULES}
    # Name findings (domain.names) and a staff rejection are not in RULES; show whatever else fired.
    out.extend(RuleResult(code, message, "不予通过" if code == STAFF_REJECTED else "已触发", True)
               for code, message in fired.items() if code not in known)
    return sorted(out, key=lambda r: not r.fired)   # what needs the reviewer's attention first


def case(engine: Engine, keys: KeyRing, registration_id: str, divisions: frozenset[str]) -> Case | None:
    """One case in full; None when it does not exist or lies outside these districts (the same to the caller)."""
    with engine.connect() as conn:
        row = conn.execute(select(registrations).where(
            registrations.c.registration_id == registration_id)).first()
        if row is None or row.division_code not in divisions:
            return None
        decision = conn.execute(select(staff_decisions).where(
            staff_decisions.c.registration_id == registration_id)).first()
    app = RegistrationIn.model_validate_json(keys.open(row.payload_sealed)).to_application()
    machine = json.loads(decision.machine_reasons_json) if decision else json.loads(row.reasons_json)
    return Case(_case_row(row), app, row.uscc, row.receipt_token, _rule_results(machine),
                json.loads(row.checks_json), [(code, scopes.get(code)) for code in app.business.scope],
                dict(decision._mapping) if decision else None)


def _pending(conn: Connection, registration_id: str, staff: Staff) -> Any:
    row = conn.execute(select(registrations).where(registrations.c.registration_id == registration_id)
                       .with_for_update()).first()
    if row is None or not staff.covers(row.division_code):
        raise NotFound(registration_id)
    if row.status != "manual_review":
        raise NotPending(registration_id)
    return row


def _decide(conn: Connection, row: Any, staff: Staff, decision: str, reason: str | None,
            values: dict[str, Any]) -> None:
    now = dt.datetime.now(dt.UTC)
    done = conn.execute(update(registrations).where(
        registrations.c.registration_id == row.registration_id, registrations.c.status == "manual_review",
    ).values(decided_by=f"staff:{staff.username}", decided_at=now, **values))
    if done.rowcount != 1:
        raise NotPending(row.registration_id)
    conn.execute(_insert_decision(conn).values(
        registration_id=row.registration_id, decision=decision, decided_by=staff.username, decided_at=now,
        reason=reason, machine_reasons_json=row.reasons_json))


def _insert_decision(conn: Connection) -> Any:
    return (postgresql.insert if conn.dialect.name == "postgresql" else sqlite.insert)(staff_decisions)


def _note(text: str) -> str:
    text = " ".join(text.split())
    if not text or len(text) > MAX_REASON:
        raise ValueError(f"the note must be 1-{MAX_REASON} characters")
    return text


def approve(engine: Engine, keys: KeyRing, checks: ExternalChecks, settings: Settings, registration_id: str,
            staff: Staff, note: str, client: str | None, authority: RegistrationAuthority | None = None) -> str | None:
    """Approve a pending case after re-running every automatic check: issue the credit code, sign the license.
    Returns the credit code, or None while the provincial system has yet to issue it (the case waits in the
    outbox). ValueError (no note), NotFound, NotPending, OutsideJurisdiction, ChecksFail."""
    authority = authority or EmbeddedAuthority()
    note = _note(note)
    with engine.connect() as conn:
        peek = conn.execute(select(registrations.c.payload_sealed, registrations.c.division_code).where(
            registrations.c.registration_id == registration_id)).first()
    if peek is None or not staff.covers(peek.division_code):
        raise NotFound(registration_id)
    app = RegistrationIn.model_validate_json(keys.open(peek.payload_sealed)).to_application()
    blacklist, face = external_checks(checks, app)    # outside the transaction, like the automatic path
    today = today_in_china()
    with engine.begin() as conn:
        row = _pending(conn, registration_id, staff)
        if app.business.premises.division_code != row.division_code:
            raise OutsideJurisdiction(registration_id)
        facts, found = gather_facts(conn, keys, app, row.division_code, blacklist, face, today,
                                    protection_days=settings.name_protection_days, exclude=registration_id)
        blocking = [r for r in decide(facts, settings).reasons if r.outcome is Outcome.REJECTED]
        if blocking:
            raise ChecksFail(blocking)
        status, uscc, signed = issuance.approve(conn, authority, keys.license_private_pem, registration_id, app,
                                                found.known, row.division_code, today)
        # The machine's "needs review" reasons no longer apply; staff_decisions keeps them.
        _decide(conn, row, staff, "approved", note, {
            "status": status, "uscc": uscc,
            "reasons_json": json.dumps([issuance.ISSUING_REASON] if uscc is None else [], ensure_ascii=False),
            "checks_json": json.dumps([blacklist.to_json(), face.to_json()]),
            "license_sealed": keys.seal(json.dumps(signed, ensure_ascii=False).encode()) if signed else None})
        if uscc is None:
            issuance.queue(conn, registration_id)
        audit.record(conn, staff.username, audit.Action.APPROVE,
                     "人工审核核准，已重新核查并赋码" if uscc else "人工审核核准，已重新核查，待省级系统赋码",
                     registration_id=registration_id, client=client)
    if uscc is None and issuance.deliver(engine, keys, authority, registration_id):
        with engine.connect() as conn:
            uscc = conn.execute(select(registrations.c.uscc).where(
                registrations.c.registration_id == registration_id)).scalar_one()
    return uscc


def transfer(engine: Engine, keys: KeyRing, registration_id: str, staff: Staff, client: str | None) -> str:
    """Move a pending case to the county its premises lie in (its staff then decide it, and its code and
    登记机关 are that county's). Returns the new county. NotFound, NotPending, ValueError (already there)."""
    with engine.begin() as conn:
        row = _pending(conn, registration_id, staff)
        app = RegistrationIn.model_validate_json(keys.open(row.payload_sealed)).to_application()
        target = app.business.premises.division_code
        if target == row.division_code or not divisions.is_county(target):
            raise ValueError("the premises lie in this case's county already")
        key, stem = name_keys(app.business.name, target) if app.business.name else (None, None)
        conn.execute(update(registrations).where(registrations.c.registration_id == registration_id).values(
            division_code=target, name_key=key, name_stem=stem))
        audit.record(conn, staff.username, audit.Action.TRANSFER, f"移送{divisions.full_name(target)}登记机关",
                     registration_id=registration_id, target=target, client=client)
    return target


def reject(engine: Engine, registration_id: str, staff: Staff, reason: str, client: str | None) -> None:
    """Reject a pending case; the reason is what the resident sees when looking the receipt up."""
    reason = _note(reason)
    with engine.begin() as conn:
        row = _pending(conn, registration_id, staff)
        shown = [{"code": STAFF_REJECTED, "message": f"人工审核不予通过：{reason}"}]
        _decide(conn, row, staff, "rejected", reason, {
            "status": "rejected", "reasons_json": json.dumps(shown, ensure_ascii=False)})
        audit.record(conn, staff.username, audit.Action.REJECT, "人工审核驳回", registration_id=registration_id,
                     client=client)


def confirm(engine: Engine, registration_ids: list[str], staff: Staff, client: str | None) -> int:
    """Confirm machine approvals in one action (东莞 人工批量确认). Cases that are not (or no longer)
    awaiting confirmation are skipped. Returns how many were confirmed."""
    batch = uuid.uuid4().hex[:8]
    now = dt.datetime.now(dt.UTC)
    confirmed = 0
    with engine.begin() as conn:
        eligible = conn.execute(
            select(registrations.c.registration_id, registrations.c.reasons_json)
            .outerjoin(staff_decisions, staff_decisions.c.registration_id == registrations.c.registration_id)
            .where(and_(registrations.c.registration_id.in_(set(registration_ids)),
                        registrations.c.division_code.in_(sorted(staff.divisions)),
                        registrations.c.status == "approved", registrations.c.decided_by == "rules",
                        staff_decisions.c.registration_id.is_(None)))).all()
        for row in eligible:
            done = conn.execute(_insert_decision(conn).values(
                registration_id=row.registration_id, decision="confirmed", decided_by=staff.username,
                decided_at=now, reason=None, machine_reasons_json=row.reasons_json,
            ).on_conflict_do_nothing(index_elements=["registration_id"]).returning(
                staff_decisions.c.registration_id)).first()
            if done is None:
                continue   # a concurrent batch confirmed it first
            confirmed += 1
            audit.record(conn, staff.username, audit.Action.CONFIRM, f"批量确认系统核准（批次 {batch}）",
                         registration_id=row.registration_id, target=batch, client=client)
    return confirmed
