"""On real widgets: a complaint no ID number linked to a record here offered only "Reject";
"Choose the record" now finds the record as the desk finds people (the citizen's name and
birth date already typed), links it, and "Correct the details" opens on it. A call taken
here that central passed on elsewhere is listed after the open ones, without a countdown or
a button that resolves, with its outcome as the citizen reads it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt

from desktop_app.clock import utc_now
from desktop_app.db import complaint_store
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import complaints
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, Role
from desktop_app.sync.complaints import sync_complaints
from desktop_app.ui.complaints.complaint_table_model import COLUMNS
from desktop_app.ui.complaints.link_dialog import LinkDialog
from desktop_app.ui.complaints.resolve_forms import ComplaintCorrectionDialog
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.complaints.scripted import Scripted
from tests.ui.complaint_helpers import choose, complaints_screens

RIGHT = make_cccd("001", Sex.FEMALE, 1990, 4321)
TYPO = make_cccd("001", Sex.FEMALE, 1990, 4312)
HIDDEN, PASSED = "PA-00000011", "PA-2B3C4D5E"
REASON = "Hồ sơ đúng với CCCD, không cần sửa."


@pytest.fixture
def cases(db, site):
    """Hoa's record under a mistyped CCCD and her complaint by the right one; Lan's record
    and a call about her taken here that central passed on, then rejected elsewhere."""
    hoa = paper(db, full_name="Nguyễn Thị Hoa", dob="05/05/1990", id_number=TYPO)
    paper(db, full_name="Nguyễn Thị Hoa", dob="17/08/1972", id_number="",
          sex="Nữ")  # a namesake born another day
    sub = wire.Submission(wire.DETAILS_HIDE_DOSES, RIGHT, "Nguyễn Thị Hoa", date(1990, 5, 5),
                          "0912345678", text="Số CCCD trên hồ sơ bị gõ sai nên không thấy mũi "
                          "tiêm.")
    received = utc_now() - timedelta(hours=5)
    with db.transaction() as s:
        complaint_store.keep_pulled(s, wire.Complaint(
            HIDDEN, sub, received, wire.ROUTE_COMMUNE, "HN-0001", "01", "00004",
            changed_at=received))
    complaints.take_hotline(db, wire.Submission(
        wire.DETAILS_WRONG, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
        text="Gọi điện: sai tên đệm."), actor=AT_THIS_LAPTOP, today=TODAY)
    coded = wire.Complaint(PASSED, complaints.list_complaints(db)[-1].submission,
                           utc_now() - timedelta(hours=60), wire.ROUTE_PROVINCE, None, None,
                           None)
    told = wire.FiledStatus(PASSED, wire.REJECTED, True, utc_now(), wire.REJECT, REASON,
                            utc_now() - timedelta(hours=1))
    sync_complaints(db, Scripted({
        ("POST", "complaints"): (201, coded.as_json()),
        ("GET", "complaints"): (200, {"complaints": [], "next_since": None}),
        ("GET", wire.FILED_PATH): (200, {"complaints": [told.as_json()]})}))
    return {"hoa": hoa}


@pytest.fixture
def make_screen(qtbot, db, boss):
    with complaints_screens(qtbot, db, boss, rows=2) as make:
        yield make


def shown(screen, code, column, role=Qt.ItemDataRole.DisplayRole):
    model = screen.model
    return model.data(model.index(model.row_of(code), COLUMNS.index(column)), role)



def test_choose_the_record_links_it_and_the_correction_opens_on_it(qtbot, make_screen, cases,
                                                                   db):
    screen = make_screen()
    choose(screen, HIDDEN)
    assert screen.link_button.isEnabled() and screen.reject_button.isEnabled()
    assert not screen.correct_button.isEnabled() and not screen.merge_button.isEnabled()
    assert screen.detail.fields["record"].text() == "No record here yet"
    screen.link_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, LinkDialog))
    dialog = screen.dialog
    assert (dialog.query.text(), dialog.born.typed()) == ("Nguyễn Thị Hoa", "05/05/1990")
    qtbot.waitUntil(lambda: [h.id for h in dialog.hits.rows] == [cases["hoa"]])
    dialog.born.set_value(None)  # any day: the namesake too
    qtbot.waitUntil(lambda: dialog.hits.rowCount() == 2)
    dialog.born.setText("05/05/1990")
    qtbot.waitUntil(lambda: dialog.hits.rowCount() == 1)
    assert dialog.chosen is None and not dialog.link_button.isEnabled()  # the officer picks
    dialog.table.selectRow(0)
    assert dialog.chosen.id == cases["hoa"] and dialog.link_button.isEnabled()
    dialog.link_button.click()
    qtbot.waitUntil(lambda: complaints.complaint(db, HIDDEN).person_id == cases["hoa"],
                    timeout=5000)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: shown(screen, HIDDEN, "person") == f"Nguyễn Thị Hoa ({TYPO})")
    qtbot.waitUntil(screen.correct_button.isEnabled)
    assert screen.detail.fields["record"].text() == f"Nguyễn Thị Hoa ({TYPO})"
    screen.correct_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, ComplaintCorrectionDialog))
    assert screen.dialog.person_id == cases["hoa"]
    assert screen.dialog.person_form.id_number.text() == TYPO


def test_a_clerk_may_not_choose_the_record(make_screen, cases, boss):
    screen = make_screen(Actor(boss.user_id, "Thư ký", Role.CLERK))
    choose(screen, HIDDEN)
    assert not screen.link_button.isEnabled()
    assert screen.link_button.toolTip() == "Only a supervisor resolves complaints."


def test_a_call_passed_on_is_listed_after_the_open_ones_without_a_countdown_or_buttons(
        qtbot, make_screen, cases):
    screen = make_screen(lang="vi")
    assert [screen.model.item_at(r).code for r in range(2)] == [HIDDEN, PASSED]
    assert shown(screen, PASSED, "countdown") == "—"
    assert shown(screen, PASSED, "countdown", Qt.ItemDataRole.ForegroundRole) is None
    assert shown(screen, PASSED, "status") == "Đã chuyển đi · Không chấp nhận"
    choose(screen, PASSED)
    for button in (screen.link_button, screen.add_dose_button, screen.correct_button,
                   screen.merge_button, screen.reject_button):
        assert not button.isEnabled()
        assert button.toolTip().startswith(f"Phản ánh {PASSED} đã được hệ thống trung tâm "
                                           "chuyển cho nơi khác xử lý")
    pane = screen.detail
    qtbot.waitUntil(pane.elsewhere.isVisible)
    assert pane.elsewhere.text().startswith("Hệ thống trung tâm đã chuyển phản ánh này")
    assert pane.fields["resolution"].text() == f"Không chấp nhận: {REASON}"
    assert pane.fields["due"].text() == "—"
    choose(screen, HIDDEN)
    assert not pane.elsewhere.isVisible() and screen.reject_button.isEnabled()
