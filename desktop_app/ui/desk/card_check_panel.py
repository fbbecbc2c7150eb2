"""Under the person's card at the desk: what a scanned chip card says that the record does not.

A card that opened a record is compared with it (``services/card_check.py``). Where they
disagree on the name, the date of birth, the sex or the ID number, the panel says so, the
card's value beside the record's, and offers one thing, on F4 or its button: a supervisor
corrects the record from the card (asked first: certificates printed are revoked); a clerk
puts the person on the cleaning worklist with the card's values. The dose is recorded either
way. A card that agrees fills in the address or old CMND the record lacks, and says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop_app.rules.card_check import described
from desktop_app.rules.cccd_qr import CccdQr
from desktop_app.rules.field_values import field_names
from desktop_app.rules.messages import UserError
from desktop_app.services.actor import SUPERVISORS
from desktop_app.services.card_check import (
    CardComparison,
    compare_card,
    correct_from_card,
    fill_from_card,
    flag_card_differs,
)
from desktop_app.services.desk import load_desk_person
from desktop_app.services.records import CorrectionOutcome
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import ask_save_anyway, confirm, save_anyway_title
from desktop_app.ui.operations import Op
from desktop_app.ui.when_present import ask_when_present
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.tones import DONE_STYLE, ERROR_STYLE, WARNING_STYLE


class CardCheckPanel(QFrame):
    corrected = Signal(object)  # DeskPerson: the record as the card corrected it

    def __init__(self, ctx: AppContext, scope: QWidget) -> None:
        """``scope``: where F4 is heard (the desk: the focus is in the dose form)."""
        super().__init__()
        self.ctx = ctx
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.message = plain_label(wordWrap=True)
        self.button = QPushButton()
        self.button.clicked.connect(lambda: self.act())
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.message)
        layout.addLayout(row)
        QShortcut(QKeySequence(Qt.Key.Key_F4), scope, activated=self.act,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.person_id: str | None = None
        self.card: CccdQr | None = None
        self.compared: CardComparison | None = None
        self.clear()

    @property
    def supervisor(self) -> bool:
        return self.ctx.actor.role in SUPERVISORS

    # -- what the desk calls -----------------------------------------------------------------
    def check(self, person_id: str, card: CccdQr | None) -> None:
        """Compare the record just opened with the card that found it (None: not a scan).
        The same record and card again (the record reloaded) keep what is shown."""
        if card is not None and (person_id, card) == (self.person_id, self.card):
            return
        self.clear()
        if card is None:
            return
        self.person_id, self.card = person_id, card
        Op.read(self.ctx, self, lambda db: compare_card(db, person_id, card)) \
            .latest(f"card-check-{id(self)}").done(self._compared).run()

    def clear(self) -> None:
        self.person_id = self.card = self.compared = None
        self.message.clear()
        self.button.hide()
        self.hide()

    # -- the comparison ----------------------------------------------------------------------
    def _current(self, person_id: str, card: CccdQr) -> bool:
        """Still the record and card asked about (the clerk may have moved on)."""
        return (person_id, card) == (self.person_id, self.card)

    def _compared(self, compared: CardComparison | None) -> None:
        if compared is None or compared.person_id != self.person_id or self.card is None:
            return
        self.compared = compared
        if compared.agrees:
            if compared.fills:
                self._fill(compared.person_id, self.card)
            return
        lines = [self.ctx.text("CARD_DIFFERS_HEAD", name=compared.full_name)]
        lines += ["• " + described(d, self.ctx.lang) for d in compared.differences]
        if self.supervisor:
            lines.append(self.ctx.text("CARD_DIFFERS_SUPERVISOR"))
            self.button.setText(self.tr("Correct the record from the card (F4)"))
        elif compared.flagged:
            lines.append(self.ctx.text("CARD_ALREADY_FLAGGED"))
        else:
            lines.append(self.ctx.text("CARD_DIFFERS_CLERK"))
            self.button.setText(self.tr("Put on the data-cleaning list (F4)"))
        self._say("\n".join(lines), WARNING_STYLE)
        self.button.setVisible(self.supervisor or not compared.flagged)
        self.button.setEnabled(True)

    def _say(self, text: str, style: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style)
        self.show()

    def _fill(self, person_id: str, card: CccdQr) -> None:
        Op.write(self.ctx, self, lambda db: fill_from_card(
            db, person_id, card, actor=self.ctx.actor)) \
            .done(lambda changed: self._filled(person_id, card, changed)) \
            .failed(self._failed).run()

    def _filled(self, person_id: str, card: CccdQr, changed: dict) -> None:  # type: ignore[type-arg]
        if not changed:
            return
        self.ctx.data_changed.emit("people")
        if self._current(person_id, card):
            self._say(self.ctx.text("CARD_FILLED", fields=field_names(changed, self.ctx.lang)),
                      DONE_STYLE)

    # -- acting on a difference --------------------------------------------------------------
    def act(self) -> None:
        """F4 or the button: the one thing offered, if anything is."""
        compared, card = self.compared, self.card
        if compared is None or card is None or compared.agrees or not self.isVisible() \
                or self.button.isHidden() or not self.button.isEnabled():
            return
        if self.supervisor:
            self._correct(compared, card)
        else:
            self._flag(compared, card)

    def _flag(self, compared: CardComparison, card: CccdQr) -> None:
        self.button.setEnabled(False)
        lang = self.ctx.lang
        Op.write(self.ctx, self, lambda db: flag_card_differs(
            db, compared.person_id, card, actor=self.ctx.actor, lang=lang)) \
            .done(lambda _put: self._flagged(compared, card)).failed(self._failed).run()

    def _flagged(self, compared: CardComparison, card: CccdQr) -> None:
        self.ctx.data_changed.emit("cleaning")
        if self._current(compared.person_id, card):
            self.button.hide()
            self._say(self.ctx.text("CARD_FLAGGED", name=compared.full_name), DONE_STYLE)

    def _correct(self, compared: CardComparison, card: CccdQr,
                 confirm_warnings: bool = False) -> None:
        if not confirm_warnings and not confirm(
                self, self.tr("Correct from the ID card"),
                self.ctx.text("CARD_CONFIRM_CORRECT", name=compared.full_name, changes="\n".join(
                    described(d, self.ctx.lang) for d in compared.differences)),
                self.tr("Correct the record"), self.tr("Cancel")):
            return
        self.button.setEnabled(False)
        Op.write(self.ctx, self, lambda db: correct_from_card(
            db, compared.person_id, card, actor=self.ctx.actor,
            confirm_warnings=confirm_warnings)) \
            .done(lambda outcome: self._corrected(compared, card, outcome)) \
            .failed(self._failed).run()

    def _corrected(self, compared: CardComparison, card: CccdQr,
                   outcome: CorrectionOutcome) -> None:
        self.button.setEnabled(True)
        if outcome.needs_confirmation:
            ask_when_present(self.ctx, self, lambda: self._correct_anyway(
                compared, card, outcome), title=save_anyway_title(), roles=SUPERVISORS)
            return
        if not outcome.saved:
            self._say("\n".join(self.ctx.message(p) for p in outcome.problems
                                if p.is_error), ERROR_STYLE)
            return
        self.ctx.data_changed.emit("people")
        self.ctx.data_changed.emit("cleaning")
        if self._current(compared.person_id, card):
            self.button.hide()
            self._say(self.ctx.text("CARD_CORRECTED", name=card.full_name, fields=field_names(
                outcome.changed or [d.field for d in compared.differences], self.ctx.lang)),
                DONE_STYLE)
        person_id = compared.person_id
        Op.read(self.ctx, self, lambda db: load_desk_person(db, person_id)) \
            .done(lambda person: person is not None and self.corrected.emit(person)).run()

    def _correct_anyway(self, compared: CardComparison, card: CccdQr,
                        outcome: CorrectionOutcome) -> None:
        if ask_save_anyway(self, [self.ctx.message(p) for p in outcome.problems]):
            self._correct(compared, card, confirm_warnings=True)

    def _failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        if isinstance(exc, UserError):  # a record merged away meanwhile, a role refused
            self._say(exc.message(self.ctx.lang), ERROR_STYLE)
        else:
            self.ctx.report_error(exc, self)
