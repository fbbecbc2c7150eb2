"""The counts and lists of the desk's day: doses, screenings, reactions over a range of days.

Screenings carry UTC times; the range is of local days, turned into UTC bounds once here.
A screening counts once a visit, on the day of the visit's last screening: a night session
across midnight is one visit, as the desk holds it (``rules.desk_day.same_visit``).
A reaction counts on the day it began, or its dose's day (``dose_date``, a local day) when
it began in the dose's observation: one at 00:10 after a 23:55 dose is the night session's,
one that began at home two days later is that day's (``rules.desk_day.reaction_day``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from desktop_app.clock import utc_bounds, utc_to_local
from desktop_app.db.models import Dose, DoseReaction, Observation, Screening
from desktop_app.rules.desk_day import OBSERVATION, VISIT_HOURS, reaction_day, same_visit


def doses_by_product(s: Session, start: date, end: date) -> list[tuple[str, int, int]]:
    """(product, dose number, count) of active desk doses given in the range."""
    return [tuple(r) for r in s.execute(
        select(Dose.product_code, Dose.dose_number, func.count())
        .where(Dose.status == "active", Dose.source == "desk",
               Dose.dose_date >= start, Dose.dose_date <= end)
        .group_by(Dose.product_code, Dose.dose_number)
        .order_by(Dose.product_code, Dose.dose_number)).all()]


def screening_outcomes(s: Session, start: date, end: date) -> dict[str, int]:
    """People screened on each day of the range, a visit once, by the outcome of its last
    screening, on that screening's day: a person screened twice in a visit (picked again
    after Esc, postponed then found well, or either side of midnight in a night session, as
    the desk holds it: ``rules.desk_day.same_visit``) is one. Over a month, someone
    postponed on the 3rd and found well on the 10th is a postponement and a screening each
    day: taking one outcome a person for the whole range left the month's postponements
    out. Screenings a visit's hours past the range are read too: one at 00:10 after the
    range's last day ends the visit begun at 23:55 in it, which is then the next day's."""
    low, high = utc_bounds(start, end)
    counted: Counter[str] = Counter()
    visit: dict[str, tuple[datetime, str]] = {}  # a person's latest screening, local time

    def close(last: datetime, outcome: str) -> None:
        if start <= last.date() <= end:
            counted[outcome] += 1

    for person_id, at, outcome in s.execute(
            select(Screening.person_id, Screening.screened_at, Screening.outcome)
            .where(Screening.screened_at >= low,
                   Screening.screened_at < high + timedelta(hours=VISIT_HOURS),
                   Screening.void_reason.is_(None))  # taken off with a wrong person's dose
            .order_by(Screening.screened_at)):
        local = utc_to_local(at)
        before = visit.get(person_id)
        if before is not None and not same_visit(before[0], local):
            close(*before)
        visit[person_id] = (local, outcome)  # the visit's last stays
    for last in visit.values():
        close(*last)
    return dict(counted)


def reaction_counts(s: Session, start: date, end: date) -> dict[str, int]:
    """Reactions reported on the days of the range (``_reported_in``), by severity."""
    return dict(Counter(r[0] for r in _reported_in(s, start, end)))


def serious_reactions(s: Session, start: date, end: date) -> list[Any]:
    """(onset UTC, product, lot, dose number, description, action, dose status) of serious
    reactions reported on the days of the range (``_reported_in``): those on a dose since
    marked entered in error too (the person did react; the report says the dose record was
    wrong, and no serious reaction drops out)."""
    return [r[1:] for r in _reported_in(s, start, end, DoseReaction.severity == "serious")]


def _reported_in(s: Session, start: date, end: date, *where: Any) -> list[Any]:
    """(severity, onset, product, lot, number, description, action, dose status) of the
    reactions whose day (``rules.desk_day.reaction_day``) is in the range, by onset: those
    after the range's doses and those that began in it, each then placed on its day."""
    low, high = utc_bounds(start, end)
    found = []
    for row in s.execute(
            select(DoseReaction.severity, DoseReaction.onset_at, Dose.product_code,
                   Dose.lot_number, Dose.dose_number, DoseReaction.description,
                   DoseReaction.action_taken, Dose.status, Dose.dose_date,
                   Observation.started_at, Observation.ended_at)
            .join(Dose, Dose.id == DoseReaction.dose_id)
            .outerjoin(Observation, Observation.dose_id == Dose.id)
            .where(or_(and_(Dose.dose_date >= start, Dose.dose_date <= end),
                       and_(DoseReaction.onset_at >= low, DoseReaction.onset_at < high)),
                   *where)
            .order_by(DoseReaction.onset_at)):
        watched = None
        if row.started_at is not None:  # the 30 minutes, or longer if kept on
            watched = utc_to_local(max(row.started_at + OBSERVATION,
                                       row.ended_at or row.started_at))
        if start <= reaction_day(utc_to_local(row.onset_at), row.dose_date, watched) <= end:
            found.append(tuple(row[:8]))
    return found
