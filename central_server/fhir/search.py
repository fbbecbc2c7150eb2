"""Reads and searches: a resource by id or version, and a site's records changed since a time.

Searches are limited to the caller's own site (central staff see every site), except the two
by a person's identifier that any desk may make across sites (``shared.py``). All are paged
by a keyset on (lastUpdated, id), so a page is as fast at the millionth row as at the first
and a record changed while paging is seen again rather than skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import Engine, and_, func, or_, select

from central_server.db.models import Resource, ResourceVersion
from central_server.fhir import shared
from central_server.fhir.store import Principal, as_resource, instant
from central_server.fhir.validate import ID_PATTERN
from central_server.register.links import citizens_of
from desktop_app.wire.instants import read_instant

_PREFIX_OPS = {
    "gt": lambda col, v: col > v, "ge": lambda col, v: col >= v,
    "lt": lambda col, v: col < v, "le": lambda col, v: col <= v,
    "eq": lambda col, v: col == v,
}


class BadSearch(ValueError):
    """A search parameter we cannot honour (the response is a 400 OperationOutcome)."""


def read(engine: Engine, principal: Principal, type_: str, id_: str,
         version: int | None = None) -> dict[str, Any] | None:
    with engine.connect() as conn:
        cur = conn.execute(
            select(Resource.site_code, Resource.version_id, Resource.last_updated,
                   Resource.source, Resource.content)
            .where(Resource.type == type_, Resource.id == id_)
        ).first()
        if cur is None or not _may_read(principal, cur.site_code):
            return None
        if version is None or version == cur.version_id:
            return as_resource(type_, id_, cur.version_id, cur.last_updated, cur.source,
                               cur.content)
        old = conn.execute(
            select(ResourceVersion.last_updated, ResourceVersion.source, ResourceVersion.content)
            .where(ResourceVersion.type == type_, ResourceVersion.id == id_,
                   ResourceVersion.version_id == version)
        ).first()
    return as_resource(type_, id_, version, old.last_updated, old.source, old.content) \
        if old else None


def search(engine: Engine, principal: Principal, type_: str,
           params: Mapping[str, list[str]], base_url: str, max_count: int) -> dict[str, Any]:
    """A ``searchset`` Bundle. Supported: ``_id`` (a comma list is any of them; repeated,
    all), ``identifier`` ([system|]value), ``_lastUpdated`` (with gt/ge/lt/le/eq prefixes,
    repeatable), ``_source``, ``_count``, and ``_page`` (the opaque keyset of the next page,
    from the ``next`` link).

    Two searches reach across sites (``fhir/shared.py``): ``Patient?identifier=SYSTEM|NUMBER``
    and ``Immunization?patient.identifier=SYSTEM|NUMBER``; they find a Patient by its own ID
    and by the old CMND its card names (``shared.holding``), another site's records come
    back reduced, and Patients carry ``link``s to the same citizen's other Patients."""
    if any("\x00" in v for values in params.values() for v in values):
        raise BadSearch("a parameter holds a NUL character")  # PostgreSQL cannot compare it
    query = select(Resource).where(Resource.type == type_)
    idents = [_identifier(v, False) for v in params.get("identifier", [])]
    across = reaches_across(type_, params)
    holders = params.get("patient.identifier", []) if type_ == "Immunization" else []
    if holders:
        with engine.connect() as conn:
            for value in holders:
                ids = shared.citizen_patients(conn, *_identifier(value, True))
                query = query.where(Resource.id.in_(shared.immunizations_of(conn, ids)))
    if not principal.is_central and not across:
        query = query.where(Resource.site_code == principal.site_code)
    for system, ident in idents:
        if across and type_ == "Patient":  # its own ID or the old CMND its card names
            query = query.where(shared.holding(system, ident))
            continue
        query = query.where(Resource.identifier_value == ident)
        if system:
            query = query.where(Resource.identifier_system == system)
    for value in params.get("_lastUpdated", []):
        op, when = (value[:2], value[2:]) if value[:2] in _PREFIX_OPS else ("eq", value)
        query = query.where(_PREFIX_OPS[op](Resource.last_updated, _parse_instant(when)))
    for value in params.get("_source", []):
        query = query.where(Resource.source == value)
    for value in params.get("_id", []):
        # A laptop asks about the records a cut round left unanswered together (the push's
        # ``_looked_first``); an id no write accepts is simply not found.
        ids = [i for i in value.split(",") if ID_PATTERN.match(i)]
        if len(ids) > max_count:
            raise BadSearch(f"_id names at most {max_count} ids")
        query = query.where(Resource.id.in_(ids))
    count = page_size(params.get("_count"), max_count)
    if params.get("_page"):
        when, _, after_id = params["_page"][0].partition("~")
        at = _parse_instant(when)
        query = query.where(or_(Resource.last_updated > at,
                                and_(Resource.last_updated == at, Resource.id > after_id)))
    if count == 0:  # FHIR's "how many": the total, no entries
        with engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(query.subquery())).scalar()
        return {"resourceType": "Bundle", "type": "searchset", "total": total, "link": [],
                "entry": []}
    query = query.order_by(Resource.last_updated, Resource.id).limit(count + 1)
    with engine.connect() as conn:
        rows = conn.execute(query).all()
        page, more = rows[:count], len(rows) > count
        links = citizens_of(conn, [r.id for r in page]) \
            if across and type_ == "Patient" else {}
    bundle: dict[str, Any] = {
        "resourceType": "Bundle", "type": "searchset",
        "link": [],
        "entry": [
            {"fullUrl": f"{base_url}/{type_}/{r.id}",
             "resource": _shown(principal, type_, r, links.get(r.id, [])),
             "search": {"mode": "match"}}
            for r in page
        ],
    }
    if more:
        last = page[-1]
        next_params = {k: v for k, v in params.items() if k != "_page"}
        next_params["_page"] = [f"{instant(last.last_updated)}~{last.id}"]
        bundle["link"].append({"relation": "next", "url": f"{base_url}/{type_}?"
                               + urlencode(next_params, doseq=True)})
    return bundle


