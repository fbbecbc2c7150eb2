"""Merging two records of one person: the record worked on (a complaint's, a cleaning
case's) on the left, the other one found with the desk's search on the right, side by side;
the merge folds the right into the left after a last word naming both, and the services
refuse what must not be merged. What the last word is and which service merges are the
caller's (``complaints/merge_dialog.py``, ``cleaning/case_merge.py``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import Part
from desktop_app.rules.person import merge_differences, one_number_mistyped
from desktop_app.rules.problems import Problem
from desktop_app.services.actor import Actor
from desktop_app.services.database import Database
from desktop_app.services.desk import DeskPerson, load_desk_person
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.merge_doses import joined_dose_problems
from desktop_app.services.merges import MergeOutcome, UnmergeOutcome, dose_clash, unmerge_people
from desktop_app.services.search import PersonHit, PersonSummary, search_people
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import careful_buttons, choose, confirm, describe_error
from desktop_app.ui.operations import Op
from desktop_app.ui.scanner import IntoSearchBox
from desktop_app.ui.when_present import ask_when_present
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ErrorLine
from desktop_app.ui.widgets.row_table import Index, RowTableModel, row_view
from desktop_app.ui.widgets.screen_fit import resize_within_screen


class _Hits(RowTableModel):
    def __init__(self, keep_id: str) -> None:
        super().__init__()
        self.keep_id = keep_id
        self.rows: list[PersonHit] = []
        self.headers = (self.tr("Full name"), self.tr("Date of birth"), self.tr("ID number"),
                        self.tr("Last dose"))

    def set_hits(self, hits: list[PersonHit]) -> None:
        self.beginResetModel()
        self.rows = [h for h in hits if h.id != self.keep_id]
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        h = self.rows[index.row()]
        last = f"{h.last_dose_number} · {format_date(h.last_dose_date)}" \
            if h.last_dose_date else "—"
        return (h.full_name, format_date(h.dob) if h.dob else "—", h.id_number or "—",
                last)[index.column()]


class _Card(QGroupBox):
    """One record's identity, the fields a clerk tells people apart by."""

    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.labels = {k: plain_label() for k in ("full_name", "dob", "sex", "id_number", "phone")}
        form = QFormLayout(self)
        names = (self.tr("Full name"), self.tr("Date of birth"), self.tr("Sex"),
                 self.tr("ID number"), self.tr("Phone"))
        for name, label in zip(names, self.labels.values(), strict=True):
            form.addRow(name, label)

    def show_person(self, p: PersonSummary | None) -> None:
        values = {"full_name": p.full_name, "dob": format_date(p.dob) if p.dob else "—",
                  "sex": {"M": self.tr("Male"), "F": self.tr("Female")}.get(p.sex or "", "—"),
                  "id_number": p.id_number or "—", "phone": p.phone or "—"} if p else {}
        for key, label in self.labels.items():
            label.setText(values.get(key, ""))


def record_part(p: PersonSummary) -> Part:
    """A record as the confirmation names it: name, date of birth, ID number."""
    return Part("MERGE_RECORD", name=p.full_name, dob=format_date(p.dob) if p.dob else "—",
                id_number=p.id_number or Part("MERGE_NO_ID"))


class Merging(NamedTuple):
    """A merge as the supervisor confirmed it, taken to the database worker."""

    keep_id: str
    fold_id: str
    note: str  # what the last word asked for (a complaint's note to the citizen), or ""
    confirmed: bool  # the records' sex or date of birth differ, and they said merge anyway
    actor: Actor
    # The folded record's ID number is the kept one's typed wrong, as they said.
    folded_number_wrong: bool = False


