"""Check a resource a site sent, with the same domain rules the desk applies at entry.

A structural problem (not FHIR we understand) and a hard rule (no name, a dose in the future,
an unknown vaccine) refuse the entry. A person's identity errors are refused too, unless the
site flagged the person for data cleaning: a backfilled dose that happened is a fact and must
reach the platform, with its problem visible there. Which errors a flag lets through is what
an import may store a person flagged with, one definition (``rules.cleaning.FLAGGABLE``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from central_server.fhir import shape
from central_server.fhir.outcome import from_problems, outcome, structural
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.cleaning import FLAGGABLE
from desktop_app.rules.doses import PriorDose, check_dose
from desktop_app.rules.person import PersonFacts, check_person
from desktop_app.rules.problems import Problem, errors
from desktop_app.wire import fhir
from desktop_app.wire.instants import vietnam_day

ID_PATTERN = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")


class Invalid(Exception):
    """The entry is refused; ``outcome`` says why (an OperationOutcome body)."""

    def __init__(self, outcome: dict[str, Any]) -> None:
        super().__init__(outcome["issue"][0].get("diagnostics", "invalid"))
        self.outcome = outcome


@dataclass(frozen=True)
class Indexed:
    """What the store indexes of a valid resource."""

    site_code: str
    identifier_system: str | None = None
    identifier_value: str | None = None
    patient_id: str | None = None
    birth_date: date | None = None
    # An Immunization that counts as given (completed): its day of injection, which the
    # dashboard's tally adds up without parsing the resource again.
    counted_day: date | None = None
    # ... and the dose it counts as, for the Patient's later doses (``dose_history``).
    dose: PriorDose | None = None
    # One entered in error: its day of injection (a dose that arrives so never counted).
    voided_day: date | None = None


class History(Protocol):
    """The Patient's other doses of a number an Immunization is checked against
    (``dose_history``): the doses of other numbers could only put it out of date order,
    which is taken (``_TAKEN_OUT_OF_ORDER``)."""

    def of(self, patient_id: str, dose_number: int) -> Sequence[PriorDose]: ...


# Not refused here: a dose out of date order with the Patient's others. The desk flags it
# for cleaning and never refuses it when it backfills (the dose happened, a date or a
# number is wrong), and a merge of two records can join doses so; refused, such a dose
# would never reach the platform. A number twice is refused: one of the two is wrong.
_TAKEN_OUT_OF_ORDER = "DOSE_ORDER"


def latest_date_anywhere() -> date:
    """'Today' for a check of 'not in the future': the date somewhere on Earth right now
    (UTC+14), so a dose given early in the morning in Vietnam is never called future."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def check_patient(res: Mapping[str, Any]) -> Indexed:
    _check_shape(res, "Patient")
    site = _site_of(res.get("managingOrganization"), "Patient.managingOrganization")
    try:
        fields = fhir.patient_fields(res)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
        raise Invalid(structural(f"Patient is malformed: {exc}")) from None
    if res.get("gender") not in (None, "male", "female"):
        raise Invalid(structural("Patient.gender must be male or female", "Patient.gender"))
    facts = PersonFacts(
        full_name=fields.full_name, dob=fields.dob, sex=fields.sex, id_type=fields.id_type,
        id_number=fields.id_number, no_id_reason=fields.no_id_reason,
        nationality=fields.nationality, phone=fields.phone,
    )
    problems = errors(check_person(facts, latest_date_anywhere()))
    flagged = any(e.get("url") == fhir.EXT_CLEANING for e in res.get("extension") or ())
    if flagged:
        problems = [p for p in problems if p.code not in FLAGGABLE]
    if problems:
        raise Invalid(from_problems(problems))
    system = fhir.identifier_system(fields.id_type, fields.nationality)
    return Indexed(site, system if fields.id_number else None, fields.id_number,
                   birth_date=fields.dob)


def check_immunization(
    res: Mapping[str, Any], catalogue: Catalogue, birth_date_of: Mapping[str, date | None],
    history: History | None = None,
) -> Indexed:
    """``birth_date_of`` maps the patient ids known to the server (or earlier in the batch)
    to their dates of birth; a dose of an unknown patient is refused. A completed dose is
    checked against the Patient's other doses (``history``; None: against none, as for
    the same content sent again): the same number twice is refused with the desk's rule
    (``DOSE_NUMBER_DUPLICATE``); out of date order is taken (``_TAKEN_OUT_OF_ORDER``)."""
    _check_shape(res, "Immunization")
    site = _site_of(res.get("location"), "Immunization.location")
    if res.get("status") not in ("completed", "entered-in-error", "not-done"):
        raise Invalid(structural("Immunization.status is not allowed", "Immunization.status"))
    ref = (res.get("patient") or {}).get("reference", "")
    if not ref.startswith("Patient/"):
        raise Invalid(structural("Immunization.patient must be Patient/{id}",
                                 "Immunization.patient"))
    patient_id = ref.split("/", 1)[1]
    if patient_id not in birth_date_of:
        raise Invalid(outcome("PATIENT_UNKNOWN", expression="Immunization.patient",
                              patient=patient_id))
    try:
        codings = res["vaccineCode"]["coding"]
        product_code = next(c["code"] for c in codings if c.get("system") == fhir.SYSTEM_VACCINE)
        dose_date = vietnam_day(res["occurrenceDateTime"])
        dose_number = int(res["protocolApplied"][0]["doseNumberPositiveInt"])
        for reaction in res.get("reaction") or ():  # mild | serious, a date, what was done
            fhir.reaction_fields(reaction)
    except (KeyError, IndexError, StopIteration, ValueError, TypeError) as exc:
        raise Invalid(structural(f"Immunization is malformed: {exc!r}")) from None
    given = PriorDose(dose_number, dose_date, str(product_code))
    completed = res["status"] == "completed"
    if res["status"] != "entered-in-error":
        prior = history.of(patient_id, dose_number) if history is not None and completed \
            else ()
        problems: list[Problem] = [p for p in errors(check_dose(
            product_code=product_code, dose_number=dose_number, dose_date=dose_date,
            dob=birth_date_of[patient_id], history=prior, catalogue=catalogue,
            today=latest_date_anywhere(), at_desk=False,
        )) if p.code != _TAKEN_OUT_OF_ORDER]
        if problems:
            raise Invalid(from_problems(problems))
    return Indexed(site, patient_id=patient_id, counted_day=dose_date if completed else None,
                   dose=given if completed else None,
                   voided_day=dose_date if res["status"] == "entered-in-error" else None)


def _check_shape(res: Mapping[str, Any], type_: str) -> None:
    try:
        shape.check(res, shape.SHAPES[type_], type_)
    except shape.Wrong as wrong:
        raise Invalid(structural(str(wrong), wrong.path)) from None


def _site_of(ref: Any, where: str) -> str:
    ident = (ref or {}).get("identifier") or {}
    if ident.get("system") != fhir.SYSTEM_SITE or not ident.get("value"):
        raise Invalid(structural(f"{where} must identify the site ({fhir.SYSTEM_SITE})", where))
    return str(ident["value"])
