"""The Records area as a clerk reads it on a netbook, on real widgets: the dose's state and
sync in sight at 1024 px, the room left given to the names, a word for an empty day, the dose
number headed "Mũi thứ", and the record's history in words instead of stored codes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.records.dose_table_model import COLUMNS
from desktop_app.ui.records.records_screen import RecordsScreen
from desktop_app.ui.tasks import TaskRunner

SETTLE_MS = 20_000
LONG_AGO = date.today() - timedelta(days=400)


@pytest.fixture
def old_doses(db, site):
    """Two people vaccinated long ago: nothing today."""
    made = []
    for n, name in enumerate(("Nguyễn Thị Nhung", "Trần Văn Bình")):
        person = PersonInput(name, date(1990, 9, 5), Sex.FEMALE if n == 0 else Sex.MALE,
                             IdType.CCCD, f"00119{n}000123" if n == 0 else "001090000124",
                             phone="0912345678")
        made.append(record_dose(db, DoseInput("COMIRNATY", "A0221", 1, LONG_AGO + timedelta(n),
                                              "Y tá Hoa"),
                                person=person, confirm_warnings=True, actor=AT_THIS_LAPTOP))
    return made


@pytest.fixture
def screen(qtbot, db, old_doses):
    set_language("vi")
    ctx = AppContext(db, TaskRunner(), "vi")
    widget = RecordsScreen(ctx)
    qtbot.addWidget(widget)
    widget.resize(860, 500)  # the Records area inside a 1024 x 600 window
    widget.show()
    widget.activate()
    yield widget
    if widget.dialog is not None:
        widget.dialog.close()
    ctx.runner.wait_idle()


def settled(screen, count):
    return screen.model.rowCount() == count and not screen.model.loading \
        and screen.total == count


def test_an_empty_today_says_so_and_points_to_all(qtbot, screen):
    qtbot.waitUntil(lambda: settled(screen, 0), timeout=SETTLE_MS)
    assert screen.empty.isVisible() and not screen.table.isVisible()
    assert "Hôm nay chưa ghi nhận mũi tiêm nào" in screen.empty.text()
    assert "“Tất cả”" in screen.empty.text()
    screen.all.click()
    qtbot.waitUntil(lambda: settled(screen, 2), timeout=SETTLE_MS)
    assert screen.table.isVisible() and not screen.empty.isVisible()
    screen.vaccine.setCurrentIndex(screen.vaccine.findData("VAXZEVRIA"))
    qtbot.waitUntil(lambda: settled(screen, 0), timeout=SETTLE_MS)
    assert screen.empty.text() == "Không có bản ghi nào khớp với bộ lọc."


def test_state_and_sync_are_in_sight_and_the_names_take_the_room(qtbot, screen):
    screen.all.click()
    qtbot.waitUntil(lambda: settled(screen, 2), timeout=SETTLE_MS)
    qtbot.wait(50)
    table, header = screen.table, screen.table.horizontalHeader()
    seen = table.viewport().width()
    for name in ("date", "name", "status", "sync"):
        column = COLUMNS.index(name)
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= seen, name
    assert table.model().index(0, COLUMNS.index("status")).data() == "Hiệu lực"
    assert table.model().index(0, COLUMNS.index("sync")).data() == "Chờ đồng bộ"
    assert not header.stretchLastSection()
    # On a wide screen the room left goes to the names, not to the last column.
    screen.resize(1800, 500)
    name = COLUMNS.index("name")
    qtbot.waitUntil(lambda: header.length() >= table.viewport().width() - 1)
    widest = table.fontMetrics().horizontalAdvance("Nguyễn Thị Nhung")
    assert header.sectionSize(name) > widest + 200
    last = len(COLUMNS) - 1
    assert header.sectionSize(last) < 200  # "Tại điểm tiêm", not the screen's spare width


def test_the_dose_number_is_headed_mui_thu(qtbot, screen):
    headers = [screen.model.headerData(c, _horizontal()) for c in range(len(COLUMNS))]
    assert headers[COLUMNS.index("dose")] == "Mũi thứ" and "Mũi tiêm" not in headers


def test_the_record_history_tells_values_in_words(qtbot, screen, old_doses):
    dialog = screen.open_record(old_doses[0].dose_id)
    qtbot.waitUntil(lambda: dialog.detail is not None, timeout=SETTLE_MS)
    history = [dialog.audit.item(r, 4).text() for r in range(dialog.audit.rowCount())]
    person, dose = history
    assert "Giới tính “Nữ”" in person and "Loại giấy tờ “Căn cước công dân (CCCD)”" in person
    assert "Tên vắc xin “Comirnaty (Pfizer-BioNTech)”" in dose
    assert "Nguồn “Tại điểm tiêm”" in dose
    for code in ("“F”", "“CCCD”", "“COMIRNATY”", "“desk”"):
        assert code not in person + dose
    assert dialog.doses.horizontalHeaderItem(1).text() == "Mũi thứ"
    assert dialog.doses.item(0, 5).text() == "Tại điểm tiêm"
    # Which dose an entry is of, in a history of them all (review of 6 Dec 2026).
    day = dialog.doses.item(0, 0).text()
    assert dialog.audit.item(1, 3).text() == f"Mũi {dialog.doses.item(0, 1).text()} ({day})"
    assert dialog.audit.item(0, 3).text() == "Người được tiêm"


def _horizontal():
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal
