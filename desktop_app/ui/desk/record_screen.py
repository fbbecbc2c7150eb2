"""Record a dose: search → pick (or new person) → dose → Ctrl+S → next person.

Three states on one screen: searching; a returning person picked (their card and history
above the dose form); a new person (the person form above the dose form). Every database
call goes through the task runner; the rules run inline as the clerk types.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_time, local_today, zone_off
from desktop_app.rules.dates import format_date
from desktop_app.rules.problems import Problem
from desktop_app.services import desk_draft
from desktop_app.services.actor import RECORDERS, Role
from desktop_app.services.day_defaults import DayDefaults, defaults_for_today
from desktop_app.services.desk import DeskPerson, load_desk_person, load_kept_desk_person
from desktop_app.services.desk_draft import Draft
from desktop_app.services.doses import (
    PersonInput,
    RecordOutcome,
    record_dose,
    register_screened,
)
from desktop_app.services.lookup import RemoteCitizen, bring_person
from desktop_app.services.screening import ScreeningAnswers
from desktop_app.services.search import PersonHit
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.call_back_dialog import CallBackDialog
from desktop_app.ui.desk.card_check_panel import CardCheckPanel
from desktop_app.ui.desk.dose_form import DoseForm
from desktop_app.ui.desk.draft_keeper import DraftKeeper
from desktop_app.ui.desk.elsewhere_note import ElsewhereNote
from desktop_app.ui.desk.observation_panel import ObservationPanel
from desktop_app.ui.desk.person_form import PersonForm
from desktop_app.ui.desk.scans import ScanQueue
from desktop_app.ui.desk.screening_dialog import ScreeningDialog
from desktop_app.ui.desk.search_panel import SearchPanel
from desktop_app.ui.desk.today_panel import TodayPanel
from desktop_app.ui.dialogs import ask_override_reason, ask_save_anyway, confirm, describe_error
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.flow_layout import FlowLayout
from desktop_app.ui.widgets.form_state import restore
from desktop_app.ui.widgets.form_width import unwrapped_width
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.stale_message import clear_on_edit
from desktop_app.ui.widgets.tones import DONE_STYLE, ERROR_STYLE, WARNING_STYLE
from desktop_app.ui.widgets.vertical_scroll import VerticalScroll

SAYING_AFTER_MS = 300  # a save that takes longer says "Saving…" (it waits for the writer)
DAY_CHECK_MS = 60_000  # left open overnight, the Today panel turns red by itself


@dataclass
class _SaveInFlight:
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


class _Page(QWidget):
    """The desk's parts, in the scroll that lets a short window reach them all."""

    resized = Signal(int)  # its new width

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self.resized.emit(event.size().width())

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        """The least height it is usable at: each part at its least (the search, the lists
        and the entry scroll within), its wrapped lines whole. The scroll would give it its
        preferred height, taller than a 1024×600 netbook: the whole desk scrolled there."""
        return self.layout().totalMinimumHeightForWidth(width)


