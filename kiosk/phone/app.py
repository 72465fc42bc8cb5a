"""The phone upload's web application (ASGI, Starlette): two pages and one upload.

``GET /p/CODE``            the page (200), or a short page: 410 expired/used, 404 unknown
``POST /p/CODE/photo``     the photo as the raw request body -> JSON ``{"ok": true}`` or
                           ``{"ok": false, "error": CODE, "params": {...}}``
``GET /static/phone.js|css`` the page's script and style
anything else              404 (a short page; no listing, no banner)

Every answer carries strict security headers. Refusals change nothing on the kiosk: the
kiosk hears only of a page opened with the live code and of a photo that decoded and won
the code (:class:`PhoneEvents`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from kiosk.phone import errors, page
from kiosk.phone.codes import CodeBook, CodeState, looks_like_code
from kiosk.phone.decode import PhonePhoto, decode_photo
from kiosk.phone.limits import Rate, RateLimiter
from kiosk.phone.texts import pick_language

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("content-security-policy",
     "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
     "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
    ("x-frame-options", "DENY"),
    ("cross-origin-opener-policy", "same-origin"),
    ("cross-origin-resource-policy", "same-origin"),
    ("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()"),
)


class PhoneEvents(Protocol):
    """What the kiosk (or ``photolatte phone-test``) hears from the server. Called on the
    server's thread: implementations hand over to their own thread and return at once."""

    def phone_opened(self) -> None:
        """A phone opened the page with the live code."""

    def phone_photo(self, photo: PhonePhoto) -> None:
        """A photo arrived, decoded, and took the live code (which is now used)."""


@dataclass(frozen=True)
class UploadLimits:
    """Limits of one upload and of each client.

    Attributes:
        max_bytes: the largest body read (the cap; a longer body is cut off with 413).
        body_idle_s: seconds without a byte of the body before giving up (408).
        body_total_s: seconds for the whole body (a trickling client: 408).
        pages: page and file requests per client (token bucket).
        uploads: upload attempts per client.
        retention_minutes: shown in the consent words (the kiosk's setting).
    """

    max_bytes: int = 25 * 1024 * 1024
    body_idle_s: float = 10.0
    body_total_s: float = 300.0
    pages: Rate = field(default_factory=lambda: Rate(burst=20, per_minute=40))
    uploads: Rate = field(default_factory=lambda: Rate(burst=4, per_minute=6))
    retention_minutes: int = 120

    @property
    def max_mb(self) -> int:
        """The cap in whole megabytes (as the page says it)."""
        return max(1, round(self.max_bytes / (1024 * 1024)))


class _TooLargeError(Exception):
    pass


class _TooSlowError(Exception):
    pass


def _client(request: Request) -> str:
    return request.client.host if request.client is not None else "?"


def _json_error(status: int, code: str, *, close: bool = False, **params: Any) -> Response:
    headers = {"connection": "close"} if close else None
    return JSONResponse({"ok": False, "error": code, "params": params}, status_code=status,
                        headers=headers)


