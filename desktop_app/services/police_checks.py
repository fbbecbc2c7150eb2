"""Whether a row of the police's answer may be applied: asked when the file is read for the
preview, and again in the transaction that applies it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.db import store
from desktop_app.db.models import CleaningCase, Person
from desktop_app.importers.police_file import ReturnedRow
from desktop_app.rules.cleaning import Status, identity_codes
from desktop_app.rules.messages import text
from desktop_app.rules.names import fold
from desktop_app.rules.person import check_person
from desktop_app.services.doses import PersonInput, id_registered_to_another


def unusable(row: ReturnedRow, person: Person | None, case: CleaningCase | None,
             rows: list[int], lang: str) -> str | None:
    """Why a row cannot be applied (in ``lang``), or None. Only a person still *sent for
    verification*, named once, whose record is as it was sent: a list imported twice, or
    after a supervisor corrected the person since, once put the old answer back."""
    if person is None:
        return text("POLICE_ROW_UNKNOWN_PERSON", lang, person_id=row.person_id)
    if len(rows) > 1:
        return text("POLICE_ROW_TWICE", lang, rows=", ".join(map(str, rows)))
    if person.merged_into is not None:
        return text("POLICE_ROW_MERGED", lang, kept=person.merged_into)
    if case is None or case.status != Status.SENT:
        return text("POLICE_ROW_NOT_SENT", lang)
    now = {"full_name": fold(person.full_name), "dob": person.dob, "sex": person.sex,
           "id_number": person.id_number}
    changed = [f for f in now if row.sent.get(f) != now[f]]
    if changed:
        return text("POLICE_ROW_CHANGED", lang, fields=", ".join(
            text(f"FIELD_{f.upper()}", lang) for f in changed))
    return None


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
    problems = check_person(facts, today) + id_registered_to_another(s, facts, person.id)
    had = set(identity_codes(PersonInput(**current), today))
    new_errors = [p.message(lang) for p in problems if p.is_error and p.code not in had]
    if new_errors:
        return text("POLICE_ROW_CORRECTION_REFUSED", lang, problems=sentences(new_errors))
    if "full_name" in changes and any(p.code == "NAME_NO_DIACRITICS" for p in problems):
        return text("POLICE_ROW_NAME_NO_DIACRITICS", lang, name=changes["full_name"],
                    old=person.full_name)
    return None


def sentences(messages: Iterable[str]) -> str:
    """Messages one after another, each a sentence: joined by "; " they read
    "(vd. 05/09/1990).; Kết quả…".

    >>> sentences(["Ngày sinh sai (vd. 05/09/1990).", "Thiếu giới tính", ""])
    'Ngày sinh sai (vd. 05/09/1990). Thiếu giới tính.'
    """
    said = [m.strip() for m in messages if m and m.strip()]
    return " ".join(m if m.endswith((".", "!", "?", "…")) else m + "." for m in said)
