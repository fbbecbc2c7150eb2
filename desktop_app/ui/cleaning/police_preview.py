"""The police's returned file before anything changes: each difference the police found, each
row's result, the rows that cannot be used and why; Apply (confirmed) hands the file to the
service, which corrects through the same rules and audit as the record window.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.cleaning import field_label, shown_value
from desktop_app.rules.messages import text
from desktop_app.services.cleaning_exchange import (
    MATCHES,
    NOT_FOUND,
    WRONG,
    ApplyOutcome,
    Returned,
    apply_returned,
)
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import confirm
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.problem_label import ERROR_STYLE
from desktop_app.ui.widgets.row_table import fit_columns, item_table
from desktop_app.ui.widgets.screen_fit import resize_within_screen


class PolicePreviewDialog(QDialog):
    def __init__(self, ctx: AppContext, returned: Returned, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.returned = returned
        self.outcome: ApplyOutcome | None = None
        title = self.tr("Verification results")  # outside the f-string, where lupdate looks
        self.setWindowTitle(f"{title}: {returned.file}")
        resize_within_screen(self, 920, 600)
        self._results = {MATCHES: self.tr("Matches"), WRONG: self.tr("Wrong details"),
                         NOT_FOUND: self.tr("Not found"), None: self.tr("No result yet")}
        self.summary = QLabel(returned.summary(ctx.lang))
        self.summary.setWordWrap(True)
        self.changes = item_table((self.tr("Row"), self.tr("Full name"), self.tr("Field"),
                                   self.tr("Now → verified"), self.tr("Result")))
        self.unused = item_table((self.tr("Row"), self.tr("Why it is not applied")))
        self.outcome_label = QLabel()
        self.outcome_label.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.apply_button: QPushButton = buttons.addButton(
            self.tr("&Apply…"), QDialogButtonBox.ButtonRole.ApplyRole)
        close = buttons.addButton(self.tr("Close"), QDialogButtonBox.ButtonRole.RejectRole)
        # Reading the differences is safe, applying is asked for: Enter closes.
        self.apply_button.setAutoDefault(False)
        close.setDefault(True)
        self.apply_button.clicked.connect(self.ask_apply)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(self.tr("What the police returned")))
        layout.addWidget(self.changes, 3)
        layout.addWidget(QLabel(self.tr("Rows that will not be applied")))
        layout.addWidget(self.unused, 1)
        layout.addWidget(self.outcome_label)
        layout.addWidget(buttons)
        self._fill()

    def _fill(self) -> None:
        lang = self.ctx.lang
        lines: list[tuple[str, ...]] = []
        unused: list[tuple[int, str]] = list(self.returned.skipped)
        for row in self.returned.rows:
            result = self._results.get(row.result, row.result or "")
            for field, (old, new) in row.changes.items():
                lines.append((str(row.sheet_row), row.full_name, field_label(field, lang),
                              f"{shown_value(field, old, lang)} → "
                              f"{shown_value(field, new, lang)}", result))
            if not row.changes:
                lines.append((str(row.sheet_row), row.full_name, "", "", result))
            unused += [(row.sheet_row, p.message(lang)) for p in row.problems]
            if row.result is None and not row.problems:
                unused.append((row.sheet_row, text("POLICE_ROW_NO_RESULT", lang)))
        _set_rows(self.changes, lines)
        _set_rows(self.unused, [(str(n), why) for n, why in sorted(unused)])
        self.apply_button.setEnabled(any(r.result and not r.problems
                                         for r in self.returned.rows))

    def ask_apply(self) -> None:
        if confirm(self, self.tr("Apply the verification results"),
                   self.returned.summary(self.ctx.lang) + "\n\n" +
                   self.tr("Apply these results to the records?"),
                   self.tr("Apply"), self.tr("Go back")):
            self.apply()

    def apply(self) -> None:
        self.apply_button.setEnabled(False)
        returned, actor, lang = self.returned, self.ctx.actor, self.ctx.lang
        Op.write(self.ctx, self, lambda db: apply_returned(db, returned, actor=actor,
                                                           lang=lang)) \
            .with_progress(self.tr("Applying the verification results…")) \
            .done(self._applied).failed(self._failed).run()

    def _applied(self, outcome: ApplyOutcome) -> None:
        self.outcome = outcome
        said = outcome.summary(self.ctx.lang)
        refused = [text("POLICE_ROW", self.ctx.lang, row=n, message=why)
                   for n, why in outcome.refused]
        self.outcome_label.setText("\n".join([said, *refused]))
        self.outcome_label.setStyleSheet(ERROR_STYLE if refused else "")
        self.ctx.data_changed.emit("people")

    def _failed(self, exc: BaseException) -> None:
        self.apply_button.setEnabled(True)
        self.ctx.report_error(exc, self)


def _set_rows(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(value))
    fit_columns(table)
