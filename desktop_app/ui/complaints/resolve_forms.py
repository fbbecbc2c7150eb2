"""The existing forms, opened for a complaint: the paper backfill form prefilled with the
person and the dose the citizen names, and the Records area's person correction. Each saves
through the complaint's resolution service, so the change and the resolution go together;
before saving, the supervisor confirms the note the citizen will read."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from desktop_app.rules.field_values import field_names
from desktop_app.rules.messages import text
from desktop_app.services.complaints import (
    CITIZEN_LANG,
    AddDoseOutcome,
    ComplaintItem,
    resolve_add_dose,
    resolve_correct,
)
from desktop_app.services.database import Database
from desktop_app.services.records import CorrectionOutcome, PersonView
from desktop_app.ui.backfill.paper_form import PaperForm
from desktop_app.ui.complaints.note_dialog import NoteDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.records.correction_dialogs import CorrectPersonDialog
from desktop_app.ui.widgets.problem_label import ErrorLine


def ask_note(parent: QWidget, title: str, proposed: str,
             then: Callable[[str], None]) -> NoteDialog:
    dialog = NoteDialog(title, "", proposed, parent=parent)
    dialog.accepted.connect(lambda: then(dialog.value()))
    dialog.open()
    return dialog


class ComplaintPaperForm(PaperForm):
    resolved = Signal(object)  # AddDoseOutcome, once the dose is saved and the complaint closed

    def __init__(self, ctx: AppContext, item: ComplaintItem,
                 person: PersonView | None) -> None:
        super().__init__(ctx)
        self.item = item
        self.note_dialog: NoteDialog | None = None
        sub = item.submission
        self.full_name.setText(person.full_name if person else sub.full_name)
        self.dob.set_value(person.dob if person else sub.dob)
        self.sex.set_value(person.sex if person else None)
        self.id_number.setText((person.id_number if person else None) or sub.id_number)
        self.phone.setText((person.phone if person else None) or sub.phone)
        if sub.dose_number:
            self.dose_number.setText(str(sub.dose_number))
        self.dose_date.set_value(sub.dose_date)
        self.facility.setText(sub.place)

    def save(self) -> None:  # asks the note first, then saves through the resolution
        number = self.dose_number.text().strip() or "?"
        day = self.dose_date.typed() or "?"
        # In Vietnamese whatever the UI speaks: the citizen reads it on the status page.
        proposed = text("COMPLAINT_NOTE_ADD_DOSE", CITIZEN_LANG, number=number, date=day)
        self.note_dialog = ask_note(self, self.tr("Add the missing dose"), proposed,
                                    self._save_with)

    def _save_with(self, note: str) -> None:
        values, ref, lang, actor = self.values(), self.item.ref, self.ctx.lang, self.ctx.actor
        self.save_button.setEnabled(False)
        Op.write(self.ctx, self, lambda db: resolve_add_dose(db, ref, values, note=note,
                                                             actor=actor, lang=lang)) \
            .done(self._resolved).failed(self._failed).run()

    def _resolved(self, out: AddDoseOutcome) -> None:
        if not out.resolved:
            self._saved(out.paper)  # the form's own display of a rejection or duplicate
            return
        self.save_button.setEnabled(True)
        self.ctx.data_changed.emit("doses")
        self.resolved.emit(out)


class AddDoseDialog(QDialog):
    def __init__(self, ctx: AppContext, item: ComplaintItem, person: PersonView | None,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add the missing dose"))
        self.outcome: AddDoseOutcome | None = None  # once saved: what the screen says of it
        self.form = ComplaintPaperForm(ctx, item, person)
        self.form.resolved.connect(self._resolved)
        QVBoxLayout(self).addWidget(self.form)


    def _resolved(self, outcome: AddDoseOutcome) -> None:
        self.outcome = outcome
        self.accept()


class ComplaintCorrectionDialog(CorrectPersonDialog):
    """The person's correction; the save corrects and resolves together."""

    def __init__(self, ctx: AppContext, item: ComplaintItem, person: PersonView,
                 parent: QWidget) -> None:
        super().__init__(ctx, person, parent)
        self.item = item
        self.note: str | None = None
        self.note_dialog: NoteDialog | None = None
        self.nothing = ErrorLine()  # Save with nothing edited: said, no note asked
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.nothing)

    def save(self, confirm: bool = False) -> None:
        if self.note is not None:  # asked already: this is the warnings' confirmation
            super().save(confirm)
            return
        if not self.changes():
            self.nothing.say(self.ctx.text("COMPLAINT_NOTHING_CORRECTED"))
            return
        self.nothing.say(None)
        # The service's own note, the fields named (never their values), in Vietnamese.
        proposed = text("COMPLAINT_NOTE_CORRECT", CITIZEN_LANG,
                        changes=field_names(self.changes(), CITIZEN_LANG))
        self.note_dialog = ask_note(self, self.tr("Correct the details"), proposed,
                                    self._save_with)

    def _save_with(self, note: str) -> None:
        self.note = note
        super().save(False)

    def _call(self, db: Database, confirm: bool) -> CorrectionOutcome:
        return resolve_correct(db, self.item.ref, self._changes, note=self.note or "",
                               actor=self.ctx.actor, confirm_warnings=confirm)

