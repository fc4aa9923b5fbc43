"""Picking up a license with a receipt QR at any terminal: the resident's ID card must match the applicant.

`POST /api/v1/receipts/{token}/claim` (terminal-signed) with `{"id_number"}` read from the card placed at the
terminal. The back office compares the number's keyed hash with the one stored for the registration (the number
itself is never stored, returned or logged). A match returns the current state and, once approved, the signed
license; a mismatch is refused (403) and recorded in the audit log, and after MAX_MISMATCHES within
MISMATCH_WINDOW one token is refused altogether (429) for that long, so a stolen receipt cannot be used to
guess the holder's number. The count lives in the database, so every serving process sees it.

Same person collects (issue 13): a terminal that also sends `"face_photo"` (base64 JPEG of the face at the
terminal now) has it compared with the face captured when the application was filed, by the back office's
face comparer; anything but a match (a different face, an unsure score, no comparison possible) is refused,
and a different face counts as a mismatch like a wrong card. Settings.pickup_face_required refuses claims
that bring no face photo at all.
"""

import base64
import binascii
import datetime as dt
import hmac
import json
import logging
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from sqlalchemy import Connection, func, insert, select, text

from backoffice import evaluations
from backoffice.audit import Action
from backoffice.china_time import today_in_china
from backoffice.db import lock_key
from backoffice.external import CheckResult, FaceComparer
from backoffice.issuance import public_status
from backoffice.keys import KeyRing
from backoffice.models import audit_log, registrations
from backoffice.registrations import reply_body
from backoffice.schemas import MAX_FACE_BYTES, EvaluationIn, EvaluationOut, Problem, RegistrationIn, RegistrationOut
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
_RATING_FIELDS = ("level", "comment", "indicators", "reasons")
FACE_MISMATCH_ZH = "现场人像与申请时采集的人像不一致，不能领取营业执照。请申请人本人前来领取。"
FACE_UNSURE_ZH = "无法确认领取人为申请人本人，请到政务服务大厅窗口领取营业执照。"
FACE_NEEDED_ZH = "领取营业执照需核验申请人本人人像，请按提示拍照后重试。"


class ClaimRefused(Exception):
    """`code` tells the terminal which notice to show: "mismatch" (the card), "throttled", "face_mismatch" (a
    different face), "face_unsure" (no sure comparison: collect at the counter)."""

    def __init__(self, status: int, detail: str, message_zh: str, code: str) -> None:
        super().__init__(detail)
        self.status, self.message_zh, self.code = status, message_zh, code


def claim(conn: Connection, keys: KeyRing, caller: Caller, token: str, id_number: str,
          now: dt.datetime | None = None, face: CheckResult | None = None) -> dict[str, Any] | None:
    """The registration's current reply, with the license only when approved; None for an unknown token.
    ClaimRefused (403 mismatch, 429 throttled). Runs inside the request's transaction. `face` is the
    comparison of the face at the terminal with the applicant's (compare_pickup_face), when one was sent."""
    now = now or dt.datetime.now(dt.UTC)
    row = matching_case(conn, keys, caller, token, id_number, now)
    if row is None:
        return None
    if face is not None and face.outcome != "pass":
        if face.outcome == "mismatch":
            _audit(conn, caller, MISMATCH_ACTION, "领照人像核验不符", row.registration_id, now)
            log.warning("claim of registration %s from %s: face does not match the applicant (%s)",
                        row.registration_id, caller.terminal_id, face.score)
            raise ClaimRefused(403, "face does not match the applicant", FACE_MISMATCH_ZH, "face_mismatch")
        log.warning("claim of registration %s from %s: face comparison %s", row.registration_id,
                    caller.terminal_id, face.outcome)
        raise ClaimRefused(403, f"face comparison {face.outcome}", FACE_UNSURE_ZH, "face_unsure")
    signed = json.loads(keys.open(row.license_sealed)) if row.status == "approved" and row.license_sealed else None
    if signed is not None:
        _audit(conn, caller, CLAIMED_ACTION, "凭回执核验身份后领取营业执照", row.registration_id, now)
    else:   # recorded too: the terminal may now take the resident's rating (backoffice.evaluations)
        _audit(conn, caller, Action.CLAIM_MATCHED.value, "凭回执核验身份一致", row.registration_id, now)
    return reply_body(row.registration_id, public_status(row.status), row.uscc, json.loads(row.reasons_json),
                      row.receipt_token, signed)


