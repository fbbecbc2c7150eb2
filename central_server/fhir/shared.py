"""What one site may see of another site's records: enough for a desk to recognise a
citizen and their doses, nothing more.

Any site may ask ``Patient?identifier=SYSTEM|NUMBER`` and
``Immunization?patient.identifier=SYSTEM|NUMBER`` across all sites (a person vaccinated in
one district turns up at a desk in another). Another site's Patient comes without phone,
address and extensions; its Immunizations without vaccinator, device times and origin.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from central_server.db.models import Resource
from central_server.register.links import citizens_of

# "active": a record a site's merge folded says false, and a desk then leaves it out.
PATIENT_KEEP = ("resourceType", "id", "meta", "active", "identifier", "name", "birthDate",
                "gender", "managingOrganization")
IMMUNIZATION_KEEP = ("resourceType", "id", "status", "vaccineCode", "patient",
                     "occurrenceDateTime", "protocolApplied", "location", "lotNumber")


class BadIdentifier(ValueError):
    """Not ``SYSTEM|NUMBER`` (answered 400)."""


def parse_identifier(value: str, system_required: bool) -> tuple[str, str]:
    """(system, number) of a token search value; the system may be empty if not required."""
    system, _, number = value.rpartition("|")
    if not number or (system_required and not system):
        raise BadIdentifier(f"identifier must be SYSTEM|NUMBER, not {value!r}")
    return system, number


def patient_view(res: dict[str, Any], others: list[str]) -> dict[str, Any]:
    """Another site's Patient as a desk may see it, with the citizen's other records."""
    view = {k: res[k] for k in PATIENT_KEEP if k in res}
    if "name" in view:
        view["name"] = [{"text": n["text"]} for n in view["name"] if n.get("text")]
    return with_links(view, others)


def with_links(res: dict[str, Any], others: list[str]) -> dict[str, Any]:
    if others:
        res["link"] = [{"other": {"reference": f"Patient/{pid}"}, "type": "seealso"}
                       for pid in others]
    return res


def immunization_view(res: dict[str, Any]) -> dict[str, Any]:
    return {k: res[k] for k in IMMUNIZATION_KEEP if k in res}


def citizen_patients(conn: Any, system: str, number: str) -> list[str]:
    """Every Patient carrying the identifier, and every Patient linked to one of them."""
    holders = list(conn.execute(select(Resource.id).where(
        Resource.type == "Patient", Resource.identifier_value == number,
        Resource.identifier_system == system)).scalars())
    linked = citizens_of(conn, holders)
    return sorted({*holders, *(pid for others in linked.values() for pid in others)})


def immunizations_of(conn: Any, patient_ids: list[str]) -> list[str]:
    """The ids first, by the patient index. Any condition on ``type`` beside it makes SQLite
    prefer the primary key's (type, id) and walk every Immunization (~170 ms at 200,000), so
    the type is checked here instead: only Immunizations carry a patient anyway."""
    return [id_ for type_, id_ in conn.execute(
        select(Resource.type, Resource.id).where(Resource.patient_id.in_(patient_ids)))
        if type_ == "Immunization"]
