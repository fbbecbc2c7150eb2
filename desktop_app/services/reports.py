"""The Reports area's reports: each a title, columns, rows and how to chart them.

Adding a report is one function ``(db, start, end, lang) -> Report`` and one entry in
``REPORTS``; the screen, the exports and the command line take every report from there.
Reads only: no actor (the exports, which write files, are in ``report_export``).

    >>> [key for key in REPORTS]
    ['doses', 'completeness', 'cleaning', 'complaints', 'desk_day', 'reactions']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.clock import local_time, utc_now
from desktop_app.db import desk_day_queries, report_queries
from desktop_app.db.database import Database
from desktop_app.rules.cleaning import Status, status_label
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import UserError, text
from desktop_app.rules.numbers import count, percent, share
from desktop_app.rules.reports import (
    DEADLINE_BUCKETS,
    deadline_bucket,
    group_shown,
    range_problem,
)
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.wire.site_report import DayCount

# Series colours, the screen's and the PDF's. A chart whose series mean done, refused and
# waiting names its colours (``Chart.colours``): green read as "done" on a bar of doses
# still waiting, the first time it was drawn from the palette's order.
PALETTE = ("#1f5fa8", "#d9822b", "#3a9a5b", "#b03a48", "#7a5ab8", "#5f6b7a", "#c9a227",
           "#2a9d9d")
DONE, REFUSED, WAITING = "#3a9a5b", "#b03a48", "#d9822b"


@dataclass(frozen=True)
class Chart:
    """Bars over the ``category`` column: one series per distinct value of the ``series``
    column (summing ``values[0]``), or else one series per column of ``values``; coloured
    by ``colours`` in order where given, else by the palette."""

    category: int
    values: tuple[int, ...]
    series: int | None = None
    stacked: bool = True
    colours: tuple[str, ...] = ()

    def colour(self, n: int) -> str:
        """The ``n``-th series' colour (hex)."""
        return self.colours[n] if n < len(self.colours) else PALETTE[n % len(PALETTE)]


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    chart: Chart
    start: date
    end: date
    note: str = ""  # what the reader should know about the figures (shown beside them)
    # The sums a reader would otherwise add up by hand: (what, how many), the first the
    # whole period's; under the table on paper and in the sheet, beside it on the screen.
    totals: tuple[tuple[str, int], ...] = ()

    def totals_said(self, lang: str) -> str:
        """The totals as one line (the screen's): "Tổng cộng: 650. Mũi 1 · …: 300; …"."""
        if not self.totals:
            return ""
        (_what, whole), *parts = self.totals
        return text("REPORT_TOTALS_SAID", lang, total=count(whole, lang), parts="; ".join(
            f"{what}: {count(n, lang)}" for what, n in parts))

    def by_day(self) -> bool:
        """Whether the chart's categories are days (else names: statuses, vaccines)."""
        return all(isinstance(r[self.chart.category], date) for r in self.rows)

    def chart_data(self, latest: int | None = None) -> tuple[list[str], dict[str, list[float]]]:
        """Each category's label and each series' value per category, for any chart.

        Categories are the cells themselves, so 01/07/2021 and 01/07/2022 stay two bars:
        days in date order, other categories in row order. ``latest`` keeps only the last
        so many (the latest days), for a chart with room for no more."""
        keys = list(dict.fromkeys(r[self.chart.category] for r in self.rows))
        if keys and self.by_day():
            keys.sort()
        if latest is not None:
            keys = keys[-latest:]
        at = {k: i for i, k in enumerate(keys)}
        with_year = self.start.year != self.end.year  # "01/07" alone names two days then
        series: dict[str, list[float]] = {}
        for row in self.rows:
            where = at.get(row[self.chart.category])
            if where is None:  # a day before the latest ones
                continue
            if self.chart.series is not None:
                name = _shown(row[self.chart.series], with_year)
                series.setdefault(name, [0.0] * len(keys))[where] += row[self.chart.values[0]]
            else:
                for column in self.chart.values:
                    series.setdefault(self.columns[column], [0.0] * len(keys))[
                        where] += row[column]
        return [_shown(k, with_year) for k in keys], series

    def chart_note(self, lang: str) -> str:
        """What the chart leaves out, said under it on the screen and in the PDF; else ""."""
        cut = self.days_left_out(MAX_CHART_CATEGORIES)
        if cut is None:
            return ""
        first, last, days = cut
        return text("REPORT_CHART_LATEST", lang, shown=MAX_CHART_CATEGORIES,
                    first=format_date(first), last=format_date(last), total=days)

    def days_left_out(self, latest: int) -> tuple[date, date, int] | None:
        """When a chart of the latest ``latest`` days leaves days of the rows out: the first
        and last day it draws and how many days the rows have; else None."""
        if not self.rows or not self.by_day():
            return None
        days = sorted({r[self.chart.category] for r in self.rows})
        if len(days) <= latest:
            return None
        return days[-latest], days[-1], len(days)


