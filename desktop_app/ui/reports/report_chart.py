"""A report's chart (Qt Charts): bars per category, one set per series, stacked where the
report says so. The figures come from ``Report.chart_data``, as the PDF's chart does.

Days stand along the bottom, level, as many named as fit the chart's width (counted back
from the latest: ``rules.reports.thinned``), again as it is resized: slanted, Qt dropped
the first and last and the rest piled into each other on a small screen. Named categories
(a status, "Mũi 1 · Comirnaty (Pfizer-BioNTech)") lie along the left with their bars
across: upright they ran into each other, and slanted Qt dropped the ones that did not
fit. The legend is ours, under the bars, names whole (``chart_legend.py``)."""

from __future__ import annotations

from html import escape
from math import ceil

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QResizeEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.rules.reports import counts_axis, thinned
from desktop_app.services.reports import MAX_CHART_CATEGORIES, Report
from desktop_app.ui.reports.chart_legend import ChartLegend


class ReportChart(QWidget):
    """The bars, and their legend under them."""

    def __init__(self) -> None:
        super().__init__()
        self.bars = _BarsView()
        self.legend = ChartLegend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bars, 1)
        layout.addWidget(self.legend)

    def show_report(self, report: Report | None) -> None:
        self.legend.show_series(self.bars.show_report(report))

    def chart(self) -> QChart:
        return self.bars.chart()

    @property
    def series(self) -> list:
        return self.bars.chart().series()


class _BarsView(QChartView):
    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self._days: list[str] = []  # a by-day chart's days, labelled as fit
        self._day_axis: QBarCategoryAxis | None = None
        self.show_report(None)

    def show_report(self, report: Report | None) -> list[tuple[str, str]]:
        """Draws ``report``'s bars; its series' names and colours, for the legend."""
        chart = QChart()
        self._days, self._day_axis = [], None
        self.setChart(chart)  # the view owns it and deletes the previous one
        chart.legend().setVisible(False)  # ``ChartLegend`` says the names whole
        chart.setMargins(chart.margins() * 0)
        named_series: list[tuple[str, str]] = []
        if report is not None and report.rows:
            categories, series = report.chart_data(latest=MAX_CHART_CATEGORIES)
            across = not report.by_day()
            stacked = report.chart.stacked and len(series) > 1
            bars = _bars(stacked, across)
            if across:  # the first row on top, as the table reads
                categories = categories[::-1]
                series = {name: values[::-1] for name, values in series.items()}
            for n, (name, values) in enumerate(series.items()):
                bar_set = QBarSet(name)
                bar_set.setColor(QColor(report.chart.colour(n)))
                bar_set.append(values)
                bars.append(bar_set)
                named_series.append((name, report.chart.colour(n)))
            chart.addSeries(bars)
            named = QBarCategoryAxis()
            named.append([_two_lines(c) for c in categories] if across else
                         thinned(categories, *self._fitting(categories)))
            named.setTruncateLabels(False)  # "01/08" cut to "01…" names no day
            counts = _counts(series, stacked)
            chart.addAxis(named, Qt.AlignmentFlag.AlignLeft if across
                          else Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(counts, Qt.AlignmentFlag.AlignBottom if across
                          else Qt.AlignmentFlag.AlignLeft)
            bars.attachAxis(named)
            bars.attachAxis(counts)
            if not across:
                self._days, self._day_axis = list(categories), named
        return named_series

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        # After the resize, not inside it: an axis changed while Qt lays the chart out
        # crashed it.
        QTimer.singleShot(0, self, self._fit_to_width)  # with self: none once it is gone

    def _fit_to_width(self) -> None:
        if self._days and self._day_axis is not None:  # as many days named as now fit
            self._day_axis.setCategories(thinned(self._days, *self._fitting(self._days)))

    def _fitting(self, days: list[str]) -> tuple[int, int]:
        """How many of ``days``' labels the chart's width holds level, a label's width
        apart ("dd/mm", or "dd/mm/yyyy" over two years), and how many of the last bars are
        too near the edge for a label centred under them (Qt does not draw one that would
        cross it)."""
        widest = max((self.fontMetrics().horizontalAdvance(d) for d in days), default=1)
        plot = max(self.width() - 80, 1)  # the counts' axis aside; 1: squeezed by the divider
        bar = plot / max(len(days), 1)
        return max(2, int(plot // (1.5 * widest))), max(0, ceil(widest / 2 / bar - 0.5))


def _counts(series: dict[str, list[float]], stacked: bool) -> QValueAxis:
    """Whole counts, a tick at each round step, as the PDF's (``rules.reports.counts_axis``):
    Qt's nice numbers put small counts' ticks at 0.2, each printed whole."""
    step, end = counts_axis(series.values(), stacked)
    axis = QValueAxis()
    axis.setLabelFormat("%d")
    axis.setRange(0, end)
    axis.setTickCount(end // step + 1)
    axis.setMinorTickCount(0)
    return axis


def _bars(stacked: bool, across: bool) -> QAbstractBarSeries:
    if across:
        return QHorizontalStackedBarSeries() if stacked else QHorizontalBarSeries()
    return QStackedBarSeries() if stacked else QBarSeries()


def _two_lines(label: str, width: int = 18) -> str:
    """A long name in two lines at a space near its middle (Qt cuts a long one at the
    chart's edge, losing its start: "· Comirnaty (Pfizer-BioNTech)")."""
    if len(label) <= width or " " not in label:
        return escape(label)  # Qt reads an axis label as rich text
    middle = len(label) // 2
    spaces = [i for i, ch in enumerate(label) if ch == " "]
    cut = min(spaces, key=lambda i: abs(i - middle))
    return escape(label[:cut]) + "<br>" + escape(label[cut + 1:])
