"""Record a dose: search → pick (or new person) → dose → Ctrl+S → next person.

Three states on one screen: searching; a returning person picked (their card and history
above the dose form); a new person (the person form above the dose form). Every database
call goes through the task runner; the rules run inline as the clerk types.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.dates import format_date
from desktop_app.rules.problems import Problem
from desktop_app.services.actor import Role
from desktop_app.services.day_defaults import DayDefaults, defaults_for_today
from desktop_app.services.desk import DeskPerson, load_desk_person
from desktop_app.services.doses import RecordOutcome, record_dose, register_screened
from desktop_app.services.lookup import RemoteCitizen, bring_person
from desktop_app.services.screening import ScreeningAnswers
from desktop_app.services.search import PersonHit
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.call_back_dialog import CallBackDialog
from desktop_app.ui.desk.dose_form import DoseForm
from desktop_app.ui.desk.observation_panel import ObservationPanel
from desktop_app.ui.desk.person_form import PersonForm
from desktop_app.ui.desk.screening_dialog import ScreeningDialog
from desktop_app.ui.desk.search_panel import SearchPanel
from desktop_app.ui.desk.today_panel import TodayPanel
from desktop_app.ui.dialogs import ask_save_anyway, confirm, describe_error
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ERROR_STYLE
from desktop_app.ui.widgets.stale_message import clear_on_edit
from desktop_app.ui.widgets.vertical_scroll import VerticalScroll


class RecordScreen(QWidget):
    saved = Signal(object)  # RecordOutcome, after the form was cleared for the next person

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.person: DeskPerson | None = None  # the returning person picked, if any
        self.defaults = DayDefaults()
        self._saving = False
        # This visit's screening: asked before the first save if F2 did not ask it already.
        self.screened: ScreeningAnswers | None = None

        self.search = SearchPanel(ctx)
        self.person_card = QLabel()
        self.person_card.setTextFormat(Qt.TextFormat.RichText)
        self.person_card.setWordWrap(True)
        self.person_form = PersonForm(ctx.message)
        self.dose_form = DoseForm(ctx.db.catalogue, ctx.message, ctx.lang)
        self.person_box = QGroupBox(self.tr("Person"))
        person_layout = QVBoxLayout(self.person_box)
        person_layout.addWidget(self.person_card)
        person_layout.addWidget(self.person_form)
        self.dose_box = QGroupBox(self.tr("Dose"))
        QVBoxLayout(self.dose_box).addWidget(self.dose_form)
        self.save_button = QPushButton(self.tr("Save (Ctrl+S)"))
        self.save_button.clicked.connect(lambda: self.save())
        self.screening_button = QPushButton(self.tr("Screening (F2)"))
        self.screening_button.clicked.connect(lambda: self.screen_person())
        self.cancel_button = QPushButton(self.tr("Back to search (Esc)"))
        self.cancel_button.clicked.connect(self.back_to_search)
        self.message = plain_label()
        self.message.setWordWrap(True)

        entry = QWidget()
        entry_layout = QVBoxLayout(entry)
        entry_layout.setContentsMargins(0, 0, 0, 0)
        entry_layout.setSpacing(0)  # the group boxes' titles part them; a netbook's pixels
        entry_layout.addWidget(self.person_box)
        entry_layout.addWidget(self.dose_box)
        self.entry = entry
        # The new-person and dose forms together are taller than a 600 px netbook screen:
        # they scroll rather than push the window off it. Their buttons stay below the
        # scrolling part, never scrolled out of sight with the form's end.
        self.entry_scroll = VerticalScroll(entry)
        self.entry_buttons = QWidget()
        buttons = QHBoxLayout(self.entry_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.screening_button)
        buttons.addStretch()
        buttons.addWidget(self.save_button)

        self.today = TodayPanel(ctx)
        self.today.changed.connect(self._set_defaults)
        self.observation = ObservationPanel(ctx)
        self.call_back_button = QPushButton(self.tr("Call-back list…"))
        self.call_back_button.clicked.connect(lambda: CallBackDialog(ctx, self).open())
        self.observation.buttons.addWidget(self.call_back_button)

        outer = QVBoxLayout(self)
        outer.addWidget(self.today)
        layout = QHBoxLayout()
        outer.addLayout(layout, 1)
        left = QVBoxLayout()
        # The people being watched have as much room as the search: on a netbook 2:3 left
        # three rows and a half of them.
        left.addWidget(self.search, 1)
        left.addWidget(self.message)
        left.addWidget(self.observation, 1)
        layout.addLayout(left, 5)
        # Hidden with nobody picked: the search takes the whole width then, its last-dose
        # column (what tells namesakes apart) whole, not pushed off beside an empty half.
        self.entry_side = QWidget()
        right = QVBoxLayout(self.entry_side)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.entry_scroll)
        right.addWidget(self.entry_buttons)
        right.addStretch(1)  # room to spare goes below the buttons, not between form and them
        layout.addWidget(self.entry_side, 4)

        self.search.picked.connect(self.pick)
        self.search.new_person.connect(self.start_new_person)
        self.search.bring.connect(self.bring)
        self.person_form.dob.textChanged.connect(
            lambda _t: self.dose_form.set_dob(self.person_form.dob.value()))
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self._new_from_search,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_F2), self, activated=self.screen_person,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self.back_to_search,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.data_changed.connect(self._on_data_changed)
        clear_on_edit([self.entry], self._drop_error)
        self._show_entry(False)
        self._load_defaults()

    # -- states ---------------------------------------------------------------------------
    def activate(self) -> None:
        if not self.entry.isVisible():
            self.search.box.setFocus()

    def _drop_error(self) -> None:
        """A red "not saved" goes once its cause may have (a field edited, another person)."""
        if self.message.styleSheet() == ERROR_STYLE:
            self.message.clear()
            self.message.setStyleSheet("")

    def _show_entry(self, visible: bool, new_person: bool = False) -> None:
        self._drop_error()
        self.entry.setVisible(visible)
        self.entry_side.setVisible(visible)
        self.entry_scroll.setVisible(visible)
        self.entry_buttons.setVisible(visible)
        self.person_form.setVisible(new_person)
        self.person_card.setVisible(visible and not new_person)

    def pick(self, hit: PersonHit) -> None:
        Op.read(self.ctx, self, lambda db: load_desk_person(db, hit.id)) \
            .done(self._show_person).run()

    def bring(self, citizen: RemoteCitizen) -> None:
        """Make the platform's person ours, then open them as a returning person."""
        Op.write(self.ctx, self, lambda db: bring_person(db, citizen, actor=self.ctx.actor)) \
            .done(self._brought).run()

    def _brought(self, person_id: str) -> None:
        self.ctx.data_changed.emit("people")
        Op.read(self.ctx, self, lambda db: load_desk_person(db, person_id)) \
            .done(self._show_person).run()

    def _show_person(self, person: DeskPerson | None) -> None:
        if person is None:
            return
        self.person = person
        self.screened = None
        self.person_card.setText(self._card_html(person))
        self._show_entry(True)
        self.dose_form.prepare(self.defaults, person.history, person.dob,
                               person.next_dose_number)
        self.dose_form.first_empty_field().setFocus()

    def _new_from_search(self) -> None:
        if not self.entry.isVisible():
            self.start_new_person(self.search.box.text())

    def start_new_person(self, query: str) -> None:
        self.person = None
        self.screened = None
        focus = self.person_form.prefill(query)
        self._show_entry(True, new_person=True)
        self.dose_form.prepare(self.defaults, [], self.person_form.dob.value(), 1)
        # A scanned card filled the person: straight to the dose, one Ctrl+S from saved.
        (focus or self.dose_form.first_empty_field()).setFocus()

    def back_to_search(self) -> None:
        if not self.entry.isVisible():
            self.search.reset()
            return
        if self.may_discard():
            self._clear_for_next()

    def may_discard(self) -> bool:
        """True when nothing typed would be lost, or the clerk agreed to lose it: Esc, a
        language switch and closing the window all ask this one question."""
        # Hidden with its area (the clerk went to another), what is typed is still at stake:
        # only the entry's own hiding (nobody being entered) means nothing is.
        if self.entry.isHidden() or self.person is not None \
                or not self.person_form.is_dirty():
            return True
        return confirm(
            self, self.tr("Discard this person?"),
            self.tr("The new person's details have not been saved. Discard them?"),
            self.tr("Discard"), self.tr("Keep editing"),
        )

    def _clear_for_next(self) -> None:
        self.person = None
        self.screened = None
        self.person_form.clear()
        self.dose_form.show_problems([])
        self._show_entry(False)
        self.search.reset()

    # -- screening ------------------------------------------------------------------------
    def screen_person(self, then_save: dict | None = None) -> None:
        """The checklist for the person in the form, returning or new; postponed or
        referred: no dose today. ``then_save``: the save that asked for it, to go on with."""
        if not self.entry.isVisible():
            return
        person_id, name = ((self.person.id, self.person.full_name) if self.person
                           else (None, self.person_form.value().full_name.strip()))
        self.screening = ScreeningDialog(self.ctx, person_id, name, self)
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
            person, answers = self.person_form.value(), self.screened
            Op.write(self.ctx, self, lambda db: register_screened(
                db, person, answers, actor=self.ctx.actor)) \
                .done(lambda out: self._screened_out(out, person.full_name.strip())).run()
            return
        self._screened_out(None, self.person.full_name)

    def _screened_out(self, registered: RecordOutcome | None, name: str) -> None:
        if registered is not None and not registered.saved:
            self.screened = None  # corrected, the next Ctrl+S screens and saves again
            self._show_blocking([p for p in registered.problems if p.is_error])
            return
        if registered is not None:
            self.ctx.data_changed.emit("people")
        outcome = self.screened.outcome if self.screened else None
        self.message.setStyleSheet("color: #8a5300;")
        self.message.setText(self.ctx.text(f"SCREENING_{outcome.name}") + ": " + name
                             if outcome else name)
        self._clear_for_next()

    # -- saving ---------------------------------------------------------------------------
    def save(self, confirm_warnings: bool = False, age_override_reason: str | None = None
             ) -> None:
        if not self.entry.isVisible() or self._saving:
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
        self._saving = True
        Op.write(self.ctx, self, lambda db: record_dose(
            db, dose, person_id=person_id, person=person, confirm_warnings=confirm_warnings,
            age_override_reason=age_override_reason, screening=screening,
            actor=self.ctx.actor)) \
            .done(self._after_save).failed(self._save_failed).run()

    def _after_save(self, outcome: RecordOutcome) -> None:
        self._saving = False
        if outcome.saved:
            name = (self.person.full_name if self.person
                    else self.person_form.value().full_name.strip())
            self.message.setStyleSheet("color: #1b5e20;")
            self.message.setText(self.ctx.text(
                "DESK_SAVED", dose_number=self.dose_form.value().dose_number, name=name))
            self._clear_for_next()
            self.ctx.data_changed.emit("doses")
            self.saved.emit(outcome)
            return
        if outcome.needs_confirmation:
            if self._confirm_warnings(outcome.problems):
                self.save(confirm_warnings=True)
            return
        errors = [p for p in outcome.problems if p.is_error]
        if [p.code for p in errors] == ["DOSE_AGE_OUTSIDE"] \
                and self.ctx.actor.role == Role.SUPERVISOR:
            reason = self._ask_override_reason(self.ctx.message(errors[0]))
            if reason:
                self.save(confirm_warnings=True, age_override_reason=reason)
                return
        self._show_blocking([p for p in outcome.problems if p.is_error])

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setText(self.ctx.text("DESK_NOT_SAVED", detail=describe_error(
            exc, self.ctx.lang)))
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
            cell, scroll = target.parentWidget() or target, self.entry_scroll
            QTimer.singleShot(0, scroll, lambda: scroll.ensureWidgetVisible(cell))

    def _confirm_warnings(self, problems: list[Problem]) -> bool:
        return ask_save_anyway(self, [self.ctx.message(p) for p in problems])

    def _ask_override_reason(self, problem: str) -> str:
        """A supervisor may give this product outside its ages, saying why (audited)."""
        reason, ok = QInputDialog.getText(
            self, self.tr("Outside the eligible ages"),
            problem + "\n\n" + self.tr("As supervisor, give the reason to inject anyway:"))
        return reason.strip() if ok else ""

    # -- the day's defaults ---------------------------------------------------------------
    def _load_defaults(self) -> None:
        Op.read(self.ctx, self, defaults_for_today).done(self._set_defaults).run()

    def _set_defaults(self, defaults: DayDefaults) -> None:
        """Only the today panel sets these: a dose of another vaccine for one person (a
        child among adults) leaves the day's vaccine and lot as they are."""
        self.defaults = defaults
        self.today.show_defaults(defaults)

    def _on_data_changed(self, what: str) -> None:
        if what == "defaults":
            self._load_defaults()

    # -- presentation ---------------------------------------------------------------------
    def _card_html(self, p: DeskPerson) -> str:
        dob = format_date(p.dob) if p.dob else "—"
        sex = {"M": self.tr("Male"), "F": self.tr("Female")}.get(p.sex or "", "—")
        lines = [f"<b style='font-size:14pt'>{html.escape(p.full_name)}</b>",
                 f"{dob} · {sex} · {p.id_number or '—'}"]
        if p.doses:
            for d in p.doses:
                values = {"dose_number": d.dose_number, "date": format_date(d.dose_date),
                          "product": self.ctx.product_name(d.product_code),
                          "lot": d.lot_number or "—"}
                lines.append(html.escape(
                    self.ctx.text("DESK_HISTORY_DOSE_ELSEWHERE", site=d.site_code, **values)
                    if d.site_code else self.ctx.text("DESK_HISTORY_DOSE", **values)))
        else:
            lines.append(self.tr("No doses recorded yet."))
        return "<br>".join(lines)
