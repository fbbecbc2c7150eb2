"""Settings → Audit trail through real widgets on a real database: the supervisor reads who
did what in Vietnamese words (a clerk's dose, a clerk's refused void, by name), one
account's entries alone, older pages on request, the trail checked and exported to CSV
from the dialog; a clerk is refused by the service. Drawn at 1024×600 to be looked at."""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts
from desktop_app.services.actor import NotAllowed, Role
from desktop_app.services.audit_trail import PAGE, trail_page
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.ui.audit_trail_dialog import AuditTrailDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.tasks import TaskRunner

PASSWORD = "mật khẩu của Lan 1"


@pytest.fixture
def lan(db, boss, site):  # noqa: ARG001 - the site: a dose needs one
    accounts.add_user(db, "lan", "Nguyễn Thị Lan", Role.CLERK, PASSWORD, actor=boss)
    return accounts.login(db, "lan", PASSWORD)


@pytest.fixture
def ctx(qtbot, db, boss):  # noqa: ARG001
    set_language("vi")
    context = AppContext(db, TaskRunner(), "vi")
    context.actor = boss
    context.errors = []
    context.error_handler = lambda exc, _parent: context.errors.append(exc)
    return context


def _dialog(qtbot, ctx) -> AuditTrailDialog:
    dialog = AuditTrailDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0 and dialog.who.count() > 1)
    return dialog


def _cells(dialog, row: int) -> list[str]:
    return [dialog.model.index(row, c).data() for c in range(5)]


def test_the_supervisor_reads_who_did_what_and_narrows_it_to_one_account(qtbot, db, ctx, lan,
                                                                          boss):
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Y tá Lan"),
                      person=PersonInput("Lê Thị Hoa", date(1990, 2, 3), Sex.FEMALE,
                                         IdType.CCCD, "001190000555"),
                      today=date(2022, 6, 1), actor=lan)
    with pytest.raises(NotAllowed):
        void_dose(db, out.dose_id, "Ghi nhầm", actor=lan)
    dialog = _dialog(qtbot, ctx)

    newest = _cells(dialog, 0)  # newest first: the refused void
    assert newest[2] == "lan (Nguyễn Thị Lan)"  # by login too: full names repeat
    assert newest[4] == ("Bị từ chối: “đánh dấu mũi tiêm nhập nhầm” cần vai trò người giám "
                         "sát; người này có vai trò nhân viên ghi nhận")
    dialog.table.setFocus()
    dialog.table.selectRow(0)  # the chosen entry whole under the table (the row is one line)
    assert dialog.detail.text().endswith(newest[4]) and "Nguyễn Thị Lan" in dialog.detail.text()
    rows = [_cells(dialog, r) for r in range(dialog.model.rowCount())]
    dose_row = next(r for r in rows if r[3].startswith("Mũi tiêm"))
    assert dose_row[3] == "Mũi tiêm: mũi 1 của “Lê Thị Hoa” (số giấy tờ 001190000555)"
    assert "Tài khoản: lan (Nguyễn Thị Lan)" in [r[3] for r in rows]
    assert dose_row[2] == "lan (Nguyễn Thị Lan)" and not dialog.older_button.isEnabled()

    dialog.who.setCurrentIndex(dialog.who.findData(boss.user_id))
    qtbot.waitUntil(lambda: dialog.model.rowCount() < len(rows))
    assert dialog.detail.text() == ""  # Lan's entry is not said under the boss's list
    dialog.who.setCurrentIndex(dialog.who.findData(lan.user_id))
    qtbot.waitUntil(lambda: dialog.model.rowCount() < len(rows) and
                    {_cells(dialog, r)[2] for r in range(dialog.model.rowCount())} ==
                    {"lan (Nguyễn Thị Lan)"})
    assert {_cells(dialog, r)[2] for r in range(dialog.model.rowCount())} == \
        {"lan (Nguyễn Thị Lan)"}
    assert dialog.who.currentText() == "lan (Nguyễn Thị Lan)"

    if os.environ.get("VAXDESK_SHOTS"):  # to be looked at
        dialog.who.setCurrentIndex(0)
        qtbot.waitUntil(lambda: dialog.model.rowCount() == len(rows))
        dialog.grab().save(str(Path(os.environ["VAXDESK_SHOTS"]) / "audit-trail.png"))
    assert dialog.width() <= 1024 and dialog.height() <= 600
    assert ctx.errors == []


def test_older_pages_a_check_and_an_export_from_the_dialog(qtbot, db, ctx, boss, tmp_path):
    with db.transaction() as s:
        for i in range(PAGE + 5):
            s.add(store.audit_entry("export", "file", f"tep-{i}.csv", {"rows": i}, utc_now(),
                                    boss.user_id))
    dialog = _dialog(qtbot, ctx)
    assert dialog.model.rowCount() == PAGE and dialog.older_button.isEnabled()
    first = _cells(dialog, 0)
    dialog.table.selectRow(0)
    chosen = dialog.detail.text()
    dialog.older_button.click()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > PAGE)
    assert _cells(dialog, 0) == first  # older ones come below, nothing shown twice
    assert dialog.table.currentIndex().row() == 0 and dialog.detail.text() == chosen
    ids = [int(_cells(dialog, r)[0]) for r in range(dialog.model.rowCount())]
    assert ids == sorted(set(ids), reverse=True) and not dialog.older_button.isEnabled()

    dialog.check_button.click()
    qtbot.waitUntil(lambda: "nguyên vẹn" in dialog.said.text(), timeout=10000)
    out = tmp_path / "nhat-ky.csv"
    dialog.export(out)
    qtbot.waitUntil(lambda: dialog.said.text().startswith("Đã xuất"), timeout=10000)
    with open(out, encoding="utf-8-sig", newline="") as f:
        assert len(list(csv.reader(f))) - 1 >= len(ids)
    assert ctx.errors == []


def test_a_clerk_is_refused_the_trail_and_the_refusal_is_audited(db, lan):
    with pytest.raises(NotAllowed):
        trail_page(db, "vi", actor=lan)
    assert "xem nhật ký thao tác" in trail_page(db, "vi", actor=db.supervisor).entries[0].what


def test_the_trail_goes_back_to_a_day_at_once(qtbot, db, ctx, boss):
    """A month back was dozens of "older entries" pages on a busy site (a site manager's
    review): a day typed shows that day's entries and those before, newest first."""
    from datetime import timedelta

    from desktop_app.clock import utc_bounds

    days = [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 20)]
    with db.transaction() as s:
        for day in days:  # 23:30 local: the local day, not UTC's, decides
            at = utc_bounds(day, day)[0] + timedelta(hours=23, minutes=30)
            s.add(store.audit_entry("export", "file", f"tep-{day.day}.csv", {"rows": 1}, at,
                                    boss.user_id))
    dialog = _dialog(qtbot, ctx)
    dialog.show()
    dialog.until.setFocus()
    qtbot.keyClicks(dialog.until, "10112026")
    qtbot.keyClick(dialog.until, Qt.Key.Key_Return)  # applies the day, and nothing else:
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 2)
    ctx.runner.wait_idle()
    qtbot.wait(100)
    assert dialog.said.text() == "" and dialog.isVisible()  # no check of the trail ran
    assert [_cells(dialog, r)[3] for r in range(2)] == ["Tệp tep-10.csv", "Tệp tep-3.csv"]
    dialog.until.clear()
    dialog.until.editingFinished.emit()
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 2)
    assert ctx.errors == []