class RecordScreen(QWidget):
    saved = Signal(object)  # RecordOutcome, after the form was cleared for the next person

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.person: DeskPerson | None = None  # the returning person picked, if any
        self.defaults = DayDefaults()
        self._defaults_day: date | None = None  # the day self.defaults were read for
        self._saving: _SaveInFlight | None = None
        self._opening = False  # a person picked is being read, to be shown
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
        # Other sites' doses asked about again in the background, and what came of it.
        self.elsewhere = ElsewhereNote(ctx)
        person_layout.addWidget(self.elsewhere)
        # A scanned card that disagrees with the record says so under it (F4 acts on it).
        self.card_check = CardCheckPanel(ctx, self)
        self.card_check.corrected.connect(self._card_corrected)
        person_layout.addWidget(self.card_check)
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
        # Wrapping: at 125 % or 150 % display scaling the entry beside the search has no
        # room for the three on one line.
        buttons = FlowLayout(self.entry_buttons)
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.add_widgets(self.cancel_button, self.screening_button)
        buttons.add_stretch()
        buttons.addWidget(self.save_button)

        self.today = TodayPanel(ctx)
        self.today.changed.connect(self._set_defaults)
        self.observation = ObservationPanel(ctx)
        self.call_back_button = QPushButton(self.tr("Call-back list…"))
        self.call_back_button.clicked.connect(lambda: CallBackDialog(ctx, self).open())
        self.observation.buttons.addWidget(self.call_back_button)

        # A volunteer may look people up here, not record: said at the top, and what the
        # services would refuse them is disabled (``_apply_role``).
        self.role_note = plain_label(wordWrap=True)
        self.role_note.setStyleSheet(WARNING_STYLE)
        self.role_note.setText(self.tr(
            "A volunteer enters past doses in the Backfill area; recording today's doses "
            "at the desk is a clerk's or a supervisor's work."))
        # The whole desk scrolls when the window is shorter than its parts' least heights
        # (a netbook at 150 % display scaling leaves 683×400): what is below, the entry's
        # buttons and the observation list, is scrolled to rather than cut off unreachable.
        page = _Page()
        page.resized.connect(self._fit_sides)  # its width decides the entry's
        self.page_scroll = VerticalScroll(page)
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.addWidget(self.page_scroll)
        outer = QVBoxLayout(page)
        outer.addWidget(self.role_note)
        outer.addWidget(self.today)
        self.sides = layout = QHBoxLayout()
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

        # A card scanned anywhere comes here, one at a time (ui/scanner.py, desk/scans.py).
        self.scans = ScanQueue(self)
        self.search.picked.connect(self._picked_in_search)
        self.search.new_person.connect(self._new_person_in_search)
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
        self._apply_role()
        clear_on_edit([self.entry], self._drop_error)
        self._show_entry(False)
        self._load_defaults()
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._check_day)
        self._day_timer.start()
        # What was typed survives the app stopping mid-visit (desk/draft_keeper.py).
        self._draft_dose: dict | None = None  # a kept dose, for the person being opened
        self.drafts = DraftKeeper(self)
        if self.records():
            self.drafts.give_back()

    def _fit_sides(self, width: int | None = None) -> None:
        """The entry keeps its buttons on one line, its forms as wide as they were, while
        the observation beside it still has room for its own on one line (a netbook at
        100 % and wider). Narrower (125 % or 150 % display scaling) both rows wrap and the
        5:4 split decides, so the window fits the screen with a person open; the forms'
        captions stay beside their fields while the observation's least width is left
        beside them, and go above them only where it is not (150 %)."""
        page = self.page_scroll.widget()
        margins = page.layout().contentsMargins()
        room = (page.width() if width is None else width) - margins.left() \
            - margins.right() - self.sides.spacing()
        one_line = self.entry_buttons.sizeHint().width()
        least = one_line if room - one_line >= self.observation.sizeHint().width() else 0
        unwrapped = self.entry_scroll.minimumSizeHint().width() + max(
            unwrapped_width(form.layout()) - form.layout().minimumSize().width()
            for form in (self.person_form, self.dose_form) if not form.isHidden())
        if room - unwrapped >= self.observation.minimumSizeHint().width():
            least = max(least, unwrapped)
        self.entry_side.setMinimumWidth(least)

    def saving(self) -> bool:
        return self._saving is not None

    def take_back(self, draft: Draft) -> None:
        """A form kept when the app stopped mid-visit, opened again for the clerk to check
        and save (or give up with Esc); not over a visit begun meanwhile."""
        if not self.entry.isHidden() or self._saving is not None:
            return
        self._draft_dose = draft.dose
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setText(self.ctx.text("DESK_DRAFT_GIVEN_BACK",
                                            at=local_time(draft.at)))
        if draft.person_id is not None:
            self._open(draft.person_id)  # the dose follows once they are shown
            return
        self.start_new_person("")
        restore(self.person_form.fields(), draft.person)
        self.person_form.show_rows()
        self.person_form.revalidate()
        self._give_back_dose()  # the date of birth set above told the dose form already

    def _give_back_dose(self) -> None:
        if self._draft_dose is not None:
            restore(self.dose_form.fields(), self._draft_dose)
            self._draft_dose = None
            self.dose_form.revalidate()

    def records(self) -> bool:
        """Whether the one at the desk records doses (a volunteer only looks people up)."""
        return self.ctx.actor.role in RECORDERS

    def _apply_role(self) -> None:
        """What the desk's services refuse a volunteer (today's defaults, a dose, the end of
        an observation, a reaction: ``RECORDERS``) is disabled for one, the note says why."""
        self.role_note.setVisible(not self.records())
        # Today's vaccine and lot are for recording today: not asked of a volunteer
        # (its red "not set for today, press Set for today" named a disabled button).
        self.today.setVisible(self.records())
        self._update_enabled()

    def _update_enabled(self) -> None:
        """The one place the desk's buttons are enabled: by the role, and Save and the
        checklist also by no save being under way (``_lock_entry``)."""
        records = self.records()
        for button in (self.today.apply_button, self.observation.done_button,
                       self.observation.reaction_button):
            button.setEnabled(records)
        for button in (self.save_button, self.screening_button):
            button.setEnabled(records and self._saving is None)

    # -- states ---------------------------------------------------------------------------
    def activate(self) -> None:
        self._check_day()
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
        self.search.set_compact(visible)
        if visible:
            self.search.show_scan_as_number()
        self._fit_sides()  # the new person's form is wider than a card
        QTimer.singleShot(0, self.page_scroll, self._scroll_to_work)  # once laid out

    def _scroll_to_work(self) -> None:
        """The entry opens at its top (the card, or the form's first field), whatever the
        last person's was scrolled to (hiding it moved the keys down its fields, and it
        scrolled after them). A window shorter than the desk (150 % display scaling)
        scrolls it too: to the entry's top, down to Save, or to the desk's own top for the
        search (today's lot above it)."""
        top = 0
        if self.entry_side.isVisible():
            self.entry_scroll.verticalScrollBar().setValue(0)
            top = self.entry_side.mapTo(self.page_scroll.widget(), QPoint(0, 0)).y()
        self.page_scroll.verticalScrollBar().setValue(top)  # no further than it scrolls

    def _picked_in_search(self, hit: PersonHit) -> None:
        """A hit chosen in the search; not the person being saved, whom a fast clerk's
        extra Enter (the keys go to the search while a save runs) opened again, their next
        dose suggested for today: one "Save anyway" from two doses in a day."""
        if self._saving is None or hit.id != self._saving.person_id:
            self.pick(hit)

    def _new_person_in_search(self, query: str) -> None:
        """Enter on a search that found nobody; not on the query of the new person being
        saved (the extra Enter opened a second form from the same card, beside a list
        saying nobody had the number just saved): as ``_new_from_search`` for Ctrl+N."""
        flight = self._saving
        if flight is None or query not in (flight.search_text, flight.query):
            self.start_new_person(query)

    def pick(self, hit: PersonHit) -> None:
        if self._hold_while_saving(lambda: self.pick(hit), self.tr(
                "{name} opens once it is saved.").format(name=hit.full_name)):
            return
        self._open(hit.id)

    def _open(self, person_id: str) -> None:
        self._opening = True
        Op.read(self.ctx, self, lambda db: load_desk_person(db, person_id)) \
            .done(self._show_person).failed(self._open_failed).run()

    def _open_failed(self, exc: BaseException) -> None:
        self._opening = False
        self.scans.next_soon()
        self.ctx.report_error(exc, self)

    def bring(self, citizen: RemoteCitizen) -> None:
        """Make the platform's person ours, then open them as a returning person."""
        Op.write(self.ctx, self, lambda db: bring_person(db, citizen, actor=self.ctx.actor)) \
            .done(self._brought).run()

    def _brought(self, person_id: str) -> None:
        self.ctx.data_changed.emit("people")
        self._open(person_id)

    def _show_person(self, person: DeskPerson | None) -> None:
        self._opening = False
        self.scans.next_soon()
        if person is None:
            if self._draft_dose is not None:  # the kept visit's person is gone (merged)
                self._draft_dose = None
                self.drafts.drop()
            return
        if self._hold_while_saving(lambda: self._open(person.id), self.tr(
                "{name} opens once it is saved.").format(name=person.full_name)):
            return  # read before the save began: read again after it, with its dose
        self.person = person
        self.screened = None
        self.person_card.setText(self._card_html(person))
        self.card_check.check(person.id, self.search.picked_card)
        self.elsewhere.check(person)
        self._show_entry(True)
        self.dose_form.prepare(self.defaults, person.history, person.dob,
                               person.next_dose_number)
        self._check_day()
        self._give_back_dose()
        self.dose_form.first_empty_field().setFocus()

    def _new_from_search(self) -> None:
        query = self.search.box.text()
        if self._saving is not None and query == self._saving.search_text:
            query = ""  # the query of the person being saved, not the next one's
        if not self.entry.isVisible() or self._saving is not None:
            self.start_new_person(query)

    def start_new_person(self, query: str) -> None:
        if self._hold_while_saving(lambda: self.start_new_person(query), self.tr(
                "The new person's form opens once it is saved.")):
            return
        self.person = None
        self.screened = None
        self.card_check.clear()
        self.elsewhere.clear_note()
        focus = self.person_form.prefill(query)
        self._show_entry(True, new_person=True)
        self.dose_form.prepare(self.defaults, [], self.person_form.dob.value(), 1)
        self._check_day()
        # A scanned card filled the person: straight to the dose, one Ctrl+S from saved.
        (focus or self.dose_form.first_empty_field()).setFocus()
        self.scans.next_soon()

    def back_to_search(self) -> None:
        if self._hold_while_saving(None, self.tr("Back to the search once it is saved.")):
            self.search.reset()  # ready for the next person's ID; the form waits for its save
            return
        if not self.entry.isVisible():
            self.search.reset()
            return
        if self._entry_may_discard():
            self._clear_for_next()

    def may_discard(self) -> bool:
        """True when nothing typed would be lost, or the clerk agreed to lose it: a language
        switch, signing out and closing the window ask it of the whole desk, the day's
        vaccine, lot and vaccinator typed but not set included (``MainWindow.may_close``)."""
        return self.today.may_discard() and self._entry_may_discard()

    def _entry_may_discard(self) -> bool:
        """The person and dose being entered: Esc asks this alone. Given up (a sign-out, a
        language switch, the window closed: asked and agreed), the form kept for the next
        start goes too: it came back after the clerk had said to discard it."""
        given_up = self._entry_given_up()
        if given_up and not self.entry.isHidden():
            self.drafts.drop()
        return given_up

    def _entry_given_up(self) -> bool:
        # Hidden with its area (the clerk went to another), what is typed is still at stake:
        # only the entry's own hiding (nobody being entered) means nothing is.
        if self.entry.isHidden():
            return True
        if self.person is not None:  # a returning person: only a dose changed is at stake
            return not self.dose_form.is_dirty() or confirm(
                self, self.tr("Discard this dose?"),
                self.tr("The dose typed for {name} has not been saved. Discard it?")
                .format(name=self.person.full_name),
                self.tr("Discard"), self.tr("Keep editing"),
            )
        if not self.person_form.is_dirty() and not self.dose_form.is_dirty():
            return True
        return confirm(
            self, self.tr("Discard this person?"),
            self.tr("The new person's details have not been saved. Discard them?"),
            self.tr("Discard"), self.tr("Keep editing"),
        )

    def _clear_for_next(self, keep_search: bool = False) -> None:
        """``keep_search``: what the clerk typed in the search meanwhile stays."""
        self.drafts.drop()  # saved or given up: nothing to give back at the next start
        self.person = None
        self.screened = None
        self.card_check.clear()
        self.elsewhere.clear_note()
        self.person_form.clear()
        self.dose_form.show_problems([])
        self._show_entry(False)
        if keep_search:
            self.search.box.setFocus()
        else:
            self.search.reset()
        self.scans.next_soon()  # a card scanned meanwhile: its turn

    # -- scans (desk/scans.py) ------------------------------------------------------------
    def busy_opening(self) -> bool:
        """A person asked for is still on the way: Enter waits for its search's answer, the
        person picked is being read, or is held until the save running lands."""
        return self.search.awaiting_pick() or self._opening or (
            self._saving is not None and self._saving.held is not None)

    def holds_person(self) -> bool:
        """A person is open at the desk, not being saved (the form is theirs to finish)."""
        return not self.entry.isHidden() and self._saving is None

    def open_card_number(self) -> str | None:
        """The ID number of the person open, as their card would carry it."""
        if self.person is not None:
            return self.person.id_number
        return "".join(self.person_form.id_number.text().split()) or None

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
        person_id, name = ((self.person.id, self.person.full_name) if self.person
                           else (None, self.person_form.value().full_name.strip()))
        self.screening = ScreeningDialog(
            self.ctx, person_id, name, self,
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
            if confirmed is not None and registered.needs_confirmation \
                    and self._confirm_warnings(registered.problems):
                confirmed()  # saved anyway, as the clerk confirmed
                return
            self.screened = None  # corrected, the next Ctrl+S screens and saves again
            errors = [p for p in registered.problems if p.is_error]
            if errors:
                self._show_blocking(errors)
            return
        if registered is not None:
            self.ctx.data_changed.emit("people")
        outcome = self.screened.outcome if self.screened else None
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setText(self.ctx.text(f"SCREENING_{outcome.name}") + ": " + name
                             if outcome else name)
        self._clear_for_next()

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
        flight = self._saving = _SaveInFlight(name, dose.dose_number, self.search.box.text(),
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

    def _say_saving(self, flight: _SaveInFlight, note: str = "") -> None:
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

    def _landed(self, flight: _SaveInFlight) -> None:
        self._saving = None
        self._lock_entry(False)
        if flight.said:
            self.message.clear()
            self.message.setStyleSheet("")

    def _back_to_form(self, flight: _SaveInFlight) -> None:
        """Not saved: the form is still this person's, and the keys go back to it unless
        the clerk has started typing in the search meanwhile."""
        focus = QApplication.focusWidget()
        if (focus is None or focus is self.search.box) \
                and self.search.box.text() == flight.search_text \
                and flight.focus is not None and shiboken6.isValid(flight.focus) \
                and flight.focus.isVisible():
            flight.focus.setFocus()

    def _carry(self, flight: _SaveInFlight) -> None:
        """Saved again (confirmed): what was held waits for that save."""
        if self._saving is not None:
            self._saving.held = flight.held
            self._saving.refused_save = flight.refused_save

    def _after_save(self, outcome: RecordOutcome, flight: _SaveInFlight) -> None:
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
            if self._confirm_warnings(outcome.problems):
                self.save(confirm_warnings=True)
                self._carry(flight)
            return
        errors = [p for p in outcome.problems if p.is_error]
        if [p.code for p in errors] == ["DOSE_AGE_OUTSIDE"] \
                and self.ctx.actor.role == Role.SUPERVISOR:
            reason = self._ask_override_reason(self.ctx.message(errors[0]))
            if reason:
                self.save(confirm_warnings=True, age_override_reason=reason)
                self._carry(flight)
                return
        self._show_blocking([p for p in outcome.problems if p.is_error])

    def _save_failed(self, exc: BaseException, flight: _SaveInFlight) -> None:
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

    # -- the day's defaults ---------------------------------------------------------------
    def _load_defaults(self, then: Callable[[], None] | None = None) -> None:
        def loaded(defaults: DayDefaults) -> None:
            self._set_defaults(defaults)
            if then is not None:
                then()
        Op.read(self.ctx, self, defaults_for_today).done(loaded).run()

    def _set_defaults(self, defaults: DayDefaults) -> None:
        """Only the today panel sets these: a dose of another vaccine for one person (a
        child among adults) leaves the day's vaccine and lot as they are. The form open
        takes them where it still holds the previous ones (a new box's lot, a new day)."""
        self.defaults = defaults
        # Defaults not set for today carry no lot: yesterday's is never taken from them.
        self._defaults_day = defaults.day or local_today()
        self.today.show_defaults(defaults)
        if not self.entry.isHidden():
            self.dose_form.follow_defaults(defaults)

    def _day_changed(self) -> bool:
        """The local date moved on since the day's defaults were read (open overnight)."""
        return self._defaults_day != local_today()

    def _check_day(self) -> None:
        """At a pick, a new person, a login after the lock, and every minute: on a new day
        today's defaults are read again, so yesterday's lot goes from the panel and form."""
        if self._defaults_day is not None and self._day_changed():
            self._load_defaults()

    def _new_day_before_save(self) -> None:
        self.message.setStyleSheet(WARNING_STYLE)
        self.message.setText(self.tr(
            "A new day has begun: today's vaccine, lot and vaccinator were read again. "
            "Check the dose (and set today's lot above if asked), then save again."))
        if not self.entry.isHidden():
            self.dose_form.first_empty_field().setFocus()

    def _on_data_changed(self, what: str) -> None:
        if what == "defaults":
            self._load_defaults()
        elif what == "actor":  # a login after the lock: perhaps the next morning
            self._apply_role()
            self._check_day()
        elif what in ("people", "doses", "complaints", "cleaning", "sync"):
            self._reload_person()

    def _reload_person(self) -> None:
        """The open person's record may have changed elsewhere (merged in the Complaints
        or Cleaning area or by the sync, corrected, a dose voided): the card and the checks
        follow it, and a record folded away is replaced by the one it was folded into."""
        if self.person is None or self.entry.isHidden() or self._saving is not None:
            return
        person_id = self.person.id
        Op.read(self.ctx, self, lambda db: load_kept_desk_person(db, person_id)) \
            .done(lambda person: self._person_reloaded(person_id, person)).run()

    def _person_reloaded(self, person_id: str, person: DeskPerson | None) -> None:
        if self.person is None or self.person.id != person_id or self.entry.isHidden() \
                or self._saving is not None or person == self.person:
            return  # the form moved on meanwhile, or nothing changed
        if person is None:
            name = self.person.full_name
            self._clear_for_next()
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText(self.tr(
                "{name}'s record is no longer on this laptop: nothing was saved for them. "
                "Search for the person again.").format(name=name))
            return
        self.person = person
        self.person_card.setText(self._card_html(person))
        self.dose_form.set_history(person.history, person.dob, person.next_dose_number)
        if person.id != person_id:
            self.message.setStyleSheet(WARNING_STYLE)
            self.message.setText(self.tr(
                "The record open here was merged into the record of {name}: the desk now "
                "shows that record, with all its doses. Nothing was saved yet: check the "
                "dose, then save.").format(name=person.full_name))

    # -- presentation ---------------------------------------------------------------------
    def _card_corrected(self, person: DeskPerson) -> None:
        """The record corrected from the scanned card: its card says so at once (what is
        typed in the dose form stays; the age rules follow the corrected birth date)."""
        if self.person is not None and self.person.id == person.id:
            self.person = person
            self.person_card.setText(self._card_html(person))
            self.dose_form.set_dob(person.dob)

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
        lines += [f"<span style='{ERROR_STYLE}'>{html.escape(r)}</span>"
                  for r in self._serious_reactions(p)]
        return "<br>".join(lines)

    def _serious_reactions(self, p: DeskPerson) -> list[str]:
        return [self.ctx.text("DESK_HISTORY_SERIOUS_REACTION", dose_number=d.dose_number,
                              date=format_date(d.dose_date), description=r.description)
                for d, r in p.serious_reactions]
