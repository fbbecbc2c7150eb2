"""The reports' aggregates, in SQL over the tallies the triggers keep (migration 0013).

One place for each figure, read by the Reports area, the command line and the site report
sent to the central platform, so the three never disagree. Only active doses count; a dose's
upload state is its outbox row's, folded as the site report names it (``wire.site_report``:
pending is also sending and in conflict). Every function reads through the caller's session.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Collection
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import case, func, or_, select, text, union
from sqlalchemy.orm import Session

from desktop_app.clock import utc_bounds
from desktop_app.db import complaint_store
from desktop_app.db.models import (
    CleaningCase,
    Complaint,
    Person,
    ReportChangedDay,
    ReportDoseDay,
    ReportSyncDay,
)
from desktop_app.rules.cleaning import Status, WorkList, backlog_problems, list_of, problems_of
from desktop_app.rules.reports import AGE_GROUPS, UNKNOWN_AGE, group_label
from desktop_app.wire.complaints import OPEN
from desktop_app.wire.register import PROBLEM_CODE
from desktop_app.wire.site_report import DayCount

STATES = ("synced", "rejected", "pending")


def doses_by_day(s: Session, start: date, end: date) -> list[tuple[date, str, int, str, int]]:
    """(day, product, dose number, age group on that day, count), ordered. The groups are
    the rules' own (``rules.reports.AGE_GROUPS``), turned into SQL here so a year comes
    back as a few thousand rows, not the tally's quarter million."""
    t = ReportDoseDay
    group = case(*((t.age.between(first, last) if last is not None else t.age >= first,
                    group_label(first, last)) for first, last in AGE_GROUPS),
                 else_=UNKNOWN_AGE)
    order = case(*((t.age.between(first, last) if last is not None else t.age >= first, n)
                   for n, (first, last) in enumerate(AGE_GROUPS)), else_=len(AGE_GROUPS))
    return [tuple(r) for r in s.execute(  # type: ignore[misc]
        select(t.dose_date, t.product_code, t.dose_number, group, func.sum(t.n))
        .where(t.dose_date.between(start, end), t.n > 0)
        .group_by(t.dose_date, t.product_code, t.dose_number, order)
        .order_by(t.dose_date, t.product_code, t.dose_number, order))]


def completeness(s: Session, start: date, end: date) -> list[DayCount]:
    """Per day with doses: recorded, and where they stand in the upload."""
    return _day_counts(s, lambda day: day.between(start, end))


def day_counts(s: Session, days: Collection[date]) -> list[DayCount]:
    """Each of ``days`` as ``completeness`` counts it, the oldest first; a day without
    doses too, with nothing in it (a day that lost its doses, said so)."""
    if not days:
        return []
    found = {d.day: d for d in _day_counts(s, lambda day: day.in_(days))}
    return [found.get(day) or DayCount(day, 0, 0, 0, 0) for day in sorted(days)]


def _day_counts(s: Session, within: Callable[[Any], Any]) -> list[DayCount]:
    """``completeness`` of the days ``within`` (given a day column) picks."""
    recorded = dict(s.execute(
        select(ReportDoseDay.dose_date, func.sum(ReportDoseDay.n))
        .where(within(ReportDoseDay.dose_date))
        .group_by(ReportDoseDay.dose_date)).all())
    states: dict[date, Counter[str]] = {}
    for day, state, n in s.execute(
            select(ReportSyncDay.dose_date, ReportSyncDay.state, ReportSyncDay.n)
            .where(within(ReportSyncDay.dose_date))):
        states.setdefault(day, Counter())[state] += n
    days = sorted(d for d in set(recorded) | set(states)
                  if recorded.get(d) or any(states.get(d, {}).values()))
    # max(0, ...): while a big import counts its doses at its end, a dose of it the desk
    # voided is already taken off its day (bulk_sql.TALLIES_PENDING); never below nothing.
    return [DayCount(d, max(0, int(recorded.get(d) or 0)),
                     *(states.get(d, Counter())[k] for k in STATES)) for d in days]


