"""The ASGI layer in front of every route: a body cap counted while reading, and terminal authentication
before any body is parsed or validated.

Order for a terminal request (`/api/v1/...` except the public key and enrolment): headers checked (version,
form, clock) and the terminal looked up before a byte of body is read; the body read up to the cap; the
HMAC verified; the nonce committed in its own transaction. Only then does the route (and FastAPI's parsing
and validation) see the request, with the body replayed from memory and the caller in `request.state`.

Every other request gets the cap while its body is read (413 as soon as it is passed), and a staff form
post without a validly signed session cookie is refused before its form is parsed. Unauthenticated
endpoints that take a body (login, enrolment, the public /apply page) get a small cap of their own.

Every reply leaves with `Cache-Control: no-store` unless the route chose otherwise (static files), since
nearly every reply carries personal data or a license, and with HSTS when it went over TLS. A database that
cannot be reached gives a 503 in Chinese (JSON for terminals, a page for staff), never a bare 500.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool

from backoffice.terminals import Authenticator, AuthError, Caller

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

PUBLIC_API = ("/api/v1/keys/", "/api/v1/enrolments")
SMALL_BODY_PATHS = ("/staff/login", "/api/v1/enrolments", "/apply")
SMALL_BODY_BYTES = 64 * 1024
STATE_CALLER, STATE_BODY = "terminal_caller", "terminal_body"
NO_STORE = (b"cache-control", b"no-store")
HSTS = (b"strict-transport-security", b"max-age=31536000")
DB_DOWN = ("database unavailable, try again shortly", "系统数据库暂时无法访问，请稍后再试")


class BodyTooLarge(Exception):
    pass


def needs_signature(path: str) -> bool:
    return path.startswith("/api/") and not path.startswith(PUBLIC_API)


def _staff_post_needs_login(scope: Scope) -> bool:
    path = scope["path"]
    return (scope["method"] not in {"GET", "HEAD"} and path.startswith("/staff/")
            and not path.startswith("/staff/login"))


async def _json(send: Send, status: int, detail: str, message_zh: str,
                headers: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps({"detail": detail, "message_zh": message_zh}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), NO_STORE,
        (b"connection", b"close"), *(headers or [])]})
    await send({"type": "http.response.body", "body": body})


async def _page(send: Send, status: int, text_zh: str) -> None:
    body = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>暂时无法服务</title></head>'
            f"<body><main><h1>暂时无法服务</h1><p>{text_zh}</p></main></body></html>").encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"text/html; charset=utf-8"), (b"content-length", str(len(body)).encode()), NO_STORE,
        (b"retry-after", b"5")]})
    await send({"type": "http.response.body", "body": body})


async def _too_large(send: Send, limit: int) -> None:
    await _json(send, 413, f"request body larger than {limit} bytes", "提交的数据过大")


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def read_body(receive: Receive, limit: int) -> bytes:
    """The whole body, or BodyTooLarge as soon as more than `limit` bytes arrived."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise BodyTooLarge   # nothing left to answer; the caller just stops
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()   # after the body: wait for the disconnect like the server would

    return replayed


class _CappedExchange:
    """Passes the body through while counting it; past the limit it answers 413 itself (unless the app already
    started a reply), tells the app the client went away, and drops whatever the app still sends. Raising
    from receive() would not do: form and JSON parsers turn such errors into 400/422 answers of their own."""

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive, self._send, self._limit = receive, send, limit
        self._size = 0
        self._started = self._cut = False

    async def receive(self) -> Message:
        if self._cut:
            return {"type": "http.disconnect"}
        message = await self._receive()
        self._size += len(message.get("body", b""))
        if self._size <= self._limit:
            return message
        self._cut = True
        if not self._started:
            self._started = True
            await _too_large(self._send, self._limit)
        return {"type": "http.disconnect"}

    async def send(self, message: Message) -> None:
        if self._cut:
            return
        self._started = self._started or message["type"] == "http.response.start"
        await self._send(message)

    async def run(self, app: ASGIApp, scope: Scope) -> None:
        try:
            await app(scope, self.receive, self.send)
        except Exception:
            if not self._cut:
                raise   # a disconnect the app did not expect after the cut is no error of its own


class RequestGuard:
    """ASGI middleware; `session_valid(cookie header)` tells whether a staff session cookie is validly signed."""

    def __init__(self, app: ASGIApp, auth: Authenticator, max_body: int,
                 session_valid: Callable[[str], bool]) -> None:
        self._app = app
        self._auth = auth
        self._max = max_body
        self._session_valid = session_valid

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self._app(scope, receive, send)
        send = _with_headers(send, tls=scope.get("scheme") == "https")
        try:
            await self._guarded(scope, receive, send)
        except DBAPIError:
            if scope["path"].startswith("/staff"):
                await _page(send, 503, DB_DOWN[1])
            else:
                await _json(send, 503, *DB_DOWN, [(b"retry-after", b"5")])

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope["path"]
        limit = SMALL_BODY_BYTES if path.startswith(SMALL_BODY_PATHS) else self._max
        declared = _declared_length(scope)
        if needs_signature(path):
            return await self._terminal_request(scope, receive, send, declared)
        if _staff_post_needs_login(scope) and not self._session_valid(_cookie_header(scope)):
            return await _json(send, 401, "staff login required", "请先登录")
        if declared is not None and declared > limit:
            return await _too_large(send, limit)
        await _CappedExchange(receive, send, limit).run(self._app, scope)

    async def _terminal_request(self, scope: Scope, receive: Receive, send: Send, declared: int | None) -> None:
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        try:
            creds = self._auth.check_headers(headers)
            if self._auth.cached(creds.terminal_id) is None:
                await run_in_threadpool(self._auth.terminal, creds.terminal_id)
            if declared is not None and declared > self._max:
                return await _too_large(send, self._max)
            try:
                body = await read_body(receive, self._max)
            except BodyTooLarge:
                return await _too_large(send, self._max)
            method = scope["method"]
            # The path as sent (still percent-encoded), which is what the terminal signed.
            path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
            query = scope.get("query_string", b"").decode("latin-1")
            caller: Caller = (self._auth.verify_cached(creds, method, path, query, body)
                              or await run_in_threadpool(self._auth.verify, creds, method, path, query, body))
            await run_in_threadpool(self._auth.remember, caller)
        except AuthError as refused:
            return await _json(send, 401, str(refused), refused.message_zh)
        state = scope.setdefault("state", {})
        state[STATE_CALLER], state[STATE_BODY] = caller, body
        await self._app(scope, _replay(body, receive), send)


def _with_headers(send: Send, *, tls: bool) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", []))
            if not any(name.lower() == b"cache-control" for name, _ in headers):
                headers.append(NO_STORE)
            if tls:
                headers.append(HSTS)
            message = {**message, "headers": headers}
        await send(message)

    return sending


def _cookie_header(scope: Scope) -> str:
    return next((v.decode("latin-1") for k, v in scope["headers"] if k == b"cookie"), "")
