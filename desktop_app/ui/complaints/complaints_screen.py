"""The Complaints area (Ctrl+7): every complaint routed to this site, overdue first and then
by nearest deadline, the citizen's own words beside the list, the record it is about (chosen
by a supervisor when no ID number found it), and the four resolutions. A call taken here
that central passed on elsewhere is listed after them, with its status and outcome only.

Anyone may read the list and take a complaint by phone; only a supervisor resolves (the
buttons say so in their tooltip, and the services refuse anyway). The list reloads when a
sync round brings complaints or when a resolution here changes one.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.cleaning import problems_in_brief
from desktop_app.rules.complaints import adding_a_dose_answers
from desktop_app.services.actor import RECORDERS, SUPERVISORS
from desktop_app.services.complaint_since import changes_answering, merge_answering
from desktop_app.services.complaint_voids import voids_answering
from desktop_app.services.complaints import (
    MERGE,
    ComplaintItem,
    hand_back,
    list_complaints,
    resolve_reject,
)
from desktop_app.services.records import PersonView, person_view, person_with_doses
from desktop_app.ui.complaints.complaint_table_model import COLUMNS, ComplaintTableModel
from desktop_app.ui.complaints.detail_pane import DetailPane
from desktop_app.ui.complaints.hotline_form import HotlineDialog
from desktop_app.ui.complaints.link_dialog import LinkDialog
from desktop_app.ui.complaints.merge_dialog import MergeDialog, merged_since_dialog
from desktop_app.ui.complaints.note_dialog import NoteDialog
from desktop_app.ui.complaints.resolve_forms import AddDoseDialog, ComplaintCorrectionDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.merge_records import SplitOf, split_again
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.fit_columns import ColumnFitter
from desktop_app.ui.widgets.flow_layout import FlowLayout
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.refresh_when_shown import RefreshWhenShown
from desktop_app.ui.widgets.row_table import row_view

# A sync round brings complaints ("sync"); a resolution changes doses or people.
WATCHED = ("sync", "complaints", "people", "doses")
COUNTDOWN_MS = 60_000
# The columns that give up room on a narrow screen (column → the least each keeps).
ELASTIC = {COLUMNS.index("kind"): 130, COLUMNS.index("person"): 150}


class ComplaintsScreen(RefreshWhenShown, QWidget):
    watched = WATCHED

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = ComplaintTableModel(ctx, self)
        self.clock = QTimer(self, interval=COUNTDOWN_MS, timeout=self.model.tick)
        self.clock.start()  # the hours left move on while the list stays open
        self.dialog: QDialog | None = None  # the form or dialog open on top
        self._keep: str | None = None

        self.table = row_view(self.model)
        self.table.setWordWrap(False)  # one line a row: a long kind is elided, its cell says
        # The columns a clerk acts on come first; a long kind or name gives up room (elided,
        # its tooltip says all) before they leave the view, the status and code after them
        # are a scroll away on a netbook.
        self.fitter = ColumnFitter(self.table, ELASTIC)
        self.detail = DetailPane(ctx)
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        self.empty = QLabel(self.tr("No complaint has been routed to this site."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.link_button = QPushButton(self.tr("Choose the record"))
        self.add_dose_button = QPushButton(self.tr("Add the missing dose"))
        self.correct_button = QPushButton(self.tr("Correct the details"))
        self.merge_button = QPushButton(self.tr("Merge records"))
        self.reject_button = QPushButton(self.tr("Reject"))
        self.hand_back_button = QPushButton(self.tr("Not this site's"))
        self.hand_back_button.setToolTip(self.tr(
            "Hand the complaint back to the health department, which sends it to the right "
            "place"))
        self.unmerge_button = QPushButton(self.tr("Split the records again"))
        self.hotline_button = QPushButton(self.tr("Take a complaint by phone"))
        self.message = plain_label()
        self.message.setWordWrap(True)
        actions = FlowLayout()  # wraps on a netbook instead of widening the window
        actions.add_widgets(self.link_button, self.add_dose_button, self.correct_button,
                            self.merge_button, self.reject_button, self.hand_back_button,
                            self.unmerge_button)
        actions.add_stretch()
        actions.addWidget(self.hotline_button)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.message)
        layout.addLayout(actions)

        self.link_button.clicked.connect(self.choose_record)
        self.add_dose_button.clicked.connect(self.add_dose)
        self.correct_button.clicked.connect(self.correct)
        self.merge_button.clicked.connect(self.merge)
        self.reject_button.clicked.connect(self.reject)
        self.hand_back_button.clicked.connect(self.hand_back)
        self.unmerge_button.clicked.connect(self.unmerge)
        self.hotline_button.clicked.connect(self.take_call)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())
        QShortcut(QKeySequence(Qt.Key.Key_F5), self, activated=self.refresh,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        ctx.data_changed.connect(self._data_changed)
        self._update_actions()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        # A third of the area, 280 to 420 px: on a 1024 px screen the list keeps the room
        # for a name, its countdown and status.
        widest = max(280, min(420, event.size().width() // 3))
        self.detail.setMaximumWidth(widest)
        super().resizeEvent(event)
        table, pane = self.split.sizes()
        if pane > widest:  # the splitter keeps its old share unless told
            self.split.setSizes([table + pane - widest, widest])

    # -- showing ---------------------------------------------------------------------------
    def activate(self) -> None:
        self._show_fresh()
        self.table.setFocus()

    def refresh(self) -> None:
        self._stale = False
        current = self.current()
        self._keep = current.ref if current else self._keep
        Op.read(self.ctx, self, list_complaints).latest(f"complaints-{id(self)}") \
            .done(self._arrived).run()

    def _arrived(self, items: list[ComplaintItem]) -> None:
        self.model.set_items(items)
        self.empty.setVisible(not items)
        if items:
            row = self.model.row_of(self._keep) if self._keep else None
            self.table.setCurrentIndex(self.model.index(row or 0, 0))
        self._show_current()

    def current(self) -> ComplaintItem | None:
        index = self.table.currentIndex()
        return self.model.item_at(index.row()) if index.isValid() else None

    def _show_current(self) -> None:
        self.detail.show_item(self.current())
        self._update_actions()

    # -- who may do what -------------------------------------------------------------------
    @property
    def may_resolve(self) -> bool:
        return self.ctx.actor.role in SUPERVISORS

    def _update_actions(self) -> None:
        item = self.current()
        open_ = item is not None and item.is_open()
        linked = open_ and item is not None and item.person_id is not None
        allowed = self.may_resolve
        why = "" if allowed else self.tr("Only a supervisor resolves complaints.")
        if allowed and item is not None and item.forwarded:  # answered where it went
            why = self.ctx.text("COMPLAINT_FORWARDED", code=item.code)
        elif allowed and item is not None and item.handed_back is not None:
            why = self.ctx.text("COMPLAINT_HANDED_BACK", code=item.code)
        merged = item is not None and item.action == MERGE and item.merged_id is not None
        self.unmerge_button.setVisible(merged)
        # A missing date of birth or a wrong name is corrected, not answered with a dose.
        dose_answers = open_ and item is not None and adding_a_dose_answers(item.kind)
        for button, ready in ((self.link_button, open_),
                              (self.add_dose_button, dose_answers),
                              (self.correct_button, linked),
                              (self.merge_button, linked), (self.reject_button, open_),
                              # a call not on the platform yet is routed there, not here
                              (self.hand_back_button, open_ and item is not None
                               and item.code is not None),
                              (self.unmerge_button, merged)):
            button.setEnabled(allowed and ready)
            button.setToolTip(why)
        # A call is taken by those who record doses (the service refuses a volunteer).
        takes_calls = self.ctx.actor.role in RECORDERS
        self.hotline_button.setEnabled(takes_calls)
        self.hotline_button.setToolTip("" if takes_calls else self.tr(
            "Only a clerk or a supervisor takes complaints by phone."))

    # -- the resolutions -------------------------------------------------------------------
    def _with_person(self, then: Callable[[ComplaintItem, PersonView | None], None]) -> None:
        item = self.current()
        if item is None or not self.may_resolve:
            return
        pid = item.person_id
        if pid is None:
            then(item, None)
            return
        Op.read(self.ctx, self, lambda db: person_view(db, pid)) \
            .done(lambda person: then(item, person)).run()

    def choose_record(self) -> None:
        """Link the complaint to the record it is about (or to the right one, chosen
        wrongly): the desk's search, the supervisor picks."""
        item = self.current()
        if item is not None and self.may_resolve and item.is_open():
            self._open(LinkDialog(self.ctx, item, self))

    def add_dose(self) -> None:
        self._with_person(self._open_add_dose)

    def _open_add_dose(self, item: ComplaintItem, person: PersonView | None) -> None:
        self._open(AddDoseDialog(self.ctx, item, person, self))

    def correct(self) -> None:
        self._with_person(self._open_correction)

    def _open_correction(self, item: ComplaintItem, person: PersonView | None) -> None:
        if person is None:
            return
        Op.read(self.ctx, self, lambda db: (*person_with_doses(db, person.id),
                                            voids_answering(db, item.ref),
                                            changes_answering(db, item.ref))) \
            .done(lambda read: self._open(ComplaintCorrectionDialog(
                self.ctx, item, read[0], read[1], self, voided=read[2],
                changed=read[3]))).run()

    def merge(self) -> None:
        self._with_person(self._open_merge)

    def _open_merge(self, item: ComplaintItem, person: PersonView | None) -> None:
        if person is not None:
            Op.read(self.ctx, self, lambda db: merge_answering(db, item.ref)) \
                .done(lambda made: self._open(MergeDialog(self.ctx, item, person, self))
                      if made is None else self._open(merged_since_dialog(
                          self.ctx, item, made, self, self._resolved))).run()

    def reject(self) -> None:
        self._with_reason(resolve_reject, NoteDialog(
            self.tr("Reject the complaint"),
            self.tr("Why is nothing to be changed? The citizen reads this reason with their "
                    "code."),
            required=True, confirm=self.tr("Reject"), parent=self))

    def hand_back(self) -> None:
        """Not this site's (the citizen was vaccinated elsewhere): back to the province,
        which moves it to the right site; rejecting it told the citizen "not accepted"."""
        self._with_reason(hand_back, NoteDialog(
            self.tr("Hand the complaint back"),
            self.tr("Why is this complaint not this site's? The health department reads "
                    "the reason and sends the complaint to the right place. Its 48 hours "
                    "run on from when it was received."),
            required=True, confirm=self.tr("Hand back"),
            placeholder=self.tr("For example: the citizen was vaccinated in another "
                                "commune"),
            missing=self.tr("A reason is required: the health department reads it."),
            parent=self))

    def _with_reason(self, action: Callable[..., object], dialog: NoteDialog) -> None:
        """The current complaint's reason asked in ``dialog``, then ``action(db, ref,
        reason, actor=…)`` written off the GUI thread (a rejection, a hand-back)."""
        item = self.current()
        if item is None or not self.may_resolve:
            dialog.deleteLater()
            return
        ref, actor = item.ref, self.ctx.actor
        dialog.accepted.connect(lambda: Op.write(
            self.ctx, self, lambda db: action(db, ref, dialog.value(), actor=actor))
            .done(lambda _item: self._resolved()).run())
        self._open(dialog)

    def unmerge(self) -> None:
        """Undo the merge this complaint's resolution made (two people merged by mistake)."""
        item = self.current()
        if item is not None and item.merged_id is not None and self.may_resolve and split_again(
                self, self.ctx, SplitOf(item.merged_id, item.person_id), self.message.setText,
                lambda _split: self._update_actions()):
            self.unmerge_button.setEnabled(False)

    def take_call(self) -> None:
        self._open(HotlineDialog(self.ctx, self))

    def _open(self, dialog: QDialog) -> None:
        if not isinstance(dialog, NoteDialog):  # a rejection is saved after it closes
            dialog.accepted.connect(self._resolved)
        if isinstance(dialog, AddDoseDialog):
            dialog.accepted.connect(lambda: self._dose_added(dialog))
        self.dialog = dialog
        dialog.open()

    def _dose_added(self, dialog: AddDoseDialog) -> None:
        """Said under the list: the dialog closed with the complaint, and a dose the rules
        flag (a vaccine outside the person's ages) put the person on the cleaning list,
        which the supervisor was not told (review of 6 Dec 2026)."""
        paper = dialog.outcome.paper if dialog.outcome is not None else None
        if paper is None:
            return
        if dialog.outcome is not None and dialog.outcome.already:
            self.message.setText(self.ctx.text("COMPLAINT_DOSE_ALREADY"))
        elif paper.outcome == "flagged":
            self.message.setText(self.ctx.text(
                "COMPLAINT_DOSE_ADDED_FLAGGED",
                problems=problems_in_brief(paper.problems, self.ctx.lang)))
        else:
            self.message.setText(self.ctx.text("COMPLAINT_DOSE_ADDED"))

    def _resolved(self) -> None:
        self.ctx.data_changed.emit("complaints")
