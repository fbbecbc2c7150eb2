"""The Reports area: a period (the last 30 days unless chosen; today for the desk's daily
tally), a report, its table and its chart, and the period's reports exported to .xlsx or PDF.

The reports come from ``services.reports`` on the database worker; the exports write every
report of the period (a sheet or a page each) on the bulk worker, audited by the service.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_today
from desktop_app.progress import Cancelled
from desktop_app.rules.messages import UserError
from desktop_app.services import report_export, reports
from desktop_app.services.reports import Report
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import ask_save_path
from desktop_app.ui.operations import Op
from desktop_app.ui.reports.report_chart import ReportChart
from desktop_app.ui.reports.report_table_model import ReportTableModel
from desktop_app.ui.widgets.fit_columns import natural_widths
from desktop_app.ui.widgets.flow_layout import FlowLayout, row_of
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.row_table import row_view

DEFAULT_DAYS = 30
# The reports read for one day, today, when chosen: the desk's tally is read out at the end
# of the day, and yesterday's or last week's doses in it made its figures wrong.
TODAY_ONLY = ("desk_day",)
# Doses recorded, corrected or voided, a sync's answers, cleaning moves, and the desk's
# screenings (a postponement) and reactions: all change a report.
# A complaint's resolution (a dose added, a correction, a merge) is announced as
# "complaints" alone, and the complaints report counts them.
WATCHED = ("doses", "people", "sync", "cleaning", "screening", "reactions", "complaints")


class ReportsScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.report: Report | None = None
        self.loading = False
        self._started = False
        self._stale = False
        # The day a today-only report set the period to, and the period it replaced (given
        # back when another report is chosen, unless the clerk changed the dates since).
        self._today_set: date | None = None
        self._period_before: tuple[date, date] | None = None

        today = local_today()
        self.start = self._date_edit(today - timedelta(days=DEFAULT_DAYS - 1))
        self.end = self._date_edit(today)
        self._default_set = self.period()  # the last 30 days, until the dates are changed
        self.chooser = QComboBox()
        self._fill_chooser()
        self.xlsx_button = QPushButton(self.tr("Export .&xlsx…"))
        self.pdf_button = QPushButton(self.tr("Export &PDF…"))
        self.model = ReportTableModel(self)
        self.table = row_view(self.model)
        self.table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)  # a few short columns, read whole
        self.chart = ReportChart()
        self.message = plain_label()
        self.message.setWordWrap(True)

        controls = FlowLayout()  # wraps on a narrow screen instead of widening the window
        for label, widget in ((self.tr("&From"), self.start), (self.tr("&To"), self.end),
                              (self.tr("&Report"), self.chooser)):
            caption = plain_label(label)
            caption.setBuddy(widget)
            # Qt measures "&To" kerned but draws the underlined T apart from the o, unkerned:
            # the label came out 2-3 px too narrow and showed "Tc". Unkerned both ways.
            font = caption.font()
            font.setKerning(False)
            caption.setFont(font)
            pair = QHBoxLayout()
            pair.addWidget(caption)
            pair.addWidget(widget)
            controls.addWidget(row_of(pair))
        controls.add_stretch()
        controls.add_widgets(self.xlsx_button, self.pdf_button)
        self.body = body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.table)
        body.addWidget(self.chart)
        body.setSizes([560, 640])
        self._split_by_hand = False  # once the clerk drags the divider, it stays theirs
        body.splitterMoved.connect(lambda _pos, _i: setattr(self, "_split_by_hand", True))
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(body, 1)
        layout.addWidget(self.message)

        self.start.dateChanged.connect(lambda _d: self.refresh())
        self.end.dateChanged.connect(lambda _d: self.refresh())
        self.chooser.currentIndexChanged.connect(lambda _i: self._chosen())
        self.xlsx_button.clicked.connect(lambda: self.ask_export("xlsx"))
        self.pdf_button.clicked.connect(lambda: self.ask_export("pdf"))
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.data_changed.connect(self._data_changed)

    def _date_edit(self, value: date) -> QDateEdit:
        edit = QDateEdit(QDate(value.year, value.month, value.day))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("dd/MM/yyyy")
        return edit

    # -- showing ---------------------------------------------------------------------------
    def _fill_chooser(self) -> bool:
        """The reports the person logged in may read; True when that changed (another
        person logged in after the idle lock)."""
        keys = reports.shown_to(self.ctx.actor)
        if keys == [self.chooser.itemData(i) for i in range(self.chooser.count())]:
            return False
        current = self.chooser.currentData()
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for key in keys:
            self.chooser.addItem(reports.title(key, self.ctx.lang), key)
        self.chooser.setCurrentIndex(max(0, self.chooser.findData(current)))
        self.chooser.blockSignals(False)
        return True

    def activate(self) -> None:
        if self._fill_chooser():
            self._stale = True
            self._period_for_report()  # another person's reports: maybe not the tally
        elif self._untouched_today() and self._today_set != local_today():
            self._period_for_report()  # the tally left open overnight: the new day's
            self._stale = True
        if self._untouched_default() and self._default_set[1] != local_today():
            # The last 30 days left open overnight: the 30 days ending today.
            today = local_today()
            self._set_period(today - timedelta(days=DEFAULT_DAYS - 1), today)
            self._default_set = self.period()
            self._stale = True
        if not self._started or self._stale:
            self._started = True
            self.refresh()

    @property
    def key(self) -> str:
        return self.chooser.currentData()

    def period(self) -> tuple[date, date]:
        return self.start.date().toPython(), self.end.date().toPython()  # type: ignore[return-value]

    def _set_period(self, start: date, end: date) -> None:
        """Both dates at once: one refresh, not one for each date changed."""
        for edit, day in ((self.start, start), (self.end, end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)

    def _chosen(self) -> None:
        self._period_for_report()
        self.refresh()

    def _period_for_report(self) -> None:
        """Today for a today-only report; leaving it, the period it replaced comes back
        (unless the clerk changed the dates meanwhile)."""
        today, untouched = local_today(), self._untouched_today()
        if self.key in TODAY_ONLY:
            if self._today_set is None:
                self._period_before = self.period()
            if self._today_set is None or untouched:
                self._set_period(today, today)
                self._today_set = today
        elif self._today_set is not None:
            if untouched and self._period_before is not None:
                self._set_period(*self._period_before)
            self._today_set = self._period_before = None

    def _untouched_default(self) -> bool:
        """The period is still the last 30 days the screen set, as it set them."""
        return self._today_set is None and self.period() == self._default_set

    def _untouched_today(self) -> bool:
        """The period is still the day a today-only report set, as it set it."""
        return self._today_set is not None \
            and self.period() == (self._today_set, self._today_set)

    def refresh(self) -> None:
        if not self._started:
            return
        self._stale = False
        self.loading = True
        key, (start, end), lang, actor = self.key, self.period(), self.ctx.lang, self.ctx.actor
        Op.read(self.ctx, self, lambda db: reports.build(db, key, start, end, lang,
                                                         actor=actor)) \
            .latest(f"reports-{id(self)}").done(self._arrived).failed(self._refused).run()

    def _arrived(self, report: Report) -> None:
        self.report = report
        self.model.set_report(report, self.ctx.lang)
        self.chart.show_report(report)
        self._fit_table()
        empty = "" if report.rows else self.ctx.text("REPORT_EMPTY")
        said = (empty, report.note, report.totals_said(self.ctx.lang),
                report.chart_note(self.ctx.lang))
        self.message.setText(" ".join(t for t in said if t))
        self.loading = False

    def _fit_table(self) -> None:
        """The table as wide as its columns, up to two thirds, the chart the rest: an even
        split cut the count column to "Số" at 1024x600, the figure the report is for."""
        if self._split_by_hand:
            return
        table = self.table
        needed = sum(natural_widths(table)) + table.verticalHeader().width() + \
            2 * table.frameWidth() + table.verticalScrollBar().sizeHint().width()
        total = sum(self.body.sizes()) or self.body.width()
        wide = min(needed, total * 2 // 3)
        self.body.setSizes([wide, total - wide])

    def _refused_view(self) -> None:
        self.report = None
        self.model.set_report(None)
        self.chart.show_report(None)
        self.message.clear()

    def _refused(self, exc: BaseException) -> None:
        self.loading = False
        self._refused_view()
        if isinstance(exc, UserError):  # a range the service refuses, in the catalogue's words
            self.message.setText(exc.message(self.ctx.lang))
        elif not isinstance(exc, Cancelled):
            self.ctx.report_error(exc, self)

    def _data_changed(self, what: str) -> None:
        if what == "actor" and self._started:
            # Whoever logs in at the lock reads only their reports, from now: the list, and
            # what the screen shows (perhaps a report they may not read).
            if self._fill_chooser():
                self._period_for_report()
                self._refused_view()
            self._stale = True
            if self.isVisible():
                self.refresh()
        elif what in WATCHED:
            self._stale = True
            if self.isVisible():
                self.refresh()

    # -- exports ---------------------------------------------------------------------------
    def ask_export(self, kind: str) -> None:
        start, end = self.period()
        suggested = self.ctx.text("FILE_REPORT", start=start.isoformat(), end=end.isoformat(),
                                   kind=kind)
        wanted = self.tr("Excel workbook (*.xlsx)") if kind == "xlsx" \
            else self.tr("PDF document (*.pdf)")
        path = ask_save_path(self, self.tr("Export reports"), suggested, wanted, f".{kind}")
        if path:
            self.export_to(path)

    def export_to(self, out: Path) -> None:
        (start, end), actor, lang = self.period(), self.ctx.actor, self.ctx.lang
        today = local_today()
        # A today-only report (the desk's tally) is today's in the file, as the screen shows
        # it when chosen; the day the clerk chose for it instead when it is the one shown
        # (the file had today's tally under another day's screen).
        periods = {k: (today, today) if k in TODAY_ONLY and k != self.key else (start, end)
                   for k in reports.shown_to(actor)}
        write = report_export.export_pdf if out.suffix == ".pdf" else report_export.export_xlsx
        Op.bulk(self.ctx, self, lambda db: write(
            db, [reports.build(db, k, *days, lang, actor=actor) for k, days in periods.items()],
            out, actor=actor, lang=lang)) \
            .with_progress(self.tr("Writing the reports…")) \
            .done(lambda written: self.message.setText(
                self.ctx.text("REPORT_EXPORTED", path=written))).run()
