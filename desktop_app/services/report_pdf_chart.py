"""A report's bar chart for the PDF: days along the bottom, named categories down the left,
the counts' axis in round steps, the legend under it; no label ever runs into another."""

from __future__ import annotations

from math import sqrt
from typing import Any

from reportlab.graphics.charts.barcharts import BarChart, HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, Group, Rect, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from desktop_app.certificates.pdf import REGULAR, register_fonts
from desktop_app.rules.numbers import count
from desktop_app.rules.reports import counts_axis
from desktop_app.services.reports import MAX_CHART_CATEGORIES, Report

LABEL_SIZE, LABEL_LEADING = 6, 7  # the chart's category labels
NAME_SIZE, NAME_LEADING = 7, 8.5  # a named category's label, beside its bar
KEY_SIZE, KEY_LEADING, SWATCH = 7, 8.5, 7  # the legend


def chart(report: Report, width: float, lang: str = "vi", height: float = 70 * mm) -> Drawing:
    """Days along the bottom with their bars up; named categories (a status, a vaccine
    and dose) down the left with their bars across, as the screen draws them; the legend,
    when more than one series, under the chart within the page's width."""
    register_fonts()  # measured with before any page is made, so by whoever draws first
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
    """Whole counts in round steps from 0, as the screen's (``rules.reports.counts_axis``)."""
    step, end = counts_axis(series.values(), stacked)
    axis = bars.valueAxis
    axis.valueMin, axis.valueStep, axis.valueMax = 0, step, end
    axis.labelTextFormat = lambda v: count(round(v), lang)
    axis.labels.fontName, axis.labels.fontSize = REGULAR, 7


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