# More bars than this are unreadable, on paper or on screen: charts draw the latest ones.
MAX_CHART_CATEGORIES = 60


def _shown(value: Any, with_year: bool) -> str:
    """A chart's label: a day short (dd/mm) unless the chart spans more than one year."""
    if isinstance(value, date):
        return format_date(value) if with_year else value.strftime("%d/%m")
    return str(value)


def cell_text(value: Any, lang: str) -> str:
    """A report's cell as the screen, the PDF (and a reader) see it.

    >>> [cell_text(v, "vi") for v in (date(2021, 9, 1), 1234, 95.34, "HN-A")]
    ['01/09/2021', '1.234', '95,3', 'HN-A']
    """
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, float):
        return share(value, lang)
    return count(value, lang) if isinstance(value, int) else str(value)


def _columns(lang: str, *codes: str) -> tuple[str, ...]:
    return tuple(text(f"REPORT_COL_{c}", lang) for c in codes)


def doses(db: Database, start: date, end: date, lang: str = "vi") -> Report:
    """Doses given per day, vaccine, dose number and age group on the day of the dose."""
    with db.reading() as s:
        found = report_queries.doses_by_day(s, start, end)
        note = _import_note(s, lang)
    # Names as the desk-day report and the certificates say them, not the catalogue's codes.
    rows = [(day, db.catalogue.name_of(code, lang), number, group_shown(group, lang), n)
            for day, code, number, group, n in found]
    by_dose: Counter[tuple[str, int]] = Counter()
    for _day, product, number, _group, n in rows:
        by_dose[product, number] += n
    totals = ((text("REPORT_TOTAL", lang), sum(by_dose.values())), *(
        (text("TALLY_DOSES", lang, dose_number=number, product=product), n)
        for (product, number), n in sorted(by_dose.items()))) if rows else ()
    return Report("doses", text("REPORT_DOSES", lang),
                  _columns(lang, "DATE", "PRODUCT", "DOSE_NUMBER", "AGE_GROUP", "COUNT"),
                  rows, Chart(category=0, values=(4,), series=1), start, end, note, totals)


def _import_note(s: Session, lang: str) -> str:
    """A big import counts its doses in the tallies at its end (bulk_sql.TALLIES_PENDING):
    until then the figures that read them lack its doses, and say so."""
    pending = settings.read(s, settings.BULK_TALLIES_PENDING) is not None
    return text("REPORT_IMPORT_PENDING", lang) if pending else ""


def daily_doses(db: Database, start: date, end: date) -> list[tuple[date, str, int, int]]:
    """Doses per day, vaccine and dose number (all ages): the command line's rows."""
    counts: dict[tuple[date, str, int], int] = defaultdict(int)
    with db.reading() as s:
        for day, product, number, _group, n in report_queries.doses_by_day(s, start, end):
            counts[day, product, number] += n
    return [(*key, n) for key, n in counts.items()]


def completeness_days(db: Database, start: date, end: date) -> list[DayCount]:
    with db.reading() as s:
        return report_queries.completeness(s, start, end)


def completeness(db: Database, start: date, end: date, lang: str = "vi") -> Report:
    """Per day of injection: doses recorded, and how many reached the platform, were
    refused, or wait (the figure provinces were ranked by: synced over recorded)."""
    with db.reading() as s:
        days = report_queries.completeness(s, start, end)
        note = _import_note(s, lang)
    # The share rounded down, as the dashboard's: 100,0 only when every dose reached it;
    # said beside the figures (66,6 for 14 of 21 looked wrong to a reader's calculator).
    note = " ".join(filter(None, [note, text("REPORT_SHARE_ROUNDED_DOWN", lang)]))
    rows = [(d.day, d.recorded, d.synced, d.rejected, d.pending,
             percent(d.synced, d.recorded) if d.recorded else 0.0) for d in days]
    return Report("completeness", text("REPORT_COMPLETENESS", lang),
                  _columns(lang, "DATE", "RECORDED", "SYNCED", "REJECTED", "PENDING", "SHARE"),
                  rows, Chart(category=0, values=(2, 3, 4), colours=(DONE, REFUSED, WAITING)),
                  start, end, note)


def cleaning(db: Database, start: date, end: date, lang: str = "vi") -> Report:
    """The cleaning worklist's cases per status, as it stands now (the range is not used:
    a backlog is a state, not a flow)."""
    with db.reading() as s:
        by_status, _, not_clean = report_queries.cleaning_counts(s)
    rows = [(status_label(st, lang), by_status.get(st.value, 0)) for st in Status]
    # Said beside the figures: an export of November headed them "From 01/11 to 30/11".
    note = text("REPORT_SNAPSHOT_CLEANING", lang, at=local_time(utc_now())) + " " \
        + text("REPORT_NOT_CLEAN_RECORDS", lang, n=not_clean)
    return Report("cleaning", text("REPORT_CLEANING", lang), _columns(lang, "STATUS", "COUNT"),
                  rows, Chart(category=0, values=(1,), stacked=False), start, end, note)


