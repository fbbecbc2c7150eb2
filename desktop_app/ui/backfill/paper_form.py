"""Typing a stack of paper records: keyboard first. Enter moves to the next field and saves
from the last; Ctrl+S saves from anywhere. The vaccine, lot and site stay for the next
form (a stack usually comes from one session); everything about the person is cleared.
What the desk asks (a name without diacritics, another record that may be this person) is
asked here too, the paper in hand; a supervisor's form that corrects a recorded person
asks before it does, as a corrected file does at the import."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import backfill_corrections
from desktop_app.services.actor import BACKFILLERS, SUPERVISORS
from desktop_app.services.backfill_report import ImportReport
from desktop_app.services.cleaning import problems_in_brief
from desktop_app.services.paper_backfill import CONFIRMED, PaperOutcome, record_paper_dose
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import ask_save_anyway, confirm, describe_error, save_anyway_title
from desktop_app.ui.operations import Op
from desktop_app.ui.when_present import ask_when_present
from desktop_app.ui.widgets.compact_combo import product_combo
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import FieldProblems, ProblemLabel
from desktop_app.ui.widgets.sex_combo import SexCombo
from desktop_app.ui.widgets.stale_message import clear_on_edit
from desktop_app.ui.widgets.tones import DONE_STYLE, ERROR_STYLE, WARNING_STYLE

CARRIED = ("product", "lot_number", "facility")


class PaperForm(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.full_name = QLineEdit()
        self.dob = DateField()
        self.sex = SexCombo()
        self.id_number = QLineEdit()
        self.phone = QLineEdit()
        self.product = product_combo(ctx.db.catalogue, ctx.lang)
        self.lot_number = QLineEdit()
        self.dose_number = QLineEdit()
        self.dose_number.setPlaceholderText(self.tr("empty: numbered by its date"))
        self.dose_date = DateField()
        self.facility = QLineEdit()
        self.facility.setPlaceholderText(self.tr("where the dose was given, as on the paper"))
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.result = plain_label()
        self.result.setWordWrap(True)
        self.count = 0
        self.fields = {"full_name": self.full_name, "dob": self.dob, "sex": self.sex,
                       "id_number": self.id_number, "phone": self.phone,
                       "product": self.product, "lot_number": self.lot_number,
                       "dose_number": self.dose_number, "dose_date": self.dose_date,
                       "facility": self.facility}
        form = QFormLayout()
        labels = (self.tr("Full name"), self.tr("Date of birth"), self.tr("Sex"),
                  self.tr("ID number"), self.tr("Phone"), self.tr("Vaccine"), self.tr("Lot"),
                  self.tr("Dose number"), self.tr("Dose date (required)"),
                  self.tr("Vaccination site"))
        # Why a form was not saved is said under the field to correct, as at the desk.
        self.problems = FieldProblems(ProblemLabel())
        for label, (name, widget) in zip(labels, self.fields.items(), strict=True):
            rule_name = _RULE_FIELD.get(name, name)
            self.problems.add_row(form, rule_name, label, widget)
            # Once a marked field is edited, what was said of it, and "Not saved", go.
            clear_on_edit([widget.parentWidget()], partial(self._edited, rule_name))
        self._not_saved = False
        self._saving = False  # a save running: the form is locked (``_lock``)
        # The codes of the warnings confirmed for the person as typed: an edit asks again.
        self._confirmed: set[str] = set()
        order = list(self.fields.values())
        self._next: dict[QObject, QWidget] = {}
        for here, there in zip(order, order[1:], strict=False):
            if isinstance(here, QLineEdit):
                here.returnPressed.connect(there.setFocus)
            else:  # a drop-down takes Enter itself: catch it, and move on as elsewhere
                self._next[here] = there
                here.installEventFilter(self)
        self.facility.returnPressed.connect(self.save)
        QShortcut(QKeySequence("Ctrl+S"), self, activated=self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.save_button)
        layout.addWidget(self.problems.general)
        layout.addWidget(self.result)
        layout.addStretch(1)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (event.type() == QEvent.Type.KeyPress and watched in self._next
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self._next[watched].setFocus()
            return True
        return super().eventFilter(watched, event)

    def _edited(self, name: str) -> None:
        self.problems.clear(name)
        self._confirmed.clear()  # confirmed of what was typed before
        if self._not_saved:
            self._not_saved = False
            self.result.clear()

    def values(self) -> dict[str, str]:
        sex = self.sex.value()
        return {
            "full_name": self.full_name.text(), "dob": self.dob.typed(),
            "sex": {"M": "Nam", "F": "Nữ"}.get(sex.value if sex else "", ""),
            "id_number": self.id_number.text(), "phone": self.phone.text(),
            "product": self.product.code_or_typed(), "lot_number": self.lot_number.text(),
            "dose_number": self.dose_number.text(), "dose_date": self.dose_date.typed(),
            "facility": self.facility.text(), CONFIRMED: tuple(sorted(self._confirmed)),
        }

    def save(self) -> None:
        if self._saving:
            # The form is locked while its save runs (as the desk's): a second Enter or
            # Ctrl+S never saves twice, and is never dropped unsaid.
            self.result.setStyleSheet(ERROR_STYLE)
            self.result.setText(self.tr("This Ctrl+S was not carried out: wait until it is "
                                        "saved."))
            return
        values = self.values()
        self._lock(True)
        lang = self.ctx.lang
        actor = self.ctx.actor
        Op.write(self.ctx, self, lambda db: record_paper_dose(
            db, values, lang=lang, actor=actor, hold_corrections=True)) \
            .done(self._saved).failed(self._failed).run()

    def _lock(self, locked: bool) -> None:
        """The form being saved takes no typing, as the desk's: what was typed meanwhile
        for the next paper was cleared when the save landed."""
        self._saving = locked
        for widget in (*self.fields.values(), self.save_button):
            widget.setEnabled(not locked)

    def _saved(self, out: PaperOutcome) -> None:
        self._lock(False)
        lang = self.ctx.lang
        if out.outcome == "rejected":
            self.result.setStyleSheet(ERROR_STYLE)
            self.result.setText(self.tr("Not saved: correct the fields marked in red."))
            self._not_saved = True
            self.problems.show(out.problems, lambda p: p.message(lang))
            (self.problems.first_error_field(out.problems) or self.dose_date).setFocus()
            return
        if out.needs_confirmation:
            self._ask(out)
            return
        self.problems.show([], lambda p: p.message(lang))
        self._not_saved = False
        if out.outcome == "duplicate":
            self.result.setStyleSheet(WARNING_STYLE)
            self.result.setText(self.tr("Not saved again: ") + (out.duplicate_message or ""))
        else:
            self.count += 1
            self.result.setStyleSheet(DONE_STYLE if out.outcome == "imported"
                                      else WARNING_STYLE)
            text = self.ctx.text("PAPER_SAVED", count=self.count)
            if out.outcome == "flagged":
                text += " " + self.tr("Put on the data-cleaning list: ") + \
                    problems_in_brief(out.problems, lang).rstrip(".") + "."  # a sentence
            said = f"{text} {out.note.message}" if out.note is not None else text
            self.result.setText(said)  # and what it did to the record it is of, if anything
            self.ctx.data_changed.emit("doses")
            if out.report is not None:
                self._decide_held(out.report, text)
        self.clear_person()

    def _ask(self, out: PaperOutcome) -> None:
        """What the desk would ask (a name without diacritics, another record that may be
        this person): said under its field, and asked. Yes saves the form as typed; no
        leaves it to correct, nothing saved."""
        lang = self.ctx.lang
        self.problems.show(out.problems, lambda p: p.message(lang))
        ask_when_present(self.ctx, self, lambda: self._save_anyway(out),
                         title=save_anyway_title(), roles=BACKFILLERS,
                         refused=lambda: self._left_to_correct(out))

    def _save_anyway(self, out: PaperOutcome) -> None:
        if ask_save_anyway(self, [p.message(self.ctx.lang) for p in out.problems]):
            self._confirmed.update(p.code for p in out.problems)
            self.save()
            return
        self._left_to_correct(out)

    def _left_to_correct(self, out: PaperOutcome) -> None:
        self.result.setStyleSheet(ERROR_STYLE)
        self.result.setText(self.tr("Not saved: check the fields marked, then save again."))
        self._not_saved = True
        self.problems.fields.get(out.problems[0].field, self.full_name).setFocus()

    def _decide_held(self, report: ImportReport, saved: str) -> None:
        """A supervisor's form gives a recorded person other values than their record: the
        dose is saved; the record is corrected only on their yes (certificates printed of
        the old values are revoked), as a corrected file's at the import. The safe answer,
        the default, leaves the record. ``saved``: what the result line said before the
        record's word, which the answer's replaces."""
        title = self.tr("Correct the record already here?")
        ask_when_present(self.ctx, self, lambda: self._answer_held(report, saved, title),
                         title=title, roles=SUPERVISORS)

    def _answer_held(self, report: ImportReport, saved: str, title: str) -> None:
        held = report.held[0]
        yes = confirm(self, title, self.ctx.text("PAPER_HELD_ASK", name=held.person_name,
                                                 person_id=held.person_id,
                                                 changes=held.described),
                      self.tr("Correct it"), self.tr("Leave it as it is"))
        answer = backfill_corrections.apply_held if yes else backfill_corrections.decline_held
        actor = self.ctx.actor

        def answered(_result: object) -> None:
            said = next((i.message for i in report.issues
                         if i.person_id == held.person_id), "")
            self.result.setText(f"{saved} {said}".strip())
            self.ctx.data_changed.emit("people")

        Op.write(self.ctx, self, lambda db: answer(db, report, actor=actor)) \
            .done(answered).failed(self._failed).run()

    def clear_person(self) -> None:
        self._confirmed.clear()
        for name, widget in self.fields.items():
            if name in CARRIED:
                continue
            if isinstance(widget, DateField):
                widget.set_value(None)
            elif isinstance(widget, QLineEdit):
                widget.clear()
            elif isinstance(widget, SexCombo):
                widget.set_value(None)
        self.full_name.setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._lock(False)
        self.result.setStyleSheet(ERROR_STYLE)
        self.result.setText(describe_error(exc, self.ctx.lang))


# The form's fields by the names the rules give them (the rest are named alike).
_RULE_FIELD = {"product": "product_code"}
