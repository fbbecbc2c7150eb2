"""The police's returned file before anything changes: each difference the police found, each
row's result, the rows that cannot be used and why, and how many new ID numbers Apply will
ask the central platform about (none is asked before: ``police_elsewhere``). Apply
(confirmed) asks them, then hands the file to the service, which corrects through the same
rules and audit as the record window.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
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

from desktop_app.progress import Cancelled
from desktop_app.rules.cleaning import Status, field_label, shown_value
from desktop_app.rules.messages import text
from desktop_app.rules.names import fold
from desktop_app.rules.numbers import row_list
from desktop_app.services import police_elsewhere
from desktop_app.services.cleaning import status_label
from desktop_app.services.police_apply import ApplyOutcome, apply_returned
from desktop_app.services.police_report import save_returned_report
from desktop_app.services.police_returned import MATCHES, NOT_FOUND, WRONG, Returned, RowResult
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import ask_save_path, confirm
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.row_table import fit_columns, item_table
from desktop_app.ui.widgets.screen_fit import resize_within_screen
from desktop_app.ui.widgets.tones import ERROR_STYLE


class PolicePreviewDialog(QDialog):
    report_saved = Signal(Path)

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
        self.summary = plain_label(returned.summary(ctx.lang, in_app=True))
        self.summary.setWordWrap(True)
        # What Apply did, on top beside the file's summary: the rows it refused go in the
        # table below, which scrolls, so the dialog never outgrows the screen.
        self.outcome_label = plain_label()
        self.outcome_label.setWordWrap(True)
        self.outcome_label.hide()
        self.changes = item_table((self.tr("Row"), self.tr("Full name"), self.tr("Field"),
                                   self.tr("Now → verified"), self.tr("Result")))
        self.unused_title = QLabel(self.tr("Rows that will not be applied"))
        self.unused = item_table((self.tr("Row"), self.tr("Why it is not applied")))
        buttons = QDialogButtonBox(self)  # its default the dialog's own (careful_buttons)
        self.apply_button: QPushButton = buttons.addButton(
            self.tr("&Apply…"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.report_button: QPushButton = buttons.addButton(
            self.tr("Save the detailed report…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = buttons.addButton(self.tr("Close"),
                                              QDialogButtonBox.ButtonRole.RejectRole)
        # Reading the differences is safe, applying is asked for: Enter closes.
        self.apply_button.setAutoDefault(False)
        self.report_button.setAutoDefault(False)
        self.close_button.setDefault(True)
        self.apply_button.clicked.connect(self.ask_apply)
        self.report_button.clicked.connect(self.ask_report)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.outcome_label)
        layout.addWidget(QLabel(self.tr("What the police returned")))
        layout.addWidget(self.changes, 3)
        layout.addWidget(self.unused_title)
        layout.addWidget(self.unused, 2)
        self.saved_label = plain_label()
        layout.addWidget(self.saved_label)
        layout.addWidget(buttons)
        self._fill()

    def _result(self, row: RowResult) -> str:
        """What Apply does with the row, and what the police said in their own words (an
        answer such as "Đã chết", their notes)."""
        if row.kind == "refused":
            said = self.tr("Number held at another site") if row.elsewhere \
                else self.tr("Refused by the rules")
        else:
            unknown = [p for p in row.problems if p.code == "POLICE_RESULT_UNKNOWN"]
            if unknown:
                return text("POLICE_RESULT_NOT_RECOGNISED", self.ctx.lang,
                            value=unknown[0].params.get("value", ""))
            said = self._results.get(row.result, row.result or "")
            if row.result == NOT_FOUND and row.read.answer \
                    and fold(row.read.answer) != fold(NOT_FOUND):
                # "Đã chết", "chuyển đi": read as no one to verify, not as "not found"
                said = status_label(Status.CANNOT_VERIFY, self.ctx.lang)
        words = [w for w in (row.read.answer and f"“{row.read.answer}”", row.read.note) if w]
        return f"{said} ({'; '.join(words)})" if words else said

    def _fill(self, not_applied: set[int] | None = None) -> None:
        """The rows the police answered, in the file's order; those not answered yet are
        one line among the rows not applied (a first answer of 10 rows in 348 was lost
        among 338 "no result yet"). Once applied (``not_applied``: the rows Apply changed
        nothing for), each row says whether it was: the table looked the same before and
        after, and a supervisor could not tell what her click had done."""
        lang = self.ctx.lang
        lines: list[tuple[str, ...]] = []
        unused: list[tuple[int, str]] = list(self.returned.skipped)
        waiting = set(self.returned.waiting())
        for row in self.returned.rows:
            if row.sheet_row in waiting:
                continue
            result = self._result(row)
            if not_applied is not None:
                done = self.tr("Not applied") if row.sheet_row in not_applied \
                    else self.tr("Applied")
                result = f"{done}: {result}"
            for field, (old, new) in row.changes.items():
                lines.append((str(row.sheet_row), row.full_name, field_label(field, lang),
                              f"{shown_value(field, old, lang)} → "
                              f"{shown_value(field, new, lang)}", result))
            if not row.changes:
                lines.append((str(row.sheet_row), row.full_name, "", "", result))
            unused += [(row.sheet_row, p.message(lang)) for p in row.problems]
            if row.refusal and not row.problems:
                unused.append((row.sheet_row, row.refusal))
            if row.result is None and not row.problems:
                unused.append((row.sheet_row, text("POLICE_ROW_NO_RESULT", lang)))
        _set_rows(self.changes, lines)
        self._set_unused(unused, sorted(waiting))
        self.apply_button.setEnabled(self.returned.applicable())

    def _set_unused(self, rows: list[tuple[int, str]], waiting: list[int]) -> None:
        """The rows that change nothing, each with why; those still waiting for an answer
        in one line, where the first of them would be; who did not come back, last."""
        lang = self.ctx.lang
        if waiting:
            rows = [*rows, (waiting[0], text("POLICE_ROWS_NO_RESULT", lang, count=len(waiting),
                                             rows=row_list(waiting, lang)))]
        _set_rows(self.unused, [*((str(n), why) for n, why in sorted(rows)),
                                *self._missing()])

    def _missing(self) -> list[tuple[str, str]]:
        """The people sent with the file's who are not in it: they stay sent."""
        return [("—", text("POLICE_MISSING_ROW", self.ctx.lang, name=name, person_id=pid))
                for pid, name in self.returned.missing]

    def ask_apply(self) -> None:
        if confirm(self, self.tr("Apply the verification results"),
                   self.returned.summary(self.ctx.lang, in_app=True) + "\n\n" +
                   self.tr("Apply these results to the records?"),
                   self.tr("Apply"), self.tr("Go back")):
            self.apply()

    def apply(self) -> None:
        """The new ID numbers asked of the central platform first, now that Apply is asked
        for (a number another site's person holds is not written), then the file applied
        as that leaves it. A Stop while asking stops Apply: nothing is written."""
        self.apply_button.setEnabled(False)
        returned, actor, lang = self.returned, self.ctx.actor, self.ctx.lang
        if not police_elsewhere.numbers_to_check(returned):
            self._write(returned)
            return
        asking = Op.ask(self.ctx, self, lambda db, cancel: police_elsewhere.check_elsewhere(
            db, returned, actor=actor, lang=lang, cancel=cancel)) \
            .with_progress(self.tr("Checking the new ID numbers with other sites…")) \
            .failed(self._failed)
        asking.done(lambda checked: self._asked(checked, stopped=asking.job.cancelled)).run()

    def _asked(self, checked: Returned, stopped: bool) -> None:
        if stopped:
            self._say(self.ctx.text("POLICE_APPLY_STOPPED"), error=True)
            self.apply_button.setEnabled(True)
            return
        # What the platform said, before it is applied: a row refused for it shows so, and
        # the summary says the numbers that could not be asked.
        self.returned = checked
        self.summary.setText(checked.summary(self.ctx.lang, in_app=True))
        self._fill()
        self._write(checked)

    def _write(self, returned: Returned) -> None:
        self.apply_button.setEnabled(False)
        actor, lang = self.ctx.actor, self.ctx.lang
        Op.write(self.ctx, self, lambda db: apply_returned(db, returned, actor=actor,
                                                           lang=lang)) \
            .with_progress(self.tr("Applying the verification results…")) \
            .done(self._applied).failed(self._failed).run()

    def _say(self, words: str, error: bool) -> None:
        self.outcome_label.setText(words)
        self.outcome_label.setStyleSheet(ERROR_STYLE if error else "")
        self.outcome_label.show()

    def _applied(self, outcome: ApplyOutcome) -> None:
        self.outcome = outcome
        # Red only when nothing was applied: the rows refused or skipped beside those
        # applied are the table's below, its title in red (a whole line in red for one
        # row of seven read as a failure); never for the rows the police have yet to
        # answer.
        applied = outcome.corrected + outcome.fixed + outcome.cannot_verify \
            + outcome.still_open
        self._say(outcome.summary(self.ctx.lang),
                  error=bool(outcome.not_applied) and not applied)
        self.unused_title.setText(self.tr("Rows not applied"))
        self.unused_title.setStyleSheet(ERROR_STYLE if outcome.not_applied else "")
        # Every row that changed nothing (refused now, or skipped when read: another
        # list's, a person not here), and who did not come back: none of it is done.
        self._fill({n for n, _why in outcome.not_applied})
        self.changes.horizontalHeaderItem(3).setText(self.tr("Before → verified"))
        self._set_unused(list(outcome.not_applied), outcome.waiting)
        self.apply_button.setEnabled(False)  # applied: a second Apply is a new file's
        self.ctx.data_changed.emit("people")

    def _failed(self, exc: BaseException) -> None:
        self.apply_button.setEnabled(True)
        if not isinstance(exc, Cancelled):
            self.ctx.report_error(exc, self)

    def ask_report(self) -> None:
        """The differences (and, once applied, what Apply did) as the CLI's --report."""
        stem = Path(self.returned.file).stem
        path = ask_save_path(self, self.tr("Save the verification report"),
                             f"{stem}-bao-cao.json", "JSON (*.json)", ".json")
        if path is None:
            return
        returned, outcome, actor = self.returned, self.outcome, self.ctx.actor
        Op.write(self.ctx, self, lambda db: save_returned_report(
            db, returned, path, actor=actor, applied=outcome)) \
            .done(lambda _none: self._report_saved(path)).run()

    def _report_saved(self, path: Path) -> None:
        self.saved_label.setText(self.ctx.text("SAVED_TO", path=path))
        self.report_saved.emit(path)


def _set_rows(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            table.setItem(r, c, QTableWidgetItem(value))
    fit_columns(table)
