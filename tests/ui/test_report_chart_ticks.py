"""The counts' axis of a report's chart, on the screen (a real Qt chart, offscreen) and in the
PDF: whole numbers only, each label once, the same ticks on both. With counts of 0 and 1 the
screen read "0 0 0 0 0 1" (ticks every 0.2 printed whole)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCharts import QValueAxis

from desktop_app.certificates.pdf import register_fonts
from desktop_app.services.report_pdf_chart import chart as pdf_chart
from desktop_app.services.reports import Chart, Report
from desktop_app.ui.reports.report_chart import ReportChart

DAYS = [date(2021, 8, 1) + timedelta(days=n) for n in range(5)]


def by_day(counts, *more) -> Report:
    rows = [(d, n, *(m[i] for m in more))
            for i, (d, n) in enumerate(zip(DAYS, counts, strict=True))]
    return Report("t", "t", ("Date", "A", "B")[:2 + len(more)], rows,
                  Chart(category=0, values=tuple(range(1, 2 + len(more)))), DAYS[0], DAYS[-1])


NAMED = Report("t", "t", ("Status", "Count"), [("Mới", 1), ("Đang xử lý", 0), ("Xong", 2)],
               Chart(category=0, values=(1,), stacked=False), DAYS[0], DAYS[-1])
REPORTS = {"zero and one": by_day([0, 1, 0, 1, 0]), "all zero": by_day([0] * 5),
           "named": NAMED, "stacked": by_day([1, 1, 1, 1, 1], [0, 1, 0, 1, 0]),
           "seven": by_day([7, 0, 3, 1, 2]), "big": by_day([3, 140, 277, 414, 1234])}


def screen_ticks(qtbot, report: Report) -> list[float]:
    view = ReportChart()
    qtbot.addWidget(view)
    view.resize(600, 320)
    view.show()
    view.show_report(report)
    [counts] = [a for a in view.chart().axes() if isinstance(a, QValueAxis)]
    assert counts.tickType() == QValueAxis.TickType.TicksFixed
    assert counts.labelFormat() == "%d"
    n = counts.tickCount()
    return [counts.min() + i * (counts.max() - counts.min()) / (n - 1) for i in range(n)]


def pdf_ticks(report: Report) -> list[float]:
    register_fonts()
    [bars] = [c for c in pdf_chart(report, 400).contents if hasattr(c, "bars")]
    bars.valueAxis.configure(bars.data)
    return list(bars.valueAxis._tickValues)


@pytest.mark.parametrize("name", REPORTS)
def test_the_counts_axis_has_whole_ticks_each_once_on_screen_as_in_the_pdf(qtbot, name):
    ticks = screen_ticks(qtbot, REPORTS[name])
    assert all(t == int(t) for t in ticks), ticks
    labels = [f"{t:.0f}" for t in ticks]  # what "%d" prints of a whole tick
    assert len(set(labels)) == len(labels) >= 2, labels
    assert ticks == pdf_ticks(REPORTS[name])


def test_small_counts_read_0_1_and_big_ones_round_steps(qtbot):
    assert screen_ticks(qtbot, REPORTS["zero and one"]) == [0, 1]
    assert screen_ticks(qtbot, REPORTS["seven"]) == [0, 2, 4, 6, 8]
    assert screen_ticks(qtbot, REPORTS["big"]) == [0, 500, 1000, 1500]
