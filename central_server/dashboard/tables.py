"""The dashboard's figures as tables, in the reader's language: what a page shows and what
its "Tải .xlsx" button downloads are the same rows, built once here.

A section of a page is a function ``(View) -> list[Table]``; a page lists its sections
(``central_server/web/dashboard_pages.py``), so adding one (open complaints, say) is a
function here and one line there.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Engine

from central_server import audit_anchors, lookup_log
from central_server.complaints import store
from central_server.dashboard import figures
from central_server.dashboard.scope import Scope, sites_in
from central_server.fhir.store import utc_now
from central_server.settings import Settings
from central_server.vietnam_time import OFFSET, shown
from desktop_app.rules import admin_units
from desktop_app.rules.cleaning import problem_label
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import count, share


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text | int | pct (a fraction; shown and exported as a percentage)
    #                     | date (shown dd/mm/yyyy, exported as a date cell)


@dataclass
class Table:
    key: str  # unique on its page: ?format=xlsx&table=KEY downloads this one
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    bars: list[tuple[str, float]] = field(default_factory=list)  # (label, 0..1) to draw


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
    unit = {"province": admin_units.province, "commune": admin_units.commune}.get(level)
    found = unit(code) if unit else None
    return found.name if found else code


def completeness(view: View) -> list[Table]:
    sites = figures.site_figures(view.engine, view.scope, view.start, view.end)
    numbers = [Column(view.t("DASH_COL_RECORDED"), "int"),
               Column(view.t("DASH_COL_RECEIVED"), "int"),
               Column(view.t("DASH_COL_COMPLETENESS"), "pct")]
    whole = figures.total(sites)
    tables = [Table("total", view.t("DASH_TABLE_TOTAL"),
                    [Column(view.t("DASH_COL_AREA")), *numbers],
                    [[_scope_name(view), *_numbers(whole)]] if sites else [])]
    for key, area, level, title, column in (
            ("districts", "district_code", "district", "DASH_TABLE_DISTRICTS",
             "DASH_COL_DISTRICT"),
            ("communes", "commune_code", "commune", "DASH_TABLE_COMMUNES", "DASH_COL_COMMUNE")):
        areas = figures.ranked(sites, area)
        if areas or key == "communes":
            tables.append(Table(key, view.t(title), [
                Column(view.t("DASH_COL_RANK"), "int"), Column(view.t("DASH_COL_CODE")),
                Column(view.t(column)), *numbers],
                [[i, a.code, area_name(level, a.code), *_numbers(a)]
                 for i, a in enumerate(areas, 1)]))
    by_code = {s.site_code: s for s in sites}
    tables.append(Table("sites", view.t("DASH_TABLE_SITES"), [
        Column(view.t("DASH_COL_RANK"), "int"), Column(view.t("DASH_COL_CODE")),
        Column(view.t("DASH_COL_SITE")), Column(view.t("DASH_COL_COMMUNE")), *numbers],
        [[i, a.code, by_code[a.code].name,
          area_name("commune", by_code[a.code].commune_code), *_numbers(a)]
         for i, a in enumerate(figures.ranked(sites, None), 1)]))
    return tables


def backlog(view: View) -> list[Table]:
    days = figures.backlog(view.engine, view.scope, view.start, view.end)
    top = max((d.pending for d in days), default=0) or 1
    return [Table("backlog", view.t("DASH_TABLE_BACKLOG"), [
        Column(view.t("DASH_COL_DAY"), "date"), Column(view.t("DASH_COL_PENDING"), "int"),
        Column(view.t("DASH_COL_NOT_CLEAN"), "int")],
        [[d.day, d.pending, d.not_clean] for d in days],
        bars=[(f"{format_date(d.day)}: {d.pending}", d.pending / top) for d in days])]


def cleaning(view: View) -> list[Table]:
    count = Column(view.t("DASH_COL_COUNT"), "int")
    return [
        Table("problems", view.t("DASH_TABLE_PROBLEMS"), [
            Column(view.t("DASH_COL_PROBLEM")), Column(view.t("DASH_COL_CODE")), count],
            [[problem_label(code, view.lang), code, n]
             for code, n in figures.problems(view.engine, view.scope)]),
        Table("problem_sites", view.t("DASH_TABLE_PROBLEMS_BY_SITE"), [
            Column(view.t("DASH_COL_COMMUNE")), Column(view.t("DASH_COL_CODE")),
            Column(view.t("DASH_COL_SITE")), Column(view.t("DASH_COL_PROBLEM")), count],
            [[area_name("commune", commune), site, name, problem_label(code, view.lang), n]
             for site, name, commune, code, n in figures.problems_by_site(view.engine,
                                                                           view.scope)]),
    ]


def _numbers(area: figures.AreaFigure) -> list[Any]:
    return [area.recorded, area.received, area.completeness]


def _scope_name(view: View) -> str:
    return area_name(view.scope.level, view.scope.area_code) if not view.scope.site_code \
        else view.scope.site_code


def cell_text(value: Any, kind: str, lang: str) -> str:
    """A cell as the page shows it.

    >>> cell_text(12345, "int", "vi"), cell_text(0.9534, "pct", "vi"), cell_text(None, "pct", "en")
    ('12.345', '95,3 %', '–')
    >>> cell_text(date(2021, 9, 1), "date", "en")
    '01/09/2021'
    """
    if value is None:
        return "–"
    if kind == "date":
        return format_date(value)
    if kind == "int":
        return count(value, lang)
    if kind == "pct":
        return f"{share(value * 100, lang)} %"
    return str(value)


def complaints(view: View) -> list[Table]:
    """Open complaints per site (and those nobody closer than the province holds), then each
    overdue one: the province acts on what rose to it."""
    now = utc_now()
    sites = view.site_codes()
    names = figures.site_names(view.engine, view.scope)
    ours = [c for c in store.open_counts(view.engine, now) if _in_scope(view, sites, c)]
    counts = [Table("complaints", view.t("DASH_TABLE_COMPLAINTS"), [
        Column(view.t("DASH_COL_COMMUNE")), Column(view.t("DASH_COL_CODE")),
        Column(view.t("DASH_COL_SITE")), Column(view.t("DASH_COL_OPEN"), "int"),
        Column(view.t("DASH_COL_OVERDUE"), "int")],
        [[area_name("commune", c.commune_code), c.site_code or "",
          names.get(c.site_code, "") if c.site_code else view.t("COMPLAINT_ROUTE_PROVINCE"),
          c.open, c.overdue]
         for c in sorted(ours, key=lambda c: (-c.overdue, -c.open, c.site_code or ""))])]
    late = [c for c in store.listing(view.engine, now, overdue_only=True)
            if _in_scope(view, sites, c)]
    overdue = Table("overdue", view.t("DASH_TABLE_OVERDUE"), [
        Column(view.t("DASH_COL_COMPLAINT")), Column(view.t("DASH_COL_KIND")),
        Column(view.t("DASH_COL_FILED")), Column(view.t("DASH_COL_DUE")),
        Column(view.t("DASH_COL_SITE"))],
        [[c.code, view.t(f"COMPLAINT_KIND_{c.submission.kind.upper()}"), shown(c.received_at),
          shown(c.due_at),
          names.get(c.site_code, c.site_code) if c.site_code
          else view.t("COMPLAINT_ROUTE_PROVINCE")]
         for c in late])
    return [*counts, overdue]


def audit_alarms(view: View) -> list[Table]:
    """The sites in scope whose audit trail no longer agrees with what they anchored at the
    platform (``audit_anchors.py``): none shown while there is none."""
    found = audit_anchors.by_site(view.engine, view.site_codes())
    if not found:
        return []
    names = figures.site_names(view.engine, view.scope)
    return [Table("audit_alarms", view.t("DASH_TABLE_AUDIT_ALARMS"), [
        Column(view.t("DASH_COL_CODE")), Column(view.t("DASH_COL_SITE")),
        Column(view.t("DASH_COL_ALARMS"), "int"), Column(view.t("DASH_COL_LATEST_ALARM")),
        Column(view.t("DASH_COL_ALARM_WHAT"))],
        [[a.site_code, names.get(a.site_code, ""), a.count, shown(a.latest_at),
          view.t(f"AUDIT_ALARM_{a.latest_kind.upper()}")] for a in found])]


def _in_scope(view: View, sites: set[str], complaint: Any) -> bool:
    """A complaint held by a site in scope, or, held by nobody closer, in the scope's area."""
    if complaint.site_code is not None:
        return complaint.site_code in sites
    if view.scope.site_code is not None:
        return False
    area = {"province": complaint.province_code, "commune": complaint.commune_code}
    return area.get(view.scope.level) == view.scope.area_code


