"""The existing forms, opened for a complaint: the paper backfill form prefilled with the
person and the dose the citizen names, and the Records area's person correction. Each saves
through the complaint's resolution service, so the change and the resolution go together;
before saving, the supervisor confirms the note the citizen will read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QComboBox, QDialog, QGroupBox, QVBoxLayout, QWidget

from desktop_app.rules.dates import format_date
from desktop_app.rules.doses import PriorDose
from desktop_app.rules.field_values import field_names
from desktop_app.rules.messages import text
from desktop_app.rules.problems import Problem
from desktop_app.services.complaint_since import ChangeSince, changes_said, since_note
from desktop_app.services.complaint_voids import VoidedDose
from desktop_app.services.complaints import (
    CITIZEN_LANG,
    AddDoseOutcome,
    ComplaintItem,
    resolve_add_dose,
    resolve_correct,
    someone_elses,
)
from desktop_app.services.database import Database
from desktop_app.services.records import CorrectionOutcome, DoseView, PersonView
from desktop_app.ui.backfill.paper_form import PaperForm
from desktop_app.ui.complaints.note_dialog import NoteDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import buttons_last, may_discard
from desktop_app.ui.operations import Op
from desktop_app.ui.records.correction_dialogs import (
    CorrectPersonDialog,
    RecordDoseForm,
    edited,
)
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ErrorLine, ProblemLabel
from desktop_app.ui.widgets.screen_fit import resize_within_screen
from desktop_app.ui.widgets.vertical_scroll import VerticalScroll


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
        self.note: str | None = None  # the note last written, asked again as written
        self._proposed = ""  # the default the note dialog last offered
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
        # Whose complaint it is, when the form names someone else (the record an ID number
        # alone found: a twin's): said above the form while it does, asked again on save.
        self.whose = ProblemLabel()
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, self.whose)
        self.full_name.textChanged.connect(self._say_whose)
        self.dob.textChanged.connect(self._say_whose)
        self._say_whose()

    def _say_whose(self) -> None:
        said = someone_elses(self.item, self.full_name.text(), self.dob.value())
        self.whose.show_problems([said] if said else [], lambda p: p.message(self.ctx.lang))

    def save(self) -> None:  # asks the note first, then saves through the resolution
        number = self.dose_number.text().strip() or "?"
        day = self.dose_date.typed() or "?"
        # In Vietnamese whatever the UI speaks: the citizen reads it on the status page.
        default = text("COMPLAINT_NOTE_ADD_DOSE", CITIZEN_LANG, number=number, date=day)
        self._proposed = default
        self.note_dialog = ask_note(self, self.tr("Add the missing dose"),
                                    self.note or default, self._save_with)

    def _save_with(self, note: str) -> None:
        # A save the form refuses asks it again as the supervisor wrote it; the default,
        # untouched, is made again from the fields (a dose number changed since).
        self.note = note if note != self._proposed else None
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
        self._opened = self.form.values()

    def reject(self) -> None:  # Esc, the window's close: nothing typed lost unasked
        if may_discard(self, self.outcome is None and (
                self.form.values() != self._opened or self.form.note is not None)):
            super().reject()


    def _resolved(self, outcome: AddDoseOutcome) -> None:
        self.outcome = outcome
        self.accept()


class ComplaintCorrectionDialog(CorrectPersonDialog):
    """The person's correction, and one of their doses' (a complaint of wrong details may
    be of a dose's: its vaccine, date or number); the save corrects and resolves together.
    The dose is chosen under the person's form, the one the citizen named first."""

    def __init__(self, ctx: AppContext, item: ComplaintItem, person: PersonView,
                 doses: Sequence[DoseView], parent: QWidget,
                 voided: tuple[VoidedDose, ...] = (),
                 changed: tuple[ChangeSince, ...] = ()) -> None:
        super().__init__(ctx, person, parent)
        self.item = item
        # Doses voided since the complaint came (a dose never given): Save with nothing
        # edited answers the complaint with that void, said here before.
        self.voided = voided
        self.voids = plain_label(ctx.text("COMPLAINT_VOIDS_ANSWER", doses=", ".join(
            ctx.text("COMPLAINT_VOIDED_DOSE", number=d.dose_number,
                     date=format_date(d.dose_date)) for d in voided)) if voided else "")
        self.voids.setWordWrap(True)
        self.voids.setVisible(bool(voided))
        # The record corrected since (another complaint's answer, Records): Save with
        # nothing edited answers with that correction, said with its values here.
        self.changed = changed
        self.since = plain_label(ctx.text("COMPLAINT_CHANGES_ANSWER", changes=changes_said(
            changed, ctx.lang)) if changed else "")
        self.since.setWordWrap(True)
        self.since.setVisible(bool(changed))
        self.note: str | None = None
        self.note_dialog: NoteDialog | None = None
        self.nothing = ErrorLine()  # Save with nothing edited: said, no note asked
        self.doses = [d for d in doses if d.status == "active"]
        self._born = person.dob
        self.dose_choice = QComboBox()
        self.dose_choice.addItem(self.tr("No dose to correct"), None)
        for d in self.doses:
            self.dose_choice.addItem(ctx.text(
                "COMPLAINT_DOSE_CHOICE", number=d.dose_number, date=format_date(d.dose_date),
                product=ctx.db.catalogue.name_of(d.product_code, ctx.lang)), d.id)
        self.dose_box = QGroupBox(self.tr("A dose whose details are wrong"))
        self.dose_layout = QVBoxLayout(self.dose_box)
        self.dose_layout.addWidget(self.dose_choice)
        self.dose_box.setVisible(bool(self.doses))
        self.dose_form: RecordDoseForm | None = None
        self._dose_loaded: Any = None
        self._dose_changes: dict[str, Any] = {}
        self._dose_id: str | None = None
        self.dose_choice.currentIndexChanged.connect(self._choose_dose)
        # The person's form and the dose's are taller together than a netbook's screen.
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.removeWidget(self.person_form)
        body = QWidget()
        inner = QVBoxLayout(body)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(self.person_form)
        inner.addWidget(self.dose_box)
        layout.insertWidget(0, VerticalScroll(body), 1)
        layout.insertWidget(0, self.nothing)
        layout.insertWidget(0, self.voids)
        layout.insertWidget(0, self.since)
        named = next((n for n, d in enumerate(self.doses, 1)
                      if d.dose_number == item.submission.dose_number), 0)
        self.dose_choice.setCurrentIndex(named)
        self._body = body
        body.installEventFilter(self)  # the dose's form shown: grow to it
        buttons_last(self, self.buttons)  # the forms moved into the scroll area after them

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # Once the rows inside have their new heights (a dose's form just shown): as tall as
        # both forms need, within the screen (they scroll on a netbook).
        if watched is getattr(self, "_body", None) and \
                event.type() == QEvent.Type.LayoutRequest:
            resize_within_screen(self, max(self.width(), self.sizeHint().width()),
                                 max(self.height(), self.sizeHint().height()))
        return super().eventFilter(watched, event)

    def _choose_dose(self, index: int) -> None:
        if self.dose_form is not None:
            self.dose_layout.removeWidget(self.dose_form)
            self.dose_form.deleteLater()
            self.dose_form = self._dose_loaded = None
        chosen = next((d for d in self.doses if d.id == self.dose_choice.itemData(index)), None)
        if chosen is None:
            return
        others = [PriorDose(d.dose_number, d.dose_date, d.product_code)
                  for d in self.doses if d.id != chosen.id]
        self.dose_form = RecordDoseForm(self.ctx, chosen, others, self._born)
        self._dose_loaded = self.dose_form.value()
        self.dose_layout.addWidget(self.dose_form)
        if hasattr(self, "_body"):  # chosen after it opened: its fields before the buttons
            buttons_last(self, self.buttons, focus=False)

    def dose_changes(self) -> dict[str, Any]:
        if self.dose_form is None:
            return {}
        return edited(self._dose_loaded, self.dose_form.value())

    def has_edits(self) -> bool:  # the dose's fields are typed work too
        return bool(self.changes() or self.dose_changes())

    def save(self, confirm: bool = False) -> None:
        if self.note is not None:  # asked already: this is the warnings' confirmation
            super().save(confirm)
            return
        changed = {**self.changes(), **self.dose_changes()}
        if not changed and (self.voided or self.changed):  # answered by what was done since
            self.nothing.say(None)
            self.note_dialog = ask_note(self, self.tr("Correct the details"), since_note(
                self.voided, self.changed, CITIZEN_LANG), self._save_with)
            return
        if not changed:
            self.nothing.say(self.ctx.text("COMPLAINT_NOTHING_CORRECTED"))
            return
        self.nothing.say(None)
        # The service's own note, the fields named (never their values), in Vietnamese.
        proposed = text("COMPLAINT_NOTE_CORRECT", CITIZEN_LANG,
                        changes=field_names(changed, CITIZEN_LANG))
        self.note_dialog = ask_note(self, self.tr("Correct the details"), proposed,
                                    self._save_with)

    def _save_with(self, note: str) -> None:
        self.note = note
        super().save(False)

    def _call(self, db: Database, confirm: bool) -> CorrectionOutcome:  # on the writes pool
        return resolve_correct(db, self.item.ref, self._changes, note=self.note or "",
                               actor=self.ctx.actor, confirm_warnings=confirm,
                               dose_id=self._dose_id, dose_changes=self._dose_changes or None)

    def _read_changes(self) -> None:  # the widgets read on the GUI thread, before the save
        super()._read_changes()
        self._dose_changes = self.dose_changes()
        self._dose_id = self.dose_choice.currentData() if self._dose_changes else None

    def _show(self, problems: list[Problem]) -> None:
        super()._show(problems)
        if self.dose_form is not None:
            self.dose_form.show_problems(problems)

