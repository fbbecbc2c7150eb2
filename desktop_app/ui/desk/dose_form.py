"""The dose form: vaccine, lot, dose number, date, vaccinator.

The day's vaccine, lot and vaccinator carry over from one person to the next; the dose
number is suggested from the person's history; the date is today. For a returning person
there is usually nothing to type: Ctrl+S.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from PySide6.QtWidgets import QFormLayout, QLineEdit, QSpinBox, QWidget

from desktop_app.clock import local_today
from desktop_app.rules.catalogue import Catalogue
from desktop_app.rules.doses import PriorDose, check_dose
from desktop_app.rules.problems import Problem, error
from desktop_app.services.day_defaults import DayDefaults
from desktop_app.services.doses import DoseInput
from desktop_app.ui.widgets.compact_combo import product_combo
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.problem_label import FieldProblems, ProblemLabel


class DoseForm(QWidget):
    def __init__(
        self, catalogue: Catalogue, text_of: Callable[[Problem], str], lang: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._catalogue = catalogue
        self._text_of = text_of
        self._history: list[PriorDose] = []
        self._dob: date | None = None
        self.product = product_combo(catalogue, lang)
        self.lot = QLineEdit()
        self.dose_number = QSpinBox()
        self.dose_number.setRange(1, catalogue.max_dose_number)
        self.dose_date = DateField()
        self.vaccinator = QLineEdit()
        self.general_problems = ProblemLabel()
        self.problems = FieldProblems(self.general_problems)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.problems.add_row(form, "product_code", self.tr("Vaccine"), self.product)
        self.problems.add_row(form, "lot_number", self.tr("Lot number"), self.lot)
        # Side by side: with the new-person form above, a row less keeps the date and the
        # vaccinator on a netbook's screen rather than scrolled below it.
        self.problems.add_pair(form, ("dose_number", self.tr("Dose number"), self.dose_number),
                               ("dose_date", self.tr("Dose date"), self.dose_date))
        self.problems.add_row(form, "vaccinator", self.tr("Vaccinator"), self.vaccinator)
        form.addRow(self.general_problems)
        self.product.currentIndexChanged.connect(lambda _i: self.revalidate())
        self.dose_number.valueChanged.connect(lambda _v: self.revalidate())
        self.dose_date.editingFinished.connect(self.revalidate)
        for line in (self.lot, self.vaccinator):
            line.editingFinished.connect(self.revalidate)

    def prepare(
        self, defaults: DayDefaults, history: Sequence[PriorDose], dob: date | None,
        next_number: int,
    ) -> None:
        """Set up for one person: the day's defaults, their history, today's date."""
        self._history = list(history)
        self._dob = dob
        index = self.product.findData(defaults.product_code) if defaults.product_code else 0
        self.product.setCurrentIndex(max(index, 0))
        self.lot.setText(defaults.lot_number or "")
        self.vaccinator.setText(defaults.vaccinator or "")
        self.dose_number.setValue(min(next_number, self.dose_number.maximum()))
        self.dose_date.set_value(local_today())
        self.revalidate()

    def set_dob(self, dob: date | None) -> None:
        """For a new person the date of birth comes from the person form as it is typed."""
        self._dob = dob

    def value(self) -> DoseInput:
        return DoseInput(
            product_code=self.product.currentData() or "",
            lot_number=self.lot.text(),
            dose_number=self.dose_number.value(),
            dose_date=self.dose_date.value(),
            vaccinator=self.vaccinator.text(),
        )

    def first_empty_field(self) -> QWidget:
        if self.product.currentData() is None:
            return self.product
        if not self.lot.text().strip():
            return self.lot
        if not self.vaccinator.text().strip():
            return self.vaccinator
        return self.dose_number

    def revalidate(self) -> list[Problem]:
        dose = self.value()
        problems = check_dose(
            product_code=dose.product_code, dose_number=dose.dose_number,
            dose_date=dose.dose_date, dob=self._dob, history=self._history,
            catalogue=self._catalogue, today=local_today(), lot_number=dose.lot_number,
            vaccinator=dose.vaccinator,
        )
        if dose.dose_date is None and not self.dose_date.is_empty():
            problems = [p for p in problems if p.field != "dose_date"]
            problems.insert(0, error("DOSE_DATE_INVALID", "dose_date",
                                     value=self.dose_date.typed()))
        self.show_problems(problems)
        return problems

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems.show(problems, self._text_of)

    def field_for(self, problems: list[Problem]) -> QWidget | None:
        return self.problems.first_error_field(problems)
