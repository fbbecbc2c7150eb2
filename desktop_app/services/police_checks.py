"""Whether a row of the police's answer may be applied: asked when the file is read for the
preview, and again in the transaction that applies it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.clock import local_time
from desktop_app.db import store
from desktop_app.db.models import AuditEntry, CleaningCase, Person
from desktop_app.importers.police_file import (
    DOCUMENT,
    HEADER,
    ROUND,
    ReturnedRow,
    document_cells,
    read_round,
)
from desktop_app.rules.cleaning import Status, identity_codes
from desktop_app.rules.messages import text
from desktop_app.rules.names import fold, same_spelling
from desktop_app.rules.person import check_person
from desktop_app.rules.problems import Problem
from desktop_app.services.doses import PersonInput, id_registered_to_another
from desktop_app.services.merged_records import kept_named


def unusable(s: Session, row: ReturnedRow, person: Person | None, case: CleaningCase | None,
             rows: list[int], lang: str, sent: int | None = None) -> str | None:
    """Why a row cannot be applied (in ``lang``), or None. Only a person still *sent for
    verification*, named once, sent in the list the row answers, whose record is as it was
    sent: a list imported twice, after a supervisor corrected the person since, or an
    earlier list's answers after the person was sent again, once put the old answer back
    (and closed the case the later list was waiting on). ``sent``: how many times the
    person was sent (``times_sent``), when the caller counted a whole file's at once."""
    if not row.person_id:  # a row the officer added: named by its person
        return text("POLICE_ROW_NO_CODE", lang, name=row.name) if row.name \
            else text("POLICE_ROW_NO_CODE_NO_NAME", lang)
    if person is None:
        return text("POLICE_ROW_UNKNOWN_PERSON", lang, person_id=row.person_id)
    if len(rows) > 1:
        return text("POLICE_ROW_TWICE", lang, rows=", ".join(map(str, rows)))
    if person.merged_into is not None:
        return text("POLICE_ROW_MERGED", lang, **kept_named(s, person.id))
    if case is None or case.status != Status.SENT:
        return text("POLICE_ROW_NOT_SENT", lang)
    other_list = _other_list(s, row, case, lang, sent)
    if other_list is not None:
        return other_list
    now = {"full_name": person.full_name, "dob": person.dob, "sex": person.sex,
           "id_number": person.id_number}
    changed = [f for f in now if not _same(f, row.sent.get(f), now[f])]
    corrected = _corrected_since(s, person.id, changed, case.sent_at) if changed else []
    if corrected:
        return text("POLICE_ROW_CHANGED", lang, fields=", ".join(
            text(f"FIELD_{f.upper()}", lang) for f in corrected))
    # A name come back with no marks at all, nobody having corrected it: the officer's
    # system wrote the sent column without them, which is no edit of the officer's. A name
    # with marks of its own that differ ("Lan" → "Lân") is the officer's correction.
    changed = [f for f in changed if f != "full_name" or not _marks_stripped(row.sent.get(f),
                                                                           now[f])]
    if not changed:
        return _document_edited(row, person, lang)
    # Nobody touched the record: the officer wrote into the list's own columns (the found
    # birth date in "Ngày sinh" rather than "Ngày sinh (xác minh)"). Exporting again would
    # not help; moving the value to the verified column does.
    return text("POLICE_ROW_SENT_EDITED", lang,
                columns="”, “".join(HEADER[1 + _SENT_FIELDS.index(f)] for f in changed),
                verified="”, “".join(HEADER[8 + _SENT_FIELDS.index(f)] for f in changed))


def _same(field: str, sent: Any, now: Any) -> bool:
    """Whether the list's sent value is the record's: a name as its spelling (its marks
    count: a supervisor's "Hoa" → "Hòa" is a correction; the style of tone placement is
    not)."""
    if field == "full_name":
        return same_spelling(sent or "", now or "")
    return sent == now


def _marks_stripped(returned: str | None, now: str | None) -> bool:
    """Whether the returned name is the record's with every mark dropped.

    >>> _marks_stripped("Pham Thi Lan", "Phạm Thị Lan")
    True
    >>> _marks_stripped("Phạm Thị Lân", "Phạm Thị Lan")
    False
    """
    return (returned or "").isascii() and fold(returned or "") == fold(now or "")


def _document_edited(row: ReturnedRow, person: Person, lang: str) -> str | None:
    """Why a row whose document columns the officer changed is not applied: the kind of
    document or a passport's country is read back from no column (the immigration police
    correcting a country in place had it dropped without a word); the supervisor reads
    what they wrote and corrects the record if it is right."""
    cells = document_cells(person.id_type, person.nationality)
    edited = [(heading, was, row.sent[heading]) for heading, was in zip(DOCUMENT, cells,
                                                                        strict=True)
              if heading in row.sent and fold(row.sent[heading]) != fold(was)]
    if not edited:
        return None
    return text("POLICE_ROW_DOCUMENT_EDITED", lang, changes="; ".join(
        f"“{heading}”: “{was or '—'}” → “{now or '—'}”" for heading, was, now in edited))


