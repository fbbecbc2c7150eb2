"""The desk in the netbook's real window (1008×552: a 1024×600 screen less the window frame,
``screen_fit``) and on a 1366×768 laptop, through the real main window.

A reviewer found the search's last dose (what tells namesakes apart) behind a scroll bar on
the netbook and elided beside an empty half at 1366; the search hint cut before "without
accents"; the observation list with its countdown at the end of the line, rows so tight the
accents touched, three rows and a half, nothing said when empty; the new person's dose date
and vaccinator scrolled out of sight, and an error left below the fold.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.clock import local_today
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.day_defaults import set_day_defaults
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets.screen_fit import FRAME_HEIGHT, FRAME_WIDTH

NETBOOK = QSize(1024 - FRAME_WIDTH, 600 - FRAME_HEIGHT)
LAPTOP = QSize(1366, 768)
NAMESAKES = [("Nguyễn Thị Nhung", date(1990, 9, 5), "001190000123", "0912345678"),
             ("Nguyễn Thị Nhàn", date(1985, 1, 12), "001185004567", "0987654321"),
             ("Nguyễn Thị Nhật Lệ", date(2001, 7, 30), "079301000042", None)]


@pytest.fixture
def namesakes(db, site):
    set_day_defaults(db, "COMIRNATY", "FK8891", "Y tá Phạm Thị Lan", actor=AT_THIS_LAPTOP)
    for i, (name, dob, cccd, phone) in enumerate(NAMESAKES):
        record_dose(db, DoseInput("COMIRNATY", "FK1290", 2, date(2021, 11, 5 + i), "Y tá Hoa",
                                  source="backfill"),
                    person=PersonInput(name, dob, Sex.FEMALE, IdType.CCCD, cccd, phone=phone),
                    confirm_warnings=True, actor=AT_THIS_LAPTOP)


def open_desk(qtbot, db, size, lang="vi"):
    set_language(lang)
    ctx = AppContext(db, TaskRunner(), lang)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.resize(size)
    window.show()
    qtbot.waitUntil(lambda: window.size() == size)
    window.show_area("record")
    settle(qtbot, ctx)
    return window, window.areas["record"]


def settle(qtbot, ctx):
    ctx.runner.wait_idle()
    qtbot.wait(50)
    ctx.runner.wait_idle()
    QApplication.processEvents()


def seen(widget: QWidget, window: QWidget) -> bool:
    """Visible, its whole rectangle inside the window and every clipping parent."""
    if not widget.isVisible():
        return False
    rect = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if not QRect(parent.mapTo(window, parent.rect().topLeft()), parent.size()).contains(rect):
            return False
        parent = parent.parentWidget()
    return window.rect().contains(rect)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("size", [NETBOOK, LAPTOP], ids=lambda s: f"{s.width()}x{s.height()}")
def test_each_namesakes_last_dose_is_seen_whole_while_searching(qtbot, db, namesakes, size,
                                                                lang):
    window, desk = open_desk(qtbot, db, size, lang)
    desk.search.box.setText("nguyen thi nh")
    qtbot.waitUntil(lambda: desk.search.model.rowCount() == 3)
    settle(qtbot, desk.ctx)
    table, model = desk.search.table, desk.search.model
    header, room = table.horizontalHeader(), table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    metrics = table.fontMetrics()
    for column in range(model.columnCount()):
        assert header.sectionViewportPosition(column) + header.sectionSize(column) <= room, \
            model.headers[column]
        widest = max(metrics.horizontalAdvance(model.data(model.index(r, column)))
                     for r in range(3))
        assert header.sectionSize(column) >= widest, model.headers[column]
    # Nobody picked yet: the search has the width, no empty half beside it.
    assert table.width() > window.width() * 2 // 3


def test_the_search_box_says_its_hint_whole_on_the_netbook(qtbot, db, namesakes):
    window, desk = open_desk(qtbot, db, NETBOOK)
    box = desk.search.box
    desk.start_new_person("")  # the narrowest the box gets: the form beside it
    settle(qtbot, desk.ctx)
    room = box.width() - 2 * box.height()  # less the frame, margins and the clear button
    assert box.fontMetrics().horizontalAdvance(box.placeholderText()) <= room
    desk.back_to_search()
    assert "không dấu" in desk.search.hint.text()
    assert "không dấu" in box.toolTip()


def test_the_observation_list_leads_with_the_countdown_fits_and_says_when_empty(
        qtbot, db, namesakes):
    window, desk = open_desk(qtbot, db, NETBOOK)
    panel = desk.observation
    # The 2021 doses above were history, never watched: the list says nobody is.
    assert not panel.list.isVisible() and panel.empty.isVisible()
    assert "Không có ai đang theo dõi" in panel.empty.text()
    for i, middle in enumerate(("An", "Bích", "Cúc", "Diễm", "Hạnh", "Huyền")):
        out = record_dose(db, DoseInput("COMIRNATY", "FK8891", 1, local_today(), "Y tá Lan"),
                          person=PersonInput(f"Nguyễn Thị {middle} Phương Thảo",
                                             date(1990, 1, 1), Sex.FEMALE, IdType.CCCD,
                                             f"00119000{i:04d}"),
                          confirm_warnings=True, actor=AT_THIS_LAPTOP)
        assert out.saved, out.problems
    desk.ctx.data_changed.emit("doses")
    qtbot.waitUntil(lambda: panel.list.count() == 6)
    settle(qtbot, desk.ctx)
    assert panel.list.isVisible() and not panel.empty.isVisible()
    first = panel.list.item(0)
    assert re.match(r"còn \d+:\d\d · Nguyễn", first.text()), first.text()
    assert first.toolTip() == first.text()
    assert not panel.list.horizontalScrollBar().isVisible()
    row = panel.list.visualItemRect(first).height()
    assert row >= panel.list.fontMetrics().height() + 6  # room for "Nguyễn" above the line
    assert panel.list.viewport().height() >= 4 * row  # four people at a glance, not 3½


def test_the_new_persons_fields_and_save_are_seen_and_an_error_is_scrolled_to(
        qtbot, db, namesakes):
    window, desk = open_desk(qtbot, db, NETBOOK)
    desk.start_new_person("")
    settle(qtbot, desk.ctx)
    form, dose = desk.person_form, desk.dose_form
    for field in (form.full_name, form.dob, form.sex, form.id_number, dose.product, dose.lot,
                  dose.dose_number, dose.dose_date, dose.vaccinator, desk.save_button):
        assert seen(field, window), type(field).__name__
    # Shorter still (the errors below a field make the form taller): the first error is
    # brought into view, not left above the fold with the focus in it.
    window.resize(NETBOOK.width(), 470)
    qtbot.waitUntil(lambda: window.height() == 470)
    settle(qtbot, desk.ctx)
    bar = desk.entry_scroll.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum())
    assert not seen(form.full_name, window)
    desk.save()  # no name: refused before anything is asked
    qtbot.waitUntil(lambda: seen(form.full_name, window))
    assert form.full_name.hasFocus() or QApplication.focusWidget() is form.full_name
    assert seen(desk.save_button, window)
    desk.back_to_search()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_choice_in_the_forms_widens_the_window_past_the_netbook(qtbot, db, namesakes, lang):
    """A reviewer chose "Không có giấy tờ tùy thân" for a child: the reason's list was as
    wide as "Vô gia cư hoặc không nơi cư trú ổn định" and the window grew to 1061 px, Save
    off the netbook's screen, and stayed so for the rest of the day. Every choice of every
    list in the new person's and the dose's forms is made with the keyboard; the window
    stays on the screen, Save in sight."""
    window, desk = open_desk(qtbot, db, NETBOOK, lang)
    desk.search.box.setFocus()
    qtbot.keyClick(desk.search.box, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form, dose = desk.person_form, desk.dose_form
    assert form.isVisible()

    def fits(what: str) -> None:
        settle(qtbot, desk.ctx)
        assert window.width() <= NETBOOK.width(), what
        assert window.minimumSizeHint().width() <= NETBOOK.width(), what
        assert seen(desk.save_button, window), what

    def each_choice(combo, then=None) -> None:
        combo.setFocus()
        qtbot.keyClick(combo, Qt.Key.Key_Home)
        for _ in range(combo.count()):
            fits(combo.currentText())
            if then is not None:
                then()
            qtbot.keyClick(combo, Qt.Key.Key_Down)

    def each_reason() -> None:
        if form.id_type.currentData() == IdType.NONE:
            each_choice(form.no_id_reason)
            form.id_type.setFocus()

    each_choice(form.id_type, each_reason)
    assert form.id_type.currentData() == IdType.NONE  # the last, the one that widened it
    assert form.no_id_reason.isVisible()
    each_choice(form.sex)
    each_choice(dose.product)
    # English captions are shorter; the Vietnamese reason's caption breaks, not the window.
    caption = form.layout().labelForField(form.no_id_reason.parentWidget())
    assert caption is not None and caption.wordWrap()


def test_beside_a_picked_person_the_list_keeps_each_last_dose_in_view(qtbot, db, namesakes,
                                                                      tmp_path):
    """With a person's form open beside it, the netbook's list (~450 px) scrolled sideways,
    its phones cut to "09196…" and the last dose, what tells namesakes apart, behind the
    scroll bar. The sex and phone (on the person's card) step aside while the form is open,
    and come back with the search."""
    window, desk = open_desk(qtbot, db, NETBOOK)
    desk.search.box.setText("nguyen thi nh")
    qtbot.waitUntil(lambda: desk.search.model.rowCount() == 3)
    desk.search.table.selectRow(0)
    desk.pick(desk.search.model.hits[0])
    qtbot.waitUntil(lambda: desk.person is not None)
    settle(qtbot, desk.ctx)
    table = desk.search.table
    assert table.isColumnHidden(2) and table.isColumnHidden(4)
    header, room = table.horizontalHeader(), table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()
    last = header.sectionViewportPosition(5) + header.sectionSize(5)
    assert last <= room
    window.grab().save(str(tmp_path / "desk-picked-netbook.png"))
    desk.back_to_search()
    settle(qtbot, desk.ctx)
    assert not table.isColumnHidden(2) and not table.isColumnHidden(4)
