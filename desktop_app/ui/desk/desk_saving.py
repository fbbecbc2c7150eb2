"""The desk's screening and saving: Ctrl+S screens the person first if F2 did not, sends
the save to the database worker, locks the form while it runs, holds what the clerk asks
meanwhile (the next person, Esc, another Ctrl+S) until it lands, and asks for what the
save needs confirmed. A part of RecordScreen (desk/record_screen.py), which holds the
widgets and the state it works on."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.clock import zone_off
from desktop_app.rules.problems import Problem
from desktop_app.services import desk_draft
from desktop_app.services.actor import RECORDERS, Role
from desktop_app.services.doses import PersonInput, RecordOutcome, record_dose, register_screened
from desktop_app.services.screening import ScreeningAnswers
from desktop_app.ui.desk.screening_dialog import ScreeningDialog
from desktop_app.ui.dialogs import (
    ask_override_reason,
    ask_save_anyway,
    describe_error,
    save_anyway_title,
)
from desktop_app.ui.operations import Op
from desktop_app.ui.when_present import ask_when_present
from desktop_app.ui.widgets.tones import DONE_STYLE, ERROR_STYLE, WARNING_STYLE

SAYING_AFTER_MS = 300  # a save that takes longer says "Saving…" (it waits for the writer)


@dataclass
class SaveInFlight:
    """A save sent to the database and not answered yet: whom it is for (what its result
    names, whatever the form holds by then), what the clerk asked meanwhile (held until it
    lands), and where the keys were."""

    name: str
    dose_number: int | None
    search_text: str  # the search box as the save began: typed into meanwhile, it is kept
    focus: QWidget | None
    person_id: str | None = None  # the returning person being saved (None: a new one)
    query: str = ""  # what the search last asked as it began (a scanned card's whole text)
    held: Callable[[], None] | None = None  # the next person to open, once saved
    refused_save: bool = False  # a Ctrl+S pressed meanwhile (not carried out, and said so)
    said: bool = False  # the message line says "Saving…"


class DeskSaving:
    """Mixed into RecordScreen: its screening and saving."""

    # -- screening ------------------------------------------------------------------------
    def screen_person(self, then_save: dict | None = None) -> None:
        """The checklist for the person in the form, returning or new; postponed or
        referred: no dose today. ``then_save``: the save that asked for it, to go on with."""
        if not self.entry.isVisible() or not self.records():  # F2 as the button: disabled
            return
        if self._saving is not None:
            self._say_saving(self._saving, self.tr(
                "F2 was not carried out: wait until it is saved."))
            return
        if self.person:
            person_id, name, dob = self.person.id, self.person.full_name, self.person.dob
        else:  # the checklist follows the date of birth typed (its age today)
            typed = self.person_form.value()
            person_id, name, dob = None, typed.full_name.strip(), typed.dob
        self.screening = ScreeningDialog(
            self.ctx, person_id, name, self, dob=dob,
            serious_reactions=self._serious_reactions(self.person) if self.person else [])
        self.screening.accepted.connect(lambda: self._screened(then_save))
        self.screening.open()

    def _screened(self, then_save: dict | None) -> None:
        outcome, self.screened = self.screening.outcome_saved, self.screening.answers
        self.window().activateWindow()  # the keys come back here, not to nowhere
        if outcome is None or outcome.value == "eligible":
            if then_save is not None:
                self.save(**then_save)
            else:
                self.dose_form.first_empty_field().setFocus()
            return
        if self.person is None:  # a new person screened out is kept, with the reason
            assert self.screened is not None
            self._register_screened_out(self.person_form.value(), self.screened)
            return
        self._screened_out(None, self.person.full_name)

    def _register_screened_out(self, person: PersonInput, answers: ScreeningAnswers,
                               confirm_warnings: bool = False) -> None:
        """The new person kept with their screening, asked about as a dose's save asks (a
        record of their name, birth date and sex already there: "Save anyway" or "Go
        back")."""
        Op.write(self.ctx, self, lambda db: desk_draft.saved(db, register_screened(
            db, person, answers, confirm_warnings=confirm_warnings, actor=self.ctx.actor))) \
            .done(lambda out: self._screened_out(
                out, person.full_name.strip(),
                confirmed=lambda: self._register_screened_out(person, answers, True))).run()

    def _screened_out(self, registered: RecordOutcome | None, name: str,
                      confirmed: Callable[[], None] | None = None) -> None:
        if registered is not None and not registered.saved:
            if confirmed is not None and registered.needs_confirmation:
                ask_when_present(self.ctx, self, lambda: self._keep_anyway(
                    registered, confirmed), title=save_anyway_title(), roles=RECORDERS)
                return
            self._not_kept(registered)
            return
        if registered is not None:
            self.ctx.data_changed.emit("people")
        outcome = self.screened.outcome if self.screened else None
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setText(self.ctx.text(f"SCREENING_{outcome.name}") + ": " + name
                             if outcome else name)
        self._clear_for_next()

    def _keep_anyway(self, registered: RecordOutcome, confirmed: Callable[[], None]) -> None:
        if self._confirm_warnings(registered.problems):
            confirmed()  # saved anyway, as the clerk confirmed
        else:
            self._not_kept(registered)

    def _not_kept(self, registered: RecordOutcome) -> None:
        self.screened = None  # corrected, the next Ctrl+S screens and saves again
        errors = [p for p in registered.problems if p.is_error]
        if errors:
            self._show_blocking(errors)

    # -- saving ---------------------------------------------------------------------------
    def save(self, confirm_warnings: bool = False, age_override_reason: str | None = None
             ) -> None:
        if not self.records():  # Ctrl+S as the button: disabled (the note says why)
            return
        if self._saving is not None:
            # The form is locked while its save runs: a second Ctrl+S never saves twice, nor
            # for the next person (held until the save lands), and is never dropped unsaid.
            self._saving.refused_save = True
            self._say_saving(self._saving, self.tr(
                "This Ctrl+S was not carried out: wait until it is saved."))
            return
        if not self.entry.isVisible():
            return
        if self._day_changed():
            # Left open overnight: today's vaccine and lot are read again and the form
            # follows them; nothing is saved on yesterday's lot or date unasked.
            self._load_defaults(then=self._new_day_before_save)
            return
        if not self._zone_accepted():
            return
        dose = self.dose_form.value()
        person = None if self.person else self.person_form.value()
        if person is not None:
            local = self.person_form.revalidate(show_all=True)
            local_errors = [p for p in local if p.is_error]
            if local_errors:
                self._show_blocking(local_errors)
                return
        if self.screened is None:  # nobody is injected unscreened: Enter accepts "eligible"
            self.screen_person(then_save={"confirm_warnings": confirm_warnings,
                                          "age_override_reason": age_override_reason})
            return
        person_id = self.person.id if self.person else None
        screening = self.screened if person is not None else None  # a returning one: saved
        # Whom this save is for is taken now: its result names them, not whoever the form
        # holds when it lands.
        name = self.person.full_name if self.person else person.full_name.strip()
        flight = self._saving = SaveInFlight(name, dose.dose_number, self.search.box.text(),
                                              QApplication.focusWidget() or self.focusWidget(),
                                              person_id, self.search.last_query)
        self._lock_entry(True)
        QTimer.singleShot(SAYING_AFTER_MS, self, lambda: self._saving is flight
                          and not flight.said and self._say_saving(flight))
        Op.write(self.ctx, self, lambda db: desk_draft.saved(db, record_dose(
            db, dose, person_id=person_id, person=person, confirm_warnings=confirm_warnings,
            age_override_reason=age_override_reason, screening=screening,
            actor=self.ctx.actor))) \
            .done(lambda out: self._after_save(out, flight)) \
            .failed(lambda exc: self._save_failed(exc, flight)).run()

    def _zone_accepted(self) -> bool:
        """A laptop off Vietnam's zone dates every dose by its own day (``zone_off``): the
        first save of the session says so and asks; "Save anyway" holds for the session
        (for that zone), "Go back" saves nothing."""
        zone = zone_off()
        if zone is None or self.ctx.zone_accepted == zone.offset:
            return True
        if not ask_save_anyway(self, [self.ctx.text("CLOCK_ZONE_OFF", **zone.params())]):
            return False
        self.ctx.zone_accepted = zone.offset
        return True

    def _hold_while_saving(self, then: Callable[[], None] | None, note: str) -> bool:
        """While a save runs the form is not swapped under it: what the clerk asks (``then``:
        open the next person; None: back to the search) waits until it lands, and the
        message line says so. True if a save is running (the caller stops there)."""
        flight = self._saving
        if flight is None:
            return False
        flight.held = then
        self._say_saving(flight, note)
        return True

    def _say_saving(self, flight: SaveInFlight, note: str = "") -> None:
        flight.said = True
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setText(" ".join(filter(None, (self.tr(
            "Saving dose {dose_number} for {name}…").format(
                dose_number=flight.dose_number, name=flight.name), note))))

    def _lock_entry(self, locked: bool) -> None:
        """The form being saved takes no edits (they would not be saved); the keys go to
        the search, where the next person can be typed meanwhile."""
        focus = QApplication.focusWidget() or self.focusWidget()  # None: a dialog just shut
        if locked and (focus is None or self.entry_side.isAncestorOf(focus)):
            self.search.box.setFocus()
            self.search.box.selectAll()  # the next ID typed or scanned replaces the last
        self.entry.setEnabled(not locked)
        self._update_enabled()

    def _landed(self, flight: SaveInFlight) -> None:
        self._saving = None
        self._lock_entry(False)
        if flight.said:
            self.message.clear()
            self.message.setStyleSheet("")

    def _back_to_form(self, flight: SaveInFlight) -> None:
        """Not saved: the form is still this person's, and the keys go back to it unless
        the clerk has started typing in the search meanwhile."""
        focus = QApplication.focusWidget()
        if (focus is None or focus is self.search.box) \
                and self.search.box.text() == flight.search_text \
                and flight.focus is not None and shiboken6.isValid(flight.focus) \
                and flight.focus.isVisible():
            flight.focus.setFocus()

    def _carry(self, flight: SaveInFlight) -> None:
        """Saved again (confirmed): what was held waits for that save."""
        if self._saving is not None:
            self._saving.held = flight.held
            self._saving.refused_save = flight.refused_save

    def _after_save(self, outcome: RecordOutcome, flight: SaveInFlight) -> None:
        self._landed(flight)
        if outcome.saved:
            text = self.ctx.text("DESK_SAVED", dose_number=flight.dose_number,
                                 name=flight.name)
            if flight.refused_save and flight.held is not None:
                text += " " + self.tr("The Ctrl+S pressed while saving was not carried out: "
                                      "the person opened next is not saved yet.")
            self.message.setStyleSheet(DONE_STYLE)
            self.message.setText(text)
            self._clear_for_next(keep_search=flight.held is not None
                                 or self.search.box.text() != flight.search_text)
            self.ctx.data_changed.emit("doses")
            self.saved.emit(outcome)
            if flight.held is not None:
                flight.held()
            return
        # Not saved: the next person asked for meanwhile is not opened over this one (its
        # query stays in the search), unless the clerk confirms and it is saved.
        self._back_to_form(flight)
        if outcome.needs_confirmation:
            ask_when_present(self.ctx, self, lambda: self._save_anyway(flight, outcome),
                             title=save_anyway_title(), roles=RECORDERS)
            return
        errors = [p for p in outcome.problems if p.is_error]
        if [p.code for p in errors] == ["DOSE_AGE_OUTSIDE"]:
            ask_when_present(self.ctx, self, lambda: self._override_ages(flight, errors),
                             title=self.tr("Outside the eligible ages"))
            return
        self._show_blocking(errors)

    def _save_anyway(self, flight: SaveInFlight, outcome: RecordOutcome) -> None:
        if self._confirm_warnings(outcome.problems):
            self.save(confirm_warnings=True)
            self._carry(flight)

    def _override_ages(self, flight: SaveInFlight, errors: list[Problem]) -> None:
        """A supervisor may inject outside the product's ages, saying why; anyone else is
        shown why it is not saved."""
        if self.ctx.actor.role == Role.SUPERVISOR:
            reason = self._ask_override_reason(self.ctx.message(errors[0]))
            if reason:
                self.save(confirm_warnings=True, age_override_reason=reason)
                self._carry(flight)
                return
        self._show_blocking(errors)

    def _save_failed(self, exc: BaseException, flight: SaveInFlight) -> None:
        self._landed(flight)
        self._back_to_form(flight)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(self.ctx.text("DESK_NOT_SAVED", detail=describe_error(
            exc, self.ctx.lang)))
        if getattr(exc, "code", None) == "DOSE_PERSON_MERGED":
            self._reload_person()  # the kept record, its doses, to save on
        self.ctx.report_error(exc, self)

    def _show_blocking(self, problems: list[Problem]) -> None:
        person_fields = set(self.person_form.problems.fields)
        self.person_form.show_problems([p for p in problems if p.field in person_fields])
        self.dose_form.show_problems([p for p in problems if p.field not in person_fields])
        target = self.person_form.field_for(problems) or self.dose_form.field_for(problems)
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(self.tr("Not saved: correct the fields marked in red."))
        if target is not None:
            target.setFocus()
            # Focus alone does not scroll: the field and the red line under it are brought
            # into view, not left below a netbook's fold for the clerk to hunt.
            # (On a short window the desk scrolls too: the entry is brought into it.)
            cell, scroll, page = target.parentWidget() or target, self.entry_scroll, \
                self.page_scroll
            QTimer.singleShot(0, scroll, lambda: (scroll.ensureWidgetVisible(cell),
                                                  page.ensureWidgetVisible(cell)))

    def _confirm_warnings(self, problems: list[Problem]) -> bool:
        return ask_save_anyway(self, [self.ctx.message(p) for p in problems])

    def _ask_override_reason(self, problem: str) -> str:
        """A supervisor may give this product outside its ages, saying why (audited)."""
        return ask_override_reason(self, self.tr("Outside the eligible ages"), problem,
                                   self.tr("As supervisor, give the reason to inject anyway:"))

