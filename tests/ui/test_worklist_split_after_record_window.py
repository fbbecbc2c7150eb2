"""Review 32b: the worklist's "Split the records again" (the merge it just made) and the
Records window's "Split a merged record" (any merge) side by side. Real database and
widgets; only the modal questions (``merge_records.confirm``) are answered by a stub."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.services.merges import merge_people
from desktop_app.ui import merge_records
from desktop_app.ui.cleaning.case_merge import CaseMergeDialog
from desktop_app.ui.records.record_dialog import RecordDialog
from tests.ui.cleaning_helpers import open_cleaning_screen
from tests.ui.merge_helpers import open_case_merge, recorded
from tests.ui.test_cleaning_merge_review import BICH, CCCD


def _worklist_merge_then_split_in_records(qtbot, db, boss, monkeypatch):  # noqa: ANN001
    first = recorded(db, boss, BICH, None, 1, date(2021, 8, 1)).person_id
    her = recorded(db, boss, BICH, CCCD, 2, date(2021, 8, 29)).person_id
    monkeypatch.setattr(merge_records, "confirm", lambda *_a: True)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
    dialog = open_case_merge(qtbot, screen, her)
    qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [first])
    dialog.table.selectRow(0)
    dialog.merge_button.click()
    qtbot.waitUntil(screen.unmerge_button.isVisible)
    # Later, from the Records area (same window, same context): her record opened, the
    # merge split there.
    with db.reading() as s:
        dose_id = s.scalar(select(Dose.id).where(Dose.person_id == her,
                                                 Dose.dose_number == 2))
    window = RecordDialog(screen.ctx, dose_id)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: len(window.split_menu.actions()) == 1)
    window.split_menu.actions()[0].trigger()
    qtbot.waitUntil(lambda: "went back" in window.message.text())
    with db.reading() as s:
        assert s.get(Person, first).merged_into is None
    return screen, first, her


def test_a_merge_split_in_the_records_window_is_no_longer_offered_on_the_worklist(
        qtbot, db, site, boss, monkeypatch):
    """Split from the Records window, the worklist still shows "Split the records again"
    and its message naming the merge: an offer for a merge that no longer stands (its
    click answers "not merged" after asking the question again)."""
    screen, _first, _her = _worklist_merge_then_split_in_records(qtbot, db, boss, monkeypatch)
    try:
        qtbot.wait(200)
        assert not screen.unmerge_button.isVisible(), screen.message.text()
    finally:
        if isinstance(screen.dialog, CaseMergeDialog):
            screen.dialog.close()
        screen.ctx.runner.wait_idle()


def test_the_worklists_split_does_not_undo_a_merge_it_did_not_make(
        qtbot, db, site, boss, monkeypatch):
    """...and once that record is merged again elsewhere (a complaint's merge into another
    namesake's record), the worklist's stale "Split the records again" undoes THAT merge:
    a merge the supervisor never saw on this screen, split by a button that says it undoes
    the one just made here."""
    screen, first, _her = _worklist_merge_then_split_in_records(qtbot, db, boss, monkeypatch)
    try:
        other = recorded(db, boss, BICH, None, 2, date(2021, 9, 1)).person_id
        merge_people(db, other, first, actor=boss, confirm_differences=True)
        if screen.unmerge_button.isVisible() and screen.unmerge_button.isEnabled():
            screen.unmerge_button.click()
            screen.ctx.runner.wait_idle()
            qtbot.wait(200)
        with db.reading() as s:
            assert s.get(Person, first).merged_into == other, "the other merge was undone"
    finally:
        if isinstance(screen.dialog, CaseMergeDialog):
            screen.dialog.close()
        screen.ctx.runner.wait_idle()
