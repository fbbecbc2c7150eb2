"""The JSON types of the fields the server reads, checked before any rule reads them.

The rules (``validate.py``) and the store read fields with ``.get`` and indexes; a site's
``"patient": "x"`` or ``"meta": 3`` used to reach them and end in a 500. Each field the
server uses has its type (and, where a column holds it, its length) here; a mismatch is a
400 naming the field by its FHIRPath. Fields the server does not read may hold anything
JSON allows: they are kept as sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Text:
    max_length: int | None = None


@dataclass(frozen=True)
class Whole:
    """An integer (not a boolean), within [low, high]."""

    low: int
    high: int


# A spec is Text, Whole, bool, a dict (an object: its known fields), or a one-element list
# (an array of that spec).
Spec = Any

_STR = Text()
_REFERENCE = {"reference": Text(200)}
_SITE = {"identifier": {"system": Text(200), "value": Text(32)}}
_EXTENSION = [{"url": _STR, "valueCode": _STR, "valueString": _STR, "valueBoolean": bool}]
_META = {"source": Text(200), "versionId": _STR, "lastUpdated": _STR}

PATIENT: Spec = {
    "resourceType": _STR, "id": _STR, "meta": _META, "extension": _EXTENSION,
    "identifier": [{"use": _STR, "system": Text(200), "value": Text(64)}],
    "name": [{"text": _STR, "family": _STR, "given": [_STR]}],
    "telecom": [{"system": _STR, "value": _STR}],
    "gender": _STR, "birthDate": _STR, "address": [{"text": _STR}],
    "managingOrganization": _SITE, "active": bool,
    "link": [{"other": _REFERENCE, "type": _STR}],
}

IMMUNIZATION: Spec = {
    "resourceType": _STR, "id": _STR, "meta": _META, "extension": _EXTENSION,
    "status": _STR, "statusReason": {"text": _STR},
    "vaccineCode": {"coding": [{"system": _STR, "code": Text(32)}]},
    "patient": _REFERENCE, "occurrenceDateTime": _STR, "recorded": _STR,
    "primarySource": bool, "location": _SITE, "lotNumber": Text(64),
    "performer": [{"actor": {"display": _STR}}],
    "protocolApplied": [{"doseNumberPositiveInt": Whole(1, 2**31 - 1)}],
    "reaction": [{"extension": _EXTENSION, "date": _STR, "detail": {"display": _STR},
                  "reported": bool}],
}

BUNDLE_ENTRY: Spec = {
    "resource": {"resourceType": _STR, "id": _STR},
    "request": {"method": _STR, "url": _STR, "ifMatch": _STR},
}

SHAPES = {"Patient": PATIENT, "Immunization": IMMUNIZATION}


def check(value: Any, spec: Spec, path: str) -> None:
    """Raise ``Wrong`` (naming the field) where ``value`` is not of ``spec``."""
    found = mismatch(value, spec, path)
    if found:
        raise Wrong(*found)


class Wrong(ValueError):
    def __init__(self, path: str, what: str) -> None:
        super().__init__(f"{path} {what}")
        self.path = path


def mismatch(value: Any, spec: Spec, path: str) -> tuple[str, str] | None:
    """Where ``value`` is not of ``spec``'s type (a FHIRPath), and what it must be; None
    if it is."""
    if isinstance(spec, Text):
        if not isinstance(value, str):
            return path, "must be a string"
        if spec.max_length is not None and len(value) > spec.max_length:
            return path, f"must be at most {spec.max_length} characters"
        return None
    if isinstance(spec, Whole):
        if isinstance(value, bool) or not isinstance(value, int):
            return path, "must be a whole number"
        if not spec.low <= value <= spec.high:
            return path, f"must be between {spec.low} and {spec.high}"
        return None
    if spec is bool:
        return None if isinstance(value, bool) else (path, "must be true or false")
    if isinstance(spec, list):
        if not isinstance(value, list):
            return path, "must be an array"
        for item in value:
            found = mismatch(item, spec[0], path)
            if found:
                return found
        return None
    if not isinstance(value, dict):
        return path, "must be an object"
    for key, inner in spec.items():
        if key in value and value[key] is not None:
            found = mismatch(value[key], inner, f"{path}.{key}")
            if found:
                return found
    return None
