"""A report as a PDF page: title, period, a bar chart and the table, in the certificates'
Noto fonts (the core PDF fonts carry no Vietnamese letter)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop_app.certificates.pdf import BOLD, INK, REGULAR, register_fonts
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import text
from desktop_app.services.reports import Report, cell_text

PALETTE = [colors.HexColor(c) for c in ("#1f5fa8", "#d9822b", "#3a9a5b", "#b03a48",
                                        "#7a5ab8", "#5f6b7a", "#c9a227", "#2a9d9d")]
MAX_CATEGORIES = 60  # more bars than this are unreadable on a page: the last ones are drawn


def write_pdf(reports: Sequence[Report], out: Path, lang: str) -> None:
    register_fonts()
    title = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, textColor=INK)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    doc = SimpleDocTemplate(str(out), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                            topMargin=15 * mm, bottomMargin=15 * mm, title="VaxDesk")
    story: list[Any] = []
    for n, report in enumerate(reports):
        if n:
            story.append(PageBreak())
        story += [Paragraph(report.title, title),
                  Paragraph(text("REPORT_PERIOD", lang, start=format_date(report.start),
                                 end=format_date(report.end)), body)]
        if report.note:
            story.append(Paragraph(report.note, body))
        story.append(Spacer(1, 4 * mm))
        if not report.rows:
            story.append(Paragraph(text("REPORT_EMPTY", lang), body))
            continue
        story += [chart(report, doc.width), Spacer(1, 4 * mm), _table(report, lang)]
    doc.build(story)


def chart(report: Report, width: float, height: float = 70 * mm) -> Drawing:
    categories, series = report.chart_data()
    categories = categories[-MAX_CATEGORIES:]
    drawing = Drawing(width, height)
    bars = VerticalBarChart()
    bars.x, bars.y, bars.width, bars.height = 30, 30, width - 140, height - 45
    bars.data = [values[-MAX_CATEGORIES:] for values in series.values()] or [[0]]
    bars.categoryAxis.categoryNames = categories
    bars.categoryAxis.labels.fontName = REGULAR
    bars.categoryAxis.labels.fontSize = 6
    bars.categoryAxis.labels.angle = 45 if len(categories) > 8 else 0
    bars.categoryAxis.labels.boxAnchor = "ne" if len(categories) > 8 else "n"
    bars.valueAxis.labels.fontName = REGULAR
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    if report.chart.stacked and len(series) > 1:
        bars.categoryAxis.style = "stacked"
    for i in range(len(series)):
        bars.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        bars.bars[i].strokeColor = None
    drawing.add(bars)
    legend = Legend()
    legend.x, legend.y = width - 100, height - 10
    legend.fontName, legend.fontSize = REGULAR, 7
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], name)
                             for i, name in enumerate(series)]
    drawing.add(legend)
    return drawing


def _table(report: Report, lang: str) -> Table:
    data = [list(report.columns)] + [[cell_text(v, lang) for v in row] for row in report.rows]
    table = Table(data, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, 0), BOLD, 8), ("FONT", (0, 1), (-1, -1), REGULAR, 8),
        ("TEXTCOLOR", (0, 0), (-1, 0), INK),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f4f9")]),
        *[("ALIGN", (i, 0), (i, -1), "RIGHT") for i, v in enumerate(report.rows[0])
          if isinstance(v, int | float)],
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table

