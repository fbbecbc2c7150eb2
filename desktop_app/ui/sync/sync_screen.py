"""The Sync area: where the server is, "Sync now" with progress, and the records that need
a person: rejected by the server (with its reason, fixable) or in conflict (the two versions
side by side, then choose one)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_time
from desktop_app.rules.numbers import count
from desktop_app.rules.sync_view import QUIET_SECONDS
from desktop_app.services import sync as syncing
from desktop_app.services.actor import SUPERVISORS
from desktop_app.services.demo_guard import is_demo_database
from desktop_app.services.sync import FieldPair, Progress, SyncSummary
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import confirm, show_error
from desktop_app.ui.operations import Op
from desktop_app.ui.sync.compare_pane import ComparePane
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.row_table import item_table
from desktop_app.ui.widgets.tones import ERROR_BOLD_STYLE


class SyncScreen(QWidget):
    def __init__(self, ctx: AppContext, controller: SyncController) -> None:
        super().__init__()
        self.ctx = ctx
        self.controller = controller
        self.issues: list[syncing.SyncIssue] = []

        self.server = QLineEdit(placeholderText="https://…/fhir")
        self.token = QLineEdit()
        self.token.setEchoMode(QLineEdit.EchoMode.Password)
        self.save_button = QPushButton(self.tr("Save connection settings"))
        self.sync_button = QPushButton(self.tr("Sync now"))
        self.sync_button.setDefault(True)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.result_label = plain_label()
        self.result_label.setWordWrap(True)
        self.clock_label = plain_label()
        self.clock_label.setStyleSheet(ERROR_BOLD_STYLE)
        self.clock_label.setWordWrap(True)
        self.clock_label.setVisible(False)

        self.table = item_table((self.tr("Record"), self.tr("Problem"), self.tr("Reason"),
                                 self.tr("Changed")))
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 330)
        self.table.setColumnWidth(1, 170)
        self.table.setColumnWidth(3, 130)
        self.table.setWordWrap(True)
        self.open_button = QPushButton(self.tr("Open record to fix…"))
        self.retry_button = QPushButton(self.tr("Send again"))
        # Shown while no record needs a person, as the complaints list says it has none.
        self.more_label = plain_label()  # the list holds the oldest 500: how many more
        self.more_label.setWordWrap(True)
        self.more_label.setVisible(False)
        self.empty = QLabel(self.tr("Nothing to fix: no record was rejected or is in conflict."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(False)  # not before the list has been read
        self.compare = ComparePane()
        self.compare.setVisible(False)
        self.mine_button = self.compare.mine_button
        self.theirs_button = self.compare.theirs_button

        form = QFormLayout()
        form.addRow(self.tr("Central platform address"), self.server)
        form.addRow(self.tr("Site access code"), self.token)
        run_row = QHBoxLayout()
        for w in (self.save_button, self.sync_button, self.stop_button):
            run_row.addWidget(w)
        run_row.addWidget(self.progress, 1)
        actions = QHBoxLayout()
        for w in (self.open_button, self.retry_button):
            actions.addWidget(w)
        actions.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("<h2>" + self.tr("Sync with the central platform") + "</h2>"))
        layout.addLayout(form)
        layout.addLayout(run_row)
        layout.addWidget(self.result_label)
        layout.addWidget(self.clock_label)
        layout.addWidget(QLabel("<b>" + self.tr("Records that need you") + "</b>"))
        layout.addWidget(self.more_label)
        # The list above, the selected conflict's two versions below: the splitter lets a
        # short screen give either more room.
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.setChildrenCollapsible(False)
        self.split.addWidget(self.table)
        self.split.addWidget(self.compare)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        layout.addWidget(self.split, 1)
        layout.addWidget(self.empty)
        layout.addLayout(actions)

        self.save_button.clicked.connect(lambda: self.save_settings())
        self.sync_button.clicked.connect(self.sync_now)
        self.stop_button.clicked.connect(self.stop)
        # A server that took the connection and says nothing: the round waits on its
        # answer (minutes on a dead link), said rather than an endless "Syncing…".
        self._heard = time.monotonic()
        self._quiet = QTimer(self)
        self._quiet.setInterval(1000)
        self._quiet.timeout.connect(self._still_waiting)
        self.open_button.clicked.connect(self.open_selected)
        self.retry_button.clicked.connect(self.retry_selected)
        self.mine_button.clicked.connect(lambda: self.resolve_selected("mine"))
        self.theirs_button.clicked.connect(lambda: self.resolve_selected("theirs"))
        self.table.itemSelectionChanged.connect(self._enable_actions)
        self.table.itemSelectionChanged.connect(self._compare_selected)
        controller.started.connect(self._on_started)
        controller.progressed.connect(self._on_progress)
        controller.finished.connect(self._on_finished)
        controller.failed.connect(self._on_failed)
        ctx.data_changed.connect(self._on_data_changed)
        self._saved = ("", "")  # the address and code as stored, once read
        self._demo = False  # the demo database: nothing is changed or sent, whoever it is
        self._loaded = False
        self._follow_role()

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            Op.read(self.ctx, self, lambda db: (syncing.load_config(db),
                                                is_demo_database(db))) \
                .done(self._show_config).run()
        self.refresh()

    # -- who may do what -------------------------------------------------------------------
    @property
    def may_change(self) -> bool:
        """The connection and the records that need a person are a supervisor's (the
        services refuse anyone else); a clerk still syncs."""
        return self.ctx.actor.role in SUPERVISORS

    def _follow_role(self) -> None:
        """The settings as the person logged in may use them: judged again at each login
        at the lock ("actor"), as every area does (once, at the window's making, a clerk
        logged in over the supervisor was offered her editable fields and Save)."""
        allowed = self.may_change
        why = "" if allowed else self.tr("Only a supervisor changes the connection settings.")
        for field in (self.server, self.token):
            field.setReadOnly(not allowed)
            field.setToolTip(why)
        self.save_button.setEnabled(allowed and not self._demo)
        self.save_button.setToolTip(why)
        self._enable_actions()

    # -- settings and running ---------------------------------------------------------------
    def _show_config(self, loaded: tuple[syncing.SyncConfig | None, bool]) -> None:
        config, demo = loaded
        if config is not None:
            self.server.setText(config.url)
            self.token.setText(config.token)
            self._saved = (config.url, config.token)
        self._demo = demo
        if demo:  # said before anything is typed, rather than refused after (demo_guard)
            for widget in (self.server, self.token, self.save_button, self.sync_button):
                widget.setEnabled(False)
            self.result_label.setText(self.ctx.text("DEMO_NOT_SENT"))

    def may_discard(self) -> bool:
        """True when the address and access code are as saved, or the supervisor agreed to
        lose what was typed: closing the window and a language switch ask this, as they ask
        the desk's question (``MainWindow.may_close``)."""
        if not self.may_change or self._typed() == self._saved:
            return True
        return confirm(
            self, self.tr("Discard the connection settings?"),
            self.tr("The central platform's address or access code typed in Sync has not "
                    "been saved. Discard it?"),
            self.tr("Discard"), self.tr("Keep editing"),
        )

    def _typed(self) -> tuple[str, str]:
        return self.server.text().strip().rstrip("/"), self.token.text().strip()

    def save_settings(self, then: Callable[[], None] | None = None) -> None:
        url, token = self._typed()
        if not url.startswith(("https://", "http://")) or not token:
            show_error(self, self.tr("Sync settings"), self.tr(
                "Enter the central platform's address (starting with https://) and the site's access code."))  # noqa: E501 - one literal, for lupdate
            return

        def saved(_result: object) -> None:
            self._saved = (url, token)
            self.result_label.setText(self.tr("Settings saved."))
            if then is not None:
                then()

        Op.write(self.ctx, self, lambda db: syncing.save_config(db, url, token,
                                                                actor=self.ctx.actor)) \
            .done(saved).run()

    def sync_now(self) -> None:
        """Sync; a supervisor's new address or code is saved first, and the round starts
        once it is (a round started beside the save could read the old one)."""
        if self.may_change and self.server.text().strip() and self._typed() != self._saved:
            self.save_settings(then=self.controller.sync_now)
            return
        self.controller.sync_now()

    def _on_started(self) -> None:
        self.sync_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.result_label.setText(self.tr("Syncing…"))
        self._heard = time.monotonic()
        self._quiet.start()

    def _still_waiting(self) -> None:
        quiet = time.monotonic() - self._heard
        if quiet >= QUIET_SECONDS and self.stop_button.isEnabled():
            self.result_label.setText(self.ctx.text("SYNC_WAITING_ANSWER", seconds=int(quiet)))

    def stop(self) -> None:
        """Stop the round. What is on the wire finishes or times out first (a request
        cannot be taken back half sent): said, so a Stop that takes a while is not taken
        for one that did nothing."""
        self.stop_button.setEnabled(False)
        self.result_label.setText(self.ctx.text("SYNC_STOPPING"))
        self.controller.cancel()

    def _on_progress(self, p: Progress) -> None:
        self._heard = time.monotonic()
        if self.stop_button.isEnabled():  # a step without words of its own: not "waiting"
            self.result_label.setText(self.tr("Syncing…"))
        if p.phase == "push" and p.total:
            self.progress.setRange(0, p.total)
            self.progress.setValue(p.done)
            lang = self.ctx.lang
            self.result_label.setText(self.ctx.text("SYNC_SENDING", done=count(p.done, lang),
                                                    total=count(p.total, lang)))
        elif p.phase == "pull":
            self.progress.setRange(0, 0)
            self.result_label.setText(self.ctx.text("SYNC_RECEIVING"))

    def _on_finished(self, s: SyncSummary) -> None:
        self._idle()
        pending = [self.ctx.text("ENROLMENT_PENDING", fingerprint=s.signer_pending)] \
            if s.signer_pending else []
        pending[:0] = s.told_messages(self.ctx.lang)
        self.result_label.setText("\n".join([self.ctx.text(
            "SYNC_FINISHED", **{k: count(getattr(s, k), self.ctx.lang) for k in
                                ("synced", "rejected", "conflicts", "pulled", "waiting")}),
            *pending, *s.skipped_messages(self.ctx.lang)]))
        self.clock_label.setVisible(s.clock_warning)
        self.clock_label.setText("\n".join(s.clock_messages(self.ctx.lang)))
        self.refresh()

    def _on_failed(self, text: str) -> None:
        self._idle()
        self.result_label.setText(text)
        self.refresh()

    def _idle(self) -> None:
        self._quiet.stop()
        self.sync_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.progress.setVisible(False)

    # -- records that need a person ---------------------------------------------------------
    def _on_data_changed(self, what: str) -> None:
        if what == "actor":
            self._follow_role()
        elif what in ("sync", "people", "doses") and self.isVisible():
            self.refresh()

    def refresh(self) -> None:
        Op.read(self.ctx, self, lambda db: (syncing.sync_issues(db), syncing.issues_total(db))) \
            .latest("sync-issues").done(lambda found: self._show_issues(*found)).run()

    def _show_issues(self, issues: list[syncing.SyncIssue], total: int | None = None) -> None:
        self.issues = issues
        more = total is not None and total > len(issues)
        self.more_label.setText(self.ctx.text("SYNC_ISSUES_MORE", shown=len(issues),
                                              total=total) if more else "")
        self.more_label.setVisible(more)
        self.table.setRowCount(len(issues))
        kinds = {"rejected": self.tr("Rejected by the central platform"),
                 "conflict": self.tr("Conflict")}
        entities = {"person": self.tr("Person"), "dose": self.tr("Dose")}
        for row, issue in enumerate(issues):
            cells = (f"{entities[issue.entity]}: {issue.person_name} · {issue.label}",
                     kinds.get(issue.state, issue.state),
                     " ".join(filter(None, (issue.reason(self.ctx.lang),
                                            issue.held(self.ctx.lang)))),
                     local_time(issue.changed_at))
            for col, text in enumerate(cells):
                self.table.setItem(row, col, QTableWidgetItem(text))
        self.table.resizeRowsToContents()
        self.empty.setVisible(not issues)
        self._enable_actions()
        self._compare_selected()

    def selected(self) -> syncing.SyncIssue | None:
        rows = self.table.selectionModel().selectedRows()
        return self.issues[rows[0].row()] if rows else None

    def _enable_actions(self) -> None:
        issue = self.selected()
        allowed = self.may_change
        why = "" if allowed else self.tr("Only a supervisor sends records again or settles "
                                         "conflicts.")
        self.open_button.setEnabled(bool(issue and issue.dose_id))
        self.retry_button.setEnabled(allowed and bool(issue and issue.state == "rejected"))
        self.mine_button.setEnabled(allowed and bool(issue and issue.state == "conflict"))
        self.theirs_button.setEnabled(allowed and bool(issue and issue.state == "conflict"
                                                       and issue.server_body))
        for button in (self.retry_button, self.mine_button, self.theirs_button):
            button.setToolTip(why)

    def _compare_selected(self) -> None:
        """The selected conflict's two versions, read for it; nothing for anything else."""
        issue = self.selected()
        if issue is None or issue.state != "conflict":
            self.compare.setVisible(False)
            return
        lang = self.ctx.lang
        Op.read(self.ctx, self, lambda db: syncing.compare_versions(
            db, issue.entity, issue.record_id, lang)).latest(f"sync-compare-{id(self)}") \
            .done(lambda rows: self._show_comparison(issue, rows)).run()

    def _show_comparison(self, issue: syncing.SyncIssue, rows: tuple[FieldPair, ...]) -> None:
        if self.selected() is not issue:  # another row was chosen meanwhile
            return
        self.compare.show_rows(rows)
        self.compare.setVisible(True)

    def open_selected(self) -> None:
        issue = self.selected()
        if issue and issue.dose_id:
            from desktop_app.ui.records.record_dialog import RecordDialog

            RecordDialog(self.ctx, issue.dose_id, self).exec()
            self.refresh()

    def retry_selected(self) -> None:
        issue = self.selected()
        if issue:
            Op.write(self.ctx, self, lambda db: syncing.retry(db, issue.entity,
                                                              issue.record_id,
                                                              actor=self.ctx.actor)) \
                .done(lambda _r: self.ctx.data_changed.emit("sync")).run()

    def resolve_selected(self, keep: str) -> None:
        issue = self.selected()
        if issue is None:
            return
        text = (self.tr("Send this laptop's version to the central platform, replacing the "
                        "central change?") if keep == "mine" else
                self.tr("Replace this laptop's version with the central platform's?"))
        if not confirm(self, self.tr("Resolve conflict"), text, self.tr("Yes"), self.tr("No")):
            return
        Op.write(self.ctx, self, lambda db: syncing.resolve_conflict(
            db, issue.entity, issue.record_id, keep, actor=self.ctx.actor)) \
            .done(lambda _r: self.ctx.data_changed.emit("sync")).run()
