"""``create_app(settings)``: the central server as an ASGI app, with its own engine."""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from central_server import lookup_log
from central_server.api import (
    audit_anchor_routes,
    catalogue_routes,
    clash_routes,
    complaint_routes,
    elsewhere_routes,
    fhir_routes,
    register_routes,
    revocation_routes,
    signing_routes,
    site_report_routes,
)
from central_server.api.deps import FhirError, State, fhir_response
from central_server.body_limit import BodyLimit
from central_server.dashboard.login_names import login_name_key
from central_server.db.engine import make_engine
from central_server.errors import Contained, http_error, invalid_request, unexpected
from central_server.settings import Settings
from central_server.web import complaint_pages, dashboard_pages
from central_server.web.pages import mount_static
from desktop_app.rules.catalogue import default_catalogue


class _ContainedApp(FastAPI):
    def build_middleware_stack(self) -> ASGIApp:
        return Contained(super().build_middleware_stack())  # type: ignore[return-value]


def create_app(settings: Settings) -> FastAPI:
    docs = settings.api_docs
    app = _ContainedApp(title="VaxDesk central platform", version="0.1.0",
                        docs_url="/docs" if docs else None, redoc_url="/redoc" if docs else None,
                        openapi_url="/openapi.json" if docs else None)
    engine = make_engine(settings.database_url)
    app.state.central = State(settings, engine, default_catalogue(),
                              login_name_key=login_name_key(engine, settings.login_name_key))
    # The lookup log keeps citizens' ID numbers only so long (lookup_log.py): pruned now,
    # then at most daily on a FHIR request, which every site makes at each sync.
    prune_lookups = lookup_log.Pruning(app.state.central.engine, settings.lookup_log_days)
    prune_lookups()

    async def prune_lookups_when_due() -> None:
        if (now := prune_lookups.due()) is not None:
            await run_in_threadpool(prune_lookups.run, now)

    # Batch responses are thousands of near-identical entries: they compress ~10x.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_exception_handler(Exception, unexpected)
    app.add_exception_handler(RequestValidationError, invalid_request)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, http_error)  # type: ignore[arg-type]
    app.include_router(fhir_routes.router, dependencies=[Depends(prune_lookups_when_due)])
    app.include_router(catalogue_routes.router)
    app.include_router(signing_routes.router)
    app.include_router(register_routes.router)
    app.include_router(clash_routes.router)
    app.include_router(elsewhere_routes.router)
    app.include_router(complaint_routes.router)
    app.include_router(complaint_pages.router)
    app.include_router(revocation_routes.router)
    app.include_router(site_report_routes.router)
    app.include_router(audit_anchor_routes.router)
    app.include_router(dashboard_pages.router)
    mount_static(app)

    @app.exception_handler(FhirError)
    async def _fhir_error(_request: Request, exc: FhirError) -> Response:
        headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else None
        return fhir_response(exc.body, exc.status_code, headers)

    return app