# The record's fields as the list writes them, in its columns' order: sent (from "Họ và
# tên"), then verified (from "Họ và tên (xác minh)").
_SENT_FIELDS = ("full_name", "dob", "sex", "id_number")


def _corrected_since(s: Session, person_id: str, fields: list[str],
                     since: datetime | None) -> list[str]:
    """Which of ``fields`` the person's audit says changed since the list was exported
    (all of them when that moment is not known)."""
    if since is None:
        return fields
    touched: set[str] = set()
    for (details,) in s.execute(select(AuditEntry.details).where(
            AuditEntry.entity == "person", AuditEntry.entity_id == person_id,
            AuditEntry.at > since)):
        said = json.loads(details or "{}")
        if isinstance(said, dict):
            touched.update(said)
    return [f for f in fields if f in touched]


def _other_list(s: Session, row: ReturnedRow, case: CleaningCase, lang: str,
                sent: int | None) -> str | None:
    """Why the row answers another list than the one the person waits on, or None.

    A row carrying its export's mark answers that export only: the case's ``sent_at`` is
    the moment its latest export marked it. A row without one (a file written before the
    mark, or a copy that left the hidden column out) is taken only for a person sent once:
    sent more often, which list it answers cannot be told."""
    here = local_time(case.sent_at) if case.sent_at else "?"
    marked = read_round(row.round)
    if marked is not None:
        _site, sent_at = marked
        if case.sent_at == sent_at:
            return None
        code = "POLICE_ROW_EARLIER_LIST" if case.sent_at is not None and \
            sent_at < case.sent_at else "POLICE_ROW_OTHER_LIST"
        return text(code, lang, sent=local_time(sent_at), here=here)
    if sent is None:
        sent = times_sent(s, [row.person_id]).get(row.person_id, 0)
    if sent > 1:
        return text("POLICE_ROW_UNMARKED_RESENT", lang, column=ROUND, count=sent, here=here)
    return None


def times_sent(s: Session, person_ids: list[str]) -> dict[str, int]:
    """How many times each person was sent for verification (their audit: moved to
    *sent*, or sent again on purpose)."""
    counted: dict[str, int] = {}
    for start in range(0, len(person_ids), 900):
        for pid, details in s.execute(
                select(AuditEntry.entity_id, AuditEntry.details).where(
                    AuditEntry.entity == "person", AuditEntry.action == "cleaning",
                    AuditEntry.entity_id.in_(person_ids[start:start + 900]),
                    AuditEntry.details.contains("sent"))):
            said = json.loads(details or "{}")
            moved = said.get("status")
            if "sent_again" in said or (isinstance(moved, list) and moved[-1:] == ["sent"]
                                        and moved[:1] != ["sent"]):
                counted[pid] = counted.get(pid, 0) + 1
    return counted


def refused_by_rules(s: Session, person: Person, changes: dict[str, Any], today: date,
                     lang: str) -> str | None:
    """Why the police's values may not be written (``correct_person_in``'s own test: no
    error the person did not already have), or None. A name without diacritics over one
    with them is a warning the record window asks about; here nobody is asked, so a person
    must look at it: the police's lists are often typed without accents."""
    if not changes:
        return None
    current = {k: getattr(person, k) for k in store.PERSON_FIELDS}
    facts = PersonInput(**{**current, **changes})
    problems = check_person(facts, today) + id_registered_to_another(s, facts, person.id,
                                                                     changed=changes)
    had = set(identity_codes(PersonInput(**current), today))
    new_errors = [said(p, lang) for p in problems if p.is_error and p.code not in had]
    if new_errors:
        return text("POLICE_ROW_CORRECTION_REFUSED", lang, problems=sentences(new_errors))
    if "full_name" in changes and any(p.code == "NAME_NO_DIACRITICS" for p in problems):
        return text("POLICE_ROW_NAME_NO_DIACRITICS", lang, name=changes["full_name"],
                    old=person.full_name)
    return None


def said(problem: Problem, lang: str) -> str:
    """A problem as the police round trip says it: the desk's "this number is registered
    to X; pick that person instead of creating a new one" fits a clerk registering someone,
    not an answer written over a record (nobody is being created)."""
    if problem.code == "ID_ALREADY_REGISTERED":
        return text("POLICE_ID_HELD_HERE", lang, **problem.params)
    return problem.message(lang)


def sentences(messages: Iterable[str]) -> str:
    """Messages one after another, each a sentence: joined by "; " they read
    "(vd. 05/09/1990).; Kết quả…".

    >>> sentences(["Ngày sinh sai (vd. 05/09/1990).", "Thiếu giới tính", ""])
    'Ngày sinh sai (vd. 05/09/1990). Thiếu giới tính.'
    """
    messages_said = [m.strip() for m in messages if m and m.strip()]
    return " ".join(m if m.endswith((".", "!", "?", "…")) else m + "." for m in messages_said)
