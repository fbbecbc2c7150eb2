"""The counts and lists of the desk's day: doses, screenings, reactions over a range of days.

Screenings carry UTC times; the range is of local days, turned into UTC bounds once here.
A reaction counts on its dose's day (``dose_date``, a local day): one at 00:10 in the
observation of a 23:55 dose is the night session's, not the next day's.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.clock import utc_bounds, utc_to_local
from desktop_app.db.models import Dose, DoseReaction, Screening


def doses_by_product(s: Session, start: date, end: date) -> list[tuple[str, int, int]]:
    """(product, dose number, count) of active desk doses given in the range."""
    return [tuple(r) for r in s.execute(
        select(Dose.product_code, Dose.dose_number, func.count())
        .where(Dose.status == "active", Dose.source == "desk",
               Dose.dose_date >= start, Dose.dose_date <= end)
        .group_by(Dose.product_code, Dose.dose_number)
        .order_by(Dose.product_code, Dose.dose_number)).all()]


def screening_outcomes(s: Session, start: date, end: date) -> dict[str, int]:
    """People screened on each day of the range, by the outcome of their latest screening
    that day: a person screened twice in a day (picked again after Esc, or postponed and
    then found well) is one that day. Over a month, someone postponed on the 3rd and found
    well on the 10th is a postponement and a screening each day: taking one outcome a
    person for the whole range left the month's postponements out."""
    low, high = utc_bounds(start, end)
    latest: dict[tuple[str, date], str] = {}
    for person_id, at, outcome in s.execute(
            select(Screening.person_id, Screening.screened_at, Screening.outcome)
            .where(Screening.screened_at >= low, Screening.screened_at < high,
                   Screening.void_reason.is_(None))  # taken off with a wrong person's dose
            .order_by(Screening.screened_at)):
        latest[(person_id, utc_to_local(at).date())] = outcome  # the day's last stays
    return dict(Counter(latest.values()))


def reaction_counts(s: Session, start: date, end: date) -> dict[str, int]:
    """Reactions after the doses given in the range, by severity."""
    return dict(s.execute(
        select(DoseReaction.severity, func.count())
        .join(Dose, Dose.id == DoseReaction.dose_id)
        .where(Dose.dose_date >= start, Dose.dose_date <= end)
        .group_by(DoseReaction.severity)).all())


def serious_reactions(s: Session, start: date, end: date) -> list[Any]:
    """(onset UTC, product, lot, dose number, description, action, dose status) of serious
    reactions after the doses given in the range: those on a dose since marked entered in
    error too (the person did react; the report says the dose record was wrong, and no
    serious reaction drops out)."""
    return s.execute(
        select(DoseReaction.onset_at, Dose.product_code, Dose.lot_number, Dose.dose_number,
               DoseReaction.description, DoseReaction.action_taken, Dose.status)
        .join(Dose, Dose.id == DoseReaction.dose_id)
        .where(DoseReaction.severity == "serious",
               Dose.dose_date >= start, Dose.dose_date <= end)
        .order_by(DoseReaction.onset_at)).all()
