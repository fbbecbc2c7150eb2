"""Record a dose: search → pick (or new person) → dose → Ctrl+S → next person.

Three states on one screen: searching; a returning person picked (their card and history
above the dose form); a new person (the person form above the dose form). Every database
call goes through the task runner; the rules run inline as the clerk types.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_time
from desktop_app.rules.dates import format_date
from desktop_app.services.actor import RECORDERS
from desktop_app.services.day_defaults import DayDefaults
from desktop_app.services.desk import DeskPerson, load_desk_person
from desktop_app.services.desk_draft import Draft
from desktop_app.services.lookup import RemoteCitizen, bring_person
from desktop_app.services.screening import ScreeningAnswers
from desktop_app.services.search import PersonHit
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.call_back_dialog import CallBackDialog
from desktop_app.ui.desk.card_check_panel import CardCheckPanel
from desktop_app.ui.desk.desk_following import DeskFollowing
from desktop_app.ui.desk.desk_saving import DeskSaving, SaveInFlight
from desktop_app.ui.desk.dose_form import DoseForm
from desktop_app.ui.desk.draft_keeper import DraftKeeper
from desktop_app.ui.desk.elsewhere_note import ElsewhereNote
from desktop_app.ui.desk.observation_panel import ObservationPanel
from desktop_app.ui.desk.person_form import PersonForm
from desktop_app.ui.desk.scans import ScanQueue
from desktop_app.ui.desk.search_panel import SearchPanel
from desktop_app.ui.desk.today_panel import TodayPanel
from desktop_app.ui.dialogs import confirm
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.flow_layout import FlowLayout
from desktop_app.ui.widgets.form_state import restore
from desktop_app.ui.widgets.form_width import unwrapped_width
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.stale_message import clear_on_edit
from desktop_app.ui.widgets.tones import ERROR_STYLE, WARNING_STYLE
from desktop_app.ui.widgets.vertical_scroll import VerticalScroll

DAY_CHECK_MS = 60_000  # left open overnight, the Today panel turns red by itself


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


class RecordScreen(DeskSaving, DeskFollowing, QWidget):
    saved = Signal(object)  # RecordOutcome, after the form was cleared for the next person

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.person: DeskPerson | None = None  # the returning person picked, if any
        self.defaults = DayDefaults()
        self._defaults_day: date | None = None  # the day self.defaults were read for
        self._saving: SaveInFlight | None = None
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
