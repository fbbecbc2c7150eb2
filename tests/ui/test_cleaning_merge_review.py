"""Review 32a of the worklist's merge (``ui/cleaning/case_merge.py``, the cleaning screen's
"Merge with another record…" and "Split the records again"): another record chosen or
searched while the merge is written, the case chosen against the cursor's row, namesakes
told apart after the merge, the way back not passed to the next person at the lock. Real
database and widgets; only the modal questions (``merge_records.confirm``) are answered by
a stub, as the project's own tests do."""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

from PySide6.QtCore import QItemSelectionModel
from sqlalchemy import text

from desktop_app.db.models import Person
from desktop_app.services import accounts
from desktop_app.services.actor import Role
from desktop_app.ui import merge_records
from desktop_app.ui.cleaning.case_merge import CaseMergeDialog
from tests.ui.cleaning_helpers import open_cleaning_screen
from tests.ui.merge_helpers import ROWS, choose_case, open_case_merge, recorded

CCCD = "001190000102"
BICH = "Trần Thị Bích"


@contextmanager
def _write_held(db):  # noqa: ANN001
    """Another write (a sync round, an import) holding the database's write lock: the merge
    waits for it on the worker, as it would on a busy laptop."""
    with db.transaction() as s:
        s.execute(text("SELECT 1"))  # BEGIN IMMEDIATE: the write lock taken
        yield


def _three(db, boss):  # noqa: ANN001
    """Her record saved again under a CCCD (flagged POSSIBLE_SAME_PERSON beside her record
    without an ID), and a namesake's record the dialog's first search finds too."""
    first = recorded(db, boss, BICH, None, 1, date(2021, 8, 1)).person_id
    ngoc = recorded(db, boss, BICH + " Ngọc", None, 1, date(2021, 8, 2)).person_id
    her = recorded(db, boss, BICH, CCCD, 2, date(2021, 8, 29)).person_id
    return first, ngoc, her


def _hit_row(dialog, person_id: str) -> int:  # noqa: ANN001
    return [h.id for h in dialog.hits.rows].index(person_id)


def test_another_record_clicked_while_the_merge_is_written_is_not_said_merged(
        qtbot, db, site, boss, monkeypatch):
    """The supervisor confirms "fold Trần Thị Bích (no ID) into her CCCD record"; while the
    write waits (a sync round holds the lock) they click the other namesake in the list.
    The record merged is the first; but the dialog's Merge button is live again during the
    write (a second merge can be started on top), and the screen's message, built from
    ``dialog.chosen`` when the write ends, names the record clicked last."""
    first, ngoc, her = _three(db, boss)
    monkeypatch.setattr(merge_records, "confirm", lambda *_a: True)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        qtbot.waitUntil(lambda: screen.model.rowCount() >= 2)
        dialog = open_case_merge(qtbot, screen, her)
        qtbot.waitUntil(lambda: {h.id for h in dialog.hits.rows} == {first, ngoc})
        dialog.table.selectRow(_hit_row(dialog, first))
        assert dialog.chosen.id == first
        with _write_held(db):
            dialog.merge_button.click()  # the last word answered "Merge"
            qtbot.waitUntil(lambda: not dialog.merge_button.isEnabled())  # being written
            dialog.table.selectRow(_hit_row(dialog, ngoc))
            live_while_writing = dialog.merge_button.isEnabled()
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
        assert dialog.outcome.folded_id == first  # what was merged
        said = screen.message.text()
        assert "Ngọc" not in said, said  # the record that was NOT merged, named as merged
        assert not live_while_writing, "Merge enabled again while the merge was written"
    finally:
        if screen.dialog is not None:
            screen.dialog.close()
        screen.ctx.runner.wait_idle()


def test_a_search_typed_while_the_merge_is_written_leaves_the_way_to_split_it(
        qtbot, db, site, boss, monkeypatch):
    """The same, the supervisor typing in the search box meanwhile: the new hits choose
    nothing (``_found`` -> ``choose(-1)``), so ``_merged`` meets ``dialog.chosen is None``
    and its assert raises in the slot: the merge is made, but the screen never offers
    "Split the records again", says nothing and does not refresh."""
    first, ngoc, her = _three(db, boss)
    monkeypatch.setattr(merge_records, "confirm", lambda *_a: True)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        qtbot.waitUntil(lambda: screen.model.rowCount() >= 2)
        dialog = open_case_merge(qtbot, screen, her)
        qtbot.waitUntil(lambda: {h.id for h in dialog.hits.rows} == {first, ngoc})
        dialog.table.selectRow(_hit_row(dialog, first))
        with _write_held(db):
            dialog.merge_button.click()
            qtbot.waitUntil(lambda: not dialog.merge_button.isEnabled())
            dialog.query.setText("Ngọc")
            qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [ngoc])
        qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
        with db.reading() as s:
            assert s.get(Person, first).merged_into == her  # the merge stands
        qtbot.wait(200)
        assert screen.unmerge_button.isVisible(), "no way back from the merge just made"
        assert BICH in screen.message.text()
    finally:
        if screen.dialog is not None:
            screen.dialog.close()
        screen.ctx.runner.wait_idle()


