"""The merge's last word says what the doses joined break (review idrev): one injection
recorded on each of her two records, as dose 1 and as dose 2 on the same day, was merged
after a question naming only the records and the doses that move, and the kept record
became a finished series without a word. The question now says the two doses are too
close together and that the kept record goes on the cleaning list. Real database and
widgets; the modal question (``merge_records.confirm``) answered by a stub."""

from __future__ import annotations

from datetime import date

from desktop_app.services.search import search_people
from desktop_app.ui import merge_records
from desktop_app.ui.cleaning.case_merge import CaseMergeDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner
from tests.ui.merge_helpers import recorded

BICH, CCCD = "Trần Thị Bích", "001190000102"


def _last_word(qtbot, db, boss, monkeypatch, folded_day: date) -> str:  # noqa: ANN001
    """Her CCCD record's case merge dialog, her record without an ID (dose 2 on
    ``folded_day``) chosen beside it and merged: the last word asked."""
    kept = recorded(db, boss, BICH, CCCD, 1, date(2021, 8, 1)).person_id
    other = recorded(db, boss, BICH, None, 2, folded_day).person_id
    asked: list[str] = []
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, _t, text, _y, _n: asked.append(text) or True)
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    [opened] = [p for p in search_people(db, CCCD) if p.id == kept]
    dialog = CaseMergeDialog(ctx, opened, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: any(h.id == other for h in dialog.hits.rows))
    dialog.choose([h.id for h in dialog.hits.rows].index(other))
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=10_000)
    ctx.runner.wait_idle()
    return asked[-1]


def test_the_last_word_says_one_injection_recorded_twice_goes_on_the_cleaning_list(
        qtbot, db, site, boss, monkeypatch):
    said = _last_word(qtbot, db, boss, monkeypatch, date(2021, 8, 1))
    assert "Dose 2 is 0 days after the previous dose" in said, said
    assert "goes on the cleaning list" in said


def test_the_last_word_of_doses_that_fit_says_nothing_more(qtbot, db, site, boss,
                                                          monkeypatch):
    said = _last_word(qtbot, db, boss, monkeypatch, date(2021, 8, 29))
    assert "cleaning list" not in said, said
