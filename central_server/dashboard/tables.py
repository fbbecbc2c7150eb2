"""The dashboard's figures as tables, in the reader's language: what a page shows and what
its "Tải .xlsx" button downloads are the same rows, built once here.

A section of a page is a function ``(View) -> list[Table]``; a page lists its sections
(``central_server/web/dashboard_pages.py``), so adding one is a function here (or in a
module of its own, as ``open_complaints.py``) and one line there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine

from central_server import audit_anchors, lookup_log, vietnam_time
from central_server.dashboard import figures
from central_server.dashboard.scope import Scope, sites_in
from central_server.fhir.store import utc_now
from central_server.settings import Settings
from central_server.vietnam_time import OFFSET, shown
from desktop_app.rules import admin_units, countdown
from desktop_app.rules.cleaning import problem_label
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import Count, count, share


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text | int | pct (a percentage, numbers.percent: rounded down)
    #                     | date (shown dd/mm/yyyy, exported as a date cell)
    #                     | code, time (text never split over two lines: "HN-A", a moment)
    #                     | flag (a Flag: its words, marked late or soon)
    link: str = ""  # where a code cell opens, "{}" its value


@dataclass(frozen=True)
class Flag:
    """A cell's words with a tone the page shows them in ("late", "soon", "soon urgent" or
    none); the .xlsx has the words alone."""

    words: str
    tone: str = ""

    def __str__(self) -> str:
        return self.words


@dataclass
class Chart:
    """A bar a day over the whole period: a day without a figure keeps its place, empty."""

    bars: list[tuple[str, float | None]]  # (what the bar says, 0..1; None: no figure)
    top: str  # the value at the top of the axis, with its unit
    ticks: list[str]  # dates under the axis, spread evenly from the first day to the last
    legend: str


@dataclass
class Table:
    key: str  # unique on its page: ?format=xlsx&table=KEY downloads this one
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    empty: str = ""  # what an empty table says (the good news, where it is one)
    chart: Chart | None = None
    note: str = ""  # said under the title: what the rows ask the reader to do
    current: bool = False  # as of now, whatever the period asked (the open complaints)


@dataclass(frozen=True)
class View:
    """What a section is asked for: whose area, which days, which language."""

    engine: Engine
    scope: Scope
    start: date
    end: date
    lang: str
    settings: Settings | None = None  # for a section that shows a setting beside its figures

    def t(self, code: str, **params: Any) -> str:
        return text(code, self.lang, **params)

    def site_codes(self) -> set[str]:
        """The sites in scope, for a section whose figures come per site from elsewhere."""
        with self.engine.connect() as conn:
            return set(conn.execute(sites_in(self.scope)).scalars())


Section = Callable[[View], list[Table]]


def area_name(level: str, code: str | None) -> str:
    """A commune's or province's name from the GSO list; the code itself where unknown."""
    if not code:
        return ""
    if level == "national":
        return "Việt Nam"  # the country's name, in either language
    unit = {"province": admin_units.province, "commune": admin_units.commune}.get(level)
    found = unit(code) if unit else None
    return found.name if found else code


def completeness(view: View) -> list[Table]:
    """The total, each district and commune (where that does not repeat the total), and
    each site, the ones needing a call first: sites that never sent a report (nothing is
    known of what they recorded), then those whose last report is old, the oldest first
    (what they recorded since is known only to their laptop), then the lowest completeness.
    Neither counts in any figure: a silent site's doses received would read as 100 % of
    nothing recorded, and an old report keeps a site at the share it had (100 % for as long
    as it stays offline, however many doses wait on its laptop). The rows count them apart,
    their doses received in the area's received all the same (a note says so), and the
    sites table says how old each old report is."""
    every = figures.site_figures(view.engine, view.scope, view.start, view.end)
    reported = figures.last_reports(view.engine, view.scope)
    old = figures.stale(reported, utc_now(), stale_hours(view))
    sites = [s for s in every if s.site_code in reported and s.site_code not in old]
    apart = [s for s in every if s.site_code not in reported or s.site_code in old]
    numbers = [Column(view.t("DASH_COL_RECORDED"), "int"),
               Column(view.t("DASH_COL_RECEIVED"), "int"),
               Column(view.t("DASH_COL_COMPLETENESS"), "pct"),
               # Voided on the laptops before they were sent: in no share, so said beside
               # it (an area whose sites voided their unsent backlogs would read complete).
               Column(view.t("DASH_COL_VOIDED_ON_ARRIVAL"), "int"),
               Column(view.t("DASH_COL_SILENT"), "int"),
               Column(view.t("DASH_COL_STALE"), "int")]
    empty = view.t("DASH_EMPTY_SITES")
    tables = [Table("total", view.t("DASH_TABLE_TOTAL"), [Column(view.t("DASH_COL_AREA")),
                                                          *numbers],
                    [[_scope_name(view),
                      *_numbers(view, figures.total(sites) if sites else None, apart, old,
                                _voided(every))]]
                    if every else [], empty,
                    note=view.t("DASH_RECEIVED_NOTE") if apart else "")]
    for key, level, title, column in (
            ("districts", "district", "DASH_TABLE_DISTRICTS", "DASH_COL_DISTRICT"),
            ("communes", "commune", "DASH_TABLE_COMMUNES", "DASH_COL_COMMUNE")):
        area = f"{level}_code"
        codes = {getattr(s, area) for s in every}
        if not codes - {None} or codes == codes - {None} and len(codes) == 1:
            continue  # no such area, or one holding every site: the total again
        known = figures.ranked(sites, area)
        by_area = {a.code: a for a in known}
        unheard = sorted({getattr(s, area) for s in apart} - set(by_area) - {None})
        rank = figures.ranks(known)
        tables.append(Table(key, view.t(title), [
            Column(view.t("DASH_COL_RANK"), "int"), Column(view.t("DASH_COL_CODE"), "code"),
            Column(view.t(column)), *numbers],
            [[rank.get(code), code, area_name(level, code),
              *_numbers(view, by_area.get(code),
                        [s for s in apart if getattr(s, area) == code], old,
                        _voided(s for s in every if getattr(s, area) == code))]
             for code in [*unheard, *(a.code for a in known)]], empty))
    tables.append(_sites(view, every, reported, old, numbers[:4], empty))
    return tables


def stale_hours(view: View) -> int:
    """After how many hours without a report a site's figures are old (the setting)."""
    return (view.settings or Settings).stale_report_hours