def matching_case(conn: Connection, keys: KeyRing, caller: Caller, token: str, id_number: str,
                  now: dt.datetime) -> Any:
    """The receipt's registration row once the card's ID number matches its applicant; None for an unknown
    token. ClaimRefused (403 mismatch, counted and audited; 429 throttled)."""
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
        raise ClaimRefused(429, "too many mismatching ID numbers for this receipt", THROTTLED_ZH, "throttled")
    if not hmac.compare_digest(keys.applicant_key(id_number.strip()), row.applicant_key):
        _audit(conn, caller, MISMATCH_ACTION, "领照身份核验不符", row.registration_id, now)
        log.warning("claim of registration %s from %s: ID number does not match", row.registration_id,
                    caller.terminal_id)
        raise ClaimRefused(403, "ID number does not match the applicant", MISMATCH_ZH, "mismatch")
    return row


def _audit(conn: Connection, caller: Caller, action: str, detail: str, registration_id: str,
           now: dt.datetime) -> None:
    conn.execute(insert(audit_log).values(at=now, actor=caller.terminal_id, action=action,
                                          registration_id=registration_id, detail=detail, client=None))


def compare_pickup_face(engine: Any, keys: KeyRing, comparer: FaceComparer, token: str,
                        face_photo: bytes) -> CheckResult | None:
    """The face at the terminal against the face filed with the application; None for an unknown token.
    Called before the claim's transaction: a comparison takes about half a second."""
    with engine.connect() as conn:
        row = conn.execute(select(registrations.c.payload_sealed).where(
            registrations.c.receipt_token == token)).first()
    if row is None:
        return None
    applicant = RegistrationIn.model_validate_json(keys.open(row.payload_sealed)).to_application().applicant
    return comparer.compare(face_photo, applicant.card, reference_jpeg=applicant.face_jpeg)


def _face_photo(body: bytes) -> bytes | None:
    """The optional face photo (base64 JPEG); b"" when absent, None when present but unusable."""
    try:
        value = json.loads(body).get("face_photo")
    except (ValueError, AttributeError):
        return None
    if value is None:
        return b""
    try:
        raw = base64.b64decode(value, validate=True) if isinstance(value, str) else None
    except (binascii.Error, ValueError):
        return None
    return raw if raw and len(raw) <= MAX_FACE_BYTES else None


def _id_number(body: bytes) -> str | None:
    """The ID number from the raw body, or None. Parsed by hand: a validation error must not echo it."""
    try:
        value = json.loads(body).get("id_number")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and 0 < len(value.strip()) <= 32 else None


def _problem(status: int, detail: str, message_zh: str, headers: dict[str, str] | None = None,
             code: str | None = None) -> JSONResponse:
    body = {"detail": detail, "message_zh": message_zh} | ({"code": code} if code else {})
    return JSONResponse(body, status_code=status, headers={"Cache-Control": "no-store", **(headers or {})})


