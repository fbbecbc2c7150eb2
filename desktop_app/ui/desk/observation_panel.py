"""The people sitting out their 30 minutes after a dose: a countdown each, "Done" to let
them go, "Reaction…" to record what happened (kept on their dose). The reaction form opens
from a dose's record too, for a reaction that began after the person left."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from PySide6.QtCore import QDate, QDateTime, QSize, Qt, QTime, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_now, local_to_utc
from desktop_app.rules.dates import last_at
from desktop_app.rules.problems import Problem
from desktop_app.services.observation import Watched, end_observation, under_observation
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import confirm, may_discard
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.flow_layout import FlowLayout
from desktop_app.ui.widgets.problem_label import ProblemLabel
from desktop_app.ui.widgets.screen_fit import fit_height, resize_within_screen
from desktop_app.ui.widgets.stale_message import clear_on_edit
from desktop_app.ui.widgets.tones import MUTED_STYLE


class ObservationPanel(QGroupBox):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Observation after the dose (30 minutes)"))
        self.ctx = ctx
        self.watched: list[Watched] = []
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("People under observation"))
        # One line a person, cut at its end (the product) rather than scrolled sideways; the
        # tooltip has it whole. Rows with room above the text: at Qt's own height the
        # stacked accents of "Nguyễn" touched the line above.
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setWordWrap(False)
        self.list.setUniformItemSizes(True)
        self.row_height = self.list.fontMetrics().height() + 8
        # At least one person in sight, not Qt's three rows: the desk scrolls below its
        # parts' least heights, and at 125 % display scaling (819×480) it fitted unscrolled
        # with this list a row and a half high.
        self.list.setMinimumHeight(self.row_height + 2 * self.list.frameWidth())
        self.empty = QLabel(self.tr("Nobody is under observation after a dose."))
        self.empty.setStyleSheet(MUTED_STYLE)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.done_button = QPushButton(self.tr("Done: may leave"))
        self.reaction_button = QPushButton(self.tr("Reaction…"))
        # Wrapping, so the panel beside a person's form is as narrow as its widest button.
        self.buttons = buttons = FlowLayout()
        buttons.add_widgets(self.done_button, self.reaction_button)
        buttons.add_stretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        layout.addLayout(buttons)
        self.list.hide()  # until the first load says who is there
        self.done_button.clicked.connect(self.end_selected)
        self.reaction_button.clicked.connect(self.reaction_for_selected)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.tick)
        self.timer.start(1000)
        ctx.data_changed.connect(lambda what: self.reload() if what == "doses" else None)
        self.reload()

    def reload(self) -> None:
        Op.read(self.ctx, self, under_observation).done(self._show).run()

    def _show(self, watched: list[Watched]) -> None:
        chosen = self.selected()
        self.watched = watched
        self.list.clear()
        self.list.setVisible(bool(watched))
        self.empty.setVisible(not watched)
        for w in watched:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, w.dose_id)
            item.setSizeHint(QSize(0, self.row_height))
            self.list.addItem(item)
            if chosen and w.dose_id == chosen.dose_id:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and watched:
            self.list.setCurrentRow(0)
        self.tick()

    def tick(self) -> None:
        for row, w in enumerate(self.watched):
            left = int(w.left_now().total_seconds())
            what = self.tr("dose {n} {product}").format(
                n=w.dose_number, product=self.ctx.product_name(w.product_code))
            when = (self.tr("{m}:{s:02d} left").format(m=left // 60, s=left % 60) if left > 0
                    else self.tr("30 minutes done"))
            item = self.list.item(row)
            # The time first: it is what the clerk looks for, and the end of a line is cut.
            item.setText(f"{when} · {w.full_name} · {what}")
            item.setToolTip(item.text())
            item.setForeground(Qt.GlobalColor.darkGreen if left <= 0 else Qt.GlobalColor.black)

    def selected(self) -> Watched | None:
        row = self.list.currentRow()
        return self.watched[row] if 0 <= row < len(self.watched) else None

    def end_selected(self) -> None:
        w = self.selected()
        if w is None:
            return
        left = int(w.left_now().total_seconds())
        # Ending early cannot be undone (the person leaves the list): asked, "no" the default.
        if left > 0 and not confirm(
                self, self.tr("End observation early?"),
                self.tr("{name} has {m} more minutes to be watched. Let them leave now?")
                .format(name=w.full_name, m=(left + 59) // 60),
                self.tr("Let them leave"), self.tr("Keep watching")):
            return
        Op.write(self.ctx, self, lambda db: end_observation(db, w.dose_id,
                                                            actor=self.ctx.actor)) \
            .done(lambda _r: self.reload()).run()

    def reaction_for_selected(self) -> None:
        w = self.selected()
        if w is not None:
            ReactionDialog(self.ctx, w, self).open()


class DoseOf(Protocol):
    """The dose a reaction is recorded on, and whose it is: one watched (``Watched``) or
    one opened from its record (``ReactionOn``)."""

    @property
    def dose_id(self) -> str: ...

    @property
    def full_name(self) -> str: ...


@dataclass(frozen=True)
class ReactionOn:
    dose_id: str
    full_name: str


class ReactionDialog(QDialog):
    """A reaction on a dose. From the observation list, the onset is an hour of the last
    day (23:55 typed at 00:10 is yesterday's); ``dated``, from the dose's record, it has its
    day too: a rash may begin the evening after the person was let go, or days later."""

    def __init__(self, ctx: AppContext, watched: DoseOf, parent: QWidget | None = None, *,
                 dated: bool = False) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.watched = watched
        self.setWindowTitle(self.tr("Reaction after the dose: {name}").format(
            name=watched.full_name))
        self.severity = QComboBox()
        self.severity.addItem(ctx.text("REACTION_MILD"), "mild")
        self.severity.addItem(ctx.text("REACTION_SERIOUS"), "serious")
        # The day and the hour from the app's one clock: Qt's own clock and the date of
        # another could disagree around midnight, and could not be set by a test.
        self.opened_at = at = local_now()
        self.dated = dated
        if dated:
            self.onset: QDateTimeEdit = QDateTimeEdit(
                QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute)))
            self.onset.setDisplayFormat("dd/MM/yyyy HH:mm")
        else:
            self.onset = QTimeEdit(QTime(at.hour, at.minute))
            self.onset.setDisplayFormat("HH:mm")
        self.description = QLineEdit()
        self.action = QLineEdit()
        self.problems = ProblemLabel()
        form = QFormLayout(self)
        form.addRow(self.tr("Severity"), self.severity)
        form.addRow(self.tr("Began at"), self.onset)
        form.addRow(self.tr("What happened"), self.description)
        form.addRow(self.tr("What was done"), self.action)
        form.addRow(self.problems)
        self.buttons = QDialogButtonBox()  # our words, not Qt's (no Qt translation shipped)
        self.buttons.addButton(self.tr("Save reaction"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        # "Describe the reaction" and the like go once what they asked for is changed.
        clear_on_edit([self], lambda: self.problems.show_problems([], ctx.message))
        resize_within_screen(self, 460, 0)  # ~250 px wide, its problems cut off
        fit_height(self)

    def reject(self) -> None:  # Esc, Cancel, the window's close: nothing typed lost unasked
        if may_discard(self, bool(self.description.text().strip()
                                  or self.action.text().strip())):
            super().reject()

    def value(self) -> ReactionInput:
        # An hour without its day: the last time the clock read it (23:55 typed at 00:10
        # is yesterday's, not a time still to come); dated, the day typed.
        t = self.onset.time()
        if self.dated:
            d = self.onset.date()
            local = datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())
        else:
            local = last_at(t.hour(), t.minute(), local_now())
        onset = local_to_utc(local)
        return ReactionInput(self.severity.currentData(), onset, self.description.text(),
                             self.action.text())

    def save(self) -> None:
        value, dose_id = self.value(), self.watched.dose_id
        Op.write(self.ctx, self, lambda db: record_reaction(db, dose_id, value,
                                                            actor=self.ctx.actor)) \
            .done(self._saved).run()

    def _saved(self, result: tuple[str | None, list[Problem]]) -> None:
        saved, problems = result
        self.problems.show_problems(problems, self.ctx.message)
        fit_height(self)  # two problems wrap onto lines it had no room for
        if saved is not None:
            self.ctx.data_changed.emit("reactions")
            self.accept()
