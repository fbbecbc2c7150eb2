"""What other systems wrote on a record: kept through the laptop's updates.

A laptop writes a ``Patient`` or an ``Immunization`` whole (``fhir.patient``,
``fhir.immunization``). On a platform other systems share, a record can carry more than the
laptop writes: a marital status, a second phone, a maiden name, an insurer's identifier or a
passport beside the CCCD, a vaccine's SNOMED code beside ours, the route, an ordering
performer, a reaction a pharmacovigilance system recorded, a profile tag. Replacing the
record with only its own elements deleted theirs without a word, though the laptop's
``If-Match`` was right (it had pulled their version). ``foreign_part`` keeps, from a central
copy the laptop takes, every element and list item that is not the laptop's own;
``with_foreign`` puts them back into what it sends, after its own items.

The laptop's own are exactly what it writes and reads back (``fhir.patient_fields``,
``fhir.immunization_fields``): in a list it writes one item of (a name, an address, a
phone, a performer) the first is its own; its identifiers are the person's ID and old CMND;
its reactions and extensions are those of its shape (one another system marked reported
stays so); a "replaced-by" link, and the ``active: false`` beside it, are its own when a
merge made on the laptop folded the person into the record it names (``with_foreign``'s
``own_folds``: a master patient index's merge, even of two of the site's people, stays);
another form of an element it writes
(``occurrenceString`` beside its ``occurrenceDateTime``) and a narrative written for an
earlier version are dropped. The details another system added to the laptop's own ID or
phone (an assigner, a period, a use) stay while that ID or phone does. Codes, text and a
manufacturer another system gave the vaccine stay only while the product is the one they
were given for; an expiry date only while the lot is. A ``contained`` resource nothing
refers to any more then goes too (R4 dom-3). Another system's ``not-done`` (the dose not
given), taken here as a void, stays while the void is that one (its reason).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from desktop_app.wire import fhir

_OURS = {  # top-level elements wholly the laptop's
    "Patient": frozenset({"resourceType", "id", "meta", "text", "gender", "birthDate",
                          "managingOrganization"}),
    "Immunization": frozenset({"resourceType", "id", "meta", "text", "status", "statusReason",
                               "patient", "recorded", "primarySource", "location",
                               "lotNumber"}),
}
_ONE_ITEM_OURS = ("name", "address", "performer")  # the laptop writes the first item
_FIRST = "vaxdesk:first"  # another system's parts of those first items (a family name)
_REPORTED = "vaxdesk:reported"  # the laptop's reactions another system marked reported
_OUR_EXTENSIONS = frozenset({fhir.EXT_NO_ID_REASON, fhir.EXT_CLEANING, fhir.EXT_VERIFIED,
                             fhir.EXT_ORIGIN})
_OUR_CODINGS = frozenset({fhir.SYSTEM_VACCINE, fhir.SYSTEM_EU_PRODUCT})
_OUR_FORMS = ("occurrence", "doseNumber")  # choice elements: any other form of ours goes
_META_KEPT = ("profile", "tag", "security")  # the rest of meta is the server's own
_DETAILS = "vaxdesk:details"  # what another system added to the laptop's own ID or phone
_PRODUCT, _LOT = "vaxdesk:product", "vaxdesk:lot"  # what their vaccine parts were given for
_KEYED = ("system", "value")  # what names the laptop's own identifier or phone
_WAS = "vaxdesk:was"  # the values of the laptop's primitives their extensions were given for
_NOT_DONE = "vaxdesk:not-done"  # another system's not-done, and the void reason it became


def foreign_part(res: Mapping[str, Any]) -> dict[str, Any] | None:
    """The elements of a server copy that are not the laptop's own, in the resource's own
    shape (and what they depend on); None when there are none. Its links and ``active``
    are among them: which merge is the laptop's is known when it sends (``with_foreign``).

    >>> foreign_part({"resourceType": "Patient", "id": "p1", "name": [{"text": "An"}],
    ...     "maritalStatus": {"text": "M"}, "telecom": [{"system": "phone", "value": "09"},
    ...     {"system": "email", "value": "an@example.vn"}], "meta": {"versionId": "3"}})
    {'maritalStatus': {'text': 'M'}, 'telecom': [{'system': 'email', 'value': 'an@example.vn'}]}
    >>> foreign_part({"resourceType": "Patient", "id": "p1", "name": [{"text": "An"}]})
    """
    type_ = str(res.get("resourceType"))
    ours = _OURS.get(type_)
    if ours is None:
        return None
    found: dict[str, Any] = {}
    for key, value in res.items():
        plain = key.removeprefix("_")
        if key.startswith("_") and plain in ours and plain in res:
            found[key] = value  # an extension of the laptop's primitive (a birth time):
            found.setdefault(_WAS, {})[plain] = res[plain]  # kept while it is the same
            continue
        if plain in ours or plain.startswith(_OUR_FORMS):
            continue  # the laptop's, or another form of one (and its extensions)
        if key in _ONE_ITEM_OURS:
            first, *more = _items(value) or [{}]
            if more:
                found[key] = more
            if set(first) - {"text", "actor"} or set(first.get("actor") or {}) - {"display"}:
                found.setdefault(_FIRST, {})[key] = first
        elif key in ("extension", "identifier", "telecom", "reaction", "link",
                     "vaccineCode", "protocolApplied", "active"):
            continue  # partly the laptop's: below
        else:
            found[key] = value
    found.update(_theirs_in_lists(res))
    details = [_details(i) for i in _own_items(res) if _details(i)]
    if details:
        found[_DETAILS] = details
    meta = {k: v for k, v in (res.get("meta") or {}).items() if k in _META_KEPT}
    if meta:
        found["meta"] = meta
    if type_ == "Immunization":
        found.update(_theirs_of_the_dose(res))
        if {"vaccineCode", "manufacturer", "expirationDate"} & found.keys():
            found[_PRODUCT] = next((c.get("code") for c in _items(
                (res.get("vaccineCode") or {}).get("coding")) if c.get("system") ==
                fhir.SYSTEM_VACCINE), None)
            found[_LOT] = res.get("lotNumber")
        reported = [_reaction_key(r) for r in _items(res.get("reaction"))
                    if r.get("reported") is True and _our_reaction(r)]
        if reported:  # an AEFI report filed for a reaction the desk recorded
            found[_REPORTED] = reported
        if res.get("status") == "not-done":  # taken here as a void (``sync/inbox.py``)
            found[_NOT_DONE] = {"statusReason": res.get("statusReason"),
                                "reason": fhir.void_reason_here(
                                    fhir.concept_text(res.get("statusReason")))}
    return found or None


def fold_targets(res: Mapping[str, Any]) -> list[str]:
    """The records a Patient's "replaced-by" links name.

    >>> fold_targets({"link": [{"other": {"reference": "Patient/p2"}, "type": "replaced-by"},
    ...     {"other": {"reference": "Patient/p3"}, "type": "seealso"}]})
    ['p2']
    """
    return [t for t in (fhir.reference_id((k.get("other") or {}).get("reference"))
                        for k in _items(res.get("link")) if k.get("type") == "replaced-by")
            if t]


def _theirs_in_lists(res: Mapping[str, Any]) -> dict[str, Any]:
    own = [id(i) for i in _own_items(res)]
    lists = {
        "extension": [e for e in _items(res.get("extension"))
                      if e.get("url") not in _OUR_EXTENSIONS],
        "identifier": [i for i in _items(res.get("identifier")) if id(i) not in own],
        "telecom": [t for t in _items(res.get("telecom")) if id(t) not in own],
        "reaction": [r for r in _items(res.get("reaction")) if not _our_reaction(r)],
        "link": _items(res.get("link")),
    }
    found: dict[str, Any] = {k: v for k, v in lists.items() if v}
    if "active" in res:
        found["active"] = res["active"]
    return found


def _theirs_of_the_dose(res: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    code = res.get("vaccineCode") if isinstance(res.get("vaccineCode"), Mapping) else {}
    theirs = {k: v for k, v in code.items() if k != "coding"}
    codings = [c for c in _items(code.get("coding")) if c.get("system") not in _OUR_CODINGS]
    if codings:
        theirs["coding"] = codings
    if theirs:
        found["vaccineCode"] = theirs
    first, *more = _items(res.get("protocolApplied")) or [{}]
    applied = {k: v for k, v in first.items() if not k.startswith(_OUR_FORMS)}
    if applied or more:  # the series, the target disease: of the dose we write; and the
        found["protocolApplied"] = [applied, *more]  # other diseases of a combined vaccine
    return found


def with_foreign(ours: dict[str, Any], theirs: Mapping[str, Any] | None,
                 own_folds: Collection[str] = ()) -> dict[str, Any]:
    """What the laptop sends: its own elements, and the others' kept beside them (its own
    first in a list they share). ``own_folds``: the records merges made on the laptop
    folded this person into (``outbox``): a "replaced-by" link naming one is the laptop's,
    and with it the copy's ``active``, so a merge undone here is undone there. ``ours`` is
    changed and returned.

    >>> with_foreign({"resourceType": "Patient", "telecom": [{"system": "phone", "value": "1"}]},
    ...     {"telecom": [{"system": "email", "value": "e"}], "maritalStatus": {"text": "M"}})
    ... # doctest: +NORMALIZE_WHITESPACE
    {'resourceType': 'Patient', 'telecom': [{'system': 'phone', 'value': '1'},
     {'system': 'email', 'value': 'e'}], 'maritalStatus': {'text': 'M'}}
    """
    if not theirs:
        return ours
    product = next((c.get("code") for c in (ours.get("vaccineCode") or {}).get("coding", ())
                    if c.get("system") == fhir.SYSTEM_VACCINE), None)
    same_product = theirs.get(_PRODUCT) == product
    same_lot = same_product and theirs.get(_LOT) == ours.get("lotNumber")
    theirs = without_own_folds(theirs, own_folds)
    for key, value in theirs.items():
        if key in (_PRODUCT, _LOT, _WAS):
            continue
        if key == _NOT_DONE:
            _keep_not_done(ours, value)
            continue
        if key == _FIRST:
            _add_first_parts(ours, value)
            continue
        if key == _REPORTED:
            for r in ours.get("reaction", ()):
                if _reaction_key(r) in [tuple(k) for k in value]:
                    r["reported"] = True
            continue
        if key.startswith("_") and key[1:] in theirs.get(_WAS, {}):
            if ours.get(key[1:]) == theirs[_WAS][key[1:]]:
                ours[key] = value
        elif key == _DETAILS:
            _add_details(ours, value)
        elif key == "meta":
            ours["meta"] = {**value, **ours.get("meta", {})}
        elif key == "vaccineCode" or (key == "manufacturer" and not same_product) or \
                (key == "expirationDate" and not same_lot):
            if key == "vaccineCode" and same_product:
                code = ours.setdefault("vaccineCode", {})
                code["coding"] = [*code.get("coding", ()), *value.get("coding", ())]
                for k, v in value.items():
                    code.setdefault(k, v)
        elif key == "protocolApplied":
            if ours.get("protocolApplied"):
                ours["protocolApplied"][0] = {**value[0], **ours["protocolApplied"][0]}
                ours["protocolApplied"] += value[1:]
        elif key in ("identifier", "telecom"):
            _add_details(ours, value)  # one the laptop now has too is its own, once
            mine = {(i.get("system"), i.get("value")) for i in ours.get(key, ())}
            ours[key] = [*ours.get(key, ()), *(i for i in value
                                               if (i.get("system"), i.get("value")) not in mine)]
        elif isinstance(value, list):  # an item the laptop has too goes once
            ours[key] = [*ours.get(key, ()), *(v for v in value if v not in ours.get(key, ()))]
        elif key not in ours:
            ours[key] = value
    if "contained" in ours:
        _drop_unreferenced(ours)
    return ours


def _keep_not_done(ours: dict[str, Any], theirs: Mapping[str, Any]) -> None:
    """Another system's ``not-done``, kept while the laptop's void is the one taking it
    made (its reason): an update of the voided dose (a merge moving it) said
    ``entered-in-error`` over "not given" unasked. A dose given after all (restored), or
    voided again for a reason of the laptop's, says so.

    >>> sent = {"status": "entered-in-error", "statusReason": {"text": "hoãn"}}
    >>> _keep_not_done(sent, {"statusReason": {"text": "hoãn "}, "reason": "hoãn"}); sent
    {'status': 'not-done', 'statusReason': {'text': 'hoãn '}}
    """
    if ours.get("status") != "entered-in-error" or \
            (ours.get("statusReason") or {}).get("text") != theirs.get("reason"):
        return
    ours["status"] = "not-done"
    if theirs.get("statusReason"):
        ours["statusReason"] = theirs["statusReason"]
    else:
        ours.pop("statusReason", None)


def _drop_unreferenced(res: dict[str, Any]) -> None:
    """The ``contained`` resources nothing else in ``res`` refers to any more (a manufacturer
    given for the product the laptop since corrected) go: R4 (dom-3) wants each referred to,
    or referring to its container ("#": a Provenance of the record itself).

    >>> r = {"contained": [{"id": "a"}, {"id": "b", "x": {"reference": "#c"}}, {"id": "c"},
    ...      {"id": "p", "target": [{"reference": "#"}]}], "manufacturer": {"reference": "#b"}}
    >>> _drop_unreferenced(r); [c["id"] for c in r["contained"]]
    ['b', 'c', 'p']
    """
    contained = _items(res.get("contained"))
    wanted = _references({k: v for k, v in res.items() if k != "contained"})
    kept: list[Mapping[str, Any]] = []
    while True:  # one contained resource may name another; one naming "#", its container
        more = [c for c in contained if (f"#{c.get('id')}" in wanted or "#" in _references(c))
                and c not in kept]
        if not more:
            break
        kept += more
        for c in more:
            wanted |= _references(c)
    if kept:
        res["contained"] = [c for c in contained if c in kept]
    else:
        del res["contained"]


def _references(value: Any) -> set[str]:
    if isinstance(value, Mapping):
        found = {value["reference"]} if isinstance(value.get("reference"), str) else set()
        return found.union(*(_references(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(_references(v) for v in value))
    return set()


def without_own_folds(theirs: Mapping[str, Any], own_folds: Collection[str]
                      ) -> dict[str, Any]:
    """``theirs`` (a ``foreign_part``) less the "replaced-by" links naming ``own_folds``, and
    less the copy's ``active`` once no other system's merge stays beside them.

    >>> mine = {"other": {"reference": "Patient/k"}, "type": "replaced-by"}
    >>> mpi = {"other": {"reference": "Patient/x"}, "type": "replaced-by"}
    >>> without_own_folds({"link": [mine], "active": False}, {"k"})
    {}
    >>> without_own_folds({"link": [mine, mpi], "active": False}, {"k"})
    {'active': False, 'link': [{'other': {'reference': 'Patient/x'}, 'type': 'replaced-by'}]}
    """
    links = _items(theirs.get("link"))
    kept = [k for k in links if not (k.get("type") == "replaced-by" and fhir.reference_id(
        (k.get("other") or {}).get("reference")) in own_folds)]
    if len(kept) == len(links):
        return dict(theirs)
    rest = {k: v for k, v in theirs.items() if k != "link"}
    if not any(k.get("type") == "replaced-by" for k in kept):
        rest.pop("active", None)  # the copy's ``active: false`` was the laptop's merge's
    return {**rest, "link": kept} if kept else rest


def _add_first_parts(ours: dict[str, Any], parts: Mapping[str, Mapping[str, Any]]) -> None:
    """Another system's parts of the laptop's first name, address or performer (a family
    and given name, a district, a performer's function and reference), kept while the
    laptop's text (or vaccinator) is the one they were given with."""
    for key, theirs in parts.items():
        mine = (ours.get(key) or [None])[0]
        if mine is None:
            continue
        if mine.get("text", mine.get("actor", {}).get("display")) != \
                theirs.get("text", (theirs.get("actor") or {}).get("display")):
            continue  # changed here: their parts were of the old one
        merged = {**theirs, **mine}
        if "actor" in mine:
            merged["actor"] = {**(theirs.get("actor") or {}), **mine["actor"]}
        ours[key][0] = merged


def _own_items(res: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The laptop's own ID, old CMND and phone in a Patient, as ``patient_fields`` reads
    them (``fhir.person_ids``, the first phone)."""
    current, old = fhir.person_ids(res.get("identifier") or ())
    phone = next((t for t in _items(res.get("telecom")) if t.get("system") == "phone"), None)
    return [i for i in (current, old, phone) if i is not None]


def _details(item: Mapping[str, Any]) -> dict[str, Any] | None:
    extra = {k: v for k, v in item.items() if k not in _KEYED}
    return {"system": item.get("system"), "value": item.get("value"), **extra} \
        if extra else None


def _add_details(ours: dict[str, Any], details: list[Mapping[str, Any]]) -> None:
    """Another system's details of the laptop's own ID or phone, kept while it is the same
    ID or phone (a corrected one is another: its details were of the old)."""
    for key in ("identifier", "telecom"):
        for item in ours.get(key, ()):
            for d in details:
                if (d.get("system"), d.get("value")) == (item.get("system"), item.get("value")):
                    item.update({k: v for k, v in d.items() if k not in item})


def _reaction_key(r: Mapping[str, Any]) -> tuple[Any, Any]:
    return r.get("date"), (r.get("detail") or {}).get("display")


def _our_reaction(r: Mapping[str, Any]) -> bool:
    try:
        fhir.reaction_fields(r)
    except (KeyError, TypeError, ValueError):
        return False
    return True


def _items(found: Any) -> list[Mapping[str, Any]]:
    """A list's objects; anything else in it is not an element this module can keep."""
    return [i for i in found if isinstance(i, Mapping)] if isinstance(found, list) else []
