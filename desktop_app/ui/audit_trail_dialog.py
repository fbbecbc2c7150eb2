"""Settings → Audit trail, the supervisor's: who did what on this laptop, newest first, in
words (``services/audit_trail.py``), one account's or everyone's, older pages on request;
the trail checked for tampering and exported to a CSV file from here. Before, the trail
could be read only through ``vaxdesk audit export`` and a spreadsheet."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.field_values import account_words
from desktop_app.services import accounts, audit
from desktop_app.services.audit_trail import TrailEntry, TrailPage, trail_page
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import ask_save_path
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.row_table import ROOT, Index, RowTableModel, row_view
from desktop_app.ui.widgets.screen_fit import resize_within_screen


class TrailModel(RowTableModel):
    def __init__(self, headers: tuple[str, ...]) -> None:
        super().__init__()
        self.headers = headers
        self.rows: list[TrailEntry] = []

    def set_rows(self, entries: list[TrailEntry], *, more: bool = False) -> None:
        """The entries shown; ``more``: older ones added below (the one chosen stays so)."""
        if more:
            if entries:
                self.beginInsertRows(ROOT, len(self.rows), len(self.rows) + len(entries) - 1)
                self.rows += entries
                self.endInsertRows()
            return
        self.beginResetModel()
        self.rows = list(entries)
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole,
                                               Qt.ItemDataRole.ToolTipRole):
            return None
        e = self.rows[index.row()]
        return (str(e.id), e.at, e.who, e.record, e.what)[index.column()]


class AuditTrailDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.older: int | None = None
        self.setWindowTitle(self.tr("Audit trail"))
        self.who = QComboBox()
        self.who.addItem(self.tr("Everyone"), None)
        self.who.currentIndexChanged.connect(lambda _i: self.load())
        who_label = QLabel(self.tr("&Who:"))
        who_label.setBuddy(self.who)
        # Entries of that day and before (empty: the newest): a month back was dozens of
        # "older entries" pages on a busy site.
        self.until = DateField()
        self.until.editingFinished.connect(self._until_changed)
        until_label = QLabel(self.tr("&Up to the day:"))
        until_label.setBuddy(self.until)
        self._until_asked: date | None = None
        self.check_button = QPushButton(self.tr("&Check the trail"), clicked=self.check)
        self.export_button = QPushButton(self.tr("&Export to a file (.csv)…"),
                                         clicked=lambda: self.export())
        top = QHBoxLayout()
        for widget in (who_label, self.who, until_label, self.until):
            top.addWidget(widget)
        top.addStretch()
        top.addWidget(self.check_button)
        top.addWidget(self.export_button)
        self.model = TrailModel((self.tr("No."), self.tr("Time"), self.tr("Who"),
                                 self.tr("Record"), self.tr("What")))
        self.table = row_view(self.model)
        self.table.setWordWrap(False)  # one line an entry; the whole of it in its tooltip
        self.table.horizontalHeader().setStretchLastSection(True)
        # The chosen entry whole, under the table: the row shows one line of it.
        self.detail = plain_label()
        self.detail.setWordWrap(True)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)
        self.older_button = QPushButton(self.tr("Show &older entries"), clicked=self.load_older)
        self.said = plain_label()
        self.said.setWordWrap(True)
        bottom = QHBoxLayout()
        bottom.addWidget(self.said, 1)
        bottom.addWidget(self.older_button)
        close = QDialogButtonBox()
        close.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(bottom)
        layout.addWidget(close)
        # Enter in the day field applies the day: as any dialog's default, "Check the
        # trail" (the first button) ran with it, a walk of the whole chain each time.
        for button in (self.check_button, self.export_button, self.older_button,
                       *close.buttons()):
            button.setAutoDefault(False)
        resize_within_screen(self, 1000, 560)
        Op.read(ctx, self, accounts.list_accounts).done(self._accounts).run()
        self.load()

    def _accounts(self, listed: list[accounts.Account]) -> None:
        for a in listed:
            self.who.addItem(account_words(a.username, a.full_name), a.id)

    def load(self) -> None:
        """The newest page, of the account chosen."""
        self._ask(None)

    def _until_changed(self) -> None:
        """A whole date (or none) asks again; a date half typed waits."""
        day = self.until.value()
        if (day is None and not self.until.is_empty()) or day == self._until_asked:
            return
        self._until_asked = day
        self.load()

    def load_older(self) -> None:
        if self.older is not None:
            self._ask(self.older)

    def _ask(self, before: int | None) -> None:
        user_id, until = self.who.currentData(), self._until_asked
        self.older_button.setEnabled(False)
        Op.read(self.ctx, self, lambda db: trail_page(
            db, self.ctx.lang, actor=self.ctx.actor, before=before, user_id=user_id,
            until=until)) \
            .latest("audit-trail").done(lambda page: self._show(page, before is not None)).run()

    def _show(self, page: TrailPage, more: bool) -> None:
        self.model.set_rows(page.entries, more=more)
        if not more:  # another account's, or the newest again: nothing chosen now
            self.detail.clear()
            self.table.resizeColumnsToContents()
            self.table.setColumnWidth(3, min(self.table.columnWidth(3), 280))
        self.older = page.older
        self.older_button.setEnabled(page.older is not None)

    def _chosen(self, current: Index, _previous: Index) -> None:
        rows = self.model.rows
        e = rows[current.row()] if current.isValid() and current.row() < len(rows) else None
        self.detail.setText("" if e is None else f"{e.at} · {e.who or '—'} · {e.record}\n"
                                                 f"{e.what}")

    def check(self) -> None:
        self.said.clear()
        Op.bulk(self.ctx, self, audit.verify_audit).with_progress(
            self.tr("Checking the audit trail…")).done(self._checked).run()

    def _checked(self, result: audit.AuditCheck) -> None:
        self.said.setText("\n".join(result.messages(self.ctx.lang)) if not result.intact else
                          self.ctx.text("AUDIT_INTACT", entries=result.entries))

    def export(self, path: Path | None = None) -> None:
        out = path or ask_save_path(self, self.tr("Export the audit trail"),
                                    self.ctx.text("FILE_AUDIT"), "CSV (*.csv)", ".csv")
        if out is None:
            return
        Op.bulk(self.ctx, self, lambda db: audit.export(db, out, self.ctx.lang,
                                                        actor=self.ctx.actor)) \
            .with_progress(self.tr("Exporting the audit trail…")) \
            .done(lambda n: self.said.setText(self.ctx.text("AUDIT_EXPORTED", count=n,
                                                            path=out))).run()


def open_audit_trail(ctx: AppContext, parent: QWidget | None = None) -> None:
    """Settings → Audit trail."""
    AuditTrailDialog(ctx, parent).exec()