def pickup_router(bo: Any, signed: Callable[..., Any]) -> APIRouter:
    """`signed` is create_app's terminal-signature dependency (it yields .caller and the raw .body)."""
    router = APIRouter()
    Authed = Annotated[Any, Depends(signed)]

    @router.post("/api/v1/receipts/{token}/claim", response_model=RegistrationOut, responses={
        401: {"model": Problem},
        403: {"model": Problem, "description": "the ID number or the face is not the applicant's"},
        404: {"model": Problem}, 422: {"model": Problem, "description": "no id_number in the body"},
        429: {"model": Problem, "description": f"{MAX_MISMATCHES} mismatches within the window"}})
    def claim_license(token: str, who: Authed) -> Any:
        """Body `{"id_number": "...", "face_photo": "<base64 JPEG>"}` as read and taken at the terminal; the
        face photo is optional unless the settings require it."""
        id_number, face_photo = _id_number(who.body), _face_photo(who.body)
        face = None
        if id_number is not None and face_photo:
            face = compare_pickup_face(bo.engine, bo.keys, bo.checks.face, token, face_photo)
        refused: ClaimRefused | None = None
        found = None
        if id_number is None:
            return _problem(422, "body must be {\"id_number\": \"...\"}", BAD_BODY_ZH)
        with bo.engine.begin() as conn:
            if id_number is None or face_photo is None:
                return _problem(422, "body must be {\"id_number\": \"...\"[, \"face_photo\": base64]}",
                                BAD_BODY_ZH)
            if not face_photo and bo.settings.pickup_face_required:
                return _problem(422, "a face_photo is required to collect a license", FACE_NEEDED_ZH)
            try:
                found = claim(conn, bo.keys, who.caller, token, id_number, face=face)
            except ClaimRefused as exc:
                refused = exc   # handled after the commit: the mismatch must be counted
        if refused is not None:
            retry = {"Retry-After": str(int(MISMATCH_WINDOW.total_seconds()))} if refused.status == 429 else None
            return _problem(refused.status, str(refused), refused.message_zh, retry, refused.code)
        if found is None:
            return _problem(404, "no such receipt", "未找到该办件")
        return JSONResponse(found, headers={"Cache-Control": "no-store"})

    @router.post("/api/v1/receipts/{token}/evaluation", response_model=EvaluationOut, status_code=201, responses={
        401: {"model": Problem}, 403: {"model": Problem, "description": "the ID number is not the applicant's"},
        404: {"model": Problem}, 410: {"model": Problem, "description": "the rating window has closed"},
        429: {"model": Problem, "description": f"{MAX_MISMATCHES} mismatches within the window"}})
    def supplementary_evaluation(token: str, who: Authed) -> Any:
        """A rating added later at any terminal (补充评价): body `{"id_number", "level", "indicators", "reasons",
        "comment"}` as for POST /api/v1/evaluations, with the number read from the card placed, which must be the
        applicant's (as for a claim); the case decided at most `rating_window_working_days` working days ago."""
        id_number = _id_number(who.body)
        try:
            fields = {k: v for k, v in json.loads(who.body).items() if k in _RATING_FIELDS}
            rating = EvaluationIn.model_validate({**fields, "registration_id": "-"})
        except (ValueError, AttributeError) as exc:   # pydantic's message without the input: no ID number echoed
            errors = exc.errors(include_input=False) if isinstance(exc, ValidationError) else str(exc)
            return _problem(422, json.dumps(errors, ensure_ascii=False, default=str)[:500], BAD_BODY_ZH)
        if id_number is None:
            return _problem(422, "body must carry id_number", BAD_BODY_ZH)
        refused: ClaimRefused | None = None
        with bo.engine.begin() as conn:
            try:
                row = matching_case(conn, bo.keys, who.caller, token, id_number, dt.datetime.now(dt.UTC))
            except ClaimRefused as exc:
                refused, row = exc, None   # answered after the commit: the mismatch must be counted
            if row is not None:
                out = evaluations.record_evaluation(
                    conn, bo.keys, who.caller.terminal_id,
                    rating.model_copy(update={"registration_id": row.registration_id}), today_in_china(),
                    bo.settings.follow_up_working_days, window_working_days=bo.settings.rating_window_working_days,
                    supplementary=True)
                return JSONResponse(out.model_dump(mode="json"), status_code=201)
        if refused is not None:
            retry = {"Retry-After": str(int(MISMATCH_WINDOW.total_seconds()))} if refused.status == 429 else None
            return _problem(refused.status, str(refused), refused.message_zh, retry, refused.code)
        return _problem(404, "no such receipt", "未找到该办件")
    return router
