"""What other tools wrote on a record: kept through the laptop's updates.

A laptop writes a ``Patient`` or an ``Immunization`` whole (``fhir.patient``,
``fhir.immunization``). On a platform other systems share, a record can carry more than the
laptop writes: a marital status, a language, an insurance number as a second identifier, a
vaccine's SNOMED code beside ours, its manufacturer, route and site, a profile tag. Replacing
the record with only our elements deleted theirs without a word, though our ``If-Match``
was right (the laptop had pulled their version). ``foreign_part`` keeps, from a central
copy the laptop takes, every element it does not write; ``with_foreign`` puts them back
into what it sends. Elements the laptop writes are its own to change: where it writes part
of a list (our identifiers, our phone, our extensions, our vaccine codings), the rest of
the list is theirs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from desktop_app.wire import fhir

# Every top-level element the laptop writes (or, for ``text``, drops: a narrative written
# for another version would describe a record that no longer is).
_OURS = {
    "Patient": frozenset({
        "resourceType", "id", "meta", "text", "extension", "identifier", "name", "telecom",
        "gender", "birthDate", "address", "managingOrganization", "active", "link"}),
    "Immunization": frozenset({
        "resourceType", "id", "meta", "text", "extension", "status", "statusReason",
        "vaccineCode", "patient", "occurrenceDateTime", "recorded", "primarySource",
        "location", "lotNumber", "performer", "protocolApplied", "reaction"}),
}
_OUR_EXTENSIONS = frozenset({fhir.EXT_NO_ID_REASON, fhir.EXT_CLEANING, fhir.EXT_VERIFIED,
                             fhir.EXT_ORIGIN})
_OUR_CODINGS = frozenset({fhir.SYSTEM_VACCINE, fhir.SYSTEM_EU_PRODUCT})
_META_KEPT = ("profile", "tag", "security")  # the rest of meta is the server's own


def _our_identifier(ident: Mapping[str, Any]) -> bool:
    system = str(ident.get("system") or "")
    return system in (fhir.SYSTEM_CCCD, fhir.SYSTEM_CMND) or \
        system.startswith(fhir.SYSTEM_PASSPORT + "/")


# A list the laptop writes part of: which of its items are ours.
_PARTLY_OURS: dict[str, Callable[[Mapping[str, Any]], bool]] = {
    "extension": lambda e: e.get("url") in _OUR_EXTENSIONS,
    "identifier": _our_identifier,
    "telecom": lambda t: t.get("system") == "phone",
}


def foreign_part(res: Mapping[str, Any]) -> dict[str, Any] | None:
    """The elements of a server copy the laptop does not write, in the resource's own shape;
    None when there are none (a record only laptops wrote).

    >>> foreign_part({"resourceType": "Patient", "id": "p1", "name": [{"text": "An"}],
    ...     "maritalStatus": {"text": "M"}, "telecom": [{"system": "phone", "value": "09"},
    ...     {"system": "email", "value": "an@example.vn"}], "meta": {"versionId": "3"}})
    {'maritalStatus': {'text': 'M'}, 'telecom': [{'system': 'email', 'value': 'an@example.vn'}]}
    >>> foreign_part({"resourceType": "Patient", "id": "p1", "name": [{"text": "An"}]})
    """
    ours = _OURS.get(str(res.get("resourceType")))
    if ours is None:
        return None
    found: dict[str, Any] = {k: v for k, v in res.items() if k not in ours}
    for key, is_ours in _PARTLY_OURS.items():
        theirs = [item for item in _items(res.get(key)) if not is_ours(item)]
        if theirs:
            found[key] = theirs
    meta = {k: v for k, v in (res.get("meta") or {}).items() if k in _META_KEPT}
    if meta:
        found["meta"] = meta
    if res.get("resourceType") == "Immunization":
        code = res.get("vaccineCode") if isinstance(res.get("vaccineCode"), Mapping) else {}
        code_theirs = {k: v for k, v in code.items() if k != "coding"}
        codings = [c for c in _items(code.get("coding")) if c.get("system") not in _OUR_CODINGS]
        if codings:
            code_theirs["coding"] = codings
        if code_theirs:
            found["vaccineCode"] = code_theirs
        first = next(iter(_items(res.get("protocolApplied"))), {})
        applied = {k: v for k, v in first.items() if not k.startswith("doseNumber")}
        if applied:  # the series, the target disease, the authority: of the dose we write
            found["protocolApplied"] = [applied]
    return found or None


def with_foreign(ours: dict[str, Any], theirs: Mapping[str, Any] | None) -> dict[str, Any]:
    """What the laptop sends: its own elements, and the others' kept beside them (ours first
    in a list they share). ``ours`` is changed and returned.

    >>> with_foreign({"resourceType": "Patient", "telecom": [{"system": "phone", "value": "1"}]},
    ...     {"telecom": [{"system": "email", "value": "e"}], "maritalStatus": {"text": "M"}})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'resourceType': 'Patient', 'telecom': [{'system': 'phone', 'value': '1'},
     {'system': 'email', 'value': 'e'}], 'maritalStatus': {'text': 'M'}}
    """
    if not theirs:
        return ours
    for key, value in theirs.items():
        if key in _PARTLY_OURS:
            ours[key] = [*ours.get(key, ()), *value]
        elif key == "meta":
            ours["meta"] = {**value, **ours.get("meta", {})}
        elif key == "vaccineCode":
            code = ours.setdefault("vaccineCode", {})
            code["coding"] = [*code.get("coding", ()), *value.get("coding", ())]
            for k, v in value.items():
                code.setdefault(k, v)
        elif key == "protocolApplied" and ours.get("protocolApplied"):
            ours["protocolApplied"][0] = {**value[0], **ours["protocolApplied"][0]}
        elif key not in ours:
            ours[key] = value
    return ours


def _items(found: Any) -> list[Mapping[str, Any]]:
    """A list's objects; anything else in it is not an element this module can keep."""
    return [i for i in found if isinstance(i, Mapping)] if isinstance(found, list) else []
