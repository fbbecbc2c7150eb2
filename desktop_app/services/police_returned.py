"""The police's returned file read against the database, nothing changed: each row's
differences and result, the rows that cannot be used, and who did not come back."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import local_today
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, CleaningCase, Person
from desktop_app.importers.police_file import (
    MATCHES,
    NOT_FOUND,
    WRONG,
    ReturnedRow,
    read_round,
    read_row,
)
from desktop_app.rules.card_check import cccd_replacing
from desktop_app.rules.cleaning import Status
from desktop_app.rules.field_values import field_label, shown_value
from desktop_app.rules.identity import IdType
from desktop_app.rules.messages import Part, UserError, text
from desktop_app.rules.names import fold, same_spelling
from desktop_app.rules.numbers import Count, row_list
from desktop_app.rules.problems import Problem
from desktop_app.services.police_checks import refused_by_rules, times_sent, unusable
from desktop_app.services.police_sheet import returned_sheet
from desktop_app.services.site import current_site

FIELDS_COMPARED = ("full_name", "dob", "sex", "id_number", "id_type")
# Follow from the ID number the police gave: never a value of their own that could differ.
DERIVED = ("id_type", "old_id_number")


@dataclass(frozen=True)
class RowResult:
    sheet_row: int
    person_id: str
    full_name: str
    result: str | None
    changes: dict[str, tuple[Any, Any]]  # field -> (now, as verified)
    problems: tuple[Problem, ...]  # the row itself is amiss: held for the police or a person
    read: ReturnedRow  # as read from the file: checked again when applied
    refusal: str | None = None  # why the values may not be written (lang): the rules say
    # no, or the central platform holds the police's number for a person of another site
    elsewhere: str | None = None  # that last reason alone (``police_elsewhere``)
    dob: date | None = None  # the record's, for the check against other sites

    @property
    def kind(self) -> str:
        """What Apply does with the row: a result word (applied), "refused" (the rules say
        no: returned with a note), "held" (the row is amiss) or "pending" (no answer)."""
        if self.problems:
            return "held"
        if self.result is None:
            return "pending"
        return "refused" if self.refusal else self.result


@dataclass
class Returned:
    file: str
    rows: list[RowResult] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (row, why), in lang
    missing: list[tuple[str, str]] = field(default_factory=list)  # sent with it, not back
    sheet: str = ""
    other_sheets: list[str] = field(default_factory=list)  # more lists, not read
    # New ID numbers not checked against the other sites (``police_elsewhere``): how many
    # and why (in lang), None when all were or there is no platform to ask.
    unchecked: int = 0
    unchecked_why: str | None = None
    # The preview and the dry run ask the platform nothing (a look-up discloses a citizen's
    # data and spends the site's hourly limit): the new ID numbers Apply will ask about.
    asked_on_apply: int = 0
    # The rows the file hides (struck out, filtered out), skipped: in ``skipped`` too.
    hidden: list[int] = field(default_factory=list)
    # Rows whose case was settled here after the list went (a supervisor's guess, closed
    # as fixed) that the police answer with other values: skipped too, never written over
    # the record, but Apply puts the case back to *returned* with the police's values.
    contradicting: list[RowResult] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        counted: Counter[str] = Counter(r.kind for r in self.rows)
        counted["skipped"] = len(self.skipped)
        counted["missing"] = len(self.missing)
        return counted

    def summary(self, lang: str = "vi", *, in_app: bool = False) -> str:
        """The counts, and what else the supervisor should know before Apply; ``in_app``:
        Apply is the preview's button, not ``--apply``."""
        c = self.counts()
        said = text("POLICE_SUMMARY", lang, rows=len(self.rows) + len(self.skipped),
                    matches=c[MATCHES], corrected=c[WRONG], not_found=c[NOT_FOUND],
                    refused=c["refused"], held=c["held"], pending=c["pending"],
                    skipped=c["skipped"])
        if self.hidden:  # as the backfill says them: a line for all
            said += " " + text("POLICE_HIDDEN_ROWS_SKIPPED", lang, count=Count(len(self.hidden)),
                               rows=row_list(self.hidden, lang))
        if self.missing:
            said += " " + text("POLICE_MISSING", lang, count=len(self.missing))
        if self.unchecked:
            said += " " + text("POLICE_UNCHECKED_ELSEWHERE", lang, count=self.unchecked,
                               why=self.unchecked_why or "")
        if self.asked_on_apply:
            said += " " + text("POLICE_ELSEWHERE_ON_APPLY", lang, count=self.asked_on_apply,
                               when=Part("POLICE_ON_APPLY_APP" if in_app
                                         else "POLICE_ON_APPLY_COMMAND"))
        if self.other_sheets:
            said += " " + text("POLICE_OTHER_SHEETS", lang, sheet=self.sheet,
                               others=", ".join(f"“{n}”" for n in self.other_sheets))
        return said

    def waiting(self) -> list[int]:
        """The rows the police have not answered yet (no result, no value, nothing amiss):
        they stay sent, said in one line however many (the police answer part of a list
        first)."""
        return [r.sheet_row for r in self.rows if r.kind == "pending" and not r.changes]

    def applicable(self) -> bool:
        return any(r.kind in (MATCHES, WRONG, NOT_FOUND, "refused") for r in self.rows)