class MergeRecordsDialog(QDialog):
    """``keep`` and the record chosen beside it; ``query``: what is searched first."""

    def __init__(self, ctx: AppContext, keep: PersonSummary, query: str,
                 parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.keep = ctx, keep
        self.opened = keep  # the record the dialog is about (a case's, a complaint's)
        self.chosen: PersonHit | None = None
        # While a merge is written: what was confirmed (the list and search are locked, so
        # another record chosen meanwhile is neither merged nor said to be).
        self.merging: Merging | None = None
        self.folded: PersonHit | None = None  # the record the merge folded, once written
        self.outcome: MergeOutcome | None = None
        self.number_wrong = False  # asked in ``_checked``, for the merge confirmed after
        # What the desk's rules find in the doses the merge joins, said in the last word.
        self.joined: list[Problem] = []
        self.setWindowTitle(self.tr("Merge two records of one person"))
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Find the other record: name, ID or phone"))
        self.hits = _Hits(keep.id)
        self.table = row_view(self.hits)
        self.left, self.right = _Card(self.tr("Kept")), _Card(self.tr("Folded into it"))
        self.left.show_person(keep)
        self.problem = ErrorLine()
        buttons, self.merge_button = careful_buttons(self, self.tr("Merge the records"))
        self.merge_button.setEnabled(False)
        buttons.accepted.connect(self.confirm)
        cards = QHBoxLayout()
        cards.addWidget(self.left)
        cards.addWidget(self.right)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.table, 1)
        layout.addLayout(cards)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        # Room for the list and the two records side by side, less what a small or scaled
        # screen lacks (a netbook at 125 % has 480 px, at 150 % 400): a 480 px minimum put
        # the Merge button below the screen's edge.
        resize_within_screen(self, 760, 560)
        self.query.textChanged.connect(self.search)
        self.table.selectionModel().currentRowChanged.connect(lambda i, _p: self.choose(i.row()))
        self.query.setText(query)

    def scan_taker(self) -> IntoSearchBox:
        return IntoSearchBox(self.query)  # a card scanned in the dialog finds its record

    def search(self, text: str) -> None:
        Op.read(self.ctx, self, lambda db: search_people(db, text)) \
            .latest(f"merge-{id(self)}").done(self._found).run()

    def _found(self, hits: list[PersonHit]) -> None:
        # Nothing is chosen for the supervisor: the first namesake found is not the record
        # to fold because it came first; they pick it, side by side with the kept one.
        self.hits.set_hits(hits)
        self.choose(-1)

    def choose(self, row: int) -> None:
        if self.merging is not None:
            return  # the list is locked while the merge confirmed is written
        self.chosen = self.hits.rows[row] if 0 <= row < len(self.hits.rows) else None
        self.right.show_person(self.chosen)
        self.merge_button.setEnabled(self.chosen is not None)
        self.problem.say(None)

    def confirm(self) -> None:
        """A dose number both records hold is said first (the merge would be refused after
        every question); then differences of sex or birth, then the last word."""
        if self.chosen is None:
            return
        keep_id, fold_id = self.keep.id, self.chosen.id
        Op.read(self.ctx, self, lambda db: (load_desk_person(db, fold_id),
                                            dose_clash(db, keep_id, fold_id),
                                            joined_dose_problems(db, keep_id, fold_id))) \
            .done(lambda read: ask_when_present(self.ctx, self, lambda: self._checked(read))) \
            .run()

    def _checked(self, read: tuple[DeskPerson | None, ChangeRefused | None,
                                   list[Problem]]) -> None:
        folded, clash, self.joined = read  # the same with the pair swapped (_keep_the_other)
        if folded is None or self.chosen is None or folded.id != self.chosen.id:
            return  # chosen again while reading: the button asks anew
        if clash is not None:
            self.problem.say(clash.message(self.ctx.lang))
            return
        differences = merge_differences(self.keep, self.chosen)
        if differences and not confirm(
                self, self.tr("Two different people?"),
                "\n\n".join([*map(self.ctx.message, differences),
                              self.tr("Merge these records only if you are sure they are "
                                      "the same person: undoing a merge later revokes the "
                                      "certificates printed in between.")]),
                self.tr("Merge anyway"), self.tr("Do not merge")):
            return
        # Two numbers a slip of the keyboard apart: one is wrong, which the supervisor says.
        # The record opened here (a case's, a complaint's) may be the mistyped one: the
        # cleaning list flags the second record of a citizen, not the first.
        self.number_wrong = one_number_mistyped(self.keep, self.chosen)
        wrong = choose(self, self.tr("An ID number mistyped?"),
                       self.ctx.text("MERGE_ASK_WRONG_NUMBER", kept=self.keep.id_number,
                                     folded=self.chosen.id_number,
                                     kept_record=record_part(self.keep),
                                     folded_record=record_part(folded)),
                       [self.tr("The folded number is wrong: merge"),
                        self.tr("The kept number is wrong: keep the other record")],
                       self.tr("Do not merge")) if self.number_wrong else 0
        if wrong is None:
            return
        if wrong == 1:
            self._keep_the_other(bool(differences))
            return
        self._last_word(folded, bool(differences))  # asked and answered just above

    def _keep_the_other(self, confirmed: bool) -> None:
        """The chosen record kept and the one opened here folded into it (its number the
        wrong one), then the last word, naming them so. The pair is decided: the list is
        locked until the merge is written, or undone (``declined``, ``_failed``)."""
        if self.chosen is None:
            return
        self._show_pair(self.chosen, self.keep)  # type: ignore[arg-type]
        fold_id = self.opened.id
        Op.read(self.ctx, self, lambda db: load_desk_person(db, fold_id)) \
            .done(lambda folded: ask_when_present(
                self.ctx, self, lambda: self._last_word(folded, confirmed) if folded
                else self.declined())).run()

    def _show_pair(self, keep: PersonSummary, fold: PersonSummary) -> None:
        self.keep, self.chosen = keep, fold  # type: ignore[assignment]
        self.left.show_person(keep)
        self.right.show_person(fold)
        self.query.setEnabled(keep is self.opened)
        self.table.setEnabled(keep is self.opened)

    def declined(self) -> None:
        """The last word answered no (or the merge refused): the record opened is the kept
        one again, the record chosen beside it, the list open to choose another."""
        if self.keep is not self.opened:
            self._show_pair(self.opened, self.keep)

    def _last_word(self, folded: DeskPerson, confirmed: bool) -> None:
        """The last word before the merge names both records and the doses that move, so
        the supervisor confirms these two people, not "the one on the right"; and what the
        doses joined break, which puts the kept record on the cleaning list."""
        what = self.ctx.text("MERGE_CONFIRM_WHAT", folded=record_part(folded),
                             kept=record_part(self.keep), kept_name=self.keep.full_name,
                             doses=len(folded.doses))
        if self.joined:
            what += "\n\n" + self.ctx.text(
                "MERGE_CONFIRM_JOINED", problems=" ".join(map(self.ctx.message, self.joined)))
        self.ask_last_word(what, confirmed)

    def ask_last_word(self, what: str, confirmed: bool) -> None:
        """Ask ``what`` (the merge in words); ``merge`` once answered yes, ``declined``
        once answered no."""
        raise NotImplementedError

    def write(self, db: Database, merging: Merging) -> MergeOutcome:
        """The merge itself, through the caller's service (on the database worker)."""
        raise NotImplementedError

    def merge(self, note: str, confirmed: bool) -> None:
        if self.chosen is None or self.merging is not None:
            return
        merging = Merging(self.keep.id, self.chosen.id, note, confirmed, self.ctx.actor,
                          self.number_wrong)
        self.merging, folded = merging, self.chosen
        self._lock(True)
        Op.write(self.ctx, self, lambda db: self.write(db, merging)) \
            .done(lambda outcome: self._merged(outcome, folded)).failed(self._failed).run()

    def _lock(self, writing: bool) -> None:
        for widget in (self.query, self.table):
            widget.setEnabled(not writing)
        self.merge_button.setEnabled(not writing and self.chosen is not None)

    def _merged(self, outcome: MergeOutcome, folded: PersonHit) -> None:
        self.outcome, self.folded = outcome, folded
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.merging = None
        self.declined()
        self._lock(False)
        self.problem.say(describe_error(exc, self.ctx.lang))