def stale_flag(view: View, age: timedelta) -> Flag:
    """How old a site's last report is, marked: "báo cáo cũ: 3 ngày 2 giờ", in the
    complaints' words for a span (``rules.countdown``).

    >>> from central_server.dashboard.scope import Scope
    >>> v = View(None, Scope("province", "01"), None, None, "vi")
    >>> [str(stale_flag(v, timedelta(hours=h))) for h in (25, 74)]
    ['báo cáo cũ: 25 giờ', 'báo cáo cũ: 3 ngày 2 giờ']
    >>> str(stale_flag(View(None, Scope("province", "01"), None, None, "en"),
    ...                timedelta(days=3)))
    'report 3 days 0 hours old'
    """
    return Flag(view.t("DASH_STALE", span=countdown.span(age, view.lang)), "late")


def _sites(view: View, every: list[figures.SiteFigure], reported: dict[str, datetime],
           old: dict[str, timedelta], numbers: list[Column], empty: str) -> Table:
    """Each site with its last report: those that never sent one first, then those whose
    report is old (the oldest first), then the lowest completeness; a rank only where there
    is a current figure, 1 the highest."""
    by_code = {s.site_code: s for s in every}
    known = figures.ranked([s for s in every if s.site_code in reported
                            and s.site_code not in old], None)
    by_site = {a.code: a for a in known}
    rank = figures.ranks(known)
    aged = sorted((code for code in by_code if code in old), key=lambda c: (-old[c], c))
    order = [*sorted(set(by_code) - set(reported)), *aged, *(a.code for a in known)]

    def numbers_of(code: str) -> list[Any]:
        site = by_code[code]
        voided = site.voided_on_arrival
        if code not in reported:
            return [None, site.received, view.t("DASH_NOT_REPORTED"), voided]
        if code in old:  # what it said, known to be short of what it has recorded since
            return [site.recorded, site.received, stale_flag(view, old[code]), voided]
        return _numbers(view, by_site[code], [], old, voided)[:4]

    return Table("sites", view.t("DASH_TABLE_SITES"), [
        Column(view.t("DASH_COL_RANK"), "int"), Column(view.t("DASH_COL_CODE"), "code"),
        Column(view.t("DASH_COL_SITE")), Column(view.t("DASH_COL_COMMUNE")), *numbers,
        Column(view.t("DASH_COL_LAST_REPORT"), "time")],
        [[rank.get(code), code, by_code[code].name,
          area_name("commune", by_code[code].commune_code), *numbers_of(code),
          shown(reported[code]) if code in reported else None]
         for code in order], empty,
        note=view.t("DASH_STALE_NOTE", hours=Count(stale_hours(view))) if aged else "")