def complaints(db: Database, start: date, end: date, lang: str = "vi") -> Report:
    """Complaints against their 48-hour deadline: the open ones by time left now, and those
    received in the range that were closed in time or late."""
    now = utc_now()
    with db.reading() as s:
        times = report_queries.complaint_times(s, start, end, now)
    counts = Counter(deadline_bucket(since, resolved, now) for since, resolved in times)
    rows = [(text(f"REPORT_DEADLINE_{b.upper()}", lang), counts.get(b, 0))
            for b in DEADLINE_BUCKETS]
    note = text("REPORT_SNAPSHOT_COMPLAINTS", lang, at=local_time(now))
    return Report("complaints", text("REPORT_COMPLAINTS", lang),
                  _columns(lang, "DEADLINE", "COUNT"), rows,
                  Chart(category=0, values=(1,), stacked=False), start, end, note)


def desk_tally(db: Database, start: date, end: date, lang: str = "vi") -> Report:
    """What the desk did: doses by vaccine and dose number, people screened, postponed,
    referred, and reactions; what a clerk reads out at the end of the day."""
    with db.reading() as s:
        doses = desk_day_queries.doses_by_product(s, start, end)
        screened = desk_day_queries.screening_outcomes(s, start, end)
        reactions = desk_day_queries.reaction_counts(s, start, end)
    rows: list[tuple[Any, ...]] = []
    for code, number, n in doses:
        rows.append((text("TALLY_DOSES", lang, dose_number=number,
                          product=db.catalogue.name_of(code, lang)), n))
    rows += [(text("TALLY_SCREENED", lang), sum(screened.values())),
             (text("TALLY_POSTPONED", lang), screened.get("postpone", 0)),
             (text("TALLY_REFERRED", lang), screened.get("refer", 0)),
             (text("TALLY_REACTIONS_MILD", lang), reactions.get("mild", 0)),
             (text("TALLY_REACTIONS_SERIOUS", lang), reactions.get("serious", 0))]
    return Report("desk_day", text("REPORT_DESK_DAY", lang), _columns(lang, "WHAT", "COUNT"),
                  rows, Chart(category=0, values=(1,), stacked=False), start, end)


def serious_reactions(db: Database, start: date, end: date, lang: str = "vi") -> Report:
    """Serious reactions reported on the range's days (local onset time), for the daily
    report upward: on the day each began, or its dose's day if it began under observation
    (``rules.desk_day.reaction_day``)."""
    with db.reading() as s:
        found = desk_day_queries.serious_reactions(s, start, end)
    rows = []
    for onset, code, lot, number, description, action, status in found:
        name = db.catalogue.name_of(code, lang)
        if status == "voided":  # counted still; the reader is told the dose record was wrong
            name = text("REACTION_ON_VOIDED_DOSE", lang, product=name)
        rows.append((local_time(onset), name, lot or "", number, description, action, 1))
    return Report("reactions", text("REPORT_REACTIONS", lang),
                  _columns(lang, "ONSET", "PRODUCT", "LOT", "DOSE_NUMBER", "DESCRIPTION",
                           "ACTION", "COUNT"),
                  rows, Chart(category=1, values=(6,), stacked=False), start, end)


REPORTS: dict[str, Callable[[Database, date, date, str], Report]] = {
    "doses": doses,
    "completeness": completeness,
    "cleaning": cleaning,
    "complaints": complaints,
    "desk_day": desk_tally,
    "reactions": serious_reactions,
}


# Reports that tell of a person's health in words (a reaction's description, what was
# done): for those who record doses, not for volunteers typing history from paper.
ABOUT_PEOPLE = frozenset({"reactions"})


def shown_to(actor: Actor) -> list[str]:
    """The reports ``actor`` may read and take away, in the screen's order."""
    return [k for k in REPORTS if k not in ABOUT_PEOPLE or actor.role in RECORDERS]


def build(db: Database, key: str, start: date, end: date, lang: str = "vi", *,
          actor: Actor) -> Report:
    """The report ``key`` over ``start``..``end`` (both included), for ``actor``; a range
    that is not one raises UserError. A report about people (``ABOUT_PEOPLE``) is built
    only for those who record doses (NotAllowed otherwise): a screen left open at the lock
    must not read it to the volunteer who logs in."""
    if key in ABOUT_PEOPLE:
        require(actor, *RECORDERS)
    check_range(start, end)
    return REPORTS[key](db, start, end, lang)


def check_range(start: date | None, end: date | None) -> None:
    problem = range_problem(start, end)
    if problem is not None:
        raise UserError(problem, start=_given(start), end=_given(end))


def _given(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "?"


def title(key: str, lang: str) -> str:
    return text(f"REPORT_{key.upper()}", lang)
