"""The FastAPI app: versioned JSON endpoints over one ``Checker`` per worker process, and the page at ``/``.

The Checker (the spaCy model and the rules) is built once per worker in the lifespan, before the first
request. Checks run one at a time in a check process forked from the worker (``tonecheck.server.worker``), so
the event loop stays free: ``/healthz`` answers while a check runs, and a check that takes longer than the
timeout, queueing included, gets a 503 and its process is killed, so the next request is served at once.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.exceptions import HTTPException
from starlette.middleware.cors import CORSMiddleware

from .. import __version__
from ..api import Checker
from ..engine.chunking import DraftTooLargeError, check_size
from ..models import Report
from ..presend import PresendResult, apply_policy
from ..rewrite.rewrite import RewriteResult
from ..ruleset.selectors import UnknownSelectorError
from .guard import RequestGuard
from .schemas import DraftRequest, ErrorBody, Health, PresendRequest, RewriteRequest, RuleInfo
from .settings import ServerSettings
from .worker import CheckCrashed, CheckProcess, CheckTimeout, Task, check_task, presend_task, rewrite_task

log = logging.getLogger("uvicorn.error")
T = TypeVar("T")
WARM_UP = "You never listen to me. You hurt me by ignoring my calls. Call me ASAP!!!"


class InvalidField(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def page() -> str:
    return (resources.files("tonecheck.server") / "static" / "index.html").read_text(encoding="utf-8")


def page_headers(html: str) -> dict[str, str]:
    """A Content-Security-Policy allowing exactly the page's own inline script and style (by hash) and calls
    to its own origin, and no framing: an injected script or a clickjacking frame gets nothing to run in."""

    def hashes(tag: str) -> str:
        blocks = re.findall(rf"<{tag}>(.*?)</{tag}>", html, flags=re.DOTALL)
        return " ".join(
            f"'sha256-{base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()}'" for block in blocks
        )

    policy = (
        f"default-src 'none'; script-src {hashes('script')}; style-src {hashes('style')}; connect-src 'self'; "
        "img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
    return {
        "Content-Security-Policy": policy,
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
    }


def create_app(settings: ServerSettings | None = None) -> FastAPI:
    settings = settings or ServerSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        started = time.perf_counter()
        app.state.checker = Checker.from_settings(settings.checker)
        # One draft through every stage (suggestions, rewrite) loads what is loaded lazily, so the first
        # request is as fast as the others.
        app.state.checker.presend(WARM_UP)
        app.state.checks = CheckProcess(
            app.state.checker, max_requests=settings.max_requests, max_memory_mb=settings.max_memory_mb
        )
        log.info(
            "tonecheck: model %s and %d rules loaded in %.2f s (pid %d)",
            _model_name(app.state.checker),
            len(app.state.checker.ruleset),
            time.perf_counter() - started,
            os.getpid(),
        )
        try:
            yield
        finally:
            app.state.checks.close()

    app = FastAPI(
        title="tonecheck",
        version=__version__,
        summary="Is this draft OK to send? Where it sounds pressuring or blaming, why, and a gentler wording.",
        lifespan=lifespan,
        # The interactive docs pull their scripts from a CDN; the schema itself is served at /openapi.json.
        docs_url=None,
        redoc_url=None,
        responses={
            413: {"model": ErrorBody, "description": "the body is over the size limit"},
            422: {"model": ErrorBody, "description": "malformed JSON or a wrong field"},
            400: {"model": ErrorBody, "description": "a Host not allowed, or Content-Length with Transfer-Encoding"},
            408: {"model": ErrorBody, "description": "the body did not arrive in time"},
            503: {"model": ErrorBody, "description": "the check took longer than the timeout"},
        },
    )
    html = page()
    html_headers = page_headers(html)

    async def run(request: Request, task: Task, body: DraftRequest | RewriteRequest, **kwargs: Any) -> Any:
        """``task`` on the body's draft in the check process, after what needs no check process: a selector
        typo is answered at once, and a draft over the size limit is refused without being sent."""
        checker = checker_of(request)
        validate_selectors(checker, body)
        check_size(body.text, checker.max_chars)
        checks: CheckProcess = request.app.state.checks
        return await checks.run(
            task, settings.timeout, text=body.text, select=body.select, ignore=body.ignore, **kwargs
        )

    def checker_of(request: Request) -> Checker:
        checker: Checker = request.app.state.checker
        return checker

    def validate_selectors(checker: Checker, body: DraftRequest | RewriteRequest) -> None:
        # Before the draft goes to the check process, so a typo is answered at once.
        try:
            checker.validate_selectors(select=body.select, ignore=body.ignore)
        except UnknownSelectorError as exc:
            raise InvalidField(exc.where, str(exc)) from None

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        fields = [_field_error(error, request) for error in exc.errors()]
        message = "; ".join(f"{f['field']}: {f['message']}" for f in fields)
        return _error(422, "invalid_request", message, fields=fields)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        # Starlette's own answers (404 no such path, 405 wrong method, ...) in the same shape as ours.
        code = HTTP_ERROR_CODES.get(exc.status_code, "http_error")
        return _error(exc.status_code, code, _http_message(exc, request), headers=dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def internal_error(request: Request, exc: Exception) -> JSONResponse:
        # Starlette logs the traceback after this answer is sent.
        return _error(500, "internal_error", "an unexpected error; the server log has the details")

    @app.exception_handler(InvalidField)
    async def invalid_field(request: Request, exc: InvalidField) -> JSONResponse:
        return _error(422, "invalid_request", str(exc), fields=[{"field": exc.field, "message": exc.message}])

    @app.exception_handler(DraftTooLargeError)
    async def too_large(request: Request, exc: DraftTooLargeError) -> JSONResponse:
        return _error(413, "too_large", str(exc))

    @app.exception_handler(CheckTimeout)
    async def timed_out(request: Request, exc: CheckTimeout) -> JSONResponse:
        message = f"the check took longer than {settings.timeout:g} s; try a shorter draft, or again in a moment"
        return _error(503, "timeout", message, headers={"Retry-After": "1"})

    @app.exception_handler(CheckCrashed)
    async def crashed(request: Request, exc: CheckCrashed) -> JSONResponse:
        message = "the check process stopped during this check (out of memory?); a new one serves the next request"
        return _error(503, "unavailable", message, headers={"Retry-After": "1"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> HTMLResponse:
        return HTMLResponse(html, headers=html_headers)

    @app.get("/healthz", response_model=Health, tags=["service"])
    async def healthz(request: Request) -> Health:
        checker = checker_of(request)
        pid = os.getpid()
        checks: CheckProcess = request.app.state.checks
        return Health(
            version=__version__, model=_model_name(checker), rules=len(checker.ruleset), pid=pid, check_pid=checks.pid
        )

    @app.get("/v1/rules", response_model=list[RuleInfo], tags=["rules"])
    async def rules(request: Request) -> list[RuleInfo]:
        fields = set(RuleInfo.model_fields)
        return [RuleInfo.model_validate(rule.model_dump(include=fields)) for rule in checker_of(request).ruleset]

    @app.post("/v1/check", response_model=Report, tags=["check"])
    async def check(body: DraftRequest, request: Request) -> Report:
        """The full report: findings with offsets, messages and suggestions, gentleness, verdict, signals."""
        report: Report = await run(request, check_task, body)
        return apply_policy(report, body.policy) if body.policy else report

    @app.post("/v1/presend", response_model=PresendResult, tags=["check"])
    async def presend(body: PresendRequest, request: Request) -> PresendResult:
        """Is this draft OK to send? The verdict, the reasons, the spans to highlight, a gentler rewrite."""
        result: PresendResult = await run(request, presend_task, body, policy=body.policy, rewrite=body.rewrite)
        return result

    @app.post("/v1/rewrite", response_model=RewriteResult, tags=["rewrite"])
    async def rewrite_draft(body: RewriteRequest, request: Request) -> RewriteResult:
        """The draft with the suggestions applied that make it gentler, the changes, and its re-check."""
        result: RewriteResult = await run(request, rewrite_task, body, include_review=body.include_review)
        return result

    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware, allow_origins=settings.cors_origins, allow_methods=["GET", "POST"], allow_headers=["*"]
        )
    # Added last, so it runs first: a request from a Host not allowed reaches nothing else.
    app.add_middleware(
        RequestGuard,
        max_bytes=settings.max_body_bytes,
        allowed_hosts=settings.allowed_hosts,
        body_timeout=settings.body_timeout,
    )
    return app


def app_from_env() -> FastAPI:
    """The factory ``tonecheck serve`` hands uvicorn: each worker process builds its app from the environment."""
    return create_app(ServerSettings.from_env())


HTTP_ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    408: "timeout",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    503: "unavailable",
}


def _http_message(exc: HTTPException, request: Request) -> str:
    if exc.status_code == 404:
        return f"no such path: {request.url.path!r}; GET /openapi.json lists the endpoints"
    if exc.status_code == 405:
        allowed = (exc.headers or {}).get("allow") or (exc.headers or {}).get("Allow")
        return f"{request.method} is not allowed on {request.url.path!r}" + (f"; use {allowed}" if allowed else "")
    return str(exc.detail)


def _model_name(checker: Checker) -> str:
    meta = checker.nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


def _field_error(error: Any, request: Request) -> dict[str, str]:
    """pydantic's error as {"field": "policy.blocking.0", "message": ...}, without echoing the input back."""
    loc = [str(part) for part in error["loc"][1:]]
    if error["type"] == "json_invalid":
        reason = error.get("ctx", {}).get("error", "JSON decode error")
        return {"field": "body", "message": f"malformed JSON at character {loc[0] if loc else 0}: {reason}"}
    if not loc and "json" not in request.headers.get("content-type", ""):
        return {"field": "body", "message": "send a JSON object with the header Content-Type: application/json"}
    return {"field": ".".join(loc) or "body", "message": error["msg"]}


def _error(
    status: int, code: str, message: str, headers: dict[str, str] | None = None, **extra: Sequence[Any]
) -> JSONResponse:
    body: dict[str, Any] = {"error": code, "message": message}
    body.update({key: value for key, value in extra.items() if value is not None})
    return JSONResponse(body, status_code=status, headers=headers)
