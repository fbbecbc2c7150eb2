"""Merging a cleaning case's record with the record it is the same person as
(``ui/merge_records.py``): the case's record kept, the other chosen beside it and folded in.
A POSSIBLE_SAME_PERSON case names the records it may be (``services/cleaning_twins``); the
supervisor who finds them one person merges here, without a complaint to resolve. The last
word names both records and the doses that move, "Cancel" its default."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop_app.services.database import Database
from desktop_app.services.merges import MergeOutcome, merge_people
from desktop_app.services.search import PersonSummary
from desktop_app.ui import merge_records
from desktop_app.ui.context import AppContext
from desktop_app.ui.merge_records import MergeRecordsDialog, Merging


class CaseMergeDialog(MergeRecordsDialog):
    def __init__(self, ctx: AppContext, keep: PersonSummary, parent: QWidget) -> None:
        super().__init__(ctx, keep, keep.full_name, parent)  # its namesakes first

    def ask_last_word(self, what: str, confirmed: bool) -> None:
        if merge_records.confirm(self, self.tr("Merge the records"), what, self.tr("Merge"),
                                 self.tr("Cancel")):
            self.merge("", confirmed)
        else:
            self.declined()

    def write(self, db: Database, merging: Merging) -> MergeOutcome:
        return merge_people(db, merging.keep_id, merging.fold_id, actor=merging.actor,
                            confirm_differences=merging.confirmed,
                            folded_number_wrong=merging.folded_number_wrong)
