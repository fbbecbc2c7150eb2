"""Unexpected errors: a 500 OperationOutcome for an API client (a page, in Vietnamese by
default, for a browser), a line without personal data in the log.

An exception's text often carries the values it choked on (SQLAlchemy prints the row's
parameters: a CCCD, a birth date), and the default handlers print that text and its
traceback. Here the log gets the exception's type, where it was raised and the request's
id; the client gets the same id (``X-Request-ID``) to quote. The values stay out.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from typing import Any

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from central_server.api.deps import fhir_response
from central_server.fhir.outcome import outcome
from central_server.web.pages import render

log = logging.getLogger("central_server")
REQUEST_ID = "vaxdesk.request_id"
API_PATHS = ("/fhir", "/api")  # answered in FHIR JSON; every other path is a browser's page
STAFF_PATHS = ("/dashboard", "/login", "/logout")  # the officers' pages; the rest, citizens'


def request_id(scope: dict[str, Any]) -> str:
    return scope.setdefault(REQUEST_ID, uuid.uuid4().hex[:16])


def where(exc: BaseException) -> str:
    """The innermost frame of our own code (file:line in function), no locals, no text."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/central_server/" in f.filename
            or "/desktop_app/" in f.filename] or frames
    last = ours[-1] if ours else None
    return f"{last.filename.rsplit('/', 2)[-1]}:{last.lineno} in {last.name}" if last else "?"


async def unexpected(request: Request, exc: Exception) -> Response:
    """The APIs' clients read an OperationOutcome; a person in a browser (the dashboard,
    the public complaint pages) reads a page in their language, not a FHIR document."""
    rid = request_id(request.scope)
    log.error("request %s: %s.%s at %s (%s %s)", rid, type(exc).__module__,
              type(exc).__qualname__, where(exc), request.method, request.url.path)
    request.scope["vaxdesk.logged"] = True
    if not request.url.path.startswith(API_PATHS):
        page = render(request, "error.html", 500, request_id=rid)
        page.headers["X-Request-ID"] = rid
        return page
    return fhir_response(outcome("SERVER_ERROR", issue_type="exception", request_id=rid), 500,
                         {"X-Request-ID": rid})


async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
    """FastAPI's own 422 echoes the input back; this names the parameter only."""
    places = sorted({".".join(str(p) for p in e.get("loc", ())) for e in exc.errors()})
    return fhir_response(outcome("BAD_REQUEST", issue_type="invalid",
                                 detail=", ".join(places)[:200]), 400)


async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    """No route, or not this method, under the APIs: an OperationOutcome like every other
    answer there; elsewhere a page in the reader's language that says so, with a link to
    where its readers start (the dashboard for its officers, else the complaint form)."""
    path = request.url.path
    if not path.startswith(API_PATHS):
        if exc.status_code not in (404, 405):
            return await http_exception_handler(request, exc)
        back = ("/dashboard", "WEB_BACK_TO_DASHBOARD") if path.startswith(STAFF_PATHS) \
            else ("/complaints", "WEB_BACK_TO_COMPLAINTS")
        page = render(request, "error.html", exc.status_code, title="WEB_NOT_FOUND_TITLE",
                      path=path[:100], back=back)
        page.headers.update(exc.headers or {})  # a 405's Allow
        return page
    return fhir_response(outcome("NO_SUCH_ENDPOINT", issue_type="not-supported",
                                 method=request.method, status=exc.status_code),
                         exc.status_code, dict(exc.headers or {}))


class Contained:
    """The outermost layer: Starlette answers a 500 through ``unexpected`` and then raises
    the exception again for the server to log, traceback and text included. It stops here."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id(scope)
        try:
            await self.app(scope, receive, send)
        except Exception as exc:  # noqa: BLE001 — answered and logged already
            if not scope.get("vaxdesk.logged"):
                log.error("request %s: %s.%s at %s", scope[REQUEST_ID], type(exc).__module__,
                          type(exc).__qualname__, where(exc))