def read_returned(db: Database, path: Path, lang: str = "vi",
                  today: date | None = None) -> Returned:
    """The returned file against the database, nothing changed: each row's differences,
    its result, what the identity rules say of the police's values (as Apply will), every
    row that cannot be used with the reason (in ``lang``; a row the file hides is skipped
    unread), and who was sent with the file's people but is not in it. A file another site
    exported is refused whole."""
    today = today or local_today()
    found = returned_sheet(path)
    parsed = [read_row(number, cells, found.layout) for number, cells in found.rows]
    _refuse_other_site(db, path, parsed)
    returned = Returned(path.name, sheet=found.sheet, other_sheets=found.others,
                        hidden=[number for number, _cells in found.hidden])
    # A hidden row is skipped unread, as the backfill skips one; its person is in the file
    # all the same, not one the police left out.
    hidden_ids = {read_row(number, cells, found.layout).person_id
                  for number, cells in found.hidden}
    ids = [row.person_id for row in parsed if row.person_id]
    rows_of: dict[str, list[int]] = {}
    for row in parsed:
        rows_of.setdefault(row.person_id, []).append(row.sheet_row)
    with db.reading() as s:
        people: dict[str, Person] = {}
        cases: dict[str, CleaningCase] = {}
        for start in range(0, len(ids), 900):  # one query per 900 rows, not one per row
            chunk = ids[start:start + 900]
            people.update((p.id, p) for p in s.scalars(
                select(Person).where(Person.id.in_(chunk))))
            cases.update((c.person_id, c) for c in s.scalars(
                select(CleaningCase).where(CleaningCase.person_id.in_(chunk))))
        # A row without its export's mark is judged by how often its person was sent.
        sent = times_sent(s, [r.person_id for r in parsed
                              if r.person_id and read_round(r.round) is None])
        for row in parsed:
            why = unusable(s, row, people.get(row.person_id), cases.get(row.person_id),
                           rows_of[row.person_id], lang, sent.get(row.person_id, 0))
            against = _contradicting(s, people.get(row.person_id), cases.get(row.person_id),
                                     row, rows_of[row.person_id], today, lang) \
                if why is not None else None
            if against is not None:
                returned.contradicting.append(against)
                why = text("POLICE_ROW_CONTRADICTS", lang, values=_values(against, lang))
            if why is not None:
                returned.skipped.append((row.sheet_row, why))
                continue
            returned.rows.append(_compare(s, people[row.person_id], row, today, lang))
        returned.missing = _not_back(s, cases, set(ids) | hidden_ids)
    returned.skipped = sorted([*returned.skipped, *((n, text("POLICE_ROW_HIDDEN", lang))
                                                     for n in returned.hidden)])
    return returned


