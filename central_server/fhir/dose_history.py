"""A Patient's other doses, as the platform holds them, for checking one dose against them.

The desk checks a dose against the person's earlier doses (``rules.doses.check_dose``'s
``history``): the same number twice is an error. The platform checks every Immunization it
is sent the same way, against what it holds for the same Patient, so any client (not only
our desk) is refused a second "dose 2" (``validate.check_immunization``; a dose out of date
order is taken, as the desk's backfill takes it, so only the doses of the same number are
its history):

* only ``completed`` doses count; one ``entered-in-error`` (voided) frees its number;
* the Immunization being written is never its own history: a retry of the same id, or a
  correction of that dose, is checked against the others only;
* a batch is taken in order: a dose accepted earlier in it counts for those after it;
* a dose held already that the batch sends again further on counts as it will then be
  (a new dose further on does not count yet): the dose 2 that replaces a voided one and
  that void, or two doses whose numbers are exchanged, are taken whatever their order in
  the batch. Should that later entry be refused after all, the batch is judged again
  without counting on it (``Batch.broken``): a refusal never leaves a number held twice.

``load`` reads the batch's Patients' doses by ``ix_resource_patient`` (patient id → doses),
one query per 900 Patients, and parses only those of a number the batch sends: a batch of
new people finds none, a batch of next doses parses none. A dose's date is read only when
it is named in a refusal.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_, select

from central_server.db.models import Resource
from desktop_app.rules.doses import PriorDose
from desktop_app.wire import fhir
from desktop_app.wire.instants import vietnam_day

CHUNK = 900  # ids per IN (...) query


@dataclass(frozen=True)
class Held:
    """One Immunization as it stands: its Patient, and the dose number it counts as (None:
    it does not count, voided or not done) with its date (as written, or read) and
    product."""

    patient_id: str | None
    number: int | None = None
    when: str | date | None = None
    product: str = ""

    def prior(self) -> PriorDose:
        """The dose as the rule reads it (its date read now, if not yet)."""
        day = self.when if isinstance(self.when, date) else vietnam_day(str(self.when))
        return PriorDose(self.number or 0, day, self.product)


def held_of(res: Mapping[str, Any]) -> Held:
    """What an Immunization (as sent, or as stored) counts as; a malformed one counts as
    nothing (its own check refuses it).

    >>> h = held_of({"status": "completed", "patient": {"reference": "Patient/p1"},
    ...     "vaccineCode": {"coding": [{"system": fhir.SYSTEM_VACCINE, "code": "X"}]},
    ...     "occurrenceDateTime": "2021-09-01", "protocolApplied": [{"doseNumberPositiveInt": 2}]})
    >>> h.patient_id, h.number, h.prior().dose_date.isoformat()
    ('p1', 2, '2021-09-01')
    >>> held_of({"status": "entered-in-error", "patient": {"reference": "Patient/p1"}})
    Held(patient_id='p1', number=None, when=None, product='')
    """
    patient = res.get("patient")
    ref = patient.get("reference") if isinstance(patient, Mapping) else None
    pid = ref.split("/", 1)[1] if isinstance(ref, str) and ref.startswith("Patient/") else None
    if res.get("status") != "completed":
        return Held(pid)
    try:
        number = int(res["protocolApplied"][0]["doseNumberPositiveInt"])
        when = res["occurrenceDateTime"]
        product = next((c.get("code") for c in res["vaccineCode"]["coding"]
                        if c.get("system") == fhir.SYSTEM_VACCINE), "")
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return Held(pid)
    return Held(pid, number, when, str(product or ""))


# A dose number as stored: ``canonical`` JSON, no spaces. Inside a string a quote is
# escaped, so this is always a key and its value (of the dose, or of a field another
# client added: then the dose is read whole, and found to be what it is).
_NUMBER = re.compile(r'"doseNumberPositiveInt":(\d+)[,}]')


def load(conn: Any, numbers: Mapping[str, set[int]]) -> dict[str, Held]:
    """The Immunizations the platform holds for these Patients, by id, that may hold one
    of the dose numbers given for the Patient (the numbers the batch sends it): any other
    is no history of the batch, and is not read (most of a push is a person's next dose).
    By the patient index alone: a condition on ``type`` beside it makes SQLite walk the
    primary key's every Immunization instead (``search.immunizations_of``); only
    Immunizations carry a patient anyway."""
    found: dict[str, Held] = {}
    ids = sorted(numbers)
    if not ids:
        return found
    # The database passes over the doses of other numbers: they never reach Python.
    sent = sorted({n for wanted in numbers.values() for n in wanted})
    of_a_number = or_(*(Resource.content.contains(f'"doseNumberPositiveInt":{n}{end}')
                        for n in sent for end in ",}"))
    for i in range(0, len(ids), CHUNK):
        rows = conn.execute(select(Resource.type, Resource.id, Resource.patient_id,
                                   Resource.content)
                            .where(Resource.patient_id.in_(ids[i:i + CHUNK]), of_a_number))
        for type_, id_, patient_id, content in rows:
            if type_ == "Immunization" and not numbers[patient_id].isdisjoint(
                    int(n) for n in _NUMBER.findall(content)):
                found[id_] = held_of(json.loads(content))
    return found


@dataclass
class Batch:
    """The doses of a batch's Patients while the batch is taken, entry by entry.

    ``held``: as stored (``load``); ``sent``: the Immunization entries that send a dose held
    already (or one sent twice), each its position in the batch and what it counts as;
    ``untrusted``: ids whose later entry must not be counted on (refused when the batch
    was judged before)."""

    held: dict[str, Held]
    sent: Sequence[tuple[int, str, Held]]
    untrusted: frozenset[str] = frozenset()
    position: int = 0
    # id -> (position of its last entry, what it counts as then)
    _last: dict[str, tuple[int, Held]] = field(default_factory=dict)
    _by_patient: defaultdict[str, set[str]] = field(
        default_factory=lambda: defaultdict(set))
    _relied: dict[int, set[str]] = field(default_factory=dict)
    _using: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.held = dict(self.held)
        for id_, h in self.held.items():
            if h.patient_id:
                self._by_patient[h.patient_id].add(id_)
        for pos, id_, h in self.sent:
            self._last[id_] = (pos, h)
            if h.patient_id:
                self._by_patient[h.patient_id].add(id_)

    def at(self, position: int) -> None:
        """The batch's entry at ``position`` is taken next."""
        self.position = position
        self._using = set()

    def history(self, patient_id: str, own_id: str, number: int) -> list[PriorDose]:
        """The Patient's other counted doses of ``number`` as the entry at ``position``
        must see them: held now (stored, or accepted earlier in the batch), or as a later
        entry of the batch will make one of them; a new dose further on is not one yet."""
        doses = []
        for id_ in self._by_patient.get(patient_id, ()):
            now = self.held.get(id_)
            if id_ == own_id or now is None:
                continue  # itself; or a new dose further on, which comes after this one
            last = self._last.get(id_)
            if last is not None and last[0] > self.position and id_ not in self.untrusted:
                if number in (now.number, last[1].number):
                    self._using.add(id_)
                now = last[1]
            if now.patient_id == patient_id and now.number == number:
                try:
                    doses.append(now.prior())
                except (ValueError, TypeError):
                    continue  # a later entry's unreadable date: that entry is refused
        return doses

    def accepted(self, id_: str, now: Held) -> None:
        """The entry at ``position`` was written: it stands as ``now`` for those after it,
        and the later entries its check counted on must be accepted too."""
        if self._using:
            self._relied[self.position] = self._using
        self._using = set()
        self.held[id_] = now
        if now.patient_id:
            self._by_patient[now.patient_id].add(id_)

    def broken(self, accepted: Mapping[int, bool]) -> set[str]:
        """The later entries some accepted entry counted on that were not accepted
        (``accepted``: by position): the batch must be judged again without them."""
        return {id_ for ids in self._relied.values() for id_ in ids
                if not accepted.get(self._last[id_][0], False)}
