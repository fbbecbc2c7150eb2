"""What every route needs: the app's state, the caller, and FHIR-shaped JSON responses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.responses import Response
from sqlalchemy import Engine

from central_server.api import json_input
from central_server.auth import principal_for
from central_server.fhir.outcome import outcome
from central_server.fhir.store import Principal
from central_server.settings import Settings
from desktop_app.rules.catalogue import Catalogue
from desktop_app.wire.instants import read_instant

FHIR_JSON = "application/fhir+json"


@dataclass
class State:
    settings: Settings
    engine: Engine
    catalogue: Catalogue
    authority: Any = None  # the signing authority, loaded on first use (signing_routes)
    login_name_key: str | None = None  # dashboard/login_names.py, made at the first start


def state(request: Request) -> State:
    return request.app.state.central


def fhir_response(body: Any, status: int = 200, headers: dict[str, str] | None = None
                  ) -> Response:
    data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    return Response(data, status_code=status, media_type=FHIR_JSON, headers=headers)


class FhirError(HTTPException):
    """An error answered with an OperationOutcome body."""

    def __init__(self, status: int, code: str, issue_type: str = "processing",
                 **params: object) -> None:
        super().__init__(status)
        self.body = outcome(code, issue_type=issue_type, **params)


def caller(request: Request) -> Principal:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    principal = principal_for(state(request).engine, token.strip()) \
        if scheme.lower() == "bearer" and token.strip() else None
    if principal is None:
        raise FhirError(401, "UNAUTHORIZED", "login")
    return principal


async def json_body(request: Request) -> Any:
    """The request body as JSON. ``body_limit`` has already bounded (and inflated) it; the
    parse bounds its nesting and its number of values."""
    settings = state(request).settings
    try:
        return json_input.parse(await request.body(), max_depth=settings.max_json_depth,
                                max_values=settings.max_json_values)
    except json_input.BadJson as exc:
        raise FhirError(400, "BAD_JSON", "structure", detail=str(exc)) from None


Caller = Annotated[Principal, Depends(caller)]


def since_page(request: Request, default_count: int) -> tuple[datetime | None, int]:
    """A "changed since" pull's ``since`` (UTC, naive) and ``_count`` (within the server's
    page size), as the register verdicts and the complaints read them; 400 when malformed."""
    params = request.query_params
    try:
        count = int(params.get("_count") or default_count)
    except ValueError:
        raise FhirError(400, "BAD_SEARCH", "invalid", detail="_count must be a number") from None
    count = max(1, min(count, state(request).settings.max_page_size))
    value = params.get("since")
    if not value:
        return None, count
    try:
        return read_instant(value), count
    except ValueError:
        raise FhirError(400, "BAD_SEARCH", "invalid",
                        detail=f"not a date-time: {value[:40]!r}") from None
