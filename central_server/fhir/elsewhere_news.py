"""A page of a site's people told of changes at other sites (``register/elsewhere.py``),
each with the citizen's Immunizations at the other sites as they stand now, in the reduced
form a cross-site search gives (wire contract: ``desktop_app/wire/elsewhere.py``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from central_server.db.models import ElsewhereNews, PatientLink, Resource
from central_server.db.time_pages import time_page
from central_server.fhir import shared
from central_server.fhir.store import as_resource
from central_server.register.links import citizens_of
from central_server.register.table import chunks
from desktop_app.wire.elsewhere import told_json


def told_since(engine: Engine, site_code: str | None, since: datetime | None,
               count: int) -> dict[str, Any]:
    """The site's Patients told at or after ``since``, oldest first (``site_code`` None:
    every site's), at most ``count``."""
    with engine.connect() as conn:
        page, following = time_page(conn, select(ElsewhereNews), ElsewhereNews.told_at,
                                    site=ElsewhereNews.site_code, site_code=site_code,
                                    since=since, count=count)
        doses = _other_sites_doses(conn, {r.patient_id: r.site_code for r in page})
    return {"people": [told_json(r.patient_id, doses.get(r.patient_id, []), r.told_at)
                       for r in page], "next_since": following}


def _other_sites_doses(conn: Any, site_of: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    """For each Patient, the Immunizations of the Patients linked to it at other sites."""
    linked = citizens_of(conn, list(site_of))
    others = {o for members in linked.values() for o in members}
    site: dict[str, str] = {}
    for chunk in chunks(others):
        site.update(conn.execute(select(PatientLink.patient_id, PatientLink.site_code)
                                 .where(PatientLink.patient_id.in_(chunk))).all())
    by_patient: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for chunk in chunks(others):
        for r in conn.execute(select(Resource).where(Resource.type == "Immunization",
                                                     Resource.patient_id.in_(chunk))
                              .order_by(Resource.id)):
            by_patient[r.patient_id].append(shared.immunization_view(as_resource(
                r.type, r.id, r.version_id, r.last_updated, r.source, r.content)))
    return {pid: [res for o in members if site.get(o) != site_of[pid]
                  for res in by_patient.get(o, ())]
            for pid, members in linked.items()}
