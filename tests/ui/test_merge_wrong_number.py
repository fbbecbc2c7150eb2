"""A record saved again under its CCCD typed one digit wrong is flagged as possibly the same
person, and could not be merged: two current numbers were refused, the typo could not be
corrected to the right number (held by the other record), and the one way through kept the
typo as the old CMND, synced and matched at other sites (a reviewer). The supervisor now
says the folded record's number is the kept one's typed wrong, and they merge. Real
database and widgets; the modal questions (``merge_records.confirm``) answered by a stub."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.rules.messages import UserError
from desktop_app.services.merges import merge_people
from desktop_app.services.search import search_people
from desktop_app.ui import merge_records
from desktop_app.ui.cleaning.case_merge import CaseMergeDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner
from tests.ui.merge_helpers import recorded

BICH = "Trần Thị Bích"
RIGHT, TYPO, FAR = "001190000102", "001190000103", "001190000777"


def _twins(db, boss, other: str = TYPO):  # noqa: ANN001, ANN202
    right = recorded(db, boss, BICH, RIGHT, 1, date(2021, 8, 1)).person_id
    typo = recorded(db, boss, BICH, other, 2, date(2021, 8, 29)).person_id
    return right, typo


def test_the_service_merges_a_number_typed_wrong_only_when_told_and_only_a_typo(
        db, site, boss):
    right, typo = _twins(db, boss)
    with pytest.raises(UserError) as refused:
        merge_people(db, right, typo, actor=boss)
    assert refused.value.code == "MERGE_ID_DIFFERS"
    merge_people(db, right, typo, actor=boss, folded_number_wrong=True)
    with db.reading() as s:
        kept, folded = s.get(Person, right), s.get(Person, typo)
        assert (kept.id_number, kept.old_id_number, folded.merged_into) == (RIGHT, None, right)
        assert sorted(s.scalars(select(Dose.dose_number).where(Dose.person_id == right))) \
            == [1, 2]
        [said] = [json.loads(e.details) for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "merge", AuditEntry.entity_id == right))]
    assert said["wrong_number"] == TYPO


def test_two_names_with_numbers_a_slip_apart_stay_refused(db, site, boss):
    """Bích and Bình, born the same day, numbers in sequence: twins, not one typo (a second
    reviewer: the merge took the supervisor's word for it)."""
    right = recorded(db, boss, BICH, RIGHT, 1, date(2021, 8, 1)).person_id
    sister = recorded(db, boss, "Trần Thị Bình", TYPO, 2, date(2021, 8, 29)).person_id
    with pytest.raises(UserError) as refused:
        merge_people(db, right, sister, actor=boss, folded_number_wrong=True)
    assert refused.value.code == "MERGE_ID_DIFFERS"


def test_numbers_more_than_a_slip_apart_stay_refused(db, site, boss):
    right, far = _twins(db, boss, FAR)
    with pytest.raises(UserError) as refused:
        merge_people(db, right, far, actor=boss, folded_number_wrong=True)
    assert refused.value.code == "MERGE_ID_DIFFERS"


def test_the_merge_dialog_asks_which_number_is_wrong_and_merges(qtbot, db, site, boss,
                                                                 monkeypatch):
    right, typo = _twins(db, boss)
    asked: list[str] = []

    def answer(_parent, title, text, _yes, _no):  # noqa: ANN001, ANN202
        asked.append(title if TYPO not in text else f"{title}: {TYPO}")
        return True

    def which(_parent, title, text, answers, _cancel):  # noqa: ANN001, ANN202
        asked.append(f"{title}: {TYPO}" if TYPO in text else title)
        return 0  # the folded number is wrong

    monkeypatch.setattr(merge_records, "confirm", answer)
    monkeypatch.setattr(merge_records, "choose", which)
    ctx, dialog = _opened(qtbot, db, boss, right, RIGHT, typo)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert asked[0] == f"An ID number mistyped?: {TYPO}"
    with db.reading() as s:
        assert s.get(Person, typo).merged_into == right
    ctx.runner.wait_idle()


def _opened(qtbot, db, boss, opened_id, number, other_id):  # noqa: ANN001, ANN202
    """The case merge dialog on ``opened_id`` (held under ``number``), its namesake
    ``other_id`` chosen beside it."""
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    [opened] = [p for p in search_people(db, number) if p.id == opened_id]
    dialog = CaseMergeDialog(ctx, opened, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: any(h.id == other_id for h in dialog.hits.rows))
    dialog.choose([h.id for h in dialog.hits.rows].index(other_id))
    return ctx, dialog


def test_the_record_opened_may_be_the_mistyped_one_and_the_other_is_kept(
        qtbot, db, site, boss, monkeypatch):
    """The cleaning list flags the second record, the mistyped one: merged from its case,
    the only way kept the typo as the citizen's number (a data officer's review). The
    supervisor now says the kept number is the wrong one, and the other record is kept."""
    right, typo = _twins(db, boss)
    answers: list[list[str]] = []
    last_words: list[str] = []
    monkeypatch.setattr(merge_records, "choose",
                        lambda _p, _t, _x, offered, _c: answers.append(offered) or 1)
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, _t, text, _y, _n: last_words.append(text) or True)
    ctx, dialog = _opened(qtbot, db, boss, typo, TYPO, right)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert answers == [["The folded number is wrong: merge",
                        "The kept number is wrong: keep the other record"]]
    # The last word folds the mistyped record into the right one.
    assert last_words[-1].index(TYPO) < last_words[-1].index("folded into") \
        < last_words[-1].index(RIGHT)
    assert dialog.left.labels["id_number"].text() == RIGHT  # the cards say who is kept
    with db.reading() as s:
        kept, folded = s.get(Person, right), s.get(Person, typo)
        assert (kept.merged_into, folded.merged_into, kept.id_number) == (None, right, RIGHT)
    ctx.runner.wait_idle()


