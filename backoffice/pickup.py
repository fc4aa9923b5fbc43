"""Picking up a license with a receipt QR at any terminal: the resident's ID card must match the applicant.

`POST /api/v1/receipts/{token}/claim` (terminal-signed) with `{"id_number"}` read from the card placed at the
terminal. The back office compares the number's keyed hash with the one stored for the registration (the number
itself is never stored, returned or logged). A match returns the current state and, once approved, the signed
license; a mismatch is refused (403) and recorded in the audit log, and after MAX_MISMATCHES within
MISMATCH_WINDOW one token is refused altogether (429) for that long, so a stolen receipt cannot be used to
guess the holder's number. The count lives in the database, so every serving process sees it.
"""

import datetime as dt
import hmac
import json
import logging
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, func, insert, select, text

from backoffice.audit import Action
from backoffice.db import lock_key
from backoffice.keys import KeyRing
from backoffice.models import audit_log, registrations
from backoffice.registrations import reply_body
from backoffice.schemas import Problem, RegistrationOut
from backoffice.terminals import Caller

log = logging.getLogger(__name__)

MAX_MISMATCHES = 5
MISMATCH_WINDOW = dt.timedelta(minutes=15)
MISMATCH_ACTION = Action.CLAIM_MISMATCH.value   # audit_log.action; actor = the terminal, case = the registration
CLAIMED_ACTION = Action.LICENSE_CLAIMED.value
_LOCK = text("SELECT pg_advisory_xact_lock(:k)")

MISMATCH_ZH = "身份证与该办件的申请人不一致，不能领取营业执照。请放置申请人本人的身份证。"
THROTTLED_ZH = "身份核验失败次数过多，请15分钟后再试，或到政务服务大厅窗口办理。"
BAD_BODY_ZH = "请求有误"


class ClaimRefused(Exception):
    def __init__(self, status: int, detail: str, message_zh: str) -> None:
        super().__init__(detail)
        self.status, self.message_zh = status, message_zh


def claim(conn: Connection, keys: KeyRing, caller: Caller, token: str, id_number: str,
          now: dt.datetime | None = None) -> dict[str, Any] | None:
    """The registration's current reply, with the license only when approved; None for an unknown token.
    ClaimRefused (403 mismatch, 429 throttled). Runs inside the request's transaction."""
    now = now or dt.datetime.now(dt.UTC)
    if conn.dialect.name == "postgresql":
        # Concurrent guesses on one token are counted one after the other.
        conn.execute(_LOCK, {"k": lock_key("claim", token)})
    row = conn.execute(select(registrations).where(registrations.c.receipt_token == token)).first()
    if row is None:
        return None
    recent = conn.execute(select(func.count()).select_from(audit_log).where(
        audit_log.c.registration_id == row.registration_id, audit_log.c.action == MISMATCH_ACTION,
        audit_log.c.at >= now - MISMATCH_WINDOW)).scalar_one()
    if recent >= MAX_MISMATCHES:
        raise ClaimRefused(429, "too many mismatching ID numbers for this receipt", THROTTLED_ZH)
    if not hmac.compare_digest(keys.applicant_key(id_number.strip()), row.applicant_key):
        _audit(conn, caller, MISMATCH_ACTION, "领照身份核验不符", row.registration_id, now)
        log.warning("claim of registration %s from %s: ID number does not match", row.registration_id,
                    caller.terminal_id)
        raise ClaimRefused(403, "ID number does not match the applicant", MISMATCH_ZH)
    signed = json.loads(keys.open(row.license_sealed)) if row.status == "approved" and row.license_sealed else None
    if signed is not None:
        _audit(conn, caller, CLAIMED_ACTION, "凭回执核验身份后领取营业执照", row.registration_id, now)
    else:   # recorded too: the terminal may now take the resident's rating (backoffice.evaluations)
        _audit(conn, caller, Action.CLAIM_MATCHED.value, "凭回执核验身份一致", row.registration_id, now)
    return reply_body(row.registration_id, row.status, row.uscc, json.loads(row.reasons_json), row.receipt_token,
                      signed)


def _audit(conn: Connection, caller: Caller, action: str, detail: str, registration_id: str,
           now: dt.datetime) -> None:
    conn.execute(insert(audit_log).values(at=now, actor=caller.terminal_id, action=action,
                                          registration_id=registration_id, detail=detail, client=None))


def _id_number(body: bytes) -> str | None:
    """The ID number from the raw body, or None. Parsed by hand: a validation error must not echo it."""
    try:
        value = json.loads(body).get("id_number")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and 0 < len(value.strip()) <= 32 else None


def _problem(status: int, detail: str, message_zh: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, "message_zh": message_zh}, status_code=status,
                        headers={"Cache-Control": "no-store", **(headers or {})})


def pickup_router(bo: Any, signed: Callable[..., Any]) -> APIRouter:
    """`signed` is create_app's terminal-signature dependency (it yields .caller and the raw .body)."""
    router = APIRouter()
    Authed = Annotated[Any, Depends(signed)]

    @router.post("/api/v1/receipts/{token}/claim", response_model=RegistrationOut, responses={
        401: {"model": Problem}, 403: {"model": Problem, "description": "the ID number is not the applicant's"},
        404: {"model": Problem}, 422: {"model": Problem, "description": "no id_number in the body"},
        429: {"model": Problem, "description": f"{MAX_MISMATCHES} mismatches within the window"}})
    def claim_license(token: str, who: Authed) -> Any:
        """Body `{"id_number": "..."}` as read from the card at the terminal."""
        id_number = _id_number(who.body)
        refused: ClaimRefused | None = None
        found = None
        if id_number is None:
            return _problem(422, "body must be {\"id_number\": \"...\"}", BAD_BODY_ZH)
        with bo.engine.begin() as conn:
            try:
                found = claim(conn, bo.keys, who.caller, token, id_number)
            except ClaimRefused as exc:
                refused = exc   # handled after the commit: the mismatch must be counted
        if refused is not None:
            retry = {"Retry-After": str(int(MISMATCH_WINDOW.total_seconds()))} if refused.status == 429 else None
            return _problem(refused.status, str(refused), refused.message_zh, retry)
        if found is None:
            return _problem(404, "no such receipt", "未找到该办件")
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    return router