def _contradicting(s: Session, person: Person | None, case: CleaningCase | None,
                   row: ReturnedRow, rows: list[int], today: date, lang: str
                   ) -> RowResult | None:
    """The row, compared, when its person's case was settled here after the list went
    (no longer sent, not folded, named once) and the police give values the record does
    not hold: what they said must not be lost with the row."""
    if person is None or case is None or case.status == Status.SENT or len(rows) > 1 or \
            person.merged_into is not None or row.result not in (WRONG, MATCHES) or \
            _answered_since(s, person.id, case.sent_at):
        return None
    compared = _compare(s, person, row, today, lang)
    return compared if compared.changes else None


def _answered_since(s: Session, person_id: str, sent_at: datetime | None) -> bool:
    """Whether a police file's answer was applied to the person since the list went: the
    same file imported again is that answer, not a new one."""
    query = select(AuditEntry.details).where(
        AuditEntry.entity == "person", AuditEntry.entity_id == person_id,
        AuditEntry.action == "cleaning")
    if sent_at is not None:
        query = query.where(AuditEntry.at >= sent_at)
    return any(json.loads(d or "{}").get("why") == "police" for d in s.scalars(query))


def values_said(changes: dict[str, tuple[Any, Any]], lang: str) -> str:
    """The police's values, field by field, in words."""
    return "; ".join(f"{field_label(f, lang)}: {shown_value(f, new, lang)}"
                     for f, (_old, new) in changes.items())


def _values(row: RowResult, lang: str) -> str:
    return values_said(row.changes, lang)


def _refuse_other_site(db: Database, path: Path, rows: list[ReturnedRow]) -> None:
    """A list another site exported (the mark names its site) is not this site's to
    apply: its people are not ours, even where a copied database knows them."""
    site = current_site(db)
    if site is None:
        return
    theirs = {m[0] for m in map(read_round, (r.round for r in rows)) if m and m[0]} \
        - {site.code}  # "": exported before the site was set up, so this laptop's
    if theirs:
        raise UserError("POLICE_FILE_OTHER_SITE", file=path.name, site=", ".join(sorted(theirs)),
                        here=site.code)


def _not_back(s: Session, cases: dict[str, CleaningCase], back: set[str]) -> list[tuple[str, str]]:
    """Those still sent in the same export as the file's people (one export marks everyone
    at one moment) whom the police left out: they stay sent, and someone should ask."""
    batches = {c.sent_at for c in cases.values() if c.status == Status.SENT and c.sent_at}
    if not batches:
        return []
    sent = s.execute(select(Person.id, Person.full_name).join(
        CleaningCase, CleaningCase.person_id == Person.id).where(
        CleaningCase.status == Status.SENT.value, CleaningCase.sent_at.in_(batches))).all()
    return sorted(((pid, name) for pid, name in sent if pid not in back),
                  key=lambda p: fold(p[1]))


def _changes(person: Person, row: ReturnedRow) -> dict[str, tuple[Any, Any]]:
    """What the police's values change, field by field (now, as verified). A CCCD given
    for a person held under a CMND keeps the CMND as the old number, as the desk's card
    correction does (``card_check.cccd_replacing``): the papers and the card's QR code still
    carry it, and other sites find the person by it."""
    changes = {f: (getattr(person, f), row.verified[f]) for f in FIELDS_COMPARED
               if f in row.verified and row.verified[f] != getattr(person, f)}
    if "full_name" in changes and same_spelling(*changes["full_name"]):
        del changes["full_name"]  # "Hoà" as "Hòa": one name, two ways to place the tone
    if "id_number" in changes and row.verified.get("id_type") == IdType.CCCD:
        kept = cccd_replacing(row.verified["id_number"], id_type=person.id_type,
                              id_number=person.id_number)
        if kept.get("old_id_number") and kept["old_id_number"] != person.old_id_number:
            changes["old_id_number"] = (person.old_id_number, kept["old_id_number"])
    return changes


