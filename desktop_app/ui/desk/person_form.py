"""The new-person form: the mandatory identity fields first, checked while they are typed.

Problems show under a field once the clerk has left it, so nobody is scolded for fields not
reached yet; the ID cross-check (sex and birth year inside the CCCD) shows the moment all
three are present, while the person is still at the desk to confirm their papers.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QLineEdit, QWidget

from desktop_app.clock import local_today
from desktop_app.rules.cccd_qr import CccdQr, looks_like_cccd_qr, read_cccd_qr
from desktop_app.rules.identity import IdType, NoIdReason, check_phone, clean_id_number
from desktop_app.rules.messages import UserError
from desktop_app.rules.person import check_person
from desktop_app.rules.problems import Problem, error
from desktop_app.rules.text_fields import all_digits
from desktop_app.services.doses import PersonInput
from desktop_app.ui.widgets.compact_combo import compact
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.problem_label import FieldProblems, ProblemLabel
from desktop_app.ui.widgets.sex_combo import SexCombo

CROSS_CHECKS = {"ID_SEX_MISMATCH", "ID_BIRTH_YEAR_MISMATCH"}


class PersonForm(QWidget):
    def __init__(self, text_of: Callable[[Problem], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._text_of = text_of
        self.full_name = QLineEdit()
        self.dob = DateField()
        self.sex = SexCombo()
        self.id_type = QComboBox()
        self.id_type.addItem(self.tr("Citizen ID (CCCD, 12 digits)"), IdType.CCCD)
        self.id_type.addItem(self.tr("Old ID card (CMND, 9 digits)"), IdType.CMND)
        self.id_type.addItem(self.tr("Passport"), IdType.PASSPORT)
        self.id_type.addItem(self.tr("No identity document"), IdType.NONE)
        self.id_number = QLineEdit()
        self.nationality = QLineEdit()
        self.nationality.setPlaceholderText(self.tr("3-letter code, e.g. KOR"))
        self.nationality.setMaxLength(3)
        self.no_id_reason = QComboBox()
        self.no_id_reason.addItem("—", None)
        self.no_id_reason.addItem(self.tr("Unknown identity"), NoIdReason.UNKNOWN_IDENTITY)
        self.no_id_reason.addItem(self.tr("Homeless or itinerant"),
                                  NoIdReason.HOMELESS_OR_ITINERANT)
        self.no_id_reason.addItem(self.tr("Child without an ID number"),
                                  NoIdReason.CHILD_WITHOUT_NUMBER)
        # As wide as their field, not as their longest choice: "Vô gia cư hoặc không nơi cư
        # trú ổn định" made the form 110 px wider and pushed a netbook's window off its
        # screen (Save with it); the open list still shows each choice whole.
        compact(self.id_type, self.no_id_reason)
        self.phone = QLineEdit()
        self.address = QLineEdit()
        # Filled by a scanned chip card only (shown then): the CMND it still carries.
        self.old_id_number = QLineEdit()
        self.general_problems = ProblemLabel()
        self.problems = FieldProblems(self.general_problems)
        self._touched: set[str] = set()

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self._rows: dict[str, int] = {}
        self._add_row(form, "full_name", self.tr("Full name"), self.full_name)
        # Side by side, so the dose's date and vaccinator below stay on a netbook's screen.
        row = self.problems.add_pair(form, ("dob", self.tr("Date of birth"), self.dob),
                                     ("sex", self.tr("Sex"), self.sex))
        self._rows["dob"] = self._rows["sex"] = row
        for name, label, widget in (
            ("id_type", self.tr("ID type"), self.id_type),
            ("id_number", self.tr("ID number"), self.id_number),
            ("nationality", self.tr("Nationality"), self.nationality),
            ("no_id_reason", self.tr("Reason for no ID"), self.no_id_reason),
            ("phone", self.tr("Phone"), self.phone),
            ("address", self.tr("Address"), self.address),
            ("old_id_number", self.tr("Old ID card (CMND)"), self.old_id_number),
        ):
            self._add_row(form, name, label, widget)
        # The longest caption ("Lý do không có giấy tờ") breaks in two rather than widen
        # every caption, the form with them, past a netbook's screen.
        reason_caption = form.itemAt(self._rows["no_id_reason"],
                                     QFormLayout.ItemRole.LabelRole).widget()
        if isinstance(reason_caption, QLabel):
            reason_caption.setWordWrap(True)
        form.addRow(self.general_problems)

        for name, line in (("full_name", self.full_name), ("dob", self.dob),
                           ("id_number", self.id_number), ("nationality", self.nationality),
                           ("phone", self.phone)):
            line.editingFinished.connect(lambda n=name: self._touch(n))
            line.textEdited.connect(lambda _t: self.revalidate())
        for name, combo in (("sex", self.sex), ("id_type", self.id_type),
                            ("no_id_reason", self.no_id_reason)):
            combo.currentIndexChanged.connect(lambda _i, n=name: self._touch(n))
        self.id_type.currentIndexChanged.connect(self._show_type_fields)
        self._show_type_fields()

    def _add_row(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        self._rows[name] = self.problems.add_row(form, name, label, widget)

    def show_rows(self) -> None:
        """Show the rows the values filled in call for (the old CMND's, when it holds one)."""
        self._show_type_fields()

    def _show_type_fields(self) -> None:
        kind = IdType(self.id_type.currentData())
        form: QFormLayout = self.layout()  # type: ignore[assignment]
        form.setRowVisible(self._rows["id_number"], kind is not IdType.NONE)
        form.setRowVisible(self._rows["nationality"], kind is IdType.PASSPORT)
        form.setRowVisible(self._rows["no_id_reason"], kind is IdType.NONE)
        form.setRowVisible(self._rows["old_id_number"], bool(self.old_id_number.text()))

    # -- values ---------------------------------------------------------------------------
    def fields(self) -> dict[str, QWidget]:
        """Its inputs by name, as the desk's draft keeps them (``form_state``)."""
        return {"full_name": self.full_name, "dob": self.dob, "sex": self.sex,
                "id_type": self.id_type, "id_number": self.id_number,
                "nationality": self.nationality, "no_id_reason": self.no_id_reason,
                "phone": self.phone, "address": self.address,
                "old_id_number": self.old_id_number}

    def value(self) -> PersonInput:
        return PersonInput(
            full_name=self.full_name.text(),
            dob=self.dob.value(),
            sex=self.sex.value(),
            id_type=IdType(self.id_type.currentData()),
            id_number=self.id_number.text(),
            no_id_reason=self.no_id_reason.currentData() or None,
            nationality=self.nationality.text(),
            phone=self.phone.text(),
            address=self.address.text(),
            old_id_number=self.old_id_number.text() or None,
        )

    def prefill(self, query: str) -> QWidget | None:
        """Start from what the clerk searched for: a scanned chip card fills the form, digits
        are an ID or a phone, else a name. Returns the field to continue in: a name typed
        in the search box, selected, so typing it again with its diacritics replaces it;
        None when a scan filled everything."""
        self.clear()
        if looks_like_cccd_qr(query):
            try:
                card = read_cccd_qr(query)
            except UserError:  # damaged: the search panel says so; start from nothing
                return self.first_empty_field()
            if card is not None:
                self.fill_from_card(card)
                return None
        digits = clean_id_number(query)
        if all_digits(digits) and len(digits) == 9:
            self.id_type.setCurrentIndex(self.id_type.findData(IdType.CMND))
            self.id_number.setText(digits)
        elif all_digits(digits) and len(digits) == 12:
            self.id_number.setText(digits)
        elif all_digits(digits) and len(digits) in (10, 11) and not check_phone(digits):
            self.phone.setText(digits)
        elif all_digits(digits):  # part of an ID ("0011900123"): said wrong there, not kept
            self.id_number.setText(digits)  # as a phone the call-back list would dial
        elif query.strip() and not any(c.isdigit() for c in query):
            self.full_name.setText(query.strip())
            self.full_name.selectAll()
            return self.full_name
        return self.first_empty_field()

    def fill_from_card(self, card: CccdQr) -> None:
        self.full_name.setText(card.full_name)
        self.dob.set_value(card.dob)
        self.sex.set_value(card.sex)
        self.id_type.setCurrentIndex(self.id_type.findData(IdType.CCCD))
        self.id_number.setText(card.id_number)
        self.address.setText(card.address)
        self.old_id_number.setText(card.old_id_number or "")
        self._show_type_fields()
        self.revalidate()

    def clear(self) -> None:
        for line in (self.full_name, self.dob, self.id_number, self.nationality, self.phone,
                     self.address, self.old_id_number):
            line.clear()
        self.sex.set_value(None)
        self.id_type.setCurrentIndex(0)
        self.no_id_reason.setCurrentIndex(0)
        self._touched.clear()
        self._show_type_fields()
        self.problems.show([], self._text_of)

    def is_dirty(self) -> bool:
        return bool(self.full_name.text().strip() or not self.dob.is_empty()
                    or self.id_number.text().strip() or self.phone.text().strip())

    def first_empty_field(self) -> QWidget:
        if not self.full_name.text().strip():
            return self.full_name
        if self.dob.is_empty():
            return self.dob
        if self.sex.value() is None:
            return self.sex
        return self.id_number if not self.id_number.text().strip() else self.phone

    # -- problems -------------------------------------------------------------------------
    def _touch(self, name: str) -> None:
        self._touched.add(name)
        self.revalidate()

    def revalidate(self, show_all: bool = False) -> list[Problem]:
        """Check the form as it stands; show problems of fields left (or all of them)."""
        problems = check_person(self.value(), local_today())
        if not self.dob.is_empty() and self.dob.value() is None:
            # Typed but not a date: say that, rather than "date of birth is required".
            problems = [p for p in problems if p.field != "dob"]
            problems.insert(0, error("DOB_INVALID", "dob", value=self.dob.typed()))
        shown = [p for p in problems
                 if show_all or p.field in self._touched or p.code in CROSS_CHECKS]
        self.show_problems(shown)
        return problems

    def show_problems(self, problems: list[Problem]) -> None:
        self.problems.show(problems, self._text_of)

    def field_for(self, problems: list[Problem]) -> QWidget | None:
        return self.problems.first_error_field(problems)
