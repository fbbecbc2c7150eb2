"""Reports as PDF pages: title, period, a bar chart and the table, in the certificates'
Noto fonts (the core PDF fonts carry no Vietnamese letter); a header and footer on every
page say the site, the report carried on, the page and when it was printed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from math import ceil, cos, radians, sin, sqrt
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import BarChart, HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from desktop_app.certificates.pdf import BOLD, DEMO_RED, INK, REGULAR, register_fonts
from desktop_app.clock import local_time, utc_now
from desktop_app.rules.dates import format_date
from desktop_app.rules.demo import is_demo_site
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import count
from desktop_app.services.reports import MAX_CHART_CATEGORIES, Report, cell_text
from desktop_app.services.site import SiteInfo

LABEL_SIZE, LABEL_LEADING = 6, 7  # the chart's category labels
NAME_SIZE, NAME_LEADING = 7, 8.5  # a named category's label, beside its bar
KEY_SIZE, KEY_LEADING, SWATCH = 7, 8.5, 7  # the legend
CELL_SIZE, CELL_LEADING, CELL_PADDING = 8, 10, 6  # CELL_PADDING: a Table's own, each side
MARGIN = 15 * mm
GREY = colors.HexColor("#5f6b7a")


def write_pdf(reports: Sequence[Report], out: Path, lang: str,
              site: SiteInfo | None = None) -> None:
    """The reports, each from a new page; every page says the site, the report it carries
    on, its number among all and when it was printed, and DEMO over it when the figures
    are the sample data's."""
    register_fonts()
    title = ParagraphStyle("title", fontName=BOLD, fontSize=14, leading=18, textColor=INK)
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=12)
    page = _PageFurniture(
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
        story += [_ReportStarts(report.title), Paragraph(escape(report.title), title),
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
        story += [Spacer(1, 4 * mm), _table(report, lang, doc.width)]
    doc.build(story, canvasmaker=page.canvas_class())


def _period(report: Report, lang: str) -> str:
    return text("REPORT_PERIOD", lang, start=format_date(report.start),
                end=format_date(report.end))


def _metadata(reports: Sequence[Report], page: _PageFurniture, lang: str) -> dict[str, str]:
    """What a file browser shows of the PDF: the report (or how many), the site, the period."""
    title = reports[0].title if len(reports) == 1 else text("REPORT_PDF_TITLE", lang,
                                                             count=len(reports))
    about = [_period(reports[0], lang) if reports else "",
             text("REPORT_PDF_DEMO", lang) if page.demo else ""]
    return {"title": title, "author": page.site or "VaxDesk",
            "subject": " — ".join(a for a in about if a)}


class _ReportStarts(Flowable):
    """Drawn at the top of a report's first page: the pages after it, until the next
    report starts, are its continuation pages and carry its title in their header."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title

    def wrap(self, *_: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.report_title = self.title  # type: ignore[attr-defined]
        self.canv.report_starts = True  # type: ignore[attr-defined]


@dataclass(frozen=True)
class _PageFurniture:
    site: str  # "<name> (site code <code>)", or "" when no site is set up
    printed: str
    demo: bool
    lang: str

    def canvas_class(self) -> type[Canvas]:
        """A canvas that holds its pages back until the last, to say "page x of y"."""
        furniture = self

        class PageCanvas(Canvas):
            def __init__(self, *args: Any, **kwargs: Any) -> None:
                super().__init__(*args, **kwargs)
                self.pages: list[dict[str, Any]] = []
                self.report_title, self.report_starts = "", False

            def showPage(self) -> None:  # noqa: N802 (reportlab's name)
                self.pages.append(dict(self.__dict__))
                self.report_starts = False
                self._startPage()

            def save(self) -> None:
                for n, state in enumerate(self.pages, 1):
                    self.__dict__.update(state)
                    furniture.draw(self, n, len(self.pages))
                    Canvas.showPage(self)
                Canvas.save(self)

        return PageCanvas

    def draw(self, c: Any, n: int, pages: int) -> None:
        width, height = c._pagesize
        c.saveState()
        c.setFont(REGULAR, 7.5)
        c.setFillColor(GREY)
        top = height - MARGIN + 2 * mm
        c.drawString(MARGIN, top, self.site)
        if not c.report_starts:  # the title is the page's own heading on its first page
            room = width - 2 * MARGIN - stringWidth(self.site, REGULAR, 7.5) - 10 * mm
            c.drawRightString(width - MARGIN, top, _cut(c.report_title, room, 7.5))
        c.setStrokeColor(GREY)
        c.setLineWidth(0.4)
        c.line(MARGIN, top - 1.5 * mm, width - MARGIN, top - 1.5 * mm)
        c.drawString(MARGIN, MARGIN - 6 * mm, self.printed)
        c.drawRightString(width - MARGIN, MARGIN - 6 * mm,
                          text("REPORT_PDF_PAGE", self.lang, n=n, total=pages))
        c.restoreState()
        if self.demo:
            _demo_mark(c, width, height, text("REPORT_PDF_DEMO", self.lang))


def _cut(words: str, room: float, size: float) -> str:
    """``words`` in at most ``room`` points, its end cut to "…" when longer."""
    if stringWidth(words, REGULAR, size) <= room:
        return words
    while len(words) > 1 and stringWidth(words + "…", REGULAR, size) > room:
        words = words[:-1]
    return words + "…"


def _demo_mark(c: Any, width: float, height: float, mark: str) -> None:
    """Across the page, as on a demo certificate: these are the sample data's figures."""
    angle = 35
    across = stringWidth(mark, BOLD, 1) * cos(radians(angle)) + sin(radians(angle))
    size = min(24.0, 0.85 * (width - 2 * MARGIN) / across)  # its corners inside the margins
    c.saveState()
    c.setFillColor(DEMO_RED)
    c.setFont(BOLD, size)
    c.translate(width / 2, height / 2)
    c.rotate(angle)
    c.drawCentredString(0, 0, mark)
    c.restoreState()


def chart(report: Report, width: float, lang: str = "vi", height: float = 70 * mm) -> Drawing:
    """Days along the bottom with their bars up; named categories (a status, a vaccine
    and dose) down the left with their bars across, as the screen draws them; the legend,
    when more than one series, under the chart within the page's width."""
    categories, series = report.chart_data(latest=MAX_CHART_CATEGORIES)
    stacked = report.chart.stacked and len(series) > 1
    tones = [colors.HexColor(report.chart.colour(i)) for i in range(len(series))]
    key, below_key = _legend(list(series) if len(series) > 1 else [], tones, width)
    bars: BarChart
    if report.by_day():
        bars = VerticalBarChart()
        bars.x, bars.width, bars.height = 30, width - 34, height - 45
        bars.y = below_key + max(_category_labels(bars, categories), 30)
    else:
        bars = HorizontalBarChart()
        _named_categories(bars, categories, width)
        bars.y = below_key + 18  # the counts under the bars
    drawing = Drawing(width, bars.y + bars.height + 8)
    bars.data = list(series.values()) or [[0]]
    _counts_axis(bars, series, stacked, lang)
    if stacked:
        bars.categoryAxis.style = "stacked"
    for i in range(len(series)):
        bars.bars[i].fillColor = tones[i]
        bars.bars[i].strokeColor = None
    drawing.add(bars)
    drawing.add(key)
    return drawing


def _named_categories(bars: HorizontalBarChart, categories: list[str], width: float) -> None:
    """Each name level beside its bar, wrapped within a third of the width: names never
    meet, however many or long ("Mũi 1 · Comirnaty (Pfizer-BioNTech)")."""
    labels = bars.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.leading = REGULAR, NAME_SIZE, NAME_LEADING
    room = min(max((stringWidth(c, REGULAR, NAME_SIZE) for c in categories), default=0) + 2,
               width / 3)
    labels.maxWidth, labels.boxAnchor, labels.textAnchor, labels.dx = room, "e", "end", -7
    bars.categoryAxis.categoryNames = categories
    bars.categoryAxis.reverseDirection = 1  # the first row on top, as the table reads
    lines = max((_lines(c, room, NAME_SIZE) for c in categories), default=1)
    bars.x = room + 10  # the label, its gap and the ticks
    bars.width = width - bars.x - 10  # half the widest count under the bars' end
    bars.height = max(lines * NAME_LEADING + 6, 14) * max(len(categories), 1)


def _counts_axis(bars: BarChart, series: dict[str, list[float]], stacked: bool,
                 lang: str) -> None:
    """Whole counts in round steps from 0, at least to 1 (all zero once read 0.002)."""
    columns = list(zip(*series.values(), strict=True)) or [(0.0,)]
    top = max((sum(c) if stacked else max(c)) for c in columns)
    step = _step(top)
    axis = bars.valueAxis
    axis.valueMin, axis.valueStep = 0, step
    axis.valueMax = max(1, ceil(top / step)) * step
    axis.labelTextFormat = lambda v: count(round(v), lang)
    axis.labels.fontName, axis.labels.fontSize = REGULAR, 7


def _step(top: float, most: int = 6) -> int:
    """The least round step (1, 2, 5, 10, 20…) that reaches ``top`` in ``most`` steps.

    >>> [_step(t) for t in (0, 1, 6, 7, 30, 37, 1234)]
    [1, 1, 1, 2, 5, 10, 500]
    """
    magnitude = 1
    while True:
        for k in (1, 2, 5):
            if top <= k * magnitude * most:
                return k * magnitude
        magnitude *= 10


def _legend(names: list[str], tones: list[Any], width: float) -> tuple[Group, float]:
    """Each series' swatch and name, in as many columns as the widest name leaves room
    for across ``width`` (a longer name wraps in its column): the group, drawn from 0 up,
    and its height."""
    key = Group()
    if not names:
        return key, 0
    gap = SWATCH + 4
    widest = max(stringWidth(n, REGULAR, KEY_SIZE) for n in names) + gap + 12
    columns = max(1, min(len(names), 4, int(width // widest)))
    room = width / columns - gap - 12
    wrapped = [simpleSplit(n, REGULAR, KEY_SIZE, room) for n in names]
    rows = [wrapped[i:i + columns] for i in range(0, len(wrapped), columns)]
    height = sum(max(len(w) for w in row) * KEY_LEADING + 4 for row in rows)
    top = height
    for r, row in enumerate(rows):
        for c, lines in enumerate(row):
            x = c * width / columns
            key.add(Rect(x, top - SWATCH - 1, SWATCH, SWATCH, fillColor=tones[r * columns + c],
                         strokeColor=None))
            for i, line in enumerate(lines):
                key.add(String(x + gap, top - (i + 1) * KEY_LEADING + 1.5, line,
                               fontName=REGULAR, fontSize=KEY_SIZE))
        top -= max(len(w) for w in row) * KEY_LEADING + 4
    return key, height + 6


def _category_labels(bars: VerticalBarChart, categories: list[str]) -> float:
    """Set the days' labels so none runs into its neighbour: level while each fits its
    bar's width, else slanted, upright when bars stand too close for slanted lines to clear
    each other. Answers how far below the axis the labels reach."""
    labels = bars.categoryAxis.labels
    labels.fontName, labels.fontSize, labels.leading = REGULAR, LABEL_SIZE, LABEL_LEADING
    bars.categoryAxis.categoryNames = categories
    slot = bars.width / max(len(categories), 1) - 4  # a little air between labels
    widest = max((stringWidth(c, REGULAR, LABEL_SIZE) for c in categories), default=0)
    if widest <= slot:
        labels.angle, labels.boxAnchor = 0, "n"
        return LABEL_LEADING + 15
    if (slot + 4) / sqrt(2) < LABEL_LEADING:  # too close to slant without touching
        labels.angle, labels.boxAnchor, labels.textAnchor = 90, "e", "end"
        return widest + 15
    labels.angle, labels.boxAnchor, labels.textAnchor = 45, "ne", "end"
    return (widest + LABEL_LEADING) / sqrt(2) + 15


def _lines(label: str, width: float, size: float) -> int:
    return len(simpleSplit(label, REGULAR, size, width))


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
