"""The Data cleaning area: the identity worklist, counted and filtered, worked by keyboard.

Arrows move, Enter opens the person's correction (the Records area's own dialog), Alt+1..6
move the selected cases to a status (Ctrl+1..8 already switch areas), F5 reloads; the police
round trip is the two buttons on the right. Only a supervisor may move, correct or exchange
with the police; for anyone else the actions are disabled here, and the services refuse
anyway.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.cleaning import (
    CLOSED,
    OPEN,
    POSSIBLE_SAME_PERSON,
    Status,
    problem_label,
)
from desktop_app.services import cleaning, police_apply
from desktop_app.services.actor import SUPERVISORS
from desktop_app.services.cleaning import Case, Worklist, status_label
from desktop_app.services.cleaning_elsewhere import (
    ID_DIFFERS_ELSEWHERE,
    IDENTITY_DIFFERS_ELSEWHERE,
    identities_elsewhere,
    numbers_elsewhere,
)
from desktop_app.services.cleaning_twins import same_person_records
from desktop_app.services.merges import merge_stands
from desktop_app.services.records import PersonView, person_view
from desktop_app.ui.cleaning.case_correction import CaseCorrectionDialog
from desktop_app.ui.cleaning.case_merge import CaseMergeDialog
from desktop_app.ui.cleaning.case_table_model import COLUMNS, CaseTableModel
from desktop_app.ui.cleaning.counts_bar import CountsBar
from desktop_app.ui.cleaning.move_dialog import MoveDialog
from desktop_app.ui.cleaning.police_buttons import PoliceButtons
from desktop_app.ui.context import AppContext
from desktop_app.ui.merge_records import SplitOf, record_part, record_words, split_again
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.flow_layout import FlowLayout
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.refresh_when_shown import RefreshWhenShown
from desktop_app.ui.widgets.row_table import row_view
from desktop_app.ui.widgets.table_or_empty import TableOrEmpty

# What changes the worklist: corrections and imports ("people"), doses given elsewhere
# ("doses"), and moves made here or by a police file ("cleaning").
WATCHED = ("people", "doses", "cleaning")


class CleaningScreen(RefreshWhenShown, QWidget):
    watched = WATCHED

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = CaseTableModel(ctx, self)
        self.work: Worklist | None = None
        self.dialog: QDialog | None = None  # the correction or move dialog open on top
        self.loading = False
        self._keep_row = 0

        self.counts = CountsBar(ctx)
        self.table = row_view(self.model, several=True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COLUMNS.index("problems"), QHeaderView.ResizeMode.Stretch)
        self.body = TableOrEmpty(self.table)
        self.empty = self.body.empty

        self.correct_button = QPushButton(self.tr("&Correct person… (Enter)"))
        self.move_button = QPushButton(self.tr("Change stat&us"))
        self.move_menu = QMenu(self)
        self.move_actions: dict[str, QAction] = {}
        for n, status in enumerate(Status, start=1):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Alt+{n}"))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, s=status: self.move_selected(s))
            self.move_menu.addAction(action)
            self.addAction(action)  # the shortcut works with the menu closed
            self.move_actions[status.value] = action
        self.move_button.setMenu(self.move_menu)
        self.recheck_button = QPushButton(self.tr("C&heck again"))
        self.merge_button = QPushButton(self.tr("&Merge with another record…"))
        self.unmerge_button = QPushButton(self.tr("Split the records again"))
        self.unmerge_button.hide()  # until a merge made here, the way back from it
        self.merged: SplitOf | None = None  # that merge, while it stands
        self.police = PoliceButtons(ctx, self.counts)
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.role_note = QLabel(self.tr("Only a supervisor may move or correct cases."))

        actions = FlowLayout()  # wraps on a narrow screen instead of widening the window
        actions.add_widgets(self.correct_button, self.move_button, self.merge_button,
                            self.recheck_button, self.unmerge_button)
        actions.add_stretch()
        actions.addWidget(self.police)
        self.actions_row = actions
        layout = QVBoxLayout(self)
        layout.addWidget(self.counts)
        layout.addWidget(self.body, 1)
        layout.addWidget(self.role_note)
        layout.addWidget(self.message)
        layout.addLayout(actions)

        self.counts.changed.connect(self.refresh)
        self.table.activated.connect(lambda _i: self.correct_current())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.correct_button.clicked.connect(self.correct_current)
        self.recheck_button.clicked.connect(self.recheck)
        self.merge_button.clicked.connect(self.merge_current)
        self.unmerge_button.clicked.connect(self.unmerge)
        self.police.said.connect(self.message.setText)
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.data_changed.connect(self._data_changed)
        self._retitle_moves()
        self._update_actions()

    # -- showing ---------------------------------------------------------------------------
    def activate(self) -> None:
        """Called when the area is shown: the first load, or a reload if data changed."""
        self._show_fresh()
        self._update_actions()
        self.table.setFocus()

    def refresh(self) -> None:
        self._stale = False
        self.loading = True
        self._keep_row = max(self.table.currentIndex().row(), 0)
        status, problem = self.counts.status, self.counts.chosen_problem
        work_list = self.counts.work_list
        Op.read(self.ctx, self, lambda db: cleaning.worklist(
            db, status=status, problem=problem, work_list=work_list)) \
            .latest(f"cleaning-{id(self)}").done(self._arrived).run()

    def _arrived(self, work: Worklist) -> None:
        self.work = work
        self.counts.show_counts(work)
        self.counts.show_communes(work.cases)
        self.model.set_cases(work.cases)
        # A case the police's file moved back or closed, or left sent with their words
        # alone, carries what they said that matters now (why an answer was not applied;
        # "đã chết năm 2022"), through the moves of its work after (contacting the
        # citizen; ``police_apply.police_notes``).
        answered = [c.person_id for c in work.cases]
        if answered:
            Op.read(self.ctx, self, lambda db: police_apply.police_notes(db, answered)) \
                .latest(f"cleaning-notes-{id(self)}").done(self.model.set_notes).run()
        self._ask_numbers_elsewhere(work.cases)
        self.model.narrow(commune=self.counts.chosen_commune, late_only=self.counts.late_only)
        rows = self.model.rowCount()
        if rows:
            # The row the keyboard was on, or the one that took its place after a move.
            self.table.setCurrentIndex(self.model.index(min(self._keep_row, rows - 1), 0))
            for column, name in enumerate(COLUMNS):
                if name != "problems":  # resizing the stretched column would stop its stretch
                    self.table.resizeColumnToContents(column)
        nobody = sum(work.by_status.get(s.value, 0) for s in OPEN) == 0 \
            and self.counts.status is None
        self.body.show_rows(rows > 0, self.ctx.text("CLEANING_EMPTY" if nobody else
                                                    "CLEANING_NONE_HERE"))
        self.loading = False
        self._update_actions()

    def _ask_numbers_elsewhere(self, cases: list[Case]) -> None:
        flagged = [c.person_id for c in cases if ID_DIFFERS_ELSEWHERE in c.problems]
        if flagged:  # only a flagged case has a number held elsewhere
            Op.read(self.ctx, self, lambda db: numbers_elsewhere(db, flagged)) \
                .latest(f"cleaning-elsewhere-{id(self)}") \
                .done(self.model.set_numbers_elsewhere).run()
        differing = [c.person_id for c in cases if IDENTITY_DIFFERS_ELSEWHERE in c.problems]
        if differing:  # only a flagged case has another site's values
            Op.read(self.ctx, self, lambda db: identities_elsewhere(db, differing)) \
                .latest(f"cleaning-identities-{id(self)}") \
                .done(self.model.set_identities_elsewhere).run()
        alike = [c.person_id for c in cases if POSSIBLE_SAME_PERSON in c.problems]
        if alike:  # which record each may be, to merge or tell apart
            Op.read(self.ctx, self, lambda db: same_person_records(db, alike)) \
                .latest(f"cleaning-twins-{id(self)}") \
                .done(self.model.set_same_person_records).run()

    # -- who may do what -------------------------------------------------------------------
    @property
    def may_change(self) -> bool:
        return self.ctx.actor.role in SUPERVISORS

    def _update_actions(self) -> None:
        chosen = bool(self.selected_cases())
        allowed = self.may_change
        self.correct_button.setEnabled(allowed and chosen)
        self.move_button.setEnabled(allowed and chosen)
        self.merge_button.setEnabled(allowed and len(self.selected_cases()) == 1)
        self.unmerge_button.setEnabled(allowed)
        for action in self.move_actions.values():
            action.setEnabled(allowed and chosen)
        self.recheck_button.setEnabled(allowed)
        self.police.allow(allowed, self.model.rowCount())  # the export writes the table
        self.role_note.setVisible(not allowed)

    def _retitle_moves(self) -> None:
        for n, (key, action) in enumerate(self.move_actions.items(), start=1):
            action.setText(f"&{n}  {status_label(key, self.ctx.lang)}")

    # -- the cases chosen ------------------------------------------------------------------
    def selected_cases(self) -> list[Case]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.case_at(r) for r in rows if r < self.model.rowCount()]

    def current_case(self) -> Case | None:
        index = self.table.currentIndex()
        return self.model.case_at(index.row()) if index.isValid() else None

    # -- moving ----------------------------------------------------------------------------
    def move_selected(self, status: Status | str) -> None:
        cases = self.selected_cases()
        if not self.may_change or not cases:
            return
        label = status_label(status, self.ctx.lang)
        if len(cases) == 1 and status not in CLOSED:
            self._move([c.person_id for c in cases], status, None)
            return
        dialog = MoveDialog(self.ctx.text("CLEANING_MOVE_MANY", count=len(cases), status=label),
                            [c.full_name for c in cases], self,
                            reason_required=status == Status.CANNOT_VERIFY)
        ids = [c.person_id for c in cases]
        dialog.accepted.connect(lambda: self._move(ids, status, dialog.value()))
        self.dialog = dialog
        dialog.open()

    def _move(self, ids: list[str], status: Status | str, note: str | None) -> None:
        actor = self.ctx.actor
        Op.write(self.ctx, self, lambda db: cleaning.move(db, ids, status, actor=actor,
                                                          note=note)) \
            .done(lambda count: self._moved(count, status)).run()

    def _moved(self, count: int, status: Status | str) -> None:
        self.message.setText(self.ctx.text(
            "CLEANING_MOVED", count=count, status=status_label(status, self.ctx.lang)))
        self.ctx.data_changed.emit("cleaning")

    # -- correcting ------------------------------------------------------------------------
    def correct_current(self) -> None:
        case = self.current_case()
        if not self.may_change or case is None:
            return
        person_id, problems = case.person_id, self.model.sentences(case)
        said = self.model.police_said(person_id)
        Op.read(self.ctx, self, lambda db: person_view(db, person_id)) \
            .done(lambda person: self._open_correction(person, problems, said)).run()

    def _open_correction(self, person: PersonView, problems: list[str],
                         police_said: str | None = None) -> CaseCorrectionDialog:
        dialog = CaseCorrectionDialog(self.ctx, person, problems, self, police_said)
        dialog.accepted.connect(lambda: self._corrected(dialog, person))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _corrected(self, dialog: CaseCorrectionDialog, person: PersonView) -> None:
        """Said under the list: the dialog closed, the person may stay on it."""
        outcome = dialog.outcome
        if outcome is not None:
            left = [problem_label(code, self.ctx.lang) for code in outcome.left]
            name = outcome.changed.get("full_name", [None, person.full_name])[1]
            self.message.setText(self.ctx.text(
                "CLEANING_CORRECTED_LEFT", name=name, problems="; ".join(left)) if left
                else self.ctx.text("CLEANING_CORRECTED_CLEAN", name=name,
                                   status=status_label(Status.FIXED, self.ctx.lang)))
        self.ctx.data_changed.emit("people")

    # -- merging --------------------------------------------------------------------------
    def merge_current(self) -> None:
        """The chosen case's record kept, the record it is the same person as chosen and
        folded (the case chosen, as the button is enabled for: not the cursor's row)."""
        cases = self.selected_cases()
        if not self.may_change or len(cases) != 1:
            return
        person_id = cases[0].person_id
        Op.read(self.ctx, self, lambda db: person_view(db, person_id)) \
            .done(self._open_merge).run()

    def _open_merge(self, person: PersonView | None) -> None:
        if person is None:
            return
        dialog = CaseMergeDialog(self.ctx, person, self)
        dialog.accepted.connect(lambda: self._merged(dialog))
        self.dialog = dialog
        dialog.open()

    def _merged(self, dialog: CaseMergeDialog) -> None:
        outcome, folded = dialog.outcome, dialog.folded
        if outcome is None or folded is None:
            return
        self.merged = SplitOf(outcome.folded_id, outcome.kept_id,
                              record_words(self.ctx, folded), record_words(self.ctx, dialog.keep))
        # Namesakes by construction: told apart by birth date and ID, as the last word was.
        self.message.setText(self.ctx.text(
            "CLEANING_MERGED", folded=record_part(folded), kept=record_part(dialog.keep),
            doses=len(outcome.dose_ids)))
        self.unmerge_button.show()
        self.ctx.data_changed.emit("people")

    def unmerge(self) -> None:
        """Undo the merge made here last."""
        if self.merged is not None and self.may_change and split_again(
                self, self.ctx, self.merged, self.message.setText, self._split):
            self.unmerge_button.setEnabled(False)

    def _split(self, split: bool) -> None:
        if split:
            self._forget_merge()
        self._update_actions()

    def _forget_merge(self) -> None:
        self.merged = None
        self.unmerge_button.hide()

    def _data_changed(self, what: str) -> None:
        merged = self.merged
        if what == "actor" and merged is not None:
            # Whoever logs in at the lock did not make that merge: no "split the merge just
            # made" for them, nor the message naming the people merged.
            self._forget_merge()
            self.message.clear()
        elif what == "people" and merged is not None:
            # Split elsewhere since (the record's window, a complaint): no longer offered.
            Op.read(self.ctx, self, lambda db: merge_stands(db, merged.folded_id,
                                                            merged.kept_id or "")) \
                .done(lambda stands: self._still(merged, stands)).run()
        super()._data_changed(what)

    def _still(self, merged: SplitOf, stands: bool) -> None:
        if not stands and self.merged == merged:
            self._forget_merge()
            self.message.clear()

    # -- checking again --------------------------------------------------------------------
    def recheck(self) -> None:
        if not self.may_change:
            return
        actor = self.ctx.actor
        self.recheck_button.setEnabled(False)
        Op.bulk(self.ctx, self, lambda db: cleaning.recheck_all(db, actor=actor)) \
            .with_progress(self.tr("Checking the worklist again…")) \
            .done(self._rechecked).failed(self._recheck_failed).run()

    def _rechecked(self, changed: int) -> None:
        self.message.setText(self.ctx.text("CLEANING_RECHECKED", count=changed))
        self._update_actions()
        self.ctx.data_changed.emit("people")

    def _recheck_failed(self, exc: BaseException) -> None:
        self._update_actions()
        self.ctx.report_error(exc, self)
