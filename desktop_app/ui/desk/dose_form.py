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
        # What ``prepare`` put in: the day's vaccine, lot and vaccinator, the suggested dose
        # number and the day. A field still holding it follows a change of the day's
        # defaults (``follow_defaults``) or of the history; one the clerk changed does not.
        self._prefilled: tuple[object, str, str] | None = None
        self._suggested: int | None = None
        self._prepared_day: date | None = None
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
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.problems.add_row(form, "product_code", self.tr("Vaccine"), self.product)
        self.problems.add_row(form, "lot_number", self.tr("Lot number"), self.lot)
        # Side by side: with the new-person form above, a row less keeps the date and the
        # vaccinator on a netbook's screen rather than scrolled below it.
        self.problems.add_pair(form, ("dose_number", self.tr("Dose number"), self.dose_number),
                               ("dose_date", self.tr("Dose date"), self.dose_date))
        self.problems.add_row(form, "vaccinator", self.tr("Vaccinator"), self.vaccinator)
        form.addRow(self.general_problems)
        self.product.currentIndexChanged.connect(lambda _i: self.revalidate())
        # Typed text that names no vaccine chooses none: said at once, as a wrong lot is.
        self.product.activated.connect(lambda _i: self.revalidate())
        self.dose_number.valueChanged.connect(lambda _v: self.revalidate())
        self.dose_date.editingFinished.connect(self.revalidate)
        for line in (self.lot, self.vaccinator):
            line.editingFinished.connect(self.revalidate)

    def prepare(
        self, defaults: DayDefaults, history: Sequence[PriorDose], dob: date | None,
        next_number: int,
    ) -> None:
        """Set up for one person: the day's defaults, their history, today's date. A lot is
        only taken from defaults set for today: yesterday's is asked again, never carried."""
        self._history = list(history)
        self._dob = dob
        self._set_prefilled(defaults)
        self.dose_number.setValue(min(next_number, self.dose_number.maximum()))
        self._suggested = self.dose_number.value()
        self._prepared_day = local_today()
        self.dose_date.set_value(self._prepared_day)
        self.revalidate()

    def _set_prefilled(self, defaults: DayDefaults) -> None:
        product, lot, vaccinator = self._prefilled = self._prefill_of(defaults)
        self.product.setCurrentIndex(max(self.product.findData(product), 0))
        self.lot.setText(lot)
        self.vaccinator.setText(vaccinator)

    def _prefill_of(self, defaults: DayDefaults) -> tuple[object, str, str]:
        """The vaccine, lot and vaccinator the form starts with on these defaults."""
        index = self.product.findData(defaults.product_code) if defaults.product_code else 0
        return (self.product.itemData(max(index, 0)),
                (defaults.lot_number or "").strip() if defaults.is_for_today else "",
                (defaults.vaccinator or "").strip())

    def _vaccine(self) -> tuple[object, str, str]:
        return (self.product.currentData(), self.lot.text().strip(),
                self.vaccinator.text().strip())

    def follow_defaults(self, defaults: DayDefaults) -> None:
        """The day's defaults changed with this form open (a new box's lot set in the Today
        panel, or a new day): the vaccine and lot follow them if they still hold the ones
        the form was prefilled with (together: a lot belongs to its vaccine), the
        vaccinator likewise; what the clerk chose for this person stays. On a new day the
        date follows too, if it still holds the day the form was opened."""
        if self._prefilled is None:
            return
        before, now = self._prefilled, self._vaccine()
        product, lot, vaccinator = self._prefilled = self._prefill_of(defaults)
        if now[:2] == before[:2]:
            self.product.setCurrentIndex(max(self.product.findData(product), 0))
            self.lot.setText(lot)
        if now[2] == before[2]:
            self.vaccinator.setText(vaccinator)
        today = local_today()
        if self._prepared_day != today and self.dose_date.value() == self._prepared_day:
            self.dose_date.set_value(today)
        self._prepared_day = today
        self.revalidate()

    def set_history(self, history: Sequence[PriorDose], dob: date | None,
                    next_number: int) -> None:
        """The open person's record changed under the form (a merge, a correction): check
        against their history as it now is; the dose number follows if not typed over."""
        self._history = list(history)
        self._dob = dob
        if self.dose_number.value() == self._suggested:
            self.dose_number.setValue(min(next_number, self.dose_number.maximum()))
        self._suggested = min(next_number, self.dose_number.maximum())
        self.revalidate()

    def set_dob(self, dob: date | None) -> None:
        """For a new person the date of birth comes from the person form as it is typed."""
        self._dob = dob

    def fields(self) -> dict[str, QWidget]:
        """Its inputs by name, as the desk's draft keeps them (``form_state``)."""
        return {"product": self.product, "lot": self.lot, "dose_number": self.dose_number,
                "dose_date": self.dose_date, "vaccinator": self.vaccinator}

    def value(self) -> DoseInput:
        return DoseInput(
            product_code=self.product.code_or_typed(),
            lot_number=self.lot.text(),
            dose_number=self.dose_number.value(),
            dose_date=self.dose_date.value(),
            vaccinator=self.vaccinator.text(),
        )

    def is_dirty(self) -> bool:
        """Changed by the clerk since ``prepare``: a vaccine, lot or vaccinator other than
        the day's, another dose number or date. A form only opened holds nothing to lose."""
        if self._prefilled is None:
            return False
        return (self._vaccine() != self._prefilled
                or self.dose_number.value() != self._suggested
                or self.dose_date.value() != self._prepared_day)

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
