"""The vaccine catalogue and released lots, which every site pulls (not FHIR: see the docs)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy import select

from central_server.api.deps import Caller, fhir_response, state
from central_server.db.models import Lot
from desktop_app.rules.catalogue import shipped_catalogue_data

router = APIRouter(prefix="/api")


@router.get("/catalogue")
def catalogue(request: Request, _who: Caller) -> Response:
    with state(request).engine.connect() as conn:
        lots = conn.execute(select(Lot).order_by(Lot.product_code, Lot.lot_number)).all()
    body = shipped_catalogue_data()
    body["lots"] = [
        {"product_code": lot.product_code, "lot_number": lot.lot_number,
         "expiry_date": lot.expiry_date.isoformat() if lot.expiry_date else None}
        for lot in lots
    ]
    return fhir_response(body)
