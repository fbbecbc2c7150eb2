"""The wire format of the desktop side: site records as HL7 FHIR R4 JSON, and back.

Nothing else in the app knows FHIR JSON. ``docs/sync-protocol.md`` documents every field and
system URI used here. Resources are kept small on purpose (name as text only, no narrative):
they travel over slow links in their hundreds of thousands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from desktop_app.wire.instants import read_instant, vietnam_day

BASE = "https://vaxdesk.org/fhir"
SID = f"{BASE}/sid"
SYSTEM_CCCD = f"{SID}/vn-cccd"
SYSTEM_CMND = f"{SID}/vn-cmnd"
# A chip card's QR names the holder's old 9-digit CMND beside the CCCD: it travels as a second
# identifier in SYSTEM_CMND marked ``use: "old"`` (FHIR: "no longer considered valid, but may
# be relevant for search purposes"); the person's one identifier is the other.
OLD_USE = "old"
SYSTEM_PASSPORT = f"{SID}/passport"  # + "/" + ISO 3166 alpha-3 nationality
SYSTEM_SITE = f"{SID}/vn-vaccination-site"
SYSTEM_VACCINE = f"{BASE}/CodeSystem/vaxdesk-vaccine"
SYSTEM_EU_PRODUCT = "https://ec.europa.eu/health/documents/community-register/html/"
EXT_NO_ID_REASON = f"{BASE}/StructureDefinition/no-id-reason"
EXT_CLEANING = f"{BASE}/StructureDefinition/needs-cleaning"
EXT_VERIFIED = f"{BASE}/StructureDefinition/identity-verified"
EXT_ORIGIN = f"{BASE}/StructureDefinition/record-origin"  # desk | backfill | import
# On an ``Immunization.reaction``: FHIR R4 gives a reaction only a date and an Observation
# reference; how grave it was and what was done ride as extensions, what it was as the
# reference's display (no Observation resource travels: one per reaction would double a
# dose's size for a rare event).
EXT_REACTION_SEVERITY = f"{BASE}/StructureDefinition/reaction-severity"  # mild | serious
EXT_REACTION_ACTION = f"{BASE}/StructureDefinition/reaction-action"
CENTRAL_SOURCE = "urn:vaxdesk:central"
# On the CapabilityStatement of a server that has the VaxDesk API (catalogue, signing,
# complaints, ...): ``valueUrl`` is where, relative to the FHIR base. Other servers lack it.
EXT_VAXDESK_API = f"{BASE}/StructureDefinition/vaxdesk-api"

_GENDER = {"M": "male", "F": "female"}
_SEX = {v: k for k, v in _GENDER.items()}


def source_of(site_code: str, local_version: int) -> str:
    """``meta.source`` of a record a site sends: who wrote it, and which local version.

    The client reads it back after a lost response to tell its own write from someone else's
    (see ``docs/sync-protocol.md``, "Recovering a lost response")."""
    return f"urn:vaxdesk:site:{site_code}:v{local_version}"


def site_source(site_code: str, claimed: str | None) -> str:
    """The ``meta.source`` a platform keeps for a site's write: what the site sent when it
    names that site (our clients add their local version), else the site alone. A site's
    access code cannot make its writes look like the platform's or another site's.

    >>> site_source("HN-0001", source_of("HN-0001", 3))
    'urn:vaxdesk:site:HN-0001:v3'
    >>> site_source("HN-0001", CENTRAL_SOURCE), site_source("HN-0001", None)
    ('urn:vaxdesk:site:HN-0001', 'urn:vaxdesk:site:HN-0001')
    """
    parsed = parse_source(claimed)
    return claimed if parsed and parsed[0] == site_code and claimed else \
        f"urn:vaxdesk:site:{site_code}"


def parse_source(source: str | None) -> tuple[str, int] | None:
    """(site code, local version) of a site's ``meta.source``; None for anything else."""
    prefix = "urn:vaxdesk:site:"
    if not source or not source.startswith(prefix):
        return None
    site, _, version = source[len(prefix):].rpartition(":v")
    return (site, int(version)) if site and version.isdigit() else None


def site_reference(site_code: str) -> dict[str, Any]:
    return {"identifier": {"system": SYSTEM_SITE, "value": site_code}}


def identifier_system(id_type: str, nationality: str | None = None) -> str | None:
    if id_type == "CCCD":
        return SYSTEM_CCCD
    if id_type == "CMND":
        return SYSTEM_CMND
    if id_type == "PASSPORT":
        return f"{SYSTEM_PASSPORT}/{(nationality or 'XXX').upper()}"
    return None


