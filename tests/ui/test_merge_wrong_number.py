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
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    [keep] = [p for p in search_people(db, RIGHT) if p.id == right]
    dialog = CaseMergeDialog(ctx, keep, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.query.setText(TYPO)
    qtbot.waitUntil(lambda: any(h.id == typo for h in dialog.hits.rows))
    dialog.choose([h.id for h in dialog.hits.rows].index(typo))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    assert asked[0] == f"An ID number mistyped?: {TYPO}"
    with db.reading() as s:
        assert s.get(Person, typo).merged_into == right
    ctx.runner.wait_idle()


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
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    [opened] = [p for p in search_people(db, TYPO) if p.id == typo]
    dialog = CaseMergeDialog(ctx, opened, None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.query.setText(RIGHT)
    qtbot.waitUntil(lambda: any(h.id == right for h in dialog.hits.rows))
    dialog.choose([h.id for h in dialog.hits.rows].index(right))
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
