"""A page of a site's people told of changes at other sites (``register/elsewhere.py``),
each with the citizen's Immunizations at the other sites as they stand now, in the reduced
form a cross-site search gives (wire contract: ``desktop_app/wire/elsewhere.py``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select

from central_server.db.models import ElsewhereNews, LinkDecision, Resource
from central_server.db.time_pages import time_page
from central_server.fhir import shared
from central_server.fhir.store import as_resource
from central_server.register import links
from central_server.register.table import chunks
from desktop_app.wire import fhir
from desktop_app.wire.elsewhere import told_json


def told_since(engine: Engine, site_code: str | None, since: datetime | None,
               count: int) -> dict[str, Any]:
    """The site's Patients told at or after ``since``, oldest first (``site_code`` None:
    every site's), at most ``count``."""
    with engine.connect() as conn:
        page, following = time_page(conn, select(ElsewhereNews), ElsewhereNews.told_at,
                                    site=ElsewhereNews.site_code, site_code=site_code,
                                    since=since, count=count)
        doses = _other_sites_doses(conn, page)
    return {"people": [told_json(r.patient_id, *doses.get(r.patient_id, ([], [], [])),
                                 r.told_at) for r in page], "next_since": following}


def _other_sites_doses(conn: Any, rows: list[Any]
                       ) -> dict[str, tuple[list[dict[str, Any]], list[str],
                                            list[dict[str, Any]]]]:
    """For each Patient told, the Immunizations of the Patients linked to it at other
    sites, the sites it was ever told of (``ElsewhereNews.spoken``) with those of now, and
    the records it was linked to and is no longer (``_parted``)."""
    site_of = {r.patient_id: r.site_code for r in rows}
    linked = links.citizens_of(conn, list(site_of))
    spoken = {r.patient_id: set(r.spoken.split()) for r in rows}
    others = {o for members in linked.values() for o in members} | \
        {o for ids in spoken.values() for o in ids}
    site: dict[str, str] = {}
    patients: dict[str, Any] = {}
    for chunk in chunks(others):
        for r in conn.execute(select(Resource).where(Resource.type == "Patient",
                                                     Resource.id.in_(chunk))):
            site[r.id], patients[r.id] = r.site_code, r
    by_patient: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for chunk in chunks(others):
        # By the patient index alone: beside ``type`` SQLite walks every resource's primary
        # key instead (0.2 s a page at 300,000 doses, against 0.02 s); only Immunizations
        # carry a patient anyway (``shared.immunizations_of``).
        for r in conn.execute(select(Resource).where(Resource.patient_id.in_(chunk))
                              .order_by(Resource.id)):
            if r.type == "Immunization":
                by_patient[r.patient_id].append(shared.immunization_view(as_resource(
                    r.type, r.id, r.version_id, r.last_updated, r.source, r.content)))
    out = {}
    for pid in site_of:
        members = [o for o in linked.get(pid, ()) if site.get(o) != site_of[pid]]
        sites = {site[o] for o in (*members, *spoken[pid]) if o in site} - {site_of[pid]}
        gone = sorted(o for o in spoken[pid] - set(linked.get(pid, ()))
                      if o in site and site[o] != site_of[pid])
        out[pid] = ([res for o in members for res in by_patient.get(o, ())], sorted(sites),
                    _parted(conn, pid, gone, patients))
    return out


def _parted(conn: Any, pid: str, gone: list[str], patients: dict[str, Any]
            ) -> list[dict[str, Any]]:
    """The records of other sites once linked to the Patient and no longer, staff having
    not parted them: a correction at one site (an ID number or a birth date fixed from the
    card) ended the link, and the site drops their doses. Each with its values now, for
    the site's supervisor to check on the card which record is right; a record folded into
    another by its site's merge is nobody now and is left out (its doses moved with it)."""
    if not gone:
        return []
    apart = {frozenset((a, b)) for a, b in conn.execute(
        select(LinkDecision.patient_a, LinkDecision.patient_b).where(
            LinkDecision.decision == "unlink",
            ((LinkDecision.patient_a == pid) & LinkDecision.patient_b.in_(gone))
            | ((LinkDecision.patient_b == pid) & LinkDecision.patient_a.in_(gone))))}
    found = []
    for other in gone:
        r = patients[other]
        res = as_resource(r.type, r.id, r.version_id, r.last_updated, r.source, r.content)
        if frozenset((pid, other)) in apart or res.get("active") is False:
            continue
        fields = fhir.patient_fields(res)
        found.append({"patient_id": other, "site": r.site_code, "full_name": fields.full_name,
                      "dob": fields.dob.isoformat() if fields.dob else None,
                      "sex": fields.sex, "id_number": fields.id_number})
    return found