def patient(person: Mapping[str, Any], site_code: str, local_version: int) -> dict[str, Any]:
    """A ``Patient`` from a person row (a mapping with the ``person`` table's columns)."""
    res: dict[str, Any] = {
        "resourceType": "Patient",
        "id": person["id"],
        "meta": {"source": source_of(site_code, local_version)},
    }
    extensions = []
    if person.get("no_id_reason"):
        extensions.append({"url": EXT_NO_ID_REASON, "valueCode": person["no_id_reason"]})
    if person.get("cleaning_reason"):
        extensions.append({"url": EXT_CLEANING, "valueString": person["cleaning_reason"]})
    if person.get("identity_verified"):
        extensions.append({"url": EXT_VERIFIED, "valueBoolean": True})
    if extensions:
        res["extension"] = extensions
    system = identifier_system(person["id_type"], person.get("nationality"))
    identifiers = []
    if system and person.get("id_number"):
        identifiers.append({"system": system, "value": person["id_number"]})
    if person.get("old_id_number") and person.get("old_id_number") != person.get("id_number"):
        identifiers.append({"use": OLD_USE, "system": SYSTEM_CMND,
                            "value": person["old_id_number"]})
    if identifiers:
        res["identifier"] = identifiers
    res["name"] = [{"text": person["full_name"]}]
    if person.get("phone"):
        res["telecom"] = [{"system": "phone", "value": person["phone"]}]
    if person.get("sex") in _GENDER:
        res["gender"] = _GENDER[person["sex"]]
    if person.get("dob"):
        res["birthDate"] = _iso(person["dob"])
    if person.get("address"):
        res["address"] = [{"text": person["address"]}]
    res["managingOrganization"] = site_reference(site_code)
    if person.get("merged_into"):  # folded by a merge: FHIR's way to say "use that one"
        res["active"] = False
        res["link"] = [{"other": {"reference": f"Patient/{person['merged_into']}"},
                        "type": "replaced-by"}]
    return res


def immunization(
    dose: Mapping[str, Any], site_code: str, local_version: int, eu_mp: str | None
) -> dict[str, Any]:
    """An ``Immunization`` from a dose row; a voided dose is ``entered-in-error``."""
    coding = [{"system": SYSTEM_VACCINE, "code": dose["product_code"]}]
    if eu_mp:
        coding.append({"system": SYSTEM_EU_PRODUCT, "code": eu_mp})
    res: dict[str, Any] = {
        "resourceType": "Immunization",
        "id": dose["id"],
        "meta": {"source": source_of(site_code, local_version)},
        "extension": [{"url": EXT_ORIGIN, "valueCode": dose["source"]}],
        "status": "completed" if dose["status"] == "active" else "entered-in-error",
    }
    if dose["status"] != "active":
        res["statusReason"] = {"text": dose.get("void_reason") or ""}
    res["vaccineCode"] = {"coding": coding}
    res["patient"] = {"reference": f"Patient/{dose['person_id']}"}
    res["occurrenceDateTime"] = _iso(dose["dose_date"])
    # Device time of entry (UTC): a late entry is visible as such on the central platform.
    res["recorded"] = _iso(dose["entered_at"]) + "Z"
    res["primarySource"] = dose["source"] == "desk"
    res["location"] = site_reference(site_code)
    if dose.get("lot_number"):
        res["lotNumber"] = dose["lot_number"]
    if dose.get("vaccinator"):
        res["performer"] = [{"actor": {"display": dose["vaccinator"]}}]
    res["protocolApplied"] = [{"doseNumberPositiveInt": dose["dose_number"]}]
    if dose.get("reactions"):
        res["reaction"] = [reaction(r) for r in dose["reactions"]]
    return res


def reaction(row: Mapping[str, Any]) -> dict[str, Any]:
    """One ``Immunization.reaction`` from a ``dose_reaction`` row (onset in UTC).

    >>> reaction({"severity": "serious", "onset_at": datetime(2026, 1, 2, 3, 4),
    ...           "description": "Khó thở", "action_taken": "Chuyển viện"})["detail"]
    {'display': 'Khó thở'}
    """
    return {
        "extension": [{"url": EXT_REACTION_SEVERITY, "valueCode": row["severity"]},
                      {"url": EXT_REACTION_ACTION, "valueString": row["action_taken"]}],
        "date": _iso(row["onset_at"]) + "Z",
        "detail": {"display": row["description"]},
        "reported": False,
    }


@dataclass(frozen=True)
class ReactionFields:
    severity: str
    onset_at: datetime  # UTC, naive
    description: str
    action_taken: str


