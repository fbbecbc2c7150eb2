"""What a merge's joined doses say of the kept record, and the flags it puts on it.

Each record's doses were checked at the desk against that record's own; a merge joins them
unchecked. One injection recorded on both records (dose 1 on one, dose 2 on the other, the
same day) became a finished primary series; a dose 2 dated before the other record's dose
1 stood unflagged. The desk's sequence rules (``rules.doses.joined_problems``) now run on
the doses joined: the merge's last word says what they find, and the merge puts each code
on the kept record's cleaning reasons (on the cleaning list, as an import's ``DOSE_ORDER``
puts a person), naming those it added in its audit entry, so that undoing it takes back
only those.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select, union_all
from sqlalchemy.orm import Session

from desktop_app.clock import local_today
from desktop_app.db import cleaning_store
from desktop_app.db.catalogue_sync import current_catalogue
from desktop_app.db.database import Database
from desktop_app.db.models import Dose, ExternalDose, Person
from desktop_app.rules.cleaning import split_codes
from desktop_app.rules.doses import PriorDose, joined_problems
from desktop_app.rules.problems import Problem


def joined_dose_problems(db: Database, keep_id: str, fold_id: str) -> list[Problem]:
    """What the desk's rules find in the doses a merge of these two would join, asked
    before the supervisor's last word (``joined``)."""
    with db.reading() as s:
        return joined(s, keep_id, fold_id)


def joined(s: Session, keep_id: str, fold_id: str) -> list[Problem]:
    """The problems of the two records' doses joined (``doses_of_both``)."""
    held: dict[str, list[PriorDose]] = {keep_id: [], fold_id: []}
    for pid, number, given, product in doses_of_both(s, keep_id, fold_id):
        held[pid].append(PriorDose(number, given, product))
    return joined_problems(held[keep_id], held[fold_id], current_catalogue(s))


def doses_of_both(s: Session, keep_id: str, fold_id: str
                  ) -> list[tuple[str, int, date, str]]:
    """(person, number, date, product) of the two records' doses: their active doses here
    and those other sites gave them, which move with a merge too."""
    people = (keep_id, fold_id)
    ours = select(Dose.person_id, Dose.dose_number, Dose.dose_date, Dose.product_code).where(
        Dose.person_id.in_(people), Dose.status == "active")
    elsewhere = select(ExternalDose.person_id, ExternalDose.dose_number,
                       ExternalDose.dose_date, ExternalDose.product_code).where(
        ExternalDose.person_id.in_(people))
    return [tuple(row) for row in s.execute(union_all(ours, elsewhere))]  # type: ignore[misc]


def flag_joined(s: Session, kept: Person, problems: Iterable[Problem], *, now: datetime,
                user_id: str | None) -> list[str]:
    """Each problem's code put on the kept record's cleaning reasons (audited, sent again,
    a closed case opened again: ``cleaning_store.raise_flag``); returns the codes it did
    not hold already, the ones the merge is to name and its undoing to take back."""
    had = split_codes(kept.cleaning_reason)
    added = []
    for code in dict.fromkeys(p.code for p in problems):
        if code in had:
            continue
        cleaning_store.raise_flag(s, kept, code, None, news=False, now=now,
                                  user_id=user_id, why="merge")
        added.append(code)
    return added


def unflag_joined(s: Session, kept: Person, codes: Iterable[str], *, now: datetime,
                  user_id: str | None) -> list[str]:
    """The codes a merge put on the kept record (``flag_joined``) taken off again as the
    merge is undone, the case following (``cleaning_store.settle_flag``); returns those
    still there to take."""
    return [code for code in codes if cleaning_store.settle_flag(
        s, kept, code, today=local_today(), now=now, user_id=user_id,
        why=cleaning_store.UNMERGED)]
