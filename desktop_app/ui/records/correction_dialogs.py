"""The three changes a record allows: correct the person, correct the dose, void the dose.

Each dialog is the desk's own form (the same fields, the same live rules) filled from the
stored record; the save goes through the services, which check the rules again against the
database and refuse on errors, so the messages under the fields are the rules' own. Nothing
is ever deleted: a void keeps the dose, marked entered-in-error, with the reason given.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_time, local_today
from desktop_app.rules.doses import PriorDose, check_dose
from desktop_app.rules.identity import IdType
from desktop_app.rules.messages import UserError
from desktop_app.rules.numbers import Count
from desktop_app.rules.problems import Problem
from desktop_app.services.database import Database
from desktop_app.services.doses import Voided, void_dose
from desktop_app.services.records import (
    CorrectionOutcome,
    DoseView,
    PersonView,
    correct_dose,
    correct_person,
)
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.dose_form import DoseForm
from desktop_app.ui.desk.person_form import PersonForm
from desktop_app.ui.dialogs import ask_save_anyway, careful_buttons, may_discard, show_notice
from desktop_app.ui.operations import Op
from desktop_app.ui.when_present import ask_when_present
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.screen_fit import resize_within_screen
from desktop_app.ui.widgets.text_box import text_box
from desktop_app.ui.widgets.tones import ERROR_STYLE

WIDTH = 560  # px: a full Vietnamese address in one line, on a 1024 px screen too


class _CorrectionDialog(QDialog):
    """Save → the service; errors stay in the form; warnings are confirmed as at the desk."""

    def __init__(self, ctx: AppContext, title: str, form: QWidget, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.form = form
        self.outcome: CorrectionOutcome | None = None
        self.buttons = QDialogButtonBox()
        self.save_button = self.buttons.addButton(
            self.tr("Save correction"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(form)
        layout.addWidget(self.buttons)
        # Its fields' own hint made it 352 px wide: an address showed its last words only.
        resize_within_screen(self, max(self.sizeHint().width(), WIDTH),
                             self.sizeHint().height())

    def save(self, confirm: bool = False) -> None:
        self.save_button.setEnabled(False)
        Op.write(self.ctx, self, lambda db: self._call(db, confirm)) \
            .done(self._done).failed(self._failed).run()

    def changes(self) -> dict[str, Any]:
        raise NotImplementedError

    def has_edits(self) -> bool:
        return bool(self.changes())

    def reject(self) -> None:  # Esc, Cancel, the window's close: nothing typed lost unasked
        if may_discard(self, self.has_edits()):
            super().reject()

    def _call(self, db: Database, confirm: bool) -> CorrectionOutcome:  # on the writes pool
        raise NotImplementedError

    def _show(self, problems: list[Problem]) -> None:
        raise NotImplementedError

    def _done(self, outcome: CorrectionOutcome) -> None:
        self.outcome = outcome
        self.save_button.setEnabled(True)
        self._show(list(outcome.problems))
        if outcome.saved:
            said_revoked(self, self.ctx, self.tr("Certificates revoked"), outcome.revoked)
            self.accept()
        elif outcome.needs_confirmation:
            ask_when_present(self.ctx, self, lambda: self._save_anyway(outcome))

    def _save_anyway(self, outcome: CorrectionOutcome) -> None:
        if ask_save_anyway(self, [self.ctx.message(p) for p in outcome.problems]):
            self.save(confirm=True)

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.ctx.report_error(exc, self)


class CorrectPersonDialog(_CorrectionDialog):
    """The person as stored, every field of them (the old CMND too, shown when there is
    one); Save sends only what was edited (``changes``), so a field nobody touched is never
    rewritten, and Save with nothing edited writes nothing."""

    def __init__(self, ctx: AppContext, person: PersonView, parent: QWidget) -> None:
        form = PersonForm(ctx.message)
        super().__init__(ctx, "", form, parent)
        self.person_form = form
        self.setWindowTitle(self.tr("Correct the person"))
        self.person_id = person.id
        f = self.person_form
        f.full_name.setText(person.full_name)
        f.dob.set_value(person.dob)
        f.sex.set_value(person.sex)
        f.id_type.setCurrentIndex(max(f.id_type.findData(IdType(person.id_type)), 0))
        f.id_number.setText(person.id_number or "")
        f.nationality.setText(person.nationality or "")
        f.no_id_reason.setCurrentIndex(max(f.no_id_reason.findData(person.no_id_reason), 0))
        f.phone.setText(person.phone or "")
        f.address.setText(person.address or "")
        f.old_id_number.setText(person.old_id_number or "")
        f.show_rows()
        self._loaded = f.value()  # what Save compares the form with
        self._changes: dict[str, Any] = {}

    def changes(self) -> dict[str, Any]:
        return edited(self._loaded, self.person_form.value())

    def _call(self, db: Database, confirm: bool) -> CorrectionOutcome:
        return correct_person(db, self.person_id, self._changes, confirm_warnings=confirm,
                              actor=self.ctx.actor)

    def save(self, confirm: bool = False) -> None:
        self._read_changes()  # read widgets here, on the GUI thread
        super().save(confirm)

    def _read_changes(self) -> None:
        self._changes = self.changes()

    def _show(self, problems: list[Problem]) -> None:
        self.person_form.show_problems(problems)


class RecordDoseForm(DoseForm):
    """The desk's dose form, checked as the service will check it: against the person's
    other doses, and without demanding a lot or vaccinator of a dose copied from paper."""

    def __init__(self, ctx: AppContext, dose: DoseView, others: list[PriorDose],
                 dob: Any) -> None:
        super().__init__(ctx.db.catalogue, ctx.message, ctx.lang)
        self._ready = False
        self._others, self._born, self._at_desk = others, dob, dose.source == "desk"
        self._cat = ctx.db.catalogue
        self.product.setCurrentIndex(max(self.product.findData(dose.product_code), 0))
        self.lot.setText(dose.lot_number or "")
        self.dose_number.setValue(dose.dose_number)
        self.dose_date.set_value(dose.dose_date)
        self.vaccinator.setText(dose.vaccinator or "")
        self._ready = True

    def revalidate(self) -> list[Problem]:
        if not self._ready:
            return []
        value = self.value()
        problems = check_dose(
            product_code=value.product_code, dose_number=value.dose_number,
            dose_date=value.dose_date, dob=self._born, history=self._others,
            catalogue=self._cat, today=local_today(), lot_number=value.lot_number,
            vaccinator=value.vaccinator, at_desk=self._at_desk, injecting=False,
        )
        self.show_problems(problems)
        return problems


class CorrectDoseDialog(_CorrectionDialog):
    """The dose as stored; Save sends only what was edited (``changes``), as the person's
    dialog does: a correction saved by someone else since this one opened (another window,
    the platform's copy a sync took) is kept, not written back to what this dialog loaded."""

    def __init__(self, ctx: AppContext, dose: DoseView, others: list[PriorDose], dob: Any,
                 parent: QWidget) -> None:
        form = RecordDoseForm(ctx, dose, others, dob)
        super().__init__(ctx, "", form, parent)
        self.dose_form = form
        self.setWindowTitle(self.tr("Correct the dose"))
        self.dose_id = dose.id
        self._loaded = form.value()  # what Save compares the form with
        self._changes: dict[str, Any] = {}

    def changes(self) -> dict[str, Any]:
        return edited(self._loaded, self.dose_form.value())

    def save(self, confirm: bool = False) -> None:
        self._changes = self.changes()  # read widgets here, on the GUI thread
        super().save(confirm)

    def _call(self, db: Database, confirm: bool) -> CorrectionOutcome:
        return correct_dose(db, self.dose_id, self._changes, confirm_warnings=confirm,
                            actor=self.ctx.actor)

    def _show(self, problems: list[Problem]) -> None:
        self.dose_form.show_problems(problems)


class VoidDialog(QDialog):
    """Asks the reason (required) and is itself the confirmation: nothing is voided until
    the clerk presses the button that says so."""

    def __init__(self, ctx: AppContext, dose_id: str, summary: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dose_id = dose_id
        self.voided = False
        self.setWindowTitle(self.tr("Void this dose"))
        explain = QLabel(self.tr(
            "The dose stays in the records, marked as entered in error, and the central "
            "platform is told. Record the correct dose separately if one was given."))
        explain.setWordWrap(True)
        self.reason = text_box()
        self.reason.setPlaceholderText(self.tr("Why is this dose wrong?"))
        # The wrong citizen picked at the desk: that visit's screening was the other
        # person's too, and goes with the dose (services/doses.void_dose says how).
        self.given_to_another = QCheckBox(self.tr("Given to another person (the wrong "
                                                  "record was picked)"))
        self.problem = plain_label()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.hide()
        self.buttons, self.void_button = careful_buttons(
            self, self.tr("Void the dose"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.void_button.clicked.connect(self.confirm_void)
        layout = QVBoxLayout(self)
        layout.addWidget(plain_label(summary))
        layout.addWidget(explain)
        layout.addWidget(QLabel(self.tr("Reason (required)")))
        layout.addWidget(self.reason)
        layout.addWidget(self.given_to_another)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

    def reject(self) -> None:  # the reason typed is not lost unasked, while it can serve
        if may_discard(self, not self.voided and self.void_button.isEnabled()
                       and bool(self.reason.toPlainText().strip())):
            super().reject()

    def confirm_void(self) -> None:
        reason = self.reason.toPlainText().strip()
        if not reason:
            self.problem.setText(self.tr("A reason is required to void a dose."))
            self.problem.show()
            self.reason.setFocus()
            return
        self.void_button.setEnabled(False)
        dose_id, another = self.dose_id, self.given_to_another.isChecked()
        Op.write(self.ctx, self, lambda db: void_dose(db, dose_id, reason, actor=self.ctx.actor,
                                                      given_to_another=another)) \
            .done(self._done).failed(self._failed).run()

    def _done(self, voided: Voided) -> None:
        self.voided = True
        said_revoked(self, self.ctx, self.tr("Certificates revoked"), voided.revoked)
        if (taken := voided.screening) is not None:  # a dose given to another person
            show_notice(self, self.ctx.text("AUDIT_SCREENING_WITHDRAWN"), self.ctx.text(
                "SCREENING_TAKEN_OFF", at=local_time(taken.screened_at), name=taken.full_name,
                outcome=self.ctx.text(f"SCREENING_{taken.outcome.name}")))
        if voided.reactions:  # to move once the dose is recorded again (services/reactions)
            said = "REACTIONS_TO_MOVE" if self.given_to_another.isChecked() \
                else "REACTIONS_TO_MOVE_SAME"
            show_notice(self, self.ctx.text("REACTIONS_TO_MOVE_TITLE"),
                        self.ctx.text(said, count=Count(voided.reactions)))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):  # voided meanwhile, a role refused: said here
            self.problem.setText(exc.message(self.ctx.lang))
            self.problem.show()
            self.void_button.setEnabled(exc.code != "DOSE_ALREADY_VOIDED")
        else:
            self.void_button.setEnabled(True)
            self.ctx.report_error(exc, self)


def said_revoked(dialog: QDialog, ctx: AppContext, title: str, revoked: tuple[str, ...]
                 ) -> None:
    """The certificates a saved change revoked: the citizen holds papers that no longer
    verify, so whoever made the change hears it at once (the desk's card check asks
    before; here the change is the point)."""
    if revoked:
        show_notice(dialog, title, ctx.text("CERT_REVOKED_BY_CHANGE", count=len(revoked),
                                            uvcis=", ".join(revoked)))


def edited(loaded: Any, now: Any) -> dict[str, Any]:
    """The fields edited since a correction dialog opened (``loaded``: its form's value
    then, ``now``: as it is), as typed (the service cleans them): a field counts as edited
    when what it would store differs. Only those are sent, so a correction saved elsewhere
    meanwhile is kept, not written back to what the dialog loaded."""
    before, after = loaded.stored_values(), now.stored_values()
    typed = asdict(now)
    return {name: typed[name] for name in after if after[name] != before[name]}