def reaction_fields(res: Mapping[str, Any]) -> ReactionFields:
    """Read a reaction back; raises ValueError on one that is not ours in shape.

    >>> r = reaction_fields(reaction({"severity": "mild", "onset_at": datetime(2026, 1, 2, 3, 4),
    ...                               "description": "Sốt", "action_taken": "Hạ sốt"}))
    >>> r.severity, r.onset_at.isoformat(), r.description, r.action_taken
    ('mild', '2026-01-02T03:04:00', 'Sốt', 'Hạ sốt')
    """
    if not isinstance(res, Mapping) or not isinstance(res.get("extension"), list) or not all(
            isinstance(e, Mapping) for e in res["extension"]):
        raise ValueError("a reaction is an object with a list of extensions")
    ext = {e.get("url"): e for e in res["extension"]}
    severity = (ext.get(EXT_REACTION_SEVERITY) or {}).get("valueCode")
    if severity not in ("mild", "serious"):
        raise ValueError(f"reaction severity {severity!r}")
    if not isinstance(res.get("date"), str) or not isinstance(res.get("detail", {}), Mapping):
        raise ValueError("a reaction needs its date (text) and a detail object")
    onset = read_instant(res["date"])
    return ReactionFields(severity, onset, str((res.get("detail") or {}).get("display") or ""),
                          str((ext.get(EXT_REACTION_ACTION) or {}).get("valueString") or ""))


@dataclass(frozen=True)
class PatientFields:
    """What a pulled ``Patient`` says about a person, in the ``person`` table's terms."""

    full_name: str
    dob: date | None
    sex: str | None
    id_type: str
    id_number: str | None
    nationality: str | None
    no_id_reason: str | None
    phone: str | None
    address: str | None
    identity_verified: bool
    old_id_number: str | None = None

    def as_changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


_ID_KINDS = {SYSTEM_CCCD: "CCCD", SYSTEM_CMND: "CMND"}


def person_ids(identifiers: Any) -> tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]:
    """The identifiers that are the person's ID and old CMND, among any others systems
    wrote: the ID is the first of the best kind (a CCCD, else a CMND, else a passport, as
    the register's new CCCD may follow the CMND it replaces, an immigration passport the
    CCCD); the old CMND is the first marked old, else a CMND beside a CCCD.

    >>> cmnd = {"system": SYSTEM_CMND, "value": "012345678"}
    >>> cccd = {"system": SYSTEM_CCCD, "value": "001190012345"}
    >>> person_ids([cmnd, cccd]) == (cccd, cmnd)
    True
    """
    items = [i for i in identifiers if isinstance(i, Mapping)]

    def kind(i: Mapping[str, Any]) -> int:
        system = str(i.get("system") or "")
        return 0 if system == SYSTEM_CCCD else 1 if system == SYSTEM_CMND else \
            2 if system.startswith(SYSTEM_PASSPORT + "/") else 3

    ids = [i for i in items if i.get("use") != OLD_USE and kind(i) < 3]
    current = min(ids, key=kind, default=None)  # min keeps the first of equal kinds
    old = next((i for i in items if i.get("use") == OLD_USE
                and i.get("system") == SYSTEM_CMND), None)
    if old is None and current is not None and kind(current) == 0:
        old = next((i for i in ids if kind(i) == 1), None)
    return current, old


def patient_fields(res: Mapping[str, Any]) -> PatientFields:
    """Read a person's fields back from a ``Patient`` (a central correction, a conflict).

    An identifier marked old is the old CMND kept beside the person's ID, never their ID:

    >>> f = patient_fields({"identifier": [
    ...     {"system": SYSTEM_CCCD, "value": "001190012345"},
    ...     {"use": "old", "system": SYSTEM_CMND, "value": "012345678"}],
    ...     "name": [{"text": "Nguyễn Thị Nhung"}]})
    >>> f.id_type, f.id_number, f.old_id_number
    ('CCCD', '001190012345', '012345678')
    """
    current, old = person_ids(res.get("identifier") or ())
    id_type, id_number, nationality = "NONE", None, None
    if current is not None:
        system, id_number = current.get("system", ""), current.get("value")
        id_type = _ID_KINDS.get(system) or "PASSPORT"
        if id_type == "PASSPORT":
            nationality = system.rsplit("/", 1)[1]
    old_id_number = old.get("value") if old is not None else None
    ext = {e.get("url"): e for e in res.get("extension") or ()}
    names = res.get("name") or [{}]
    phones = [t.get("value") for t in res.get("telecom") or () if t.get("system") == "phone"]
    addresses = [a.get("text") for a in res.get("address") or ()]
    return PatientFields(
        full_name=names[0].get("text") or _joined_name(names[0]),
        dob=date.fromisoformat(res["birthDate"]) if res.get("birthDate") else None,
        sex=_SEX.get(res.get("gender", "")),
        id_type=id_type,
        id_number=id_number,
        nationality=nationality,
        no_id_reason=ext.get(EXT_NO_ID_REASON, {}).get("valueCode"),
        phone=phones[0] if phones else None,
        address=addresses[0] if addresses else None,
        identity_verified=bool(ext.get(EXT_VERIFIED, {}).get("valueBoolean")),
        old_id_number=old_id_number,
    )


