"""The imports made (file, when, who, what they stored, how they ended), and a supervisor's
"Undo this import": asked first, naming the file, the moment and the doses, then done with
progress and a Stop button, the doses it leaves counted by why."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_time
from desktop_app.progress import Cancelled
from desktop_app.rules.numbers import count
from desktop_app.services import import_undo_said as said
from desktop_app.services.actor import SUPERVISORS
from desktop_app.services.import_batches import (
    RECENT,
    ImportsPage,
    ImportSummary,
    imports_page,
    source,
    state,
    stored_said,
)
from desktop_app.services.import_undo import (
    UndoOutcome,
    UndoPlan,
    UndoProgress,
    plan_undo,
    undo_import,
)
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import confirm, describe_error
from desktop_app.ui.operations import Op
from desktop_app.ui.tasks import Job
from desktop_app.ui.when_present import ask_when_present
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.row_table import item_table


class ImportsPanel(QWidget):
    running_changed = Signal()  # an undo started or ended: no import meanwhile

    def __init__(self, ctx: AppContext, busy: Callable[[], bool] = lambda: False) -> None:
        super().__init__()
        self.ctx = ctx
        self.busy = busy  # an import running in this window: not undone under its feet
        self.imports: list[ImportSummary] = []
        self.older = 0  # imports older than the last listed, not listed yet
        self.job: Job | None = None
        self.last: UndoProgress | None = None  # the undo running, as its progress last said
        self.table = item_table((self.tr("When"), self.tr("File (sheet)"), self.tr("By"),
                                 self.tr("Stored"), self.tr("State")))
        self.table.horizontalHeader().setStretchLastSection(False)
        # The file's name and the state ("undone at …, by …") share the room left and wrap,
        # each shown whole on a netbook's 1024 pixels.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # as tall as other tables' rows
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # 50 rows at most
        self.table.itemSelectionChanged.connect(self._enable)
        # A site backfilling sheet by sheet passes the first page within weeks: the list
        # says how many older imports it has not shown, and lists them on asking.
        self.older_label = plain_label()
        self.older_button = QPushButton(self.tr("Show older imports"))
        self.older_button.clicked.connect(self.show_older)
        older = QHBoxLayout()
        older.addWidget(self.older_label, 1)
        older.addWidget(self.older_button)
        self.undo_button = QPushButton(self.tr("Undo this import…"))
        self.undo_button.clicked.connect(lambda: self.undo())
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.clicked.connect(self.stop)
        self.progress = QProgressBar()
        self.result = plain_label()
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.undo_button)
        buttons.addWidget(self.stop_button)
        buttons.addWidget(self.progress, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(older)
        layout.addLayout(buttons)
        layout.addWidget(self.result)
        self._running(False)
        self._say_older()
        ctx.data_changed.connect(self._data_changed)

    # -- the list ---------------------------------------------------------------------------
    def refresh(self) -> None:
        """The newest imports again, as many as are listed (older ones asked for stay)."""
        limit = max(RECENT, len(self.imports))
        Op.read(self.ctx, self, lambda db: imports_page(db, limit=limit)) \
            .latest("imports").done(self._show).run()

    def show_older(self) -> None:
        """The next imports, older than the last one listed, below it."""
        before = self.imports[-1].id if self.imports else None
        if before is None or not self.older:
            return
        self.older_button.setEnabled(False)
        Op.read(self.ctx, self, lambda db: imports_page(db, before=before)) \
            .latest("imports").done(lambda page: self._show(page, more=True)).run()

    def _data_changed(self, what: str) -> None:
        if what == "actor":
            self._enable()
        elif what in ("doses", "people", "sync"):
            self.refresh()

    def _show(self, page: ImportsPage, *, more: bool = False) -> None:
        chosen = self.selected()
        imports = self.imports + page.imports if more else page.imports
        self.imports, self.older = imports, page.older
        self._say_older()
        self.table.setRowCount(len(imports))
        for row, batch in enumerate(imports):
            cells = (local_time(batch.started_at), source(batch, self.ctx.lang),
                     batch.by or "—", stored_said(batch, self.ctx.lang),
                     state(batch, self.ctx.lang))
            for column, shown in enumerate(cells):
                item = QTableWidgetItem(shown)
                item.setToolTip(shown)
                self.table.setItem(row, column, item)
            if chosen is not None and batch.id == chosen.id:
                self.table.selectRow(row)
        self._enable()

    def _say_older(self) -> None:
        self.older_label.setText(self.ctx.text("IMPORTS_OLDER",
                                               count=count(self.older, self.ctx.lang))
                                 if self.older else "")
        self.older_label.setVisible(bool(self.older))
        self.older_button.setVisible(bool(self.older))
        self.older_button.setEnabled(True)

    def selected(self) -> ImportSummary | None:
        rows = self.table.selectionModel().selectedRows()
        return self.imports[rows[0].row()] if rows and rows[0].row() < len(self.imports) \
            else None

    def _enable(self) -> None:
        # An undo is a supervisor's (the service refuses anyone else): said before asking.
        allowed = self.ctx.actor.role in SUPERVISORS
        self.undo_button.setEnabled(allowed and self.job is None
                                    and self.selected() is not None)
        self.undo_button.setToolTip(
            "" if allowed else self.tr("Only a supervisor undoes an import."))

    # -- the undo ---------------------------------------------------------------------------
    def undo(self) -> None:
        """Ask about the selected import, naming what the undo would do; undo it on yes."""
        batch = self.selected()
        if batch is None:
            return
        if self.busy():
            self.result.setText(self.tr("Wait for the import to finish, then undo it."))
            return
        Op.read(self.ctx, self, lambda db: plan_undo(db, batch.id)) \
            .done(self._ask) \
            .failed(lambda exc: self.result.setText(describe_error(exc, self.ctx.lang))).run()

    def _ask(self, plan: UndoPlan) -> None:
        if not said.undoes_anything(plan):
            self.result.setText("\n".join(said.nothing(plan, self.ctx.lang)))
            return
        title = self.tr("Undo this import?")
        ask_when_present(self.ctx, self, lambda: self._confirm(plan, title), title=title,
                         roles=SUPERVISORS)

    def _confirm(self, plan: UndoPlan, title: str) -> None:
        if confirm(self, title, said.question(plan, self.ctx.lang), self.tr("Undo the import"),
                   self.tr("Keep the import")):
            self._start(plan)

    def _start(self, plan: UndoPlan) -> None:
        actor, lang, batch = self.ctx.actor, self.ctx.lang, plan.batch.id
        first = UndoProgress(0, plan.to_void, 0, plan.corrections)
        self.progress.setRange(0, plan.to_void + plan.corrections)
        self.progress.setValue(0)
        self.result.setText(said.progress_said(first, lang))
        self.job = Op.bulk(self.ctx, self, lambda db: undo_import(db, batch, actor=actor,
                                                                  lang=lang)) \
            .on_progress(self._progress) \
            .done(self._done) \
            .failed(lambda exc: self._failed(exc, plan)).run()
        self._running(True)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.stop_button.setEnabled(False)

    def _progress(self, p: UndoProgress) -> None:
        self.last = p
        self.progress.setValue(min(p.voided + p.people, p.total + p.people_total))
        self.result.setText(said.progress_said(p, self.ctx.lang))

    def _done(self, outcome: UndoOutcome) -> None:
        self._finish("\n".join(said.done(outcome, self.ctx.lang)))

    def _failed(self, exc: BaseException, plan: UndoPlan) -> None:
        if isinstance(exc, Cancelled):  # what was voided stays; an undo again does the rest
            self._finish(said.stopped(plan.batch.file_name, self.last, self.ctx.lang))
        else:
            self._finish(describe_error(exc, self.ctx.lang))

    def _finish(self, text: str) -> None:
        self.job = None
        self.last = None
        self._running(False)
        self.result.setText(text)
        self.ctx.data_changed.emit("doses")  # the records, the reports and this list

    def _running(self, running: bool) -> None:
        self.progress.setVisible(running)
        self.stop_button.setVisible(running)
        self.stop_button.setEnabled(running)
        self._enable()
        self.running_changed.emit()