def test_merge_keeps_the_chosen_case_not_the_row_the_cursor_was_left_on(
        qtbot, db, site, boss, monkeypatch):
    """Two cases chosen, then one taken off with Ctrl+click: one case is chosen, so the
    Merge button is on, but the cursor (current index) stays on the row just unchosen.
    ``merge_current`` opens the merge for ``current_case()``, the case NOT chosen: the
    record kept (and the record the supervisor then folds into it) is the wrong one."""
    recorded(db, boss, BICH, None, 1, date(2021, 8, 1))
    her = recorded(db, boss, BICH, CCCD, 2, date(2021, 8, 29)).person_id
    monkeypatch.setattr(merge_records, "confirm", lambda *_a: True)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
        her_row = choose_case(screen, her)
        other = screen.model.index(1 - her_row, 0)
        sel = screen.table.selectionModel()
        sel.setCurrentIndex(other, QItemSelectionModel.SelectionFlag.Select | ROWS)  # Ctrl+click
        sel.setCurrentIndex(other, QItemSelectionModel.SelectionFlag.Deselect | ROWS)  # again
        assert [c.person_id for c in screen.selected_cases()] == [her]
        assert screen.merge_button.isEnabled()
        screen.merge_button.click()
        qtbot.waitUntil(lambda: isinstance(screen.dialog, CaseMergeDialog))
        assert screen.dialog.keep.id == her, "the merge keeps a case that is not chosen"
    finally:
        if screen.dialog is not None:
            screen.dialog.close()
        screen.ctx.runner.wait_idle()


def test_the_message_after_merging_namesakes_tells_which_record_was_folded(
        qtbot, db, site, boss, monkeypatch):
    """The case the worklist merges is a namesake by construction (same name, birth and
    sex). The last word names both records by name, birth date and ID; the message left on
    the screen (with "if they are two people, Split") names them by full name only:
    "Trần Thị Bích's record was merged into Trần Thị Bích's" tells neither apart."""
    first = recorded(db, boss, BICH, None, 1, date(2021, 8, 1)).person_id
    her = recorded(db, boss, BICH, CCCD, 2, date(2021, 8, 29)).person_id
    asked: list[str] = []
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, _t, said, *_a: asked.append(said) or True)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
        dialog = open_case_merge(qtbot, screen, her)
        qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [first])
        dialog.table.selectRow(0)
        dialog.merge_button.click()
        qtbot.waitUntil(lambda: dialog.outcome is not None)
        qtbot.waitUntil(screen.unmerge_button.isVisible)
        assert CCCD in asked[-1]  # the last word told them apart
        said = screen.message.text()
        assert CCCD in said, said
    finally:
        if screen.dialog is not None:
            screen.dialog.close()
        screen.ctx.runner.wait_idle()


def test_the_split_offered_for_the_merge_just_made_does_not_pass_to_the_next_person(
        qtbot, db, site, boss, monkeypatch):
    """The idle lock keeps the window's areas (``app.lock``) and tells them "actor"; the
    screen only re-enables its buttons. The supervisor's "Split the records again" (and
    its message naming the people merged) stays for whoever logs in next: a clerk sees
    an offer they cannot take; another supervisor splits a merge that was not theirs from a
    button that says it undoes the merge "just made" (the lock closes every other window
    for this reason: "what it held was the previous one's to act on")."""
    first = recorded(db, boss, BICH, None, 1, date(2021, 8, 1)).person_id
    her = recorded(db, boss, BICH, CCCD, 2, date(2021, 8, 29)).person_id
    accounts.add_user(db, "lan", "Y tá Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    clerk = accounts.login(db, "lan", "mật khẩu 123")
    monkeypatch.setattr(merge_records, "confirm", lambda *_a: True)
    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        qtbot.waitUntil(lambda: screen.model.rowCount() == 2)
        dialog = open_case_merge(qtbot, screen, her)
        qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [first])
        dialog.table.selectRow(0)
        dialog.merge_button.click()
        qtbot.waitUntil(screen.unmerge_button.isVisible)
        # The idle lock: the clerk logs in over the same window.
        screen.ctx.actor = clerk
        screen.ctx.data_changed.emit("actor")
        assert not screen.unmerge_button.isVisible()
        assert screen.merged is None
    finally:
        if screen.dialog is not None:
            screen.dialog.close()
        screen.ctx.runner.wait_idle()