def last_days_with_doses(s: Session, count: int) -> tuple[date, date] | None:
    """The first and last of the latest ``count`` days that have active doses."""
    days = s.execute(
        select(ReportDoseDay.dose_date).where(ReportDoseDay.n > 0)
        .group_by(ReportDoseDay.dose_date)
        .order_by(ReportDoseDay.dose_date.desc()).limit(count)).scalars().all()
    return (days[-1], days[0]) if days else None


def has_doses_before(s: Session, day: date) -> bool:
    """Whether a day before ``day`` has active doses."""
    return s.execute(select(ReportDoseDay.dose_date).where(
        ReportDoseDay.dose_date < day, ReportDoseDay.n > 0).limit(1)).first() is not None


def changed_days(s: Session) -> dict[date, int]:
    """The days whose tallies changed since the platform last took a report naming them,
    each with its count of changes (``ReportChangedDay``, migration 0020)."""
    return dict(s.execute(select(ReportChangedDay.dose_date, ReportChangedDay.changes)).all())


# Every tallied day marked changed (raw SQL, for a file not yet open as a Database): after a
# restore, the platform holds the figures of the days as the replaced file last reported
# them, and only a mark sends an old day again.
MARK_EVERY_DAY = ("INSERT OR IGNORE INTO report_changed_day (dose_date, changes)"
                  " SELECT dose_date, 1 FROM report_dose_day"
                  " UNION SELECT dose_date, 1 FROM report_sync_day")
# One day marked so (a day the replaced file had figures of: the copy may have none).
MARK_DAY = "INSERT OR IGNORE INTO report_changed_day (dose_date, changes) VALUES (?, 1)"
# The tables whose days a file's reports spoke of, or are still to speak of.
TALLY_TABLES = ("report_dose_day", "report_sync_day", "report_changed_day")
# A copy from before migration 0020 has no table to mark a day in: a restore notes there the
# days the replaced file had (settings.RESTORE_DAYS_NOTED: a JSON list of ISO days), and the
# copy's first opening, once migrated, marks them (``mark_noted_days``). The migration marks
# the copy's own days; without the note, a day only the replaced file had stayed on the
# platform as that file last reported it.


def _noted_key() -> str:
    from desktop_app import settings  # settings sits above db: imported when used

    return settings.RESTORE_DAYS_NOTED.key


