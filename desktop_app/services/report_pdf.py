"""Reports as PDF pages: title, period, a bar chart and the table, in the certificates'
Noto fonts (the core PDF fonts carry no Vietnamese letter); a header and footer on every
page say the site, the report carried on, the page and when it was printed. The page's
frame is ``report_pdf_page``, the chart ``report_pdf_chart``, the table ``report_pdf_table``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer

from desktop_app.certificates.pdf import BOLD, INK, REGULAR, register_fonts
from desktop_app.clock import local_time, utc_now
from desktop_app.rules.dates import format_date
from desktop_app.rules.demo import is_demo_site
from desktop_app.rules.messages import text
from desktop_app.services.report_pdf_chart import chart
from desktop_app.services.report_pdf_page import MARGIN, PageFurniture, ReportStarts
from desktop_app.services.report_pdf_table import table
from desktop_app.services.reports import Report
from desktop_app.services.site import SiteInfo


def write_pdf(reports: Sequence[Report], out: Path, lang: str,
              site: SiteInfo | None = None) -> None:
    """The reports, each from a new page; every page says the site, the report it carries
    on, its number among all and when it was printed, and DEMO over it when the figures
    are the sample data's."""
    register_fonts()
    title = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, textColor=INK)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    page = PageFurniture(
        text("REPORT_PDF_SITE", lang, name=site.name, code=site.code) if site else "",
        text("REPORT_PDF_PRINTED", lang, at=local_time(utc_now())),
        site is not None and is_demo_site(site.code), lang)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                            topMargin=MARGIN + 3 * mm, bottomMargin=MARGIN, creator="VaxDesk",
                            **_metadata(reports, page, lang))
    story: list[Any] = []
    for n, report in enumerate(reports):
        if n:
            story.append(PageBreak())
        story += [ReportStarts(report.title), Paragraph(escape(report.title), title),
                  Paragraph(_period(report, lang), body)]
        if report.note:
            story.append(Paragraph(escape(report.note), body))
        story.append(Spacer(1, 4 * mm))
        if not report.rows:
            story.append(Paragraph(text("REPORT_EMPTY", lang), body))
            continue
        story.append(chart(report, doc.width, lang))
        if note := report.chart_note(lang):
            story += [Spacer(1, 2 * mm), Paragraph(note, body)]
        story += [Spacer(1, 4 * mm), table(report, lang, doc.width)]
        if report.totals:  # the sums, as a table of their own under the rows
            sums = replace(report, columns=(text("REPORT_TOTALS_HEADING", lang),
                                             report.columns[report.chart.values[0]]),
                           rows=list(report.totals))
            # Kept on one page: split, its first lines read as all there is.
            story += [Spacer(1, 4 * mm), KeepTogether(table(sums, lang, doc.width / 2,
                                                                  bold_first=True))]
    doc.build(story, canvasmaker=page.canvas_class())


def _period(report: Report, lang: str) -> str:
    return text("REPORT_PERIOD", lang, start=format_date(report.start),
                end=format_date(report.end))


def _metadata(reports: Sequence[Report], page: PageFurniture, lang: str) -> dict[str, str]:
    """What a file browser shows of the PDF: the report (or how many), the site, the period."""
    title = reports[0].title if len(reports) == 1 else text("REPORT_PDF_TITLE", lang,
                                                             count=len(reports))
    about = [_period(reports[0], lang) if reports else "",
             text("REPORT_PDF_DEMO", lang) if page.demo else ""]
    return {"title": title, "author": page.site or "VaxDesk",
            "subject": " — ".join(a for a in about if a)}