@dataclass(frozen=True)
class ImmunizationFields:
    """What a pulled ``Immunization`` says about a dose, in the ``dose`` table's terms."""

    product_code: str
    lot_number: str | None
    dose_number: int
    dose_date: date
    vaccinator: str | None
    voided: bool
    void_reason: str | None  # also why another system says it was not given
    reactions: tuple[ReactionFields, ...] = ()
    # ``status: not-done``, valid R4 that only another system writes: the injection was not
    # given. The laptop has no such state; a dose it holds as given is kept for a person
    # to decide (``sync/inbox.py``), never counted on unsaid.
    not_done: bool = False

    def as_changes(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in
                ("product_code", "lot_number", "dose_number", "dose_date", "vaccinator")}

    @property
    def given(self) -> bool:
        """Whether the copy counts the dose (neither entered in error nor not done)."""
        return not (self.voided or self.not_done)

    @property
    def reason_here(self) -> str:
        """The void reason a dose this copy does not count takes on the laptop."""
        return void_reason_here(self.void_reason)


def void_reason_here(reason: str | None) -> str:
    """The void reason a dose takes on the laptop from a copy that does not count it: the
    copy's ``statusReason`` in words, or "central" (a void needs a reason).

    >>> void_reason_here(" hoãn tiêm "), void_reason_here(None)
    ('hoãn tiêm', 'central')
    """
    return (reason or "").strip() or "central"


def immunization_fields(res: Mapping[str, Any]) -> ImmunizationFields:
    codings = res["vaccineCode"]["coding"]
    performers = res.get("performer") or [{}]
    return ImmunizationFields(
        product_code=next(c["code"] for c in codings if c.get("system") == SYSTEM_VACCINE),
        lot_number=res.get("lotNumber"),
        dose_number=int(res["protocolApplied"][0]["doseNumberPositiveInt"]),
        dose_date=vietnam_day(res["occurrenceDateTime"]),
        vaccinator=(performers[0].get("actor") or {}).get("display"),
        voided=res.get("status") == "entered-in-error",
        void_reason=concept_text(res.get("statusReason")),
        reactions=_our_reactions(res.get("reaction") or ()),
        not_done=res.get("status") == "not-done",
    )


def concept_text(concept: Any) -> str | None:
    """A CodeableConcept in words: its text, else its first coding's display or code
    (another system may send only a code, as v3-ActReason's ``MEDPREC``).

    >>> concept_text({"coding": [{"code": "MEDPREC"}]}), concept_text(None)
    ('MEDPREC', None)
    """
    if not isinstance(concept, Mapping):
        return None
    if concept.get("text"):
        return str(concept["text"])
    codings = [c for c in concept.get("coding") or () if isinstance(c, Mapping)]
    return next((str(c.get("display") or c.get("code")) for c in codings
                 if c.get("display") or c.get("code")), None)


def _our_reactions(found: Any) -> tuple[ReactionFields, ...]:
    """The reactions in our shape; another system's (an Observation reference, no
    severity) are not ours to read, and a pull must not stop on them."""
    ours = []
    for r in found:
        try:
            ours.append(reaction_fields(r))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(ours)


@dataclass(frozen=True)
class RemotePatient:
    """A ``Patient`` of any site, as the platform's cross-site search returns it."""

    id: str
    site_code: str | None
    fields: PatientFields
    linked_ids: tuple[str, ...]  # other Patients of the same citizen (``link`` seealso)


def remote_patient(res: Mapping[str, Any]) -> RemotePatient:
    """Read a cross-site search hit; the reduced form has no phone or address.

    >>> p = remote_patient({"resourceType": "Patient", "id": "p1",
    ...     "identifier": [{"system": SYSTEM_CCCD, "value": "001190000123"}],
    ...     "name": [{"text": "Lê Thị Hoa"}], "birthDate": "1990-01-02", "gender": "female",
    ...     "managingOrganization": site_reference("HN-0001"),
    ...     "link": [{"other": {"reference": "Patient/p2"}, "type": "seealso"}]})
    >>> p.site_code, p.fields.id_number, p.fields.sex, p.linked_ids
    ('HN-0001', '001190000123', 'F', ('p2',))
    """
    links = tuple(reference_id(link["other"]["reference"])
                  for link in res.get("link") or () if (link.get("other") or {}).get("reference"))
    return RemotePatient(str(res["id"]), _site_code(res.get("managingOrganization")),
                         patient_fields(res), links)


