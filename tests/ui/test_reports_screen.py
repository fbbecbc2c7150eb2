"""The Reports area on real widgets over a real database: choose a report and a period, the
table and the Qt chart fill, an export writes its file."""

from __future__ import annotations

import sys
from datetime import date

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from desktop_app.services.reports import REPORTS
from desktop_app.ui.context import AppContext
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.reports.reports_screen import ReportsScreen
from desktop_app.ui.tasks import TaskRunner
from tests.reports.data import known_site
from tests.reports.pending_import import import_in_progress


@pytest.fixture
def screen(qtbot, db, site, boss):
    known_site(db)
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    errors = []
    ctx.error_handler = lambda exc, _parent: errors.append(exc)
    made = ReportsScreen(ctx)
    qtbot.addWidget(made)
    made.resize(1100, 600)
    made.show()
    made.activate()
    qtbot.waitUntil(lambda: made.report is not None and not made.loading)
    made.errors = errors
    yield made
    ctx.runner.wait_idle()


def choose(qtbot, screen, key, start=date(2021, 9, 1), end=date(2021, 12, 31)):
    screen.start.setDate(QDate(start.year, start.month, start.day))
    screen.end.setDate(QDate(end.year, end.month, end.day))
    screen.chooser.setCurrentIndex(screen.chooser.findData(key))
    qtbot.waitUntil(lambda: not screen.loading and screen.report.key == key
                    and (screen.report.start, screen.report.end) == (start, end))


def test_defaults_to_the_last_30_days(screen):
    start, end = screen.period()
    assert (end - start).days == 29
    assert screen.report.rows == []  # the known doses are in 2021
    assert screen.message.text() == "No figures in this period."


def test_choosing_a_report_fills_the_table_and_the_chart(qtbot, screen):
    choose(qtbot, screen, "completeness")
    model = screen.model
    assert model.rowCount() == 3
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Date", "Recorded", "Synced", "Rejected", "Pending"]
    assert [model.index(0, c).data() for c in range(5)] == ["01/10/2021", "4", "2", "1", "1"]
    [bars] = screen.chart.series
    assert [s.label() for s in bars.barSets()] == ["Synced", "Rejected", "Pending"]
    assert [bars.barSets()[0].at(i) for i in range(3)] == [2, 0, 1]
    # done green, refused red, waiting amber: never the "done" green on doses still waiting
    assert [s.color().name() for s in bars.barSets()] == ["#3a9a5b", "#b03a48", "#d9822b"]
    choose(qtbot, screen, "doses")
    assert model.rowCount() == 7
    [bars] = screen.chart.series
    assert sorted(s.label() for s in bars.barSets()) == ["Comirnaty (Pfizer-BioNTech)",
                                                         "Vaxzevria (AstraZeneca)"]
    # The period's total and each vaccine and dose's, not left to be added up by hand.
    assert screen.message.text() == (
        "Total: 7. Dose 1 · Comirnaty (Pfizer-BioNTech): 4; "
        "Dose 2 · Comirnaty (Pfizer-BioNTech): 2; Dose 1 · Vaxzevria (AstraZeneca): 1.")
    assert screen.errors == []


def test_a_backwards_period_is_told_not_shown(qtbot, screen):
    screen.start.setDate(QDate(2022, 1, 1))
    screen.end.setDate(QDate(2021, 12, 1))
    qtbot.waitUntil(lambda: not screen.loading and screen.report is None)
    assert "is after the end date" in screen.message.text()
    assert screen.model.rowCount() == 0 and screen.chart.series == []


