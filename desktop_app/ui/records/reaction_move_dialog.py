"""Move the reactions of a voided dose to the dose recorded again: the right person's when it
was voided as given to another person, else the same person's.

The supervisor picks the dose among those of the same vaccine and day, the closest in time
first (``services/reactions.move_targets``): the dose recorded again just after the void.
The move is audited on both doses and sent with both.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QListWidget, QListWidgetItem, QVBoxLayout

from desktop_app.clock import local_time
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import UserError
from desktop_app.services.reactions import MoveTargets, move_reactions, move_targets
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import careful_buttons
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.screen_fit import resize_within_screen
from desktop_app.ui.widgets.tones import ERROR_STYLE


class ReactionMoveDialog(QDialog):
    def __init__(self, ctx: AppContext, dose_id: str, summary: str, count: int,
                 parent: QDialog) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dose_id = dose_id
        self.moved = 0
        self.count = count
        self.setWindowTitle(self.tr("Move reactions to the dose recorded again"))
        resize_within_screen(self, 620, 420)
        self.summary = summary
        # Whose dose the reactions go to is known once the targets are read (_show).
        self.explain = explain = plain_label(summary)
        explain.setWordWrap(True)
        self.targets = QListWidget()
        self.targets.setWordWrap(True)  # a whole line on a 1024 px screen: no side scroll
        self.targets.currentItemChanged.connect(self._picked)
        self.problem = plain_label()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.hide()
        self.buttons, self.move_button = careful_buttons(
            self, self.tr("Move the reactions"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.move_button.setEnabled(False)
        self.move_button.clicked.connect(self.move)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.targets, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        Op.read(ctx, self, lambda db: move_targets(db, dose_id, actor=ctx.actor)) \
            .done(self._show).failed(self._failed).run()

    def _show(self, found: MoveTargets) -> None:
        if found.to_another:
            said = self.tr(
                "%n reaction(s) recorded on this dose belong to the person who was given it. "
                "Pick that person's dose of the same vaccine and day: the reactions move "
                "there, and their screening before the next dose sees them.", "", self.count)
            none = self.tr("No other person has a dose of this vaccine on this day. Record "
                           "the right person's dose first, then move the reactions.")
        else:
            said = self.tr(
                "%n reaction(s) recorded on this dose are still this person's (the dose was "
                "not voided as given to another person). Pick their dose of the same vaccine "
                "and day recorded again: the reactions move there, and their screening "
                "before the next dose sees them.", "", self.count)
            none = self.tr("This person has no other dose of this vaccine on this day. "
                           "Record their dose again first, then move the reactions.")
        self.explain.setText(self.summary + "\n\n" + said)
        targets = found.doses
        for t in targets:
            line = self.tr("{name}, born {dob}, ID {id} — dose {number}, lot {lot}, "
                           "recorded {at}").format(
                name=t.full_name, dob=format_date(t.dob) if t.dob else "—",
                id=t.id_number or "—", number=t.dose_number, lot=t.lot_number or "—",
                at=local_time(t.entered_at))
            item = QListWidgetItem(line)
            item.setData(Qt.ItemDataRole.UserRole, t.dose_id)
            self.targets.addItem(item)
        if not targets:
            self._say(none)

    def _picked(self, item: QListWidgetItem | None) -> None:
        self.move_button.setEnabled(item is not None)

    def move(self) -> None:
        item = self.targets.currentItem()
        if item is None:
            return
        self.move_button.setEnabled(False)
        to_dose = item.data(Qt.ItemDataRole.UserRole)
        dose_id, actor = self.dose_id, self.ctx.actor
        Op.write(self.ctx, self, lambda db: move_reactions(db, dose_id, to_dose, actor=actor)) \
            .done(self._done).failed(self._failed).run()

    def _done(self, moved: int) -> None:
        self.moved = moved
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, UserError):  # moved meanwhile, the target voided, a role refused
            self._say(exc.message(self.ctx.lang))
            self.move_button.setEnabled(self.targets.currentItem() is not None)
        else:
            self.ctx.report_error(exc, self)

    def _say(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