def build_app(codes: CodeBook, events: PhoneEvents, limits: UploadLimits, *,
              allowed_hosts: frozenset[str] = frozenset()) -> ASGIApp:
    """The ASGI application. ``allowed_hosts``: the ``Host`` header values accepted (the
    bound address, with and without its port); empty accepts any (a unit test)."""
    page_limit = RateLimiter(limits.pages)
    upload_limit = RateLimiter(limits.uploads)
    statics = page.static_files()
    decode_slot = asyncio.Semaphore(1)  # one decode at a time: two 50 MP photos would not fit

    def language(request: Request) -> str:
        return pick_language(request.query_params.get("lang"),
                             request.headers.get("accept-language"))

    def short_page(request: Request, status: int, key: str) -> HTMLResponse:
        return HTMLResponse(page.message_page(language(request), key), status_code=status)

    async def photo_page(request: Request) -> Response:
        code = request.path_params["code"]
        state = codes.state(code) if looks_like_code(code) else CodeState.UNKNOWN
        if state is CodeState.VALID:
            events.phone_opened()
            return HTMLResponse(page.photo_page(language(request),
                                                retention_minutes=limits.retention_minutes,
                                                limit_mb=limits.max_mb))
        if state is CodeState.USED:
            return short_page(request, 410, "err_used")
        if state is CodeState.EXPIRED:
            return short_page(request, 410, "err_expired")
        return short_page(request, 404, "err_not_found")

    async def static(request: Request) -> Response:
        found = statics.get(request.path_params["name"])
        if found is None:
            raise HTTPException(404)
        return Response(found[0], media_type=found[1])

    async def upload(request: Request) -> Response:
        ok, wait = upload_limit.allow(_client(request))
        if not ok:
            return _json_error(429, "busy", close=True, seconds=max(1, round(wait)))
        code = request.path_params["code"]
        state = codes.state(code) if looks_like_code(code) else CodeState.UNKNOWN
        if state is not CodeState.VALID:
            return _gone(state)
        declared = request.headers.get("content-length")
        if declared is not None:
            if not declared.isdigit():
                return _json_error(400, "other", close=True)
            if int(declared) > limits.max_bytes:
                return _json_error(413, errors.TOO_LARGE, close=True, limit_mb=limits.max_mb)
        try:
            data = await _read_body(request, limits)
        except _TooLargeError:
            return _json_error(413, errors.TOO_LARGE, close=True, limit_mb=limits.max_mb)
        except _TooSlowError:
            return _json_error(408, "timeout", close=True)
        except ClientDisconnect:
            return Response(status_code=400)  # nobody is listening any more
        async with decode_slot:
            try:
                photo = await run_in_threadpool(decode_photo, data)
            except errors.PhoneError as exc:
                log.info("phone: a sent file was refused (%s)", exc.code)
                return _json_error(415 if exc.code == errors.NOT_A_PHOTO else 422, exc.code)
            finally:
                del data
        state = codes.consume(code)
        if state is not CodeState.VALID:
            return _gone(state)
        width, height = photo.input_size
        log.info("phone: a photo arrived (%s, %d×%d)", photo.kind, width, height)
        events.phone_photo(photo)
        return JSONResponse({"ok": True})

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        if status == 405:
            return Response("Method not allowed\n", status_code=405,
                            media_type="text/plain; charset=utf-8")
        return short_page(request, 404, "err_not_found")

    app = Starlette(
        routes=[
            Route("/p/{code}", photo_page, methods=["GET"]),
            Route("/p/{code}/photo", upload, methods=["POST"]),
            Route("/static/{name}", static, methods=["GET"]),
        ],
        exception_handlers={404: not_found, 405: not_found},
    )
    return _guard(app, page_limit, allowed_hosts)


def _gone(state: CodeState) -> Response:
    if state is CodeState.USED:
        return _json_error(410, "used", close=True)
    if state is CodeState.EXPIRED:
        return _json_error(410, "expired", close=True)
    return _json_error(404, "not_found", close=True)


async def _read_body(request: Request, limits: UploadLimits) -> bytes:
    """The raw body, at most ``limits.max_bytes``: the read stops at the cap (never more is
    held), after ``body_idle_s`` without data, or after ``body_total_s`` in all."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limits.body_total_s
    body = bytearray()
    chunks = request.stream().__aiter__()
    while True:
        wait = min(limits.body_idle_s, deadline - loop.time())
        if wait <= 0:
            raise _TooSlowError
        try:
            async with asyncio.timeout(wait):
                chunk = await chunks.__anext__()
        except StopAsyncIteration:
            return bytes(body)
        except TimeoutError:
            raise _TooSlowError from None
        if len(body) + len(chunk) > limits.max_bytes:
            raise _TooLargeError
        body += chunk


def _guard(app: ASGIApp, page_limit: RateLimiter, allowed_hosts: frozenset[str]) -> ASGIApp:
    """Around every request: the security headers, the Host check (against DNS rebinding)
    and the per-client page rate limit (uploads have their own)."""

    async def guarded(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return  # no lifespan, no websockets
        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.lower() != b"server"]
                headers.extend((k.encode(), v.encode()) for k, v in SECURITY_HEADERS)
                message["headers"] = headers
            await send(message)

        host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
        if allowed_hosts and host not in allowed_hosts:
            await _plain(send_with_headers, 400, "Unknown host\n")
            return
        if scope.get("method") != "POST":
            client = scope.get("client")
            ok, wait = page_limit.allow(client[0] if client else "?")
            if not ok:
                await _plain(send_with_headers, 429, "Too many requests\n",
                             (b"retry-after", str(max(1, round(wait))).encode()))
                return
        await app(scope, receive, send_with_headers)

    return guarded


async def _plain(send: Send, status: int, text: str, *extra: tuple[bytes, bytes]) -> None:
    body = text.encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode()),
                            (b"connection", b"close"), *extra]})
    await send({"type": "http.response.body", "body": body})
