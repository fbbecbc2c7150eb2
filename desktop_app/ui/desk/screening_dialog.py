"""The pre-vaccination checklist as a quick form: tick what applies, the outcome follows
(eligible / postpone / refer), a reason when it is not "eligible".

"Save screening" is the default button, so a person with nothing to tick is screened
eligible with one Enter. A returning person's screening is saved at once; a new person has
no row yet, so the checked answers wait in ``answers`` and are saved with them. A serious
reaction recorded after an earlier dose opens the list with the anaphylaxis item ticked and
a line saying why: "refer" unless the screener unticks it. The items are those of the
checklist the person's age today gets (the children's under 18, ``rules.screening``), its
title above them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_today
from desktop_app.rules.problems import Problem
from desktop_app.rules.screening import Outcome, age_on_day, checklist, suggested_outcome
from desktop_app.services.screening import ScreeningAnswers, record_screening
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import may_discard
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ProblemLabel
from desktop_app.ui.widgets.stale_message import clear_on_edit
from desktop_app.ui.widgets.tones import ERROR_STYLE
from desktop_app.ui.widgets.vertical_scroll import VerticalScroll

REACTION_ITEM = "ANAPHYLAXIS_PREVIOUS_DOSE"  # ticked for a serious reaction after a dose


class ScreeningDialog(QDialog):
    def __init__(self, ctx: AppContext, person_id: str | None, name: str,
                 parent: QWidget | None = None, *, dob: date | None = None,
                 serious_reactions: Sequence[str] = ()) -> None:
        """``dob``: the person's date of birth; None (not known) asks both forms' items."""
        super().__init__(parent)
        self.ctx = ctx
        self.person_id = person_id
        self.dob = dob
        self.outcome_saved: Outcome | None = None
        self.answers: ScreeningAnswers | None = None
        self.setWindowTitle(self.tr("Screening before the dose: {name}").format(name=name))
        self.items = {}
        box = QWidget()
        items_layout = QVBoxLayout(box)
        form = checklist(age_on_day(dob, local_today()))
        # Which form is asked, said: a child's differs from an adult's.
        self.checklist_title = plain_label(form.title(ctx.lang), wordWrap=True)
        for item in form.items:
            check = QCheckBox(item.label(ctx.lang))
            check.toggled.connect(lambda _on: self._suggest())
            self.items[item.code] = check
            items_layout.addWidget(check)
        # Fits a 600-px-high screen: the list scrolls up and down, never sideways (each item
        # whole, ~650 px at the widest, within a 1024-px screen).
        scroll = VerticalScroll(box)
        self.outcome = QComboBox()
        for outcome in Outcome:
            self.outcome.addItem(ctx.text(f"SCREENING_{outcome.name}"), outcome.value)
        self.reason = QLineEdit()
        self.problems = ProblemLabel()
        self.buttons = QDialogButtonBox()  # our words, not Qt's (no Qt translation shipped)
        self.save_button = self.buttons.addButton(self.tr("Save screening"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.checklist_title)
        layout.addWidget(QLabel(self.tr("Tick every item that applies:")))
        if serious_reactions:
            # A serious reaction recorded after an earlier dose: "refer" unless the screener
            # unticks it, never "eligible" one Enter away with the anaphylaxis unseen.
            self.items[REACTION_ITEM].setChecked(True)
            why = plain_label(ctx.text("SCREENING_TICKED_FOR_REACTION",
                                       reactions="; ".join(serious_reactions)), wordWrap=True)
            why.setStyleSheet(ERROR_STYLE)
            layout.addWidget(why)
        layout.addWidget(scroll, 1)
        self._ticked_at_start = self.answered()
        # Each field named by its label (its buddy): a screen reader said nothing of them.
        for caption, field in ((self.tr("Outcome"), self.outcome),
                               (self.tr("Reason"), self.reason)):
            layout.addWidget(plain_label(caption, buddy=field))
            layout.addWidget(field)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        # Made default once in the dialog (``dialogs.careful_buttons``): before, once Tab had
        # passed over Cancel, Enter cancelled and the screening was lost, unsaid.
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # "Write the reason" goes once the reason (or any answer) is changed.
        clear_on_edit([self], lambda: self.problems.show_problems([], ctx.message))
        # The keys start on the first item (Space ticks it), not on the list's frame.
        next(iter(self.items.values())).setFocus()

    def reject(self) -> None:  # Esc, Cancel, the window's close: ticks and reason asked for
        if may_discard(self, self.answers is None and bool(
                self.answered() != self._ticked_at_start or self.reason.text().strip())):
            super().reject()

    def answered(self) -> list[str]:
        return [code for code, check in self.items.items() if check.isChecked()]

    def _suggest(self) -> None:
        self.outcome.setCurrentIndex(self.outcome.findData(suggested_outcome(
            self.answered()).value))

    def save(self) -> None:
        yes, outcome = self.answered(), Outcome(self.outcome.currentData())
        reason, pid = self.reason.text(), self.person_id
        self.answers = ScreeningAnswers.of(yes, outcome, reason)
        if pid is None:  # a new person: checked here, saved with them
            problems = self.answers.problems(self.dob, local_today())
            self._saved((None if problems else "", problems), outcome)
            return
        Op.write(self.ctx, self, lambda db: record_screening(db, pid, yes, outcome, reason,
                                                             actor=self.ctx.actor)) \
            .done(lambda result: self._saved(result, outcome)).run()

    def _saved(self, result: tuple[str | None, list[Problem]], outcome: Outcome) -> None:
        saved, problems = result
        self.problems.show_problems(problems, self.ctx.message)
        if saved is not None:
            self.outcome_saved = outcome
            if self.person_id is not None:
                self.ctx.data_changed.emit("screening")
            self.accept()