# A second review (6 Dec) of the swap: each failed before its fix.

def test_the_last_word_declined_after_the_swap_gives_the_dialog_back(qtbot, db, site, boss,
                                                                    monkeypatch):
    """It stayed swapped with its list locked: nothing could be chosen nor merged."""
    right, typo = _twins(db, boss)
    monkeypatch.setattr(merge_records, "choose", lambda *_a: 1)
    asked: list[str] = []
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, _t, text, _y, _n: asked.append(text) and False)
    ctx, dialog = _opened(qtbot, db, boss, typo, TYPO, right)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: len(asked) == 1, timeout=10_000)
    ctx.runner.wait_idle()
    assert (dialog.keep.id, dialog.chosen.id) == (typo, right)
    assert dialog.table.isEnabled() and dialog.query.isEnabled()
    assert dialog.merge_button.isEnabled()
    assert dialog.left.labels["id_number"].text() == TYPO


def test_a_merge_refused_after_the_swap_never_merges_two_others(qtbot, db, site, boss,
                                                                monkeypatch):
    """Refused at the write (a dose 2 recorded on the other record meanwhile), the list
    opened again still swapped: a third namesake picked was folded into the other record,
    the case's record in no part of it."""
    from desktop_app.services.doses import DoseInput, record_dose

    right, typo = _twins(db, boss)
    lone = recorded(db, boss, BICH, None, 3, date(2021, 12, 1)).person_id
    monkeypatch.setattr(merge_records, "choose", lambda *_a: 1)
    clashed: list[bool] = []

    def last_word(_p, _t, _text, _y, _n):  # noqa: ANN001, ANN202
        if not clashed:  # meanwhile, at the desk: dose 2 on the other record
            out = record_dose(db, DoseInput("COMIRNATY", "FK1", 2, date(2021, 9, 1), "Lan"),
                              person_id=right, today=date(2022, 6, 1), actor=boss,
                              confirm_warnings=True)
            assert out.saved, out.problems
            clashed.append(True)
        return True

    monkeypatch.setattr(merge_records, "confirm", last_word)
    ctx, dialog = _opened(qtbot, db, boss, typo, TYPO, right)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.problem.isVisible() and dialog.merging is None,
                    timeout=10_000)
    ctx.runner.wait_idle()
    assert dialog.keep.id == typo and dialog.table.isEnabled()  # the case's record again
    dialog.choose([h.id for h in dialog.hits.rows].index(lone))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    ctx.runner.wait_idle()
    with db.reading() as s:
        assert (s.get(Person, lone).merged_into, s.get(Person, typo).merged_into) == (
            typo, None)


def test_a_complaint_is_never_resolved_by_merging_two_other_records(qtbot, db, site, boss,
                                                                    monkeypatch):
    """The complaint's dialog as the case's: swapped, refused once at the write, a third
    namesake picked; the complaint was resolved by a merge its record was no part of."""
    from desktop_app.services import complaints
    from desktop_app.services.doses import DoseInput, record_dose
    from desktop_app.services.records import person_view
    from desktop_app.ui.complaints.merge_dialog import MergeDialog
    from tests.complaints.people import CODE, arrived

    right, typo = _twins(db, boss)
    lone = recorded(db, boss, BICH, None, 3, date(2021, 12, 1)).person_id
    arrived(db, TYPO, full_name=BICH)
    item = complaints.complaint(db, CODE)
    assert item.person_id == typo
    monkeypatch.setattr(merge_records, "choose", lambda *_a: 1)
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    dialog = MergeDialog(ctx, item, person_view(db, typo), None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: any(h.id == right for h in dialog.hits.rows), timeout=10_000)
    dialog.choose([h.id for h in dialog.hits.rows].index(right))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.note_dialog is not None, timeout=10_000)
    assert record_dose(db, DoseInput("COMIRNATY", "FK1", 2, date(2021, 9, 1), "Lan"),
                       person_id=right, today=date(2022, 6, 1), actor=boss,
                       confirm_warnings=True).saved  # meanwhile, at the desk
    first = dialog.note_dialog
    first.confirm()
    qtbot.waitUntil(lambda: dialog.problem.isVisible() and dialog.merging is None,
                    timeout=10_000)
    assert dialog.keep.id == typo
    dialog.choose([h.id for h in dialog.hits.rows].index(lone))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.note_dialog is not first, timeout=10_000)
    dialog.note_dialog.confirm()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    ctx.runner.wait_idle()
    resolved = complaints.complaint(db, CODE)
    assert (resolved.person_id, resolved.merged_id) == (typo, lone)