def reaches_across(type_: str, params: Mapping[str, list[str]]) -> bool:
    """Whether a search is one of the two that reach across sites: a Patient by a
    ``SYSTEM|NUMBER`` identifier (each one given with its system), or Immunizations by their
    patient's identifier.

    >>> reaches_across("Patient", {"identifier": ["urn:x|001"]})
    True
    >>> reaches_across("Patient", {"identifier": ["001"]}), reaches_across("Patient", {})
    (False, False)
    """
    if type_ == "Immunization":
        return bool(params.get("patient.identifier"))
    idents = params.get("identifier", []) if type_ == "Patient" else []
    return bool(idents) and all(value.rpartition("|")[0] for value in idents)


def page_size(values: list[str] | None, max_count: int) -> int:
    """``_count``: at most the server's page size; 0 asks only for the total (FHIR R4
    search §3.1.1.5.7); a negative or non-number count is refused, never read as "all"."""
    value = (values or ["100"])[0].strip()
    if not value.isdigit() or not value.isascii():
        raise BadSearch("_count must be a whole number, 0 or more")
    value = value.lstrip("0") or "0"
    return max_count if len(value) > 9 else min(int(value), max_count)


def _shown(principal: Principal, type_: str, row: Any, others: list[str]) -> dict[str, Any]:
    res = as_resource(type_, row.id, row.version_id, row.last_updated, row.source, row.content)
    if _may_read(principal, row.site_code):
        return shared.with_links(res, others) if type_ == "Patient" else res
    return shared.patient_view(res, others) if type_ == "Patient" \
        else shared.immunization_view(res)


def _identifier(value: str, system_required: bool) -> tuple[str, str]:
    try:
        return shared.parse_identifier(value, system_required)
    except shared.BadIdentifier as exc:
        raise BadSearch(str(exc)) from None


def _may_read(principal: Principal, site_code: str) -> bool:
    return principal.is_central or principal.site_code == site_code


def _parse_instant(text: str) -> datetime:
    try:
        return read_instant(text)
    except ValueError:
        raise BadSearch(f"not a date-time: {text[:40]!r}") from None