class SplitOf(NamedTuple):
    """A merge to undo: the folded record, the record it was folded into (the split is
    refused if it is folded elsewhere now), and both in words for the question (None: the
    question says "the merged records")."""

    folded_id: str
    kept_id: str | None
    folded: str | None = None
    kept: str | None = None


def record_words(ctx: AppContext, p: PersonSummary) -> str:
    """A record as the merge's last word names it, in the app's language."""
    part = record_part(p)
    return ctx.text(part.code, **part.params)


def split_again(parent: QWidget, ctx: AppContext, split: SplitOf,
                said: Callable[[str], None], then: Callable[[bool], None]) -> bool:
    """The one way a merge is undone from a screen (two people merged by mistake): asked
    first, naming the records, "do not split" the default; then ``merges.unmerge_people``
    on the worker, its outcome or refusal in words to ``said`` and ``then(split)``. False:
    not asked to."""
    named = split.folded is not None and split.kept is not None
    which = [ctx.text("UNMERGE_ASK_WHICH", folded=split.folded, kept=split.kept)] \
        if named else []
    if not confirm(parent, QCoreApplication.translate("merge", "Split the merged records?"),
                   "\n\n".join([*which, QCoreApplication.translate(
                       "merge", "The doses the merge moved go back to the record it folded, "
                       "which stands on its own again; doses recorded since stay where they "
                       "are. Certificates printed for the kept record since the merge are "
                       "revoked.")]),
                   QCoreApplication.translate("merge", "Split"),
                   QCoreApplication.translate("merge", "Do not split")):
        return False
    actor = ctx.actor

    def done(outcome: UnmergeOutcome) -> None:
        counts = {"doses": len(outcome.dose_ids), "revoked": len(outcome.revoked)}
        done_text = ctx.text("UNMERGE_DONE_NAMED", folded=split.folded, kept=split.kept,
                             **counts) if named else ctx.text("UNMERGE_DONE", **counts)
        if outcome.folded_revoked:  # revoked for good: the person needs them printed again
            done_text += " " + ctx.text("UNMERGE_REPRINT", count=len(outcome.folded_revoked),
                                        uvcis=", ".join(outcome.folded_revoked))
        if outcome.reopened:  # their "merged" answer withdrawn: to be answered anew
            done_text += " " + ctx.text("COMPLAINT_REOPENED_BY_SPLIT",
                                        count=len(outcome.reopened),
                                        codes=", ".join(outcome.reopened))
        said(done_text)
        ctx.data_changed.emit("people")
        then(True)

    def refused(exc: BaseException) -> None:
        said(describe_error(exc, ctx.lang))
        then(False)

    Op.write(ctx, parent, lambda db: unmerge_people(
        db, split.folded_id, actor=actor, kept_id=split.kept_id)).done(done).failed(refused).run()
    return True
