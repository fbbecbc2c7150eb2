"""Reports written to files: an .xlsx workbook (a sheet per report) or a PDF (each report's
table and chart). Aggregates, but for the serious reactions' words (``reports.ABOUT_PEOPLE``,
for clerks and supervisors only); a file leaves the encrypted database, so every export is
audited with who wrote it, as the other exports are.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.paths import private_output
from desktop_app.rules.messages import text
from desktop_app.rules.safe_cells import sheet_name, write_table
from desktop_app.services.actor import RECORDERS, Actor, Role, require
from desktop_app.services.demo_guard import export_mark
from desktop_app.services.reports import ABOUT_PEOPLE, Report

EVERYONE = tuple(Role)  # counts only: whoever may open the app may take them away


def export_xlsx(db: Database, reports: Sequence[Report], out: Path, *, actor: Actor,
                lang: str = "vi") -> Path:
    """One sheet per report: whose figures they are (the site; on the demo, its DEMO line
    first, as on the PDF), the report's title and period above its table (``write_table``:
    a bold header that stays in sight, columns fitted, dates as dates Excel sorts and
    filters). A sheet copied into another workbook still says where it came from."""
    _may_take(actor, reports)
    from openpyxl import Workbook

    whose = whose_lines(db, lang)
    book = Workbook(write_only=True)
    for report in reports:
        sheet = book.create_sheet(sheet_name(report.title))
        above = [*whose, [report.title], [_period(report, lang)]]
        if report.note:
            above.append([report.note])
        write_table(sheet, report.columns, report.rows, above=above)
        _write_totals(sheet, report)
    _save(book.save, out)
    _audit(db, reports, out, actor)
    return out


def whose_lines(db: Database, lang: str) -> list[list[str]]:
    """The lines above a sheet that say whose it is: on the demo, its DEMO mark first; then
    the site's name and code (none before a site is set up)."""
    from desktop_app.services.site import current_site

    site = current_site(db)
    return [[line] for line in (
        export_mark(db, lang),
        text("REPORT_PDF_SITE", lang, name=site.name, code=site.code) if site else None)
        if line]


def export_pdf(db: Database, reports: Sequence[Report], out: Path, *, actor: Actor,
               lang: str = "vi") -> Path:
    _may_take(actor, reports)
    from desktop_app.services.report_pdf import write_pdf
    from desktop_app.services.site import current_site

    site = current_site(db)  # every page says whose figures they are, and DEMO on the demo's
    _save(lambda path: write_pdf(reports, path, lang, site), out)
    _audit(db, reports, out, actor)
    return out


def _may_take(actor: Actor, reports: Sequence[Report]) -> None:
    require(actor, *EVERYONE)
    if any(r.key in ABOUT_PEOPLE for r in reports):
        require(actor, *RECORDERS)


def _save(write, out: Path) -> None:  # type: ignore[no-untyped-def]
    with private_output(out) as part:
        write(part)


def _audit(db: Database, reports: Sequence[Report], out: Path, actor: Actor) -> None:
    with db.transaction() as s:
        s.add(store.audit_entry(
            "export", "report", out.name,
            {"reports": [r.key for r in reports],
             "from": reports[0].start.isoformat() if reports else None,
             "to": reports[0].end.isoformat() if reports else None},
            utc_now(), actor.user_id))


def _write_totals(sheet: Any, report: Report) -> None:
    """The report's totals under its table, each figure in the count column, the first
    (the whole period's) in bold."""
    if not report.totals:
        return
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    at = report.chart.values[0]  # the count column
    sheet.append([])
    for n, (what, figure) in enumerate(report.totals):
        cells = [WriteOnlyCell(sheet, value=v) for v in (what, *[None] * (at - 1), figure)]
        if n == 0:
            for cell in cells:
                cell.font = Font(bold=True)
        sheet.append(cells)


def _period(report: Report, lang: str) -> str:
    return text("REPORT_PERIOD", lang, start=report.start.strftime("%d/%m/%Y"),
                end=report.end.strftime("%d/%m/%Y"))

