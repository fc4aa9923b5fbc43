"""Staff pages and the terminal enrolment endpoint, as one router mounted by backoffice.app.create_app.

No `from __future__ import annotations`: FastAPI resolves the handlers' annotations, and the dependency
aliases are local to staff_router.
"""

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import jinja2
from fastapi import APIRouter, Depends, Form, Request
from fastapi import Path as PathParam
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError

from backoffice import audit, dashboards, enrolment, evaluations, review, staff, terminals
from backoffice.china_time import CHINA, today_in_china
from backoffice.rules import RULES
from backoffice.staff import Role, Session
from backoffice.web import csrf
from backoffice.web.auth import SESSION_COOKIE, AttemptThrottle, StaffAuth, client_of, set_cookie
from domain import divisions
from domain.application import Organization
from domain.card import CardType

if TYPE_CHECKING:
    from backoffice.context import Backoffice

HERE = Path(__file__).resolve().parent.parent
TEMPLATES, STATIC = HERE / "templates", HERE / "static"
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
CASE_ID = PathParam(pattern=r"^[0-9a-f]{32}$")
SECURITY_HEADERS = {
    "Cache-Control": "no-store",   # pages show personal data: never keep them in a browser or proxy cache
    "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
# Notices after a redirect are picked by key, so a link cannot put arbitrary text on a staff page.
MESSAGES = {
    "approved": ("ok", "已核准并赋码，申请人可在任一终端凭回执领取营业执照。"),
    "rejected": ("ok", "已驳回，申请人查询回执时将看到驳回理由。"),
    "taken": ("error", "该申请已由其他工作人员处理，请刷新后查看。"),
    "reason_missing": ("error", "请填写驳回理由（不超过200字）。"),
    "note_missing": ("error", "请填写审核意见（不超过200字）。"),
    "transferred": ("ok", "已移送经营场所所在地登记机关。"),
    "no_transfer": ("error", "经营场所就在本案登记机关辖区内，无需移送。"),
    "confirmed": ("ok", "批量确认已完成。"),
    "none_selected": ("error", "请至少选择一件申请。"),
    "follow_up": ("ok", "差评跟进状态已更新。"),
    "follow_up_bad": ("error", "跟进状态无效或备注过长（不超过500字）。"),
}
MAX_NOTE = 500
FILTER_YEARS = (1900, 2999)
MAX_RATING_DAYS = 36_600   # a hundred years: "all of them" without overflowing a date
CARD_ZH = {CardType.RESIDENT: "居民身份证", CardType.HMT_RESIDENCE: "港澳台居民居住证",
           CardType.FOREIGN_PERMANENT_2017: "外国人永久居留身份证（2017版）",
           CardType.FOREIGN_PERMANENT_2023: "外国人永久居留身份证（2023版）"}
ORG_ZH = {Organization.INDIVIDUAL: "个人经营", Organization.FAMILY: "家庭经营"}
CHECK_ZH = {"credit_blacklist": "信用约束名单核查", "face_compare": "人证比对"}
CHECK_OUTCOME_ZH = {"pass": "通过", "hit": "命中", "mismatch": "不一致", "refer": "不能确定，需人工判断",
                    "unavailable": "未核查（服务不可用）"}


class EnrolmentIn(BaseModel):
    code: str = Field(min_length=1, max_length=64, description="the one-time code, separators optional")


class EnrolmentOut(BaseModel):
    terminal_id: str
    secret: str
    division_code: str
    license_public_key_pem: str


class EnrolmentProblem(BaseModel):
    detail: str
    message_zh: str


def _enrolment_problem(status: int, detail: str, message_zh: str) -> JSONResponse:
    return JSONResponse({"detail": detail, "message_zh": message_zh}, status_code=status,
                        headers={"Cache-Control": "no-store"})


def _cn_time(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    value = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return value.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def _date(raw: str) -> dt.date | None:
    """A filter date; None (no bound) when empty, malformed or so far out that it bounds nothing and would
    overflow when turned into a China-time instant."""
    try:
        day = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None
    return day if day is not None and FILTER_YEARS[0] <= day.year <= FILTER_YEARS[1] else None


def _safe_next(target: str) -> str:
    """Only a staff page of this site, never an open redirect."""
    ok = target.startswith("/staff/") and "//" not in target and "\\" not in target
    return target if ok else "/staff/queue"


def _redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["cn_time"] = _cn_time
    env.filters["division"] = lambda code: divisions.full_name(code) if divisions.get(code) else code
    env.globals.update(ROLE_ZH=staff.ROLE_ZH, STATUS_ZH=review.STATUS_ZH, STATE_ZH=dashboards.FOLLOW_UP_STATE_ZH,
                       ACTION_ZH=audit.ACTION_ZH, CARD_ZH=CARD_ZH, ORG_ZH=ORG_ZH, CHECK_ZH=CHECK_ZH,
                       OUTCOME_ZH=CHECK_OUTCOME_ZH)
    return env


def staff_router(bo: "Backoffice") -> APIRouter:
    router = APIRouter()
    auth = StaffAuth(bo.engine, bo.keys)
    enrolment_throttle = AttemptThrottle()   # wrong enrolment codes per address
    env = _environment()

    Reviewer = Annotated[Session, Depends(auth.require(Role.REVIEWER))]
    Manager = Annotated[Session, Depends(auth.require(Role.MANAGER))]
    ReviewerPost = Annotated[Session, Depends(auth.require(Role.REVIEWER, post=True))]
    ManagerPost = Annotated[Session, Depends(auth.require(Role.MANAGER, post=True))]

    def render(name: str, request: Request, session: Session | None, status: int = 200,
               msg: str = "", **context: Any) -> HTMLResponse:
        html = env.get_template(name).render(
            staff=session.staff if session else None, csrf_token=session.csrf_token if session else "",
            path=request.url.path, notice=MESSAGES.get(msg), settings=bo.settings, **context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)

    def not_found(request: Request, session: Session) -> HTMLResponse:
        # The same answer whether the case does not exist or belongs to another district.
        return render("message.html", request, session, 404, title="未找到", text="未找到该申请。")

    def record(request: Request, actor: str, action: audit.Action, detail: str, **where: str | None) -> None:
        with bo.engine.begin() as conn:
            audit.record(conn, actor, action, detail, client=client_of(request), **where)

    # --- signing in and out ---

    def login_page(request: Request, next_url: str, error: str | None, status: int = 200) -> HTMLResponse:
        token = csrf.new_token()
        response = render("login.html", request, None, status, login_csrf=token, next_url=next_url, error=error)
        set_cookie(request, response, csrf.LOGIN_COOKIE, auth.signer.sign(token), csrf.LOGIN_COOKIE_MAX_AGE)
        return response

    @router.get("/staff/login", include_in_schema=False)
    def login_form(request: Request, next: str = "/staff/queue") -> Response:
        if auth.current(request) is not None:
            return _redirect(_safe_next(next))
        return login_page(request, _safe_next(next), None)

    @router.post("/staff/login", include_in_schema=False)
    def login(request: Request, username: Annotated[str, Form(max_length=64)] = "",
              password: Annotated[str, Form(max_length=256)] = "", csrf_token: Annotated[str, Form()] = "",
              next: Annotated[str, Form()] = "/staff/queue") -> Response:
        target, client = _safe_next(next), client_of(request) or "-"
        expected = auth.signer.unsign(request.cookies.get(csrf.LOGIN_COOKIE, ""))
        if not csrf.matches(csrf_token, expected or ""):
            return login_page(request, target, "页面已过期，请重新登录。", 403)
        if not auth.throttle.reserve(client):   # counted before the password is checked
            return login_page(request, target, "本机登录失败次数过多，请15分钟后再试。", 429)
        try:
            session = staff.log_in(bo.engine, username.strip(), password)
        except staff.LoginRefused as refused:
            # Only a real account name is recorded: an unknown "name" may be a password typed in the wrong box.
            record(request, username.strip() if refused.checked else "-", audit.Action.LOGIN_FAILED, "登录失败")
            return login_page(request, target, refused.message_zh, 401)
        auth.throttle.forgive(client)
        record(request, session.staff.username, audit.Action.LOGIN, "登录成功")
        response = _redirect(target)
        auth.start(request, response, session)
        response.delete_cookie(csrf.LOGIN_COOKIE, path="/staff", httponly=True, samesite="strict")
        return response

    @router.post("/staff/logout", include_in_schema=False)
    def logout(request: Request, session: ReviewerPost) -> Response:
        staff.log_out(bo.engine, session.session_id)
        record(request, session.staff.username, audit.Action.LOGOUT, "退出登录")
        response = _redirect("/staff/login")
        response.delete_cookie(SESSION_COOKIE, path="/staff", httponly=True, samesite="strict")
        return response

    # --- review ---

    @router.get("/staff", include_in_schema=False)
    @router.get("/staff/", include_in_schema=False)
    def home() -> Response:
        return _redirect("/staff/queue")

    @router.get("/staff/queue", include_in_schema=False)
    def queue_page(request: Request, session: Reviewer, status: str = "manual_review", reason: str = "",
                   terminal: str = "", date_from: str = "", date_to: str = "", msg: str = "") -> HTMLResponse:
        status = status if status in review.STATUS_ZH or status == "" else "manual_review"
        f = review.QueueFilter(status, reason.strip(), terminal.strip(), _date(date_from), _date(date_to))
        return render("queue.html", request, session, msg=msg, f=f,
                      cases=review.queue(bo.engine, f, session.staff.divisions),
                      reason_codes=[(r.code, r.message) for r in RULES])

    def show_case(request: Request, session: Session, registration_id: str, msg: str = "",
                  refusal: list[str] | None = None, status: int = 200) -> HTMLResponse:
        found = review.case(bo.engine, bo.keys, registration_id, session.staff.divisions)
        if found is None:
            return not_found(request, session)
        record(request, session.staff.username, audit.Action.VIEW_CASE, "查看申请详情",
               registration_id=registration_id)
        return render("case.html", request, session, status, msg=msg, case=found, today=today_in_china(),
                      refusal=refusal)

    @router.get("/staff/cases/{registration_id}", include_in_schema=False)
    def case_page(request: Request, session: Reviewer, registration_id: Annotated[str, CASE_ID],
                  msg: str = "") -> HTMLResponse:
        return show_case(request, session, registration_id, msg)

    def attachment(request: Request, session: Session, registration_id: str, which: str, media_type: str,
                   action: audit.Action, what: str) -> Response:
        found = review.case(bo.engine, bo.keys, registration_id, session.staff.divisions)
        if found is None:
            return Response(status_code=404, headers=SECURITY_HEADERS)
        record(request, session.staff.username, action, what, registration_id=registration_id)
        return Response(getattr(found.application.applicant, which), media_type=media_type,
                        headers=SECURITY_HEADERS)

    @router.get("/staff/cases/{registration_id}/face", include_in_schema=False)
    def face(request: Request, session: Reviewer, registration_id: Annotated[str, CASE_ID]) -> Response:
        return attachment(request, session, registration_id, "face_jpeg", "image/jpeg", audit.Action.VIEW_FACE,
                          "查看人脸照片")

    @router.get("/staff/cases/{registration_id}/reference", include_in_schema=False)
    def reference(request: Request, session: Reviewer, registration_id: Annotated[str, CASE_ID]) -> Response:
        return attachment(request, session, registration_id, "reference_jpeg", "image/jpeg",
                          audit.Action.VIEW_FACE, "查看证件照片")

    @router.get("/staff/cases/{registration_id}/signature", include_in_schema=False)
    def signature(request: Request, session: Reviewer, registration_id: Annotated[str, CASE_ID]) -> Response:
        return attachment(request, session, registration_id, "signature_png", "image/png",
                          audit.Action.VIEW_SIGNATURE, "查看签名")

    @router.post("/staff/cases/{registration_id}/approve", include_in_schema=False)
    def approve(request: Request, session: ReviewerPost, registration_id: Annotated[str, CASE_ID],
                note: Annotated[str, Form(max_length=2000)] = "") -> Response:
        try:
            review.approve(bo.engine, bo.keys, bo.checks, bo.settings, registration_id, session.staff, note,
                           client_of(request), bo.authority)
        except review.NotFound:
            return not_found(request, session)
        except review.NotPending:
            return _redirect(f"/staff/cases/{registration_id}?msg=taken")
        except ValueError:
            return _redirect(f"/staff/cases/{registration_id}?msg=note_missing")
        except review.OutsideJurisdiction:
            return show_case(request, session, registration_id, refusal=[
                "经营场所不在本案登记机关辖区内，不能跨辖区核准。请移送经营场所所在地登记机关。"], status=409)
        except review.ChecksFail as failed:
            return show_case(request, session, registration_id, status=409,
                             refusal=[f"重新核查未通过：{r.message}" for r in failed.reasons])
        return _redirect(f"/staff/cases/{registration_id}?msg=approved")

    @router.post("/staff/cases/{registration_id}/transfer", include_in_schema=False)
    def transfer(request: Request, session: ReviewerPost, registration_id: Annotated[str, CASE_ID]) -> Response:
        try:
            review.transfer(bo.engine, bo.keys, registration_id, session.staff, client_of(request))
        except review.NotFound:
            return not_found(request, session)
        except review.NotPending:
            return _redirect(f"/staff/cases/{registration_id}?msg=taken")
        except ValueError:
            return _redirect(f"/staff/cases/{registration_id}?msg=no_transfer")
        return _redirect("/staff/queue?msg=transferred")

    @router.post("/staff/cases/{registration_id}/reject", include_in_schema=False)
    def reject(request: Request, session: ReviewerPost, registration_id: Annotated[str, CASE_ID],
               reason: Annotated[str, Form(max_length=2000)] = "") -> Response:
        try:
            review.reject(bo.engine, registration_id, session.staff, reason, client_of(request))
        except review.NotFound:
            return not_found(request, session)
        except review.NotPending:
            return _redirect(f"/staff/cases/{registration_id}?msg=taken")
        except ValueError:
            return _redirect(f"/staff/cases/{registration_id}?msg=reason_missing")
        return _redirect(f"/staff/cases/{registration_id}?msg=rejected")

    @router.get("/staff/confirmations", include_in_schema=False)
    def confirmations(request: Request, session: Manager, msg: str = "", n: int = 0) -> HTMLResponse:
        pending = (review.awaiting_confirmation(bo.engine, session.staff.divisions)
                   if bo.settings.require_human_confirmation else [])
        return render("confirm.html", request, session, msg=msg, cases=pending, confirmed_count=n)

    @router.post("/staff/confirmations", include_in_schema=False)
    async def confirm(request: Request, session: ManagerPost) -> Response:
        ids = [str(v) for v in (await request.form()).getlist("registration_id")]
        if not ids:
            return _redirect("/staff/confirmations?msg=none_selected")
        count = await run_in_threadpool(review.confirm, bo.engine, ids, session.staff, client_of(request))
        return _redirect(f"/staff/confirmations?msg=confirmed&n={count}")

    # --- oversight ---

    @router.get("/staff/audit", include_in_schema=False)
    def audit_page(request: Request, session: Manager, actor: str = "", action: str = "",
                   case: str = "") -> HTMLResponse:
        found = audit.entries(bo.engine, actor=actor.strip(), action=action, registration_id=case.strip())
        return render("audit.html", request, session, entries=found, actor=actor, action=action, case=case)

    @router.get("/staff/terminals", include_in_schema=False)
    def terminals_page(request: Request, session: Reviewer) -> HTMLResponse:
        now = dt.datetime.now(dt.UTC)
        return render("terminals.html", request, session,
                      terminals=dashboards.terminal_overview(bo.engine, now, session.staff.divisions),
                      calls=dashboards.recent_staff_calls(bo.engine, now, session.staff.divisions),
                      call_minutes=int(dashboards.ALERT_SHOWN_FOR.total_seconds() // 60),
                      stale_minutes=int(dashboards.STALE_AFTER.total_seconds() // 60))

    @router.get("/staff/ratings", include_in_schema=False)
    def ratings_page(request: Request, session: Reviewer, days: int = 30, closed: bool = False,
                     msg: str = "") -> HTMLResponse:
        days = min(days, MAX_RATING_DAYS)
        since = dt.datetime.now(dt.UTC) - dt.timedelta(days=days) if days > 0 else None
        follow_ups = evaluations.list_follow_ups(bo.engine, today_in_china(), session.staff.divisions,
                                                 open_only=not closed)
        return render("ratings.html", request, session, msg=msg, days=days, closed=closed,
                      summary=dashboards.rating_summary(bo.engine, since, session.staff.divisions),
                      follow_ups=follow_ups,
                      states=evaluations.STATES)

    @router.post("/staff/follow-ups/{follow_up_id}", include_in_schema=False)
    def follow_up(request: Request, session: ReviewerPost, follow_up_id: Annotated[str, PathParam(max_length=32)],
                  state: Annotated[str, Form()] = "", note: Annotated[str, Form(max_length=2000)] = "",
                  owner: Annotated[str, Form(max_length=64)] = "") -> Response:
        label = dashboards.FOLLOW_UP_STATE_ZH.get(state)
        if label is None or len(note) > MAX_NOTE:
            return _redirect("/staff/ratings?msg=follow_up_bad")
        try:
            evaluations.advance_follow_up(bo.engine, follow_up_id, state, session.staff.username,
                                          note.strip() or f"状态改为{label}", session.staff.divisions,
                                          owner.strip() or None)
        except LookupError:
            return _redirect("/staff/ratings?msg=follow_up_bad")
        record(request, session.staff.username, audit.Action.FOLLOW_UP, f"差评跟进状态改为{label}",
               target=follow_up_id)
        return _redirect("/staff/ratings?msg=follow_up")

    # --- terminal enrolment ---

    def enrolment_page(request: Request, session: Session, issued: enrolment.IssuedCode | None = None,
                       error: str | None = None, status: int = 200) -> HTMLResponse:
        return render("enrolment.html", request, session, status,
                      codes=enrolment.codes(bo.engine, session.staff.divisions),
                      now=dt.datetime.now(dt.UTC), issued=issued, error=error,
                      default_ttl=enrolment.DEFAULT_TTL_HOURS, max_ttl=enrolment.MAX_TTL_HOURS)

    @router.get("/staff/enrolment", include_in_schema=False)
    def enrolment_form(request: Request, session: Manager) -> HTMLResponse:
        return enrolment_page(request, session)

    @router.post("/staff/enrolment", include_in_schema=False)
    def enrolment_issue(request: Request, session: ManagerPost,
                        terminal_id: Annotated[str, Form(max_length=64)] = "",
                        division: Annotated[str, Form(max_length=6)] = "370702",
                        ttl_hours: Annotated[int, Form()] = enrolment.DEFAULT_TTL_HOURS) -> HTMLResponse:
        existing = terminals.division_of(bo.engine, terminal_id.strip())
        foreign = divisions.is_county(division.strip()) and not session.staff.covers(division.strip())
        if foreign or (existing and not session.staff.covers(existing)):
            # A code re-enrols an existing terminal: only for a terminal and a district of one's own.
            return enrolment_page(request, session, error="只能为本辖区的终端签发注册码。", status=403)
        try:
            issued = enrolment.issue_code(bo.engine, terminal_id, division_code=division.strip(),
                                          ttl_hours=ttl_hours, created_by=session.staff.username,
                                          client=client_of(request))
        except ValueError:
            return enrolment_page(request, session, error="终端编号、行政区划代码（县级）或有效期不正确。", status=422)
        return enrolment_page(request, session, issued=issued)

    @router.post("/api/v1/enrolments", response_model=EnrolmentOut, tags=["enrolment"], responses={
        401: {"model": EnrolmentProblem, "description": "unknown code"},
        410: {"model": EnrolmentProblem, "description": "code already used or expired"},
        422: {"model": EnrolmentProblem, "description": "the body is not {\"code\": \"...\"}"},
        429: {"model": EnrolmentProblem, "description": "too many wrong codes from this address"}},
        openapi_extra={"requestBody": {"required": True, "content": {
            "application/json": {"schema": EnrolmentIn.model_json_schema()}}}})
    async def enrol_terminal(request: Request) -> Any:
        """Trade a one-time enrolment code for the terminal's id, secret, jurisdiction and the license
        public key. Unsigned: the terminal has no secret yet. Works once per code."""
        client = client_of(request) or "-"
        # The throttle comes before the body is read: a blocked address cannot make the server read anything.
        if not enrolment_throttle.reserve(client):
            return _enrolment_problem(429, "too many wrong codes", "尝试次数过多，请15分钟后再试")
        try:
            body = EnrolmentIn.model_validate_json(await request.body())
        except ValidationError:
            return _enrolment_problem(422, 'body must be {"code": "..."}', "请求有误")
        try:
            done = await run_in_threadpool(enrolment.redeem, bo.engine, bo.keys, body.code, client_of(request))
        except enrolment.EnrolmentRefused as refused:
            return _enrolment_problem(refused.status, str(refused), refused.message_zh)
        enrolment_throttle.forgive(client)
        return JSONResponse(EnrolmentOut(**done.__dict__).model_dump(), headers={"Cache-Control": "no-store"})

    @router.get("/staff/openapi.json", include_in_schema=False)
    def openapi(request: Request, session: Manager) -> JSONResponse:
        """The API description (what /openapi.json would be), for signed-in managers only."""
        return JSONResponse(request.app.openapi())

    # --- static files (a fixed whitelist: no path from the URL touches the file system) ---

    static_files = {p.name: p for p in STATIC.iterdir() if p.suffix in STATIC_TYPES}

    @router.get("/staff/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        found = static_files.get(name)
        if found is None:
            return Response(status_code=404)
        return Response(found.read_bytes(), media_type=STATIC_TYPES[found.suffix],
                        headers={"Cache-Control": "max-age=3600", "X-Content-Type-Options": "nosniff"})

    return router