def lookups(view: View) -> list[Table]:
    """Each site in scope that looked up other sites' people by ID number in the period
    (``lookup_log.py``): how many, how often the hourly limit stopped it, its busiest 60
    minutes beside that limit, its latest. Never whom it asked: that stays in the CLI."""
    most = (view.settings or Settings).lookups_per_hour
    found = lookup_log.by_site(view.engine, view.site_codes(), *_utc_days(view.start, view.end))
    names = figures.site_names(view.engine, view.scope)
    return [Table("lookups", view.t("DASH_TABLE_LOOKUPS"), [
        Column(view.t("DASH_COL_CODE")), Column(view.t("DASH_COL_SITE")),
        Column(view.t("DASH_COL_LOOKUPS"), "int"),
        Column(view.t("DASH_COL_LOOKUPS_REFUSED"), "int"),
        Column(view.t("DASH_COL_BUSIEST_HOUR"), "int"),
        Column(view.t("DASH_COL_HOURLY_LIMIT"), "int"),
        Column(view.t("DASH_COL_LATEST_LOOKUP"))],
        [[f.site_code, names.get(f.site_code, ""), f.answered, f.refused, f.busiest_hour, most,
          shown(f.latest_at)] for f in found])]


def _utc_days(start: date, end: date) -> tuple[datetime, datetime]:
    """Vietnam's days ``start`` to ``end`` as UTC moments, the end excluded.

    >>> _utc_days(date(2026, 3, 1), date(2026, 3, 7))
    (datetime.datetime(2026, 2, 28, 17, 0), datetime.datetime(2026, 3, 7, 17, 0))
    """
    return (datetime.combine(start, time()) - OFFSET,
            datetime.combine(end + timedelta(days=1), time()) - OFFSET)
