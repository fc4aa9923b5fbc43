"""The FastAPI application: API v1 for terminals. Staff pages mount onto the same app later.

No `from __future__ import annotations` here: FastAPI must resolve the handlers' annotations, some of which
are local to create_app.
"""


import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError

from backoffice import evaluations, terminals
from backoffice.china_time import today_in_china
from backoffice.context import Backoffice
from backoffice.guard import RequestGuard
from backoffice.issuance import OutboxWorker
from backoffice.pickup import pickup_router
from backoffice.registrations import InProgress, KeyReused, RegistrationService
from backoffice.schemas import (
    AlertIn,
    AlertOut,
    EvaluationIn,
    EvaluationOut,
    HeartbeatIn,
    HeartbeatOut,
    LicenseKeyOut,
    Problem,
    RatingStandardOut,
    RegistrationIn,
    RegistrationOut,
    ScopeOut,
)
from backoffice.terminals import Authenticator, AuthError, Caller
from backoffice.web import staff_router
from backoffice.web.apply import apply_router
from backoffice.web.auth import StaffAuth
from domain import rating, scopes

_401 = {401: {"model": Problem, "description": "missing, wrong, stale or replayed signature"}}
_404 = {404: {"model": Problem}}


@dataclass(frozen=True)
class Signed:
    caller: Caller
    body: bytes     # the exact bytes that were signed (and that idempotency fingerprints)


def _problem(status: int, detail: str, message_zh: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail, "message_zh": message_zh}, status_code=status, headers=headers)


