"""The worklist's table: the cases the service returned, as the screen's filters narrow them.

The service returns the whole filtered worklist at once (it is the few thousand people with a
problem, not the million on the register), so the model holds the cases and ``data()`` only
reads them. The commune and "late only" narrowing happen here because a ``Case`` names its
commune, not its code, and lateness is a fact of each case rather than a status; through
``cleaning.narrowed``, the one the police export narrows by, so it writes the rows shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from desktop_app.clock import local_time
from desktop_app.rules.cleaning import SameRecords, case_problem
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import says_alone
from desktop_app.services.cleaning import Case, narrowed, status_label
from desktop_app.ui.context import AppContext
from desktop_app.ui.widgets.row_table import Index, RowTableModel
from desktop_app.ui.widgets.tones import ERROR

LATE_COLOUR = QColor(ERROR)
COLUMNS = ("name", "dob", "sex", "id", "commune", "problems", "status", "sent")


class CaseTableModel(RowTableModel):
    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._all: list[Case] = []
        self.rows: list[Case] = []
        self._notes: dict[str, str] = {}
        self._elsewhere: dict[str, str] = {}
        self._identities: dict[str, dict[str, str]] = {}
        self._twins: dict[str, SameRecords] = {}
        self.commune: str | None = None  # a commune's name, or "" for "not known"
        self.late_only = False
        self.headers = (self.tr("Full name"), self.tr("Date of birth"), self.tr("Sex"),
                        self.tr("ID number"), self.tr("Commune / ward"), self.tr("Problems"),
                        self.tr("Status"), self.tr("Sent on"))
        self._sex = {"M": self.tr("Male"), "F": self.tr("Female")}
        self._late = self.tr("Late")

    # -- the cases ------------------------------------------------------------------------
    def set_cases(self, cases: list[Case]) -> None:
        self._all = cases
        # Until set_notes and set_…_elsewhere: a detail belongs to its cases.
        self._notes, self._elsewhere, self._identities, self._twins = {}, {}, {}, {}
        self._narrow()

    def police_said(self, person_id: str) -> str | None:
        """The police's latest answer on the case (``set_notes``), if any."""
        return self._notes.get(person_id)

    def set_notes(self, notes: dict[str, str]) -> None:
        """What the police answered where their answer could not be applied, by person:
        shown on the case's status (police_apply.police_notes)."""
        self._notes = notes
        self._column_changed("status")

    def set_numbers_elsewhere(self, numbers: dict[str, str]) -> None:
        """The ID number the platform holds for people flagged as holding another there, by
        person: said in the problem, beside the ID column's own number, for the supervisor
        to check both on the card (cleaning_elsewhere.numbers_elsewhere)."""
        self._elsewhere = numbers
        self._column_changed("problems")

    def set_identities_elsewhere(self, identities: dict[str, dict[str, str]]) -> None:
        """The site and values a linked record of another site gives for people flagged
        as recorded otherwise there, by person: said in the problem, beside the row's own
        name, birth date and sex (cleaning_elsewhere.identities_elsewhere)."""
        self._identities = identities
        self._column_changed("problems")

    def set_same_person_records(self, twins: dict[str, SameRecords]) -> None:
        """The records people flagged as perhaps the same person as
        another may be, by person: named in the problem, for the supervisor to merge or
        tell apart (cleaning_twins.same_person_records)."""
        self._twins = twins
        self._column_changed("problems")

    def _column_changed(self, name: str) -> None:
        if self.rowCount():
            column = COLUMNS.index(name)
            self.dataChanged.emit(self.index(0, column), self.index(self.rowCount() - 1, column))

    def narrow(self, *, commune: str | None, late_only: bool) -> None:
        self.commune, self.late_only = commune, late_only
        self._narrow()

    def _narrow(self) -> None:
        self.beginResetModel()
        self.rows = narrowed(self._all, commune=self.commune, late_only=self.late_only)
        self.endResetModel()

    def case_at(self, row: int) -> Case:
        return self.rows[row]

    def row_of(self, person_id: str) -> int | None:
        return next((r for r, c in enumerate(self.rows) if c.person_id == person_id), None)

    # -- Qt's table interface -------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        case = self.rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(case, column)
        if role == Qt.ItemDataRole.ForegroundRole and column == "status" and case.late:
            return QBrush(LATE_COLOUR)
        return None

    def _text(self, case: Case, column: str) -> str:
        lang = self._ctx.lang
        if column == "name":
            return case.full_name
        if column == "dob":
            return format_date(case.dob) if case.dob else "—"  # missing, not loading
        if column == "sex":
            return self._sex.get(case.sex or "", "")
        if column == "id":
            return case.id_number or "—"
        if column == "commune":
            return case.commune or self._ctx.text("CLEANING_NO_COMMUNE")
        if column == "problems":
            return "; ".join(self._short(p, case) for p in case.problems)
        if column == "status":
            label = status_label(case.status, lang)
            if case.person_id in self._notes:
                label = self._ctx.text("CLEANING_STATUS_WITH_NOTE", status=label)
            return f"{label} · {self._late}" if case.late else label
        return local_time(case.sent_at).split()[0] if case.sent_at else ""  # the local day

    def _tooltip(self, case: Case, column: str) -> str | None:
        if column == "problems" and case.problems:
            # The short labels fit the column; the rules' own sentences say what to fix.
            return "\n".join(self.sentences(case))
        if column == "status" and case.person_id in self._notes:
            return self._notes[case.person_id]
        if column == "status" and case.late:
            return case.late_said(self._ctx.lang) or None
        return None

    def sentences(self, case: Case) -> list[str]:
        """Each of a case's problems in a sentence that says what to fix."""
        return [self._sentence(p, case) for p in case.problems]

    def _problem(self, code: str, case: Case) -> str:
        """A problem in a few words; what another site holds with its flag."""
        return case_problem(code, self._ctx.lang, self._elsewhere.get(case.person_id),
                            self._identities.get(case.person_id),
                            self._twins.get(case.person_id))

    def _short(self, code: str, case: Case) -> str:
        """A problem as the column says it (``Case.brief``)."""
        return case.brief(code, self._ctx.lang, number=self._elsewhere.get(case.person_id),
                          identity=self._identities.get(case.person_id),
                          same_as=self._twins.get(case.person_id))

    def _sentence(self, code: str, case: Case) -> str:
        label = self._problem(code, case)
        if code == "REGISTER_MISMATCH" and case.register_fields:
            return self._short(code, case)
        if says_alone(code):  # a rule's sentence naming values it saw: the label alone
            return f"{label}: {self._ctx.text(code)}"
        return label

