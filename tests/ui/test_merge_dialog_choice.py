"""The merge dialog on real widgets: a search picks nothing for the supervisor (the first
namesake found is not the record to fold), another person's name is asked about, and the
last confirmation names both records and the doses that move."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from desktop_app.db.models import Person
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.ui import merge_records
from desktop_app.ui.complaints.complaints_screen import ComplaintsScreen
from desktop_app.ui.complaints.merge_dialog import MergeDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner
from tests.cleaning.people import paper
from tests.complaints.people import CODE, arrived

VAN_ID = make_cccd("001", Sex.FEMALE, 2006, 1234)


@pytest.fixture
def van(db, site):
    """Đỗ Minh Vân's record and her complaint; Nguyễn Thị Dung, no ID, two doses."""
    van = paper(db, full_name="Đỗ Minh Vân", dob="13/08/2006", id_number=VAN_ID)
    dung = paper(db, full_name="Nguyễn Thị Dung", dob="18/05/1940", id_number="",
                 dose_number="2", dose_date="07/10/2021")
    paper(db, full_name="Nguyễn Thị Dung", dob="18/05/1940", id_number="",
          dose_number="3", dose_date="07/03/2022")
    arrived(db, VAN_ID, full_name="Đỗ Minh Vân")
    return {"van": van, "dung": dung}


@pytest.fixture
def dialog(qtbot, db, boss, van):
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = boss
    ctx.error_handler = lambda exc, _parent: pytest.fail(repr(exc))
    screen = ComplaintsScreen(ctx)
    qtbot.addWidget(screen)
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    screen.table.setCurrentIndex(screen.model.index(screen.model.row_of(CODE), 0))
    screen.merge_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, MergeDialog))
    yield screen.dialog
    screen.dialog.close()
    ctx.runner.wait_idle()


def test_a_search_chooses_nothing_and_merge_waits_for_a_pick(qtbot, dialog, van):
    dialog.query.setText("Nguyễn Thị Dung")
    qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [van["dung"]])
    assert dialog.chosen is None
    assert not dialog.merge_button.isEnabled()
    assert not dialog.table.selectionModel().hasSelection()
    assert dialog.right.labels["full_name"].text() == ""
    dialog.table.selectRow(0)
    assert dialog.chosen.id == van["dung"] and dialog.merge_button.isEnabled()


def test_the_confirmation_names_both_records_and_the_doses_that_move(
        qtbot, dialog, van, db, monkeypatch):
    asked = []
    monkeypatch.setattr(merge_records, "confirm",
                        lambda _p, _title, said, *_a: asked.append(said) or True)
    dialog.query.setText("Nguyễn Thị Dung")
    qtbot.waitUntil(lambda: bool(dialog.hits.rows))
    dialog.table.selectRow(0)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: bool(asked))  # once the records' doses are read
    assert "Different names" in asked[0]  # weighed with the sex and the birth date
    assert "Đỗ Minh Vân" in asked[0] and "Nguyễn Thị Dung" in asked[0]
    qtbot.waitUntil(lambda: dialog.note_dialog is not None and dialog.note_dialog.isVisible())
    question = "\n".join(label.text() for label in dialog.note_dialog.findChildren(QLabel))
    assert "Nguyễn Thị Dung (born 18/05/1940, ID: none)" in question
    assert f"Đỗ Minh Vân (born 13/08/2006, ID: {VAN_ID})" in question
    assert "Đỗ Minh Vân's record takes its 2 doses" in question
    dialog.note_dialog.ok_button.click()
    qtbot.waitUntil(lambda: dialog.outcome is not None or bool(dialog.problem.text()),
                    timeout=5000)
    assert dialog.problem.text() == ""
    with db.reading() as s:
        assert s.get(Person, van["dung"]).merged_into == van["van"]


def test_a_dose_number_both_records_hold_is_said_before_any_question(
        qtbot, dialog, van, db, monkeypatch):
    """Review 6 Dec 2026: the refusal came after "Two different people?" and the last word,
    and told to void a dose that could be a real one recorded under the wrong number."""
    twin = paper(db, full_name="Đỗ Minh Vân", dob="13/08/2006", id_number="",
                 dose_date="06/11/2021", address="khác")  # her dose 1 again, typed apart
    asked = []
    monkeypatch.setattr(merge_records, "confirm", lambda *a: asked.append(a) or True)
    dialog.query.setText("")
    dialog.query.setText("Đỗ Minh Vân")  # searched again: the twin came after it opened
    qtbot.waitUntil(lambda: any(hit.id == twin for hit in dialog.hits.rows))
    [row] = [n for n, hit in enumerate(dialog.hits.rows) if hit.id == twin]
    dialog.table.selectRow(row)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: bool(dialog.problem.text()))
    said = dialog.problem.text()
    assert said.startswith("Not merged: both records have dose number 1 (the kept record: ")
    assert "02/09/2021" in said and "06/11/2021" in said and "correct its number" in said
    assert asked == [] and dialog.note_dialog is None  # nothing asked, nothing merged
    with db.reading() as s:
        assert s.get(Person, twin).merged_into is None