@dataclass(frozen=True)
class RemoteDose:
    """An ``Immunization`` of any site, as the platform's cross-site search returns it."""

    id: str
    patient_id: str
    site_code: str | None
    product_code: str
    dose_number: int
    dose_date: date
    lot_number: str | None
    # Not a dose the citizen had: entered in error, or another system's ``not-done`` (the
    # look-up and the platform's news take it as the sync does, ``ImmunizationFields.given``).
    voided: bool


def remote_dose(res: Mapping[str, Any]) -> RemoteDose:
    """Read a cross-site Immunization (no performer: the reduced form leaves it out).

    >>> d = remote_dose({"resourceType": "Immunization", "id": "i1", "status": "completed",
    ...     "vaccineCode": {"coding": [{"system": SYSTEM_VACCINE, "code": "COMIRNATY"}]},
    ...     "patient": {"reference": "Patient/p1"}, "occurrenceDateTime": "2021-09-01",
    ...     "protocolApplied": [{"doseNumberPositiveInt": 2}],
    ...     "location": site_reference("HN-0001"), "lotNumber": "FK1"})
    >>> d.patient_id, d.site_code, d.dose_number, d.dose_date.isoformat(), d.voided
    ('p1', 'HN-0001', 2, '2021-09-01', False)
    """
    dose = immunization_fields(res)
    return RemoteDose(
        str(res["id"]), reference_id(res["patient"]["reference"]),
        _site_code(res.get("location")), dose.product_code, dose.dose_number, dose.dose_date,
        dose.lot_number, not dose.given,
    )


def reference_id(reference: Any) -> str:
    """The id a FHIR reference names: "Patient/p1" -> "p1"."""
    return str(reference or "").rpartition("/")[2]


def search_hits(bundle: Mapping[str, Any] | None, type_: str) -> list[dict[str, Any]]:
    """The resources of ``type_`` in a searchset page (``include``d others are left out)."""
    return [e["resource"] for e in (bundle or {}).get("entry") or ()
            if (e.get("resource") or {}).get("resourceType") == type_]


def identifier_values(res: Mapping[str, Any], system: str) -> list[str]:
    """The values of a resource's identifiers under ``system``, as written.

    >>> identifier_values({"identifier": [{"system": SYSTEM_CCCD, "value": "001"},
    ...     {"use": "old", "system": SYSTEM_CMND, "value": "012"}]}, SYSTEM_CMND)
    ['012']
    """
    return [str(i.get("value") or "") for i in res.get("identifier") or ()
            if isinstance(i, Mapping) and i.get("system") == system]


def search_used(bundle: Mapping[str, Any] | None, parameter: str) -> bool | None:
    """Whether a searchset's ``self`` link names ``parameter``: a server that ignores a
    parameter it does not know (FHIR's lenient handling) leaves it out of the link, which
    names the parameters it used. None when the page has no ``self`` link.

    >>> page = {"link": [{"relation": "self", "url": "http://h/r4/Patient?_count=50"}]}
    >>> search_used(page, "identifier"), search_used({"link": []}, "identifier")
    (False, None)
    """
    url = next((link.get("url") for link in (bundle or {}).get("link") or ()
                if link.get("relation") == "self"), None)
    if not isinstance(url, str):
        return None
    return parameter in {name.partition(":")[0] for name in parse_qs(urlsplit(url).query)}


def next_page(bundle: Mapping[str, Any] | None) -> str | None:
    """The ``next`` link of a searchset page, None on the last page."""
    return next((link["url"] for link in (bundle or {}).get("link") or ()
                 if link.get("relation") == "next"), None)


def _site_code(reference: Mapping[str, Any] | None) -> str | None:
    ident = (reference or {}).get("identifier") or {}
    return ident.get("value") if ident.get("system") == SYSTEM_SITE else None


def content_of(res: Mapping[str, Any]) -> dict[str, Any]:
    """A resource without its ``meta``: what two copies must share to be the same record."""
    return {k: v for k, v in res.items() if k != "meta"}


def _joined_name(name: Mapping[str, Any]) -> str:
    return " ".join([name.get("family", ""), *name.get("given", ())]).strip()


def _iso(value: date | datetime | str) -> str:
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat() if isinstance(value, date) else str(value)