def test_export_writes_every_report_of_the_period(qtbot, screen, tmp_path):
    choose(qtbot, screen, "doses")
    out = tmp_path / "bao-cao.xlsx"
    screen.export_to(out)
    qtbot.waitUntil(lambda: "exported" in screen.message.text(), timeout=20000)
    assert len(load_workbook(out).sheetnames) == len(REPORTS)
    screen.export_to(tmp_path / "bao-cao.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "bao-cao.pdf").exists(), timeout=20000)


def test_a_volunteer_neither_reads_nor_takes_away_the_reactions_words(qtbot, screen,
                                                                       tmp_path):
    """A reaction's description and what was done are a person's health in words: a
    volunteer typing history from paper read and exported them. After the idle lock hands
    the laptop to a volunteer, the list leaves the report out, and so does the export."""
    from desktop_app.services import accounts
    from desktop_app.services.actor import Actor, Role

    made = accounts.add_user(screen.ctx.db, "ha", "Tình nguyện viên Hà", Role.VOLUNTEER,
                             "mật khẩu đủ dài 123", actor=screen.ctx.actor)
    assert "reactions" in [screen.chooser.itemData(i) for i in range(screen.chooser.count())]
    choose(qtbot, screen, "reactions")
    screen.ctx.actor = Actor(made.id, made.full_name, Role.VOLUNTEER)
    screen.activate()
    listed = [screen.chooser.itemData(i) for i in range(screen.chooser.count())]
    assert "reactions" not in listed and len(listed) == len(REPORTS) - 1
    qtbot.waitUntil(lambda: not screen.loading and screen.report.key != "reactions")
    out = tmp_path / "bao-cao.xlsx"
    screen.export_to(out)
    qtbot.waitUntil(lambda: "exported" in screen.message.text(), timeout=20000)
    assert len(load_workbook(out).sheetnames) == len(REPORTS) - 1
    assert screen.errors == []


def test_ctrl_8_opens_the_reports_area(qtbot, db, site, boss):
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.show_area("reports")
    assert isinstance(window.areas["reports"], ReportsScreen)
    qtbot.waitUntil(lambda: window.areas["reports"].report is not None)
    ctx.runner.wait_idle()


def test_while_a_big_import_counts_the_screen_says_its_doses_come_at_its_end(
        qtbot, screen, db, site):
    """The note shows beside the figures; the import's end (the backfill area's "doses"
    change) brings its doses in and takes the note away."""
    choose(qtbot, screen, "doses")
    before = sum(r[-1] for r in screen.report.rows)
    with import_in_progress(db, site.id, count=4):
        screen.refresh()
        qtbot.waitUntil(lambda: not screen.loading and screen.report.note != "")
        # First, then the totals it qualifies.
        assert screen.message.text().startswith(screen.report.note + " Total: ")
        assert screen.message.text().startswith("A large file is being imported")
        assert sum(r[-1] for r in screen.report.rows) == before
    screen.ctx.data_changed.emit("doses")
    qtbot.waitUntil(lambda: not screen.loading and screen.report.note == "")
    assert screen.message.text().startswith(f"Total: {before + 4}. ")
    assert sum(r[-1] for r in screen.report.rows) == before + 4
    assert screen.errors == []


def _named(axis) -> list[str]:  # noqa: ANN001
    """The day labels an axis shows (the others are zero-width blanks)."""
    return [c for c in axis.categories() if c.strip("\u200b")]


def test_a_narrow_chart_names_the_days_that_fit_level_the_latest_under_its_bar(qtbot,
                                                                             tmp_path):
    """Thirty days in 420 px (the Reports area at 1024x600): slanted at -60 degrees Qt
    dropped the first and last labels and piled the rest into each other, so the last bar,
    today's, stood under yesterday's label. Now as many days as fit are named, level, a
    label apart, counted back from the latest whose label fits under its bar (Qt draws
    none across the edge); wider, more are, the latest among them."""
    from datetime import timedelta

    from desktop_app.services.reports import Chart, Report
    from desktop_app.ui.reports.report_chart import ReportChart

    days = [date(2021, 8, 1) + timedelta(days=n) for n in range(30)]
    report = Report("completeness", "t", ("Date", "Synced"), [(d, n) for n, d in
                                                             enumerate(days)],
                    Chart(category=0, values=(1,)), days[0], days[-1])
    chart = ReportChart()
    qtbot.addWidget(chart)
    chart.resize(420, 300)
    chart.show()
    chart.show_report(report)
    qtbot.waitExposed(chart)
    [x] = chart.chart().axes(Qt.Orientation.Horizontal)
    assert len(x.categories()) == 30 and x.labelsAngle() == 0 and not x.labelsTruncated()
    named = _named(x)
    assert named[-1] in ("28/08", "29/08")  # near the edge: as near as fits
    widest = chart.fontMetrics().horizontalAdvance("00/00")
    assert len(named) >= 2 and len(named) * widest * 2 <= chart.width()
    assert set(named) <= {d.strftime("%d/%m") for d in days}
    chart.grab().save(str(tmp_path / "chart-420.png"))
    chart.resize(1400, 300)  # a bar wider than its label: the latest named under it
    qtbot.waitUntil(lambda: len(_named(x)) > len(named))
    assert _named(x)[-1] == "30/08" == x.categories()[-1]  # wide: the latest bar's own
    chart.grab().save(str(tmp_path / "chart-1400.png"))


def test_a_chart_over_two_years_draws_the_latest_60_days_with_their_year(qtbot):
    """01/07/2021 and 01/07/2022 are two days, and the 60 bars are the range's last days,
    not the first 60 labels met."""
    from datetime import timedelta

    from desktop_app.services.reports import Chart, Report
    from desktop_app.ui.reports.report_chart import ReportChart

    days = [date(2021, 6, 1) + timedelta(days=n) for n in range(505)]  # to 18/10/2022
    report = Report("completeness", "t", ("Date", "Synced"), [(d, 1) for d in days],
                    Chart(category=0, values=(1,)), date(2021, 1, 1), date(2022, 12, 31))
    chart = ReportChart()
    qtbot.addWidget(chart)
    chart.show_report(report)
    [x] = chart.chart().axes(Qt.Orientation.Horizontal)
    assert len(x.categories()) == 60
    wanted = [d.strftime("%d/%m/%Y") for d in days[-60:]]
    assert _named(x)[-1] in wanted[-6:] and set(_named(x)) <= set(wanted)
    [bars] = chart.series[0].barSets()
    assert [bars.at(i) for i in range(bars.count())] == [1] * 60


def test_counts_and_shares_are_written_as_the_language_writes_them(qtbot):
    """Vietnamese: "1.234" is a count and "95,3" a share; English the other way round."""
    from desktop_app.services.reports import Chart, Report
    from desktop_app.ui.reports.report_table_model import ReportTableModel

    report = Report("completeness", "t", ("Date", "Recorded", "Rate"),
                    [(date(2021, 9, 1), 1234, 95.34)], Chart(category=0, values=(1,)),
                    date(2021, 9, 1), date(2021, 9, 1))
    model = ReportTableModel()
    model.set_report(report, "vi")
    assert [model.index(0, c).data() for c in range(3)] == ["01/09/2021", "1.234", "95,3"]
    model.set_report(report, "en")
    assert [model.index(0, c).data() for c in range(3)] == ["01/09/2021", "1,234", "95.3"]


def test_the_period_captions_are_drawn_whole(screen):
    """ "&To" was laid out 13 px wide, measured with the T-o kerning its underlined T does
    not get when drawn: the o was cut ("Tc")."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QLabel

    captions = [c for c in screen.findChildren(QLabel) if c.buddy() is not None]
    assert [c.text() for c in captions] == ["&From", "&To", "&Report"]
    for caption in captions:
        font = caption.font()
        font.setKerning(False)  # as the mnemonic's split text is drawn
        drawn = QFontMetrics(font).horizontalAdvance(caption.text().replace("&", ""))
        assert caption.width() >= drawn, caption.text()


def test_named_categories_lie_along_the_left_with_their_bars_across(qtbot):
    """The desk's tally and the cleaning backlog name their bars ("Mũi 1 · Comirnaty
    (Pfizer-BioNTech)"): upright they ran into each other, slanted Qt dropped those that
    did not fit. Across, the first row is on top and a long name takes two lines."""
    from PySide6.QtCharts import QHorizontalBarSeries

    from desktop_app.services.reports import Chart, Report
    from desktop_app.ui.reports.report_chart import ReportChart

    rows = [("Mũi 1 · Comirnaty (Pfizer-BioNTech)", 3), ("Hoãn tiêm", 0),
            ("Phản ứng nặng", 1)]
    report = Report("desk_day", "t", ("Nội dung", "Số lượng"), rows,
                    Chart(category=0, values=(1,), stacked=False), date(2021, 8, 1),
                    date(2021, 8, 1))
    chart = ReportChart()
    qtbot.addWidget(chart)
    chart.resize(430, 440)
    chart.show()
    chart.show_report(report)
    [bars] = chart.series
    assert isinstance(bars, QHorizontalBarSeries)
    [named] = chart.chart().axes(Qt.Orientation.Vertical)
    assert named.categories() == ["Phản ứng nặng", "Hoãn tiêm",
                                  "Mũi 1 · Comirnaty<br>(Pfizer-BioNTech)"]  # bottom up
    [counts] = bars.barSets()
    assert [counts.at(i) for i in range(3)] == [1, 0, 3]
    assert not chart.legend.isVisibleTo(chart)  # one series: the table names it
    assert chart.chart().axes(Qt.Orientation.Horizontal)[0].min() == 0


def test_the_screen_says_which_days_a_cut_chart_draws(qtbot, screen):
    """The chart draws the latest 60 days; the PDF said so and the screen did not."""
    from datetime import timedelta

    from desktop_app.services.reports import Chart, Report

    days = [date(2021, 7, 1) + timedelta(days=n) for n in range(62)]
    report = Report("doses", "Doses", ("Date", "Vaccine", "Dose", "Age group", "Count"),
                    [(d, "Comirnaty", 1, "18–49", 1) for d in days],
                    Chart(category=0, values=(4,), series=1), days[0], days[-1])
    screen._arrived(report)
    assert screen.message.text() == ("The chart draws only the latest 60 days with figures, "
                                     "03/07/2021 to 31/08/2021; the table has all 62.")
    screen._arrived(Report("doses", "Doses", report.columns, report.rows[-3:], report.chart,
                           days[-3], days[-1]))
    assert screen.message.text() == ""


def test_at_1024x600_the_table_shows_its_counts_beside_the_chart(qtbot, db, site, boss,
                                                                  tmp_path):
    """An even split of the Reports area at 1024x600 cut the table at a header "Số": the
    counts, what the report is for, were behind a scroll bar. The table now takes the width
    its columns need (up to two thirds), the chart the rest."""
    from tests.ui.desk_helpers import open_area
    from tests.ui.test_screen_sizes import outside

    known_site(db)
    ctx, window, screen = open_area(qtbot, db, "reports", lang="vi", actor=boss)
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: window.width() == 1024)
    for key in ("doses", "completeness"):
        choose(qtbot, screen, key)
        qtbot.wait(50)
        table = screen.table
        assert table.horizontalHeader().length() <= table.viewport().width(), key
        assert not table.horizontalScrollBar().isVisible(), key
        assert screen.chart.width() >= 250, key  # the chart keeps a third or so
    assert outside(window) == []
    window.grab().save(str(tmp_path / "reports-1024x600.png"))
    ctx.runner.wait_idle()


def test_a_narrow_chart_names_every_vaccine_whole_under_its_bars(qtbot):
    """At 1024x600 Qt's own legend put four vaccines on one line and cut them to
    "Comirnaty…  Vaxzevria…  Vero Cell (…": the legend now wraps, each name whole."""
    from desktop_app.services.reports import Chart, Report
    from desktop_app.ui.reports.report_chart import ReportChart

    names = ["Comirnaty (Pfizer-BioNTech)", "Vaxzevria (AstraZeneca)",
             "Vero Cell (Sinopharm)", "Spikevax (Moderna)"]
    days = [date(2021, 8, 1), date(2021, 8, 2)]
    rows = [(d, name, 1) for d in days for name in names]
    report = Report("doses", "t", ("Date", "Vaccine", "Doses"), rows,
                    Chart(category=0, values=(2,), series=1), days[0], days[-1])
    chart = ReportChart()
    qtbot.addWidget(chart)
    chart.resize(410, 420)
    chart.show()
    chart.show_report(report)
    qtbot.waitExposed(chart)
    assert [name for name, _colour in chart.legend.entries] == names
    assert chart.legend.isVisible()
    labels = {label.text(): label for label in chart.legend.findChildren(QLabel)}
    assert set(labels) == set(names)
    for name, label in labels.items():
        assert label.isVisible()
        assert label.width() >= label.fontMetrics().horizontalAdvance(name), name
        right = label.mapTo(chart, label.rect().topRight()).x()
        assert right <= chart.width(), name
    assert chart.legend.height() > 2 * labels[names[0]].height()  # wrapped, not cut


def test_a_chart_squeezed_by_the_divider_or_closed_after_a_resize_fails_nothing(qtbot):
    """A chart dragged down to 80 px divided by zero as it fitted its labels; one closed
    right after a resize had its fitting run on a deleted widget."""
    from datetime import timedelta

    import shiboken6

    from desktop_app.services.reports import Chart, Report
    from desktop_app.ui.reports.report_chart import ReportChart

    days = [date(2021, 8, 1) + timedelta(days=n) for n in range(30)]
    report = Report("completeness", "t", ("Date", "Synced"), [(d, 1) for d in days],
                    Chart(category=0, values=(1,)), days[0], days[-1])
    failures = []
    hook = sys.excepthook
    sys.excepthook = lambda kind, exc, tb: failures.append(exc)
    try:
        chart = ReportChart()
        chart.show()
        chart.show_report(report)
        for width in (80, 40, 300):
            chart.resize(width, 300)
            qtbot.wait(20)
        chart.resize(500, 300)
        shiboken6.delete(chart)
        qtbot.wait(50)
    finally:
        sys.excepthook = hook
    assert failures == []


def test_the_suggested_file_name_is_in_the_apps_language(qtbot, db, site, boss, monkeypatch):
    """An English user was offered "bao-cao-….xlsx" (and "goi-tiem.xlsx", "can-sua.xlsx")."""
    from desktop_app.ui.reports import reports_screen

    offered = []
    monkeypatch.setattr(reports_screen, "ask_save_path",
                        lambda _p, _t, suggested, *_a, **_k: offered.append(suggested))
    for lang in ("en", "vi"):
        ctx = AppContext(db, TaskRunner(), lang)
        ctx.actor = boss
        made = ReportsScreen(ctx)
        qtbot.addWidget(made)
        made.ask_export("xlsx")
        ctx.runner.wait_idle()
    start, end = made.period()
    assert offered == [f"report-{start.isoformat()}-{end.isoformat()}.xlsx",
                       f"bao-cao-{start.isoformat()}-{end.isoformat()}.xlsx"]