def create_app(bo: Backoffice) -> FastAPI:
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if bo.authority.in_transaction:
            yield
            return
        # Approved cases the provincial system has not issued yet: retried until it answers.
        outbox = OutboxWorker(bo.engine, bo.keys, bo.authority, bo.settings.outbox_poll_s).start()
        try:
            yield
        finally:
            outbox.stop()

    # No public /docs, /redoc or /openapi.json: the description is for signed-in managers only
    # (/staff/openapi.json), and FastAPI's documentation pages would load their scripts from a CDN.
    app = FastAPI(
        title="Registration back office",
        version="1.0",
        description="API v1 for self-service registration terminals (个体工商户设立登记). See docs/API.md.",
        lifespan=lifespan,
        docs_url=None, redoc_url=None, openapi_url=None,
    )
    auth = Authenticator(bo.engine, bo.keys, bo.settings.clock_tolerance_s)
    service = RegistrationService(bo.engine, bo.keys, bo.settings, bo.checks, bo.authority)

    @app.exception_handler(HTTPException)
    async def _http_error(_r: Request, exc: HTTPException) -> JSONResponse:
        return _problem(exc.status_code, str(exc.detail), "请求有误", exc.headers)

    @app.exception_handler(AuthError)
    async def _auth_error(_r: Request, exc: AuthError) -> JSONResponse:
        return _problem(401, str(exc), exc.message_zh)

    @app.exception_handler(InProgress)
    async def _in_progress(_r: Request, _exc: InProgress) -> JSONResponse:
        return _problem(409, "a request with this Idempotency-Key is still being processed",
                        "该申请正在处理中，请稍后查询", {"Retry-After": "1"})

    @app.exception_handler(KeyReused)
    async def _key_reused(_r: Request, _exc: KeyReused) -> JSONResponse:
        return _problem(422, "Idempotency-Key was used before with a different body", "申请编号已用于另一份申请")

    @app.exception_handler(evaluations.RatingRefused)
    async def _rating_refused(_r: Request, exc: evaluations.RatingRefused) -> JSONResponse:
        return _problem(exc.status, str(exc), exc.message_zh)

    @app.exception_handler(evaluations.UnknownRegistration)
    async def _unknown(_r: Request, _exc: evaluations.UnknownRegistration) -> JSONResponse:
        return _problem(404, "no such registration", "未找到该申请")

    def signed(
        request: Request,
        x_signature_version: Annotated[str | None, Header(description="2")] = None,
        x_terminal_id: Annotated[str | None, Header(description="terminal id")] = None,
        x_timestamp: Annotated[str | None, Header(description="Unix seconds")] = None,
        x_nonce: Annotated[str | None, Header(description="random, never reused (at most 64 characters)")] = None,
        x_signature: Annotated[str | None, Header(
            description="hex HMAC-SHA256(secret, KIOSK-HMAC-2\\nMETHOD\\nPATH\\nQUERY\\nTIMESTAMP\\nNONCE\\n"
                        "IDEMPOTENCY_KEY\\nSHA256_HEX(BODY)); see docs/API.md")] = None,
    ) -> Signed:
        # backoffice.guard authenticated the request (and committed its nonce) before any of it was parsed;
        # the headers are declared here for the API description only.
        return Signed(request.state.terminal_caller, request.state.terminal_body)

    Authed = Annotated[Signed, Depends(signed)]

    @app.get("/api/v1/catalogue/scopes", response_model=list[ScopeOut], responses=_401)
    def catalogue(who: Authed) -> list[ScopeOut]:
        return [ScopeOut(code=i.code, name=i.name, permit_required=i.permit_required, industry=i.industry_name)
                for i in scopes.catalogue()]

    @app.post("/api/v1/registrations", response_model=RegistrationOut, status_code=201, responses={
        **_401,
        409: {"model": Problem, "description": "the first request with this key is still running"},
        422: {"description": "invalid body (the field is named), or the key was used with a different body"},
    })
    def register(body: RegistrationIn, who: Authed,
                 idempotency_key: Annotated[str, Header(min_length=1, max_length=255)]) -> JSONResponse:
        done = service.submit(who.caller, idempotency_key, who.body, body)
        return JSONResponse(done.reply, status_code=201,
                            headers={"Idempotent-Replayed": "true"} if done.replayed else None)

    @app.get("/api/v1/registrations/{registration_id}", response_model=RegistrationOut,
             responses={**_401, **_404})
    def registration(registration_id: str, who: Authed) -> dict[str, Any]:
        found = service.by_id(who.caller, registration_id)
        if found is None:
            raise evaluations.UnknownRegistration(registration_id)
        return found

    @app.get("/api/v1/receipts/{token}", response_model=RegistrationOut, responses={**_401, **_404})
    def receipt(token: str, who: Authed) -> dict[str, Any]:
        found = service.by_receipt(who.caller, token)
        if found is None:
            raise evaluations.UnknownRegistration(token)
        return found

    @app.post("/api/v1/evaluations", response_model=EvaluationOut, status_code=201, responses={
        **_401, **_404,
        403: {"model": Problem, "description": "not the filing terminal, and the applicant's card did not match here"},
        409: {"model": Problem, "description": "the registration has been rated already"},
        410: {"model": Problem, "description": "the rating window (setting rating_window_working_days) has passed"}})
    def evaluate(body: EvaluationIn, who: Authed) -> EvaluationOut:
        try:
            with bo.engine.begin() as conn:
                return evaluations.record_evaluation(conn, bo.keys, who.caller.terminal_id, body, today_in_china(),
                                                     bo.settings.follow_up_working_days,
                                                     window_working_days=bo.settings.rating_window_working_days)
        except IntegrityError as exc:   # a concurrent rating of the same registration won
            raise evaluations.already_rated() from exc

    @app.get("/api/v1/evaluations/standard", response_model=RatingStandardOut, responses=_401)
    def rating_standard_for_terminals(who: Authed) -> RatingStandardOut:
        """Levels, GB/T 39734 indicators and standard 差评 reasons the rating screen offers, and the window."""
        return RatingStandardOut(**rating.standard().to_json(),
                                 window_working_days=bo.settings.rating_window_working_days)

    @app.post("/api/v1/terminals/heartbeat", response_model=HeartbeatOut, responses=_401)
    def heartbeat(body: HeartbeatIn, who: Authed) -> HeartbeatOut:
        with bo.engine.begin() as conn:
            terminals.record_heartbeat(conn, who.caller.terminal_id, body.queue_depth, body.devices,
                                       body.versions)
        return HeartbeatOut(server_time=time.time())

    @app.post("/api/v1/terminals/alerts", response_model=AlertOut, status_code=201, responses=_401)
    def alert(body: AlertIn, who: Authed) -> AlertOut:
        """呼叫工作人员 at a terminal: shown on /staff/terminals while recent."""
        with bo.engine.begin() as conn:
            alert_id = terminals.record_alert(conn, who.caller.terminal_id, body.kind, body.detail)
        return AlertOut(alert_id=alert_id)

    @app.get("/api/v1/keys/license", response_model=LicenseKeyOut)
    def license_key() -> LicenseKeyOut:
        """The Ed25519 public keys terminals verify license data and /apply QR codes with (public: no signature
        needed)."""
        return LicenseKeyOut(algorithm="Ed25519", public_key_pem=bo.keys.license_public_pem.decode(),
                             apply_public_key_pem=bo.keys.apply_public_pem.decode())

    app.include_router(staff_router(bo))   # staff pages (/staff/...) and POST /api/v1/enrolments
    app.include_router(pickup_router(bo, signed))   # receipt claim (license pick-up)
    app.include_router(apply_router(bo))   # the public /apply page
    app.add_middleware(RequestGuard, auth=auth, max_body=bo.settings.max_body_bytes,
                       session_valid=StaffAuth(bo.engine, bo.keys).cookie_valid)
    return app