def _numbers(view: View, area: figures.AreaFigure | None, apart: list[figures.SiteFigure],
             old: dict[str, timedelta], voided: int) -> list[Any]:
    """Recorded, received, completeness, the doses voided before they were sent
    (``voided``: every site's, reporting or not), how many sites never reported and how
    many last reported long ago (``apart``: both, in no share); ``area`` None where none
    of its sites has a current report: no share, and why (the newest of its old reports'
    age, where it has one). Received is every dose the platform holds from the area's
    sites, ``apart`` too: left out, one site's report made another's doses vanish from
    its area's count."""
    ages = [old[s.site_code] for s in apart if s.site_code in old]
    counts = [len(apart) - len(ages), len(ages)]
    received = sum(s.received for s in apart) + (area.received if area else 0)
    if area is None:
        why = stale_flag(view, min(ages)) if ages else view.t("DASH_NOT_REPORTED")
        return [None, received, why, voided, *counts]
    # Rounded down: a site missing one dose of 2,001 read 100,0 %, ranked below sites
    # shown at the same 100,0 %.
    return [area.recorded, received, area.shown, voided, *counts]


def _voided(sites: Iterable[figures.SiteFigure]) -> int:
    return sum(s.voided_on_arrival for s in sites)


def stale_sites(view: View) -> list[Table]:
    """The sites in scope without a current report, for the backlog page: it counts each
    site as of its latest report, so one that stopped reporting holds there what it said
    then (the doses it recorded since are not in it), and one that never reported counts
    in none of it. Those that never reported first, then the oldest report; none is good
    news, said."""
    reported = figures.last_reports(view.engine, view.scope)
    old = figures.stale(reported, utc_now(), stale_hours(view))
    places = figures.site_places(view.engine, view.scope)
    silent = sorted(code for code in places if code not in reported)
    aged = sorted((code for code in places if code in old), key=lambda c: (-old[c], c))
    hours = Count(stale_hours(view))
    return [Table("stale_sites", view.t("DASH_TABLE_STALE_SITES"), [
        Column(view.t("DASH_COL_CODE"), "code"), Column(view.t("DASH_COL_SITE")),
        Column(view.t("DASH_COL_COMMUNE")), Column(view.t("DASH_COL_LAST_REPORT"), "time"),
        Column(view.t("DASH_COL_REPORT_STATE"), "flag")],
        [[code, places[code][0], area_name("commune", places[code][1]),
          shown(reported[code]) if code in reported else None,
          stale_flag(view, old[code]) if code in old else view.t("DASH_NOT_REPORTED")]
         for code in [*silent, *aged]],
        view.t("DASH_EMPTY_STALE_SITES", hours=hours),
        note=view.t("DASH_STALE_SITES_NOTE", hours=hours) if silent or aged else "")]


def backlog(view: View) -> list[Table]:
    """The backlog on each day of the period, each site as of its latest report up to the
    day; drawn a bar a day, a day before any report (or not yet come) left empty."""
    known = figures.backlog(view.engine, view.scope, view.start, view.end)
    top = max((d.pending for d in known), default=0)
    return [Table("backlog", view.t("DASH_TABLE_BACKLOG"), [
        Column(view.t("DASH_COL_DAY"), "date"), Column(view.t("DASH_COL_PENDING"), "int"),
        Column(view.t("DASH_COL_NOT_CLEAN"), "int")],
        [[d.day, d.pending, d.not_clean] for d in known], view.t("DASH_EMPTY_BACKLOG"),
        Chart(_daily_bars(view, known, top),
              view.t("DASH_CHART_DOSES", n=Count(top)),
              [format_date(d) for d in _ticks(view.start, view.end)],
              view.t("DASH_CHART_BACKLOG_LEGEND")) if known else None)]


def _daily_bars(view: View, known: list[figures.BacklogDay], top: int
                ) -> list[tuple[str, float | None]]:
    """A bar for every day from the period's start to its end: a day nobody reported holds
    what the sites said last (as the table's figures do), a day before the first report or
    still to come holds nothing."""
    by_day = {d.day: d for d in known}
    bars: list[tuple[str, float | None]] = []
    last: figures.BacklogDay | None = None
    today = vietnam_time.today(utc_now())
    day = view.start
    while day <= view.end:
        last = by_day.get(day, last)
        if last is None or day > today:
            bars.append((view.t("DASH_CHART_NO_FIGURE", day=format_date(day)), None))
        else:
            bars.append((view.t("DASH_CHART_BAR", day=format_date(day), n=Count(last.pending)),
                         last.pending / top if top else 0.0))
        day += timedelta(days=1)
    return bars


def _ticks(start: date, end: date) -> list[date]:
    """The first, middle and last day (fewer when the period is shorter).

    >>> _ticks(date(2021, 9, 1), date(2021, 9, 30))
    [datetime.date(2021, 9, 1), datetime.date(2021, 9, 15), datetime.date(2021, 9, 30)]
    >>> _ticks(date(2021, 9, 1), date(2021, 9, 1))
    [datetime.date(2021, 9, 1)]
    """
    middle = start + (end - start) / 2
    return sorted({start, date.fromordinal(middle.toordinal()), end})


