"""Merging two records of a complaint's person (``ui/merge_records.py``): the complaint's
record kept; the last word is the note the citizen reads with their code, and the merge
stands only with the complaint's resolution recorded. A complaint whose record was merged
since it came (answering another complaint of the citizen's) is answered naming that merge
(``merged_since_dialog``): the record it folded is no longer one to choose."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop_app.rules.messages import text
from desktop_app.services.complaint_since import MergeSince, merge_said
from desktop_app.services.complaints import CITIZEN_LANG, ComplaintItem, resolve_merge
from desktop_app.services.database import Database
from desktop_app.services.merges import MergeOutcome
from desktop_app.services.search import PersonSummary
from desktop_app.ui.complaints.note_dialog import NoteDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.merge_records import MergeRecordsDialog, Merging
from desktop_app.ui.operations import Op


class MergeDialog(MergeRecordsDialog):
    def __init__(self, ctx: AppContext, item: ComplaintItem, keep: PersonSummary,
                 parent: QWidget) -> None:
        self.item = item
        self.note_dialog: NoteDialog | None = None
        super().__init__(ctx, keep, item.submission.full_name, parent)

    def ask_last_word(self, what: str, confirmed: bool) -> None:
        reads = self.tr("The citizen reads this note with their code.")
        self.note_dialog = NoteDialog(
            self.tr("Merge the records"), f"{what}\n\n{reads}",
            text("COMPLAINT_NOTE_MERGE", CITIZEN_LANG), confirm=self.tr("Merge"), parent=self)
        self.note_dialog.accepted.connect(
            lambda: self.merge(self.note_dialog.value(), confirmed))
        self.note_dialog.rejected.connect(self.declined)
        self.note_dialog.open()

    def write(self, db: Database, merging: Merging) -> MergeOutcome:
        return resolve_merge(db, self.item.ref, merging.keep_id, merging.fold_id,
                             actor=merging.actor, note=merging.note,
                             confirm_differences=merging.confirmed,
                             folded_number_wrong=merging.folded_number_wrong)


def merged_since_dialog(ctx: AppContext, item: ComplaintItem, made: MergeSince,
                        parent: QWidget, then: Callable[[], None]) -> NoteDialog:
    """The merge made since, named; confirmed, the complaint is answered by it off the GUI
    thread (``resolve_merge`` of the same two records), then ``then()``."""
    reads = QCoreApplication.translate("MergeDialog",
                                       "The citizen reads this note with their code.")
    dialog = NoteDialog(QCoreApplication.translate("MergeDialog", "Merge the records"),
                        f"{merge_said(made, ctx.lang)}\n\n{reads}",
                        text("COMPLAINT_NOTE_MERGE", CITIZEN_LANG), parent=parent)
    ref, actor = item.ref, ctx.actor
    dialog.accepted.connect(lambda: Op.write(ctx, parent, lambda db: resolve_merge(
        db, ref, made.kept_id, made.folded_id, actor=actor, note=dialog.value()))
        .done(lambda _merged: then()).run())
    return dialog
