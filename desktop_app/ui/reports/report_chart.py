"""A report's chart (Qt Charts): bars per category, one set per series, stacked where the
report says so. The figures come from ``Report.chart_data``, as the PDF's chart does."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter

from desktop_app.services.reports import MAX_CHART_CATEGORIES, Report

PALETTE = ("#1f5fa8", "#d9822b", "#3a9a5b", "#b03a48", "#7a5ab8", "#5f6b7a", "#c9a227")


class ReportChart(QChartView):
    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(240)
        self.show_report(None)

    def show_report(self, report: Report | None) -> None:
        chart = QChart()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        chart.setMargins(chart.margins() * 0)
        if report is not None and report.rows:
            categories, series = report.chart_data(latest=MAX_CHART_CATEGORIES)
            bars = QStackedBarSeries() if report.chart.stacked and len(series) > 1 \
                else QBarSeries()
            for n, (name, values) in enumerate(series.items()):
                bar_set = QBarSet(name)
                bar_set.setColor(QColor(PALETTE[n % len(PALETTE)]))
                bar_set.append(values)
                bars.append(bar_set)
            chart.addSeries(bars)
            x = QBarCategoryAxis()
            x.append(categories)
            x.setTruncateLabels(False)  # "01/08" cut to "01…" names no day: slant it instead
            if len(categories) > 6:
                x.setLabelsAngle(-60)
            y = QValueAxis()
            y.setLabelFormat("%d")
            y.setMin(0)
            chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
            bars.attachAxis(x)
            bars.attachAxis(y)
            y.applyNiceNumbers()
        self.setChart(chart)  # the view owns it and deletes the previous one

    @property
    def series(self) -> list:
        return self.chart().series()
