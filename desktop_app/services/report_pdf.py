"""A report as a PDF page: title, period, a bar chart and the table, in the certificates'
Noto fonts (the core PDF fonts carry no Vietnamese letter)."""

from __future__ import annotations

from collections.abc import Sequence
from math import sqrt
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from desktop_app.certificates.pdf import BOLD, INK, REGULAR, register_fonts
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import text
from desktop_app.services.reports import MAX_CHART_CATEGORIES, Report, cell_text

LABEL_SIZE, LABEL_LEADING = 6, 7  # the chart's category labels
SLANTED_LABEL_WIDTH = 70  # a slanted label longer than this wraps, or it runs off the page
CELL_SIZE, CELL_LEADING, CELL_PADDING = 8, 10, 6  # CELL_PADDING: a Table's own, each side


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
        story += [chart(report, doc.width), Spacer(1, 4 * mm),
                  _table(report, lang, doc.width)]
    doc.build(story)


def chart(report: Report, width: float, height: float = 70 * mm) -> Drawing:
    categories, series = report.chart_data(latest=MAX_CHART_CATEGORIES)
    bars = VerticalBarChart()
    bars.width = width - 140
    below = max(_category_labels(bars, categories), 30)  # the drawing grows to hold them
    drawing = Drawing(width, height - 30 + below)
    bars.x, bars.y, bars.height = 30, below, height - 45
    bars.data = list(series.values()) or [[0]]
    bars.valueAxis.labels.fontName = REGULAR
    bars.valueAxis.labels.fontSize = 7
    bars.valueAxis.valueMin = 0
    if report.chart.stacked and len(series) > 1:
        bars.categoryAxis.style = "stacked"
    tones = [colors.HexColor(report.chart.colour(i)) for i in range(len(series))]
    for i in range(len(series)):
        bars.bars[i].fillColor = tones[i]
        bars.bars[i].strokeColor = None
    drawing.add(bars)
    legend = Legend()
    legend.x, legend.y = width - 100, drawing.height - 10
    legend.fontName, legend.fontSize = REGULAR, 7
    legend.colorNamePairs = list(zip(tones, series, strict=True))
    drawing.add(legend)
    return drawing


def _category_labels(bars: VerticalBarChart, categories: list[str]) -> float:
    """Set the category labels so none runs into its neighbour: level while each fits its
    bar's width, wrapped within it while that takes a few lines, else slanted (wrapped
    too when long), upright when bars stand too close for slanted lines to clear each
    other. Answers how far below the axis the labels reach."""
    labels = bars.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.leading = REGULAR, LABEL_SIZE, LABEL_LEADING
    bars.categoryAxis.categoryNames = categories
    slot = bars.width / max(len(categories), 1) - 4  # a little air between labels
    widest = max((stringWidth(c, REGULAR, LABEL_SIZE) for c in categories), default=0)
    if widest <= slot:
        labels.angle, labels.boxAnchor = 0, "n"
        return LABEL_LEADING + 15
    if slot >= 30 and max(_lines(c, slot) for c in categories) <= 3:
        labels.angle, labels.boxAnchor, labels.textAnchor = 0, "n", "middle"
        labels.maxWidth = slot
        return max(_lines(c, slot) for c in categories) * LABEL_LEADING + 15
    labels.maxWidth = SLANTED_LABEL_WIDTH
    across = min(widest, SLANTED_LABEL_WIDTH)
    lines = max(_lines(c, SLANTED_LABEL_WIDTH) for c in categories)
    if (slot + 4) / sqrt(2) < lines * LABEL_LEADING:  # too close to slant without touching
        labels.angle, labels.boxAnchor, labels.textAnchor = 90, "e", "end"
        return across + 15
    labels.angle, labels.boxAnchor, labels.textAnchor = 45, "ne", "end"
    return (across + lines * LABEL_LEADING) / sqrt(2) + 15


def _lines(label: str, width: float) -> int:
    return len(simpleSplit(label, REGULAR, LABEL_SIZE, width))


def _table(report: Report, lang: str, width: float) -> Table:
    """The report's rows as a table exactly the frame's width: words (a reaction's
    description, a vaccine's name) wrap within their column, figures and days do not."""
    figures = [i for i, v in enumerate(report.rows[0]) if isinstance(v, int | float)]
    words = {i for i in range(len(report.columns))
             if any(isinstance(row[i], str) for row in report.rows)}
    cell = ParagraphStyle("cell", fontName=REGULAR, fontSize=CELL_SIZE, leading=CELL_LEADING)
    head = ParagraphStyle("head", parent=cell, fontName=BOLD, textColor=INK)
    head_right = ParagraphStyle("head_right", parent=head, alignment=TA_RIGHT)
    shown = [[cell_text(v, lang) for v in row] for row in report.rows]
    data = [[Paragraph(escape(c), head_right if i in figures else head)
             for i, c in enumerate(report.columns)]]
    data += [[Paragraph(escape(t), cell) if i in words else t for i, t in enumerate(row)]
             for row in shown]
    table = Table(data, colWidths=_widths(report.columns, shown, words, width), repeatRows=1,
                  hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 1), (-1, -1), REGULAR, CELL_SIZE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, INK),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f4f9")]),
        *[("ALIGN", (i, 0), (i, -1), "RIGHT") for i in figures],
        ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]))
    return table


def _widths(columns: Sequence[str], shown: list[list[str]], words: set[int],
            width: float) -> list[float]:
    """Column widths adding up to ``width``. A column of figures or days gets what its
    longest cell (and its heading's longest word) takes; the columns of words share the
    rest, a short one keeping all it needs and the long ones the same share each; any
    room left over goes to every column alike, in proportion."""
    def text_width(t: str, font: str = REGULAR) -> float:
        return stringWidth(t, font, CELL_SIZE) + 2 * CELL_PADDING

    widths = [0.0] * len(columns)
    for i, heading in enumerate(columns):
        cells = [text_width(row[i]) for row in shown]
        if i in words:  # what it would take on one line
            widths[i] = max([text_width(heading, BOLD), *cells])
        else:
            widths[i] = max([text_width(w, BOLD) for w in heading.split()] + cells)
    left = width - sum(w for i, w in enumerate(widths) if i not in words)
    wrapping = sorted(words, key=lambda i: widths[i])
    for n, i in enumerate(wrapping):
        widths[i] = min(widths[i], max(left, 0) / (len(wrapping) - n))
        left -= widths[i]
    spare = width - sum(widths)
    return [w + spare * w / sum(widths) for w in widths] if spare > 0 else widths