def cleaning(view: View) -> list[Table]:
    """Open cleaning cases by problem, in words: the .xlsx is for people too (its headers
    are in the reader's language), so neither carries the problems' internal codes."""
    records = Column(view.t("DASH_COL_COUNT"), "int")
    empty = view.t("DASH_EMPTY_PROBLEMS")
    return [
        Table("problems", view.t("DASH_TABLE_PROBLEMS"), [
            Column(view.t("DASH_COL_PROBLEM")), records],
            [[problem_label(code, view.lang), n]
             for code, n in figures.problems(view.engine, view.scope)], empty),
        Table("problem_sites", view.t("DASH_TABLE_PROBLEMS_BY_SITE"), [
            Column(view.t("DASH_COL_COMMUNE")), Column(view.t("DASH_COL_CODE"), "code"),
            Column(view.t("DASH_COL_SITE")), Column(view.t("DASH_COL_PROBLEM")), records],
            [[area_name("commune", commune), site, name, problem_label(code, view.lang), n]
             for site, name, commune, code, n in figures.problems_by_site(view.engine,
                                                                           view.scope)],
            empty),
    ]


def _scope_name(view: View) -> str:
    return area_name(view.scope.level, view.scope.area_code) if not view.scope.site_code \
        else view.scope.site_code


def cell_text(value: Any, kind: str, lang: str) -> str:
    """A cell as the page shows it. A share takes its sign without a space, as the desk's
    own figures do ("Đang đồng bộ… 40%"), so the two never part at a line's end.

    >>> cell_text(12345, "int", "vi"), cell_text(95.3, "pct", "vi"), cell_text(None, "pct", "en")
    ('12.345', '95,3%', '–')
    >>> cell_text(date(2021, 9, 1), "date", "en"), cell_text("chưa báo cáo", "pct", "vi")
    ('01/09/2021', 'chưa báo cáo')
    """
    if value is None:
        return "–"
    if kind == "date":
        return format_date(value)
    if kind == "int":
        return count(value, lang)
    if kind == "pct" and isinstance(value, float | int):
        return f"{share(value, lang)}%"
    return str(value)


def audit_alarms(view: View) -> list[Table]:
    """The sites in scope whose audit trail no longer agrees with what they anchored at the
    platform (``audit_anchors.py``): none shown while there is none."""
    found = audit_anchors.by_site(view.engine, view.site_codes())
    if not found:
        return []
    names = figures.site_names(view.engine, view.scope)
    return [Table("audit_alarms", view.t("DASH_TABLE_AUDIT_ALARMS"), [
        Column(view.t("DASH_COL_CODE"), "code"), Column(view.t("DASH_COL_SITE")),
        Column(view.t("DASH_COL_ALARMS"), "int"),
        Column(view.t("DASH_COL_LATEST_ALARM"), "time"),
        Column(view.t("DASH_COL_ALARM_WHAT"))],
        [[a.site_code, names.get(a.site_code, ""), a.count, shown(a.latest_at),
          view.t(f"AUDIT_ALARM_{a.latest_kind.upper()}")] for a in found])]


def lookups(view: View) -> list[Table]:
    """Each site in scope that looked up other sites' people by ID number in the period
    (``lookup_log.py``): how many, how often the hourly limit stopped it, its busiest 60
    minutes beside that limit, its latest. Never whom it asked: that stays in the CLI."""
    most = (view.settings or Settings).lookups_per_hour
    found = lookup_log.by_site(view.engine, view.site_codes(), *utc_days(view.start, view.end))
    names = figures.site_names(view.engine, view.scope)
    return [Table("lookups", view.t("DASH_TABLE_LOOKUPS"), [
        Column(view.t("DASH_COL_CODE"), "code"), Column(view.t("DASH_COL_SITE")),
        Column(view.t("DASH_COL_LOOKUPS"), "int"),
        Column(view.t("DASH_COL_LOOKUPS_REFUSED"), "int"),
        Column(view.t("DASH_COL_BUSIEST_HOUR"), "int"),
        Column(view.t("DASH_COL_HOURLY_LIMIT"), "int"),
        Column(view.t("DASH_COL_LATEST_LOOKUP"), "time")],
        [[f.site_code, names.get(f.site_code, ""), f.answered, f.refused, f.busiest_hour, most,
          shown(f.latest_at)] for f in found], view.t("DASH_EMPTY_LOOKUPS"))]


def utc_days(start: date, end: date) -> tuple[datetime, datetime]:
    """Vietnam's days ``start`` to ``end`` as UTC moments, the end excluded.

    >>> utc_days(date(2026, 3, 1), date(2026, 3, 7))
    (datetime.datetime(2026, 2, 28, 17, 0), datetime.datetime(2026, 3, 7, 17, 0))
    """
    return (datetime.combine(start, time()) - OFFSET,
            datetime.combine(end + timedelta(days=1), time()) - OFFSET)