NOTE_ONLY = "POLICE_ROW_NOTE_ONLY"
# Besides the name, what says the verified values are someone else's when it changes too.
_WHO = ("dob", "sex", "id_number")
# What the record holds that, left as it is by the row, vouches for a name changed whole.
_VOUCH = ("dob", "id_number")


def _another_person(person: Person, changes: dict[str, tuple[Any, Any]]) -> bool:
    """Whether the row's values change both the family and the given name ("Trần Thị Mai"
    as "Lê Thị Hoa") and nothing on the record vouches for it: they also change a birth
    date, sex or ID number the record holds (born another year), or the record holds no
    birth date or ID number that the row leaves as it is (a list of people the desk could
    not identify: the officer's answers pasted one row off). Another person's answer,
    pasted on this row (the officer's system sorted otherwise). Not when either name stays
    ("Trần Thị Mai" as "Trần Văn Mai", a man: the middle name goes with the sex; "Mai" as
    "Phạm Thị Mai") or only its diacritics change (``fold``). Such a row is held:
    applied, each record would take the other's identity and close."""
    if "full_name" not in changes:
        return False
    was, now = (fold(name).split() for name in changes["full_name"])
    if not was or not now or _same_family(was, now) or _same_given(was, now):
        return False
    if any(f in changes and changes[f][0] not in (None, "") for f in _WHO):
        return True
    return not any(getattr(person, f) not in (None, "") and f not in changes for f in _VOUCH)


def _same_family(was: list[str], now: list[str]) -> bool:
    """The same family name, or one of the two has none (a record of the given name
    alone, "Mai", completed as "Phạm Thị Mai")."""
    return was[0] == now[0] or len(was) == 1 or len(now) == 1


def _same_given(was: list[str], now: list[str]) -> bool:
    """The same given name, its syllables written together or apart ("Sa Rây", "Saray")."""
    return "".join(was).endswith(now[-1]) or "".join(now).endswith(was[-1])


def _compare(s: Session, person: Person, row: ReturnedRow, today: date,
             lang: str) -> RowResult:
    changes = _changes(person, row)
    problems = list(row.problems)
    if row.result == WRONG and not changes:
        problems.append(Problem("POLICE_ROW_WRONG_NO_VALUES", "result"))
    # No result and no value, but words in the notes ("đã chết năm 2022"): an answer, not
    # one still to come; a person reads it (Apply returns the case with it).
    if row.result is None and not changes and row.note:
        problems.append(Problem(NOTE_ONLY, "result", params={"note": row.note}))
    if row.result in (MATCHES, WRONG) and _another_person(person, changes):
        problems.append(Problem("POLICE_ROW_OTHER_PERSON", "result"))
    # "khớp" with a value where the record had none (a birth date, a CCCD filled in): the
    # officer confirms and completes; applied as a correction. A value that differs from
    # one the record holds: which is it? never dropped without a word. The ID type and the
    # old number follow from the number: "no ID" becoming "CCCD" is no value of its own.
    if row.result == MATCHES and any(old not in (None, "") for f, (old, _new)
                                     in changes.items() if f not in DERIVED):
        problems.append(Problem("POLICE_ROW_MATCH_DIFFERS", "result"))
    # "không tìm thấy" with values: the nearest citizen they found? Never written over the
    # record (Apply corrects only "sai thông tin" and "khớp"); a person looks at it.
    if row.result == NOT_FOUND and changes:
        problems.append(Problem("POLICE_ROW_NOT_FOUND_VALUES", "result"))
    refusal = refused_by_rules(s, person, {f: new for f, (_old, new) in changes.items()},
                               today, lang) if row.result in (MATCHES, WRONG) else None
    return RowResult(row.sheet_row, person.id, person.full_name, row.result, changes,
                     tuple(problems), row, refusal, dob=person.dob)