def noted_days(conn: Any) -> list[str]:
    """The days a restore noted in this file, on a DB-API connection."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (_noted_key(),)).fetchone()
    return list(json.loads(row[0])) if row else []


def note_days(conn: Any, days: Collection[str]) -> None:
    """Note ``days`` for the file's first opening to mark, beside any it already notes (a
    copy of a restored file made before that opening: the one its migration makes first)."""
    noted = sorted(set(days) | set(noted_days(conn)))
    if noted:
        conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key)"
                     " DO UPDATE SET value = excluded.value", (_noted_key(), json.dumps(noted)))


def mark_noted_days(conn: Any) -> int:
    """Mark the days a restore noted, and drop the note, in the caller's transaction on a
    file at head (``open_database``); the number of days noted. One look at the setting
    table when there is none."""
    days = noted_days(conn)
    if days:
        conn.executemany(MARK_DAY, ((day,) for day in days))
        conn.execute("DELETE FROM setting WHERE key = ?", (_noted_key(),))
    return len(days)


def upload_totals(s: Session) -> Counter[str]:
    """Active doses per upload state (``STATES``) over every day, however old."""
    return Counter({state: int(n) for state, n in s.execute(
        select(ReportSyncDay.state, func.sum(ReportSyncDay.n)).group_by(ReportSyncDay.state))})


# A record a merge folded into another is no one's work any more: its doses and the citizen
# are the kept record's. Not "IS NULL", the condition of ix_person_name_key: SQLite would
# walk that index over every person instead of testing the few listed ones.
NOT_FOLDED = func.coalesce(Person.merged_into, "") == ""


class CleaningCounts(NamedTuple):
    by_status: Counter[str]  # the worklist's cases per status, all of them
    by_problem: Counter[str]  # the backlog's problems (``backlog_problems``), a case under each
    not_clean: int  # records with one at least: the backlog the province ranks by


def cleaning_counts(s: Session) -> CleaningCounts:
    """The worklist's figures as ``services.cleaning.worklist`` counts them (a test holds
    the two together): a person is on it with a problem, on a special list, or once a case
    was opened, unless a merge folded their record into another. A record is not clean
    while a problem of it counts in the backlog: a passport holder or a child without a
    number, on a special list with nothing wrong, is a case to check and clean; a real
    identity error closed as *cannot verify* is still not clean."""
    listed = union(
        select(Person.id).where(Person.cleaning_reason.is_not(None)),
        # Literal values: with bound parameters SQLite cannot prove the partial index's
        # condition and scans a million people (1.2 s on the bench file, nobody listed).
        select(Person.id).where(text("person.id_type IN ('PASSPORT', 'NONE')")),
        select(CleaningCase.person_id),
    ).subquery()
    # Counted in SQL by everything the rules look at: a few hundred kinds of case, not
    # one Python row per person on the list.
    kinds = (Person.id_type, Person.no_id_reason, Person.cleaning_reason, CleaningCase.status,
             CleaningCase.register_verdict)
    rows = s.execute(
        select(*kinds, func.count())
        .join(listed, listed.c.id == Person.id)
        .outerjoin(CleaningCase, CleaningCase.person_id == Person.id)
        .where(NOT_FOLDED)
        .group_by(*kinds)).all()
    counts = CleaningCounts(Counter(), Counter(), 0)
    for id_type, no_id_reason, reason, status, verdict, n in rows:
        problems = problems_of(reason, PROBLEM_CODE.get(verdict or ""))
        if status is None and not problems and list_of(id_type, no_id_reason) is WorkList.MAIN:
            continue
        current = Status(status) if status is not None else Status.TO_CHECK
        counts.by_status[current.value] += n
        backlog = backlog_problems(current, problems)
        counts.by_problem.update(dict.fromkeys(backlog, n))
        counts = counts._replace(not_clean=counts.not_clean + n * bool(backlog))
    return counts


def complaint_times(s: Session, start: date, end: date, now: datetime
                    ) -> list[tuple[datetime, datetime | None]]:
    """(when its 48 hours start, answered or None) of the complaints still open, and of
    those received in ``start``..``end`` (local days, as the reports are asked for: a call
    at 06:30 on the 2nd is the 2nd's, though UTC says the 1st): a site holds a few
    hundred, never a million. The hours start at the receipt, or afresh at a reopening
    (``complaint_store.counted_from``); answered as the platform counts it
    (``complaint_store.answered_at``)."""
    low, high = utc_bounds(start, end)
    received_in = (Complaint.received_at >= low) & (Complaint.received_at < high)
    # Only this site's: one routed or handed back elsewhere is counted where it went (it
    # stayed "open" here, overdue in the report while the list said it was not the site's),
    # and a call central refused has no 48 hours anywhere (the list never counts it down).
    # One handed back after its deadline is the site's lateness, as the dashboard counts it.
    times = []
    for c in s.scalars(select(Complaint).where(or_(Complaint.status == OPEN, received_in))):
        if complaint_store.never_taken(c.code, c.send_state):
            continue
        late = complaint_store.let_go_late(c)
        if late is not None:  # closed late here, counted as closed ones are: by receipt
            if low <= c.received_at < high:
                times.append((complaint_store.counted_from(c), late))
        elif not complaint_store.answered_elsewhere(c):
            times.append((complaint_store.counted_from(c), complaint_store.answered_at(c, now)))
    return times
