"""What the register checks and the links need of a Patient, and the one step that runs
both, in the transaction that wrote the Patients (or re-checks them after a load)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from central_server.register.table import name_key, serialise
from desktop_app.wire import fhir


@dataclass(frozen=True)
class PatientFacts:
    patient_id: str
    site_code: str
    version_id: int
    identifier_system: str | None
    identifier_value: str | None
    name_key: str
    dob: date | None
    sex: str | None
    old_cmnd: str | None = None  # the old CMND its chip card names (an identifier, use "old")


def facts_of(patient_id: str, site_code: str, version_id: int,
             resource: Mapping[str, Any]) -> PatientFacts:
    fields = fhir.patient_fields(resource)
    system = fhir.identifier_system(fields.id_type, fields.nationality) \
        if fields.id_number else None
    if resource.get("active") is False:
        # Folded into another record by a site's merge ("replaced-by"): it is nobody now,
        # so it holds no number to link, review or check by; its doses moved with it.
        return PatientFacts(patient_id, site_code, version_id, None, None,
                            name_key(fields.full_name), fields.dob, fields.sex, None)
    return PatientFacts(patient_id, site_code, version_id, system, fields.id_number,
                        name_key(fields.full_name), fields.dob, fields.sex,
                        fields.old_id_number)


def facts_of_row(patient_id: str, site_code: str, version_id: int, content: str
                 ) -> PatientFacts:
    return facts_of(patient_id, site_code, version_id, json.loads(content))


def refresh(conn: Any, patients: Sequence[PatientFacts], now: datetime) -> None:
    """Verdicts first: the links trust two register-verified records of one ID number."""
    if not patients:
        return
    from central_server.register import check, links

    serialise(conn)
    check.record_verdicts(conn, patients, now)
    links.relink(conn, patients, now)
