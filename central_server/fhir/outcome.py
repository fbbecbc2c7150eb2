"""OperationOutcome bodies: how the server says what is wrong with one entry, and where."""

from __future__ import annotations

from typing import Any

from desktop_app.rules.messages import text
from desktop_app.rules.problems import Problem

RULE_SYSTEM = "https://vaxdesk.org/fhir/CodeSystem/rule"

# Where each rule's field lives in the resource (FHIRPath), so a client can point at it.
_EXPRESSION = {
    "full_name": "Patient.name",
    "dob": "Patient.birthDate",
    "sex": "Patient.gender",
    "id_type": "Patient.identifier",
    "id_number": "Patient.identifier.value",
    "nationality": "Patient.identifier.system",
    "no_id_reason": "Patient.extension",
    "phone": "Patient.telecom",
    "product_code": "Immunization.vaccineCode",
    "dose_number": "Immunization.protocolApplied.doseNumber",
    "dose_date": "Immunization.occurrence",
    "lot_number": "Immunization.lotNumber",
    "patient": "Immunization.patient",
}


def outcome(code: str, *, issue_type: str = "invalid", expression: str | None = None,
            **params: Any) -> dict[str, Any]:
    """One issue: the catalogue's Vietnamese text for people, its English as diagnostics."""
    return _outcome(code, text(code, "vi", **params), text(code, "en", **params), issue_type,
                    expression)


def _outcome(code: str, text_vi: str, text_en: str, issue_type: str, expression: str | None
             ) -> dict[str, Any]:
    issue: dict[str, Any] = {
        "severity": "error",
        "code": issue_type,
        "details": {"coding": [{"system": RULE_SYSTEM, "code": code}], "text": text_vi},
        "diagnostics": text_en,
    }
    if expression:
        issue["expression"] = [expression]
    return {"resourceType": "OperationOutcome", "issue": [issue]}


def from_problems(problems: list[Problem]) -> dict[str, Any]:
    """One issue per rule that failed, with the same code and message the desk shows."""
    issues = []
    for p in problems:
        one = _outcome(p.code, p.message("vi"), p.message("en"), "invalid",
                       _EXPRESSION.get(p.field))
        issues.extend(one["issue"])
    return {"resourceType": "OperationOutcome", "issue": issues}


def structural(detail: str, expression: str | None = None) -> dict[str, Any]:
    """A resource that is not the FHIR we accept (the detail is a developer's, in English)."""
    return outcome("STRUCTURE", issue_type="structure", expression=expression, detail=detail)
