"""A scanner's burst never lands where the keys happen to be: over the screening checklist,
in the lot field, after another card, in another area. Each card goes to the desk's search,
one at a time (from an area that searches nobody, the clerk with it), on real widgets over
a real database; the scanner types key by key (``scanner_helpers``)."""

import time
from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.clock import local_today
from desktop_app.rules.cccd_qr import format_cccd_qr
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.day_defaults import set_day_defaults
from tests.services.test_search import add
from tests.ui.desk_helpers import (
    accept_screening,
    make_screen,
    open_area,
    press,
    rows,
    type_text,
    wait_saved,
)
from tests.ui.scanner_helpers import (
    CARD_A,
    CARD_B,
    focused,
    key,
    scan,
    scan_busy,
    typing_times,
)

CTRL = Qt.KeyboardModifier.ControlModifier
WAITS_FOR_B = "Người tiếp theo đã quét (Trần Văn Bình)"


def add_a(db):
    return add(db, CARD_A.full_name, CARD_A.dob, CARD_A.sex, CARD_A.id_number)


def open_by_scan(qtbot, screen, card=CARD_A):
    scan(card)
    qtbot.waitUntil(lambda: screen.entry.isVisible())


def test_a_card_scanned_over_the_screening_checklist_answers_nothing_and_opens_next(
        qtbot, db, site):
    add_a(db)
    screen = make_screen(qtbot, db)
    open_by_scan(qtbot, screen)
    press(qtbot, focused(), Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: getattr(screen, "screening", None) is not None
                    and screen.screening.isVisible())
    checklist = screen.screening

    scan(CARD_B)  # the next citizen's card, before the checklist is answered
    qtbot.wait(100)
    assert checklist.isVisible() and checklist.answered() == [] and checklist.reason.text() == ""
    assert rows(db, "SELECT count(*) FROM screening") == [(0,)]
    assert rows(db, "SELECT dose_number FROM dose") == [(1,)]  # nothing saved by its Enter
    notice = screen.scans.notice  # said over the checklist, where the clerk is looking
    assert notice is not None and notice.isVisible() and WAITS_FOR_B in notice.text()
    assert WAITS_FOR_B in screen.message.text()

    press(qtbot, focused(), Qt.Key.Key_Return)  # the clerk's Enter closes the notice
    qtbot.waitUntil(lambda: not shiboken6.isValid(notice) or not notice.isVisible())
    qtbot.waitUntil(lambda: QApplication.activeWindow() is checklist)
    press(qtbot, focused(), Qt.Key.Key_Return)  # then answers the checklist: eligible
    qtbot.waitUntil(lambda: rows(db, "SELECT count(*) FROM dose") == [(2,)])
    assert rows(db, "SELECT outcome FROM screening") == [("eligible",)]
    # The card scanned meanwhile opens now, its person new here, prefilled from it.
    qtbot.waitUntil(lambda: screen.person_form.isVisible()
                    and screen.person_form.full_name.text() == "Trần Văn Bình")
    assert screen.search.box.text() == CARD_B.id_number  # its number, not its whole text


def test_the_next_card_scanned_into_the_lot_field_never_becomes_the_lot(qtbot, db, site):
    """A new morning: yesterday's lot is not carried, so Enter lands in the Lot field."""
    add_a(db)
    set_day_defaults(db, "COMIRNATY", "FK1234", "Y tá Lan", day=local_today() - timedelta(days=1),
                     actor=AT_THIS_LAPTOP)
    screen = make_screen(qtbot, db, defaults=False)
    qtbot.waitUntil(lambda: screen.defaults.product_code is not None)
    open_by_scan(qtbot, screen)
    lot = screen.dose_form.lot
    assert focused() is lot

    scan(CARD_B)  # the next person's card, or the scanner reading this one's twice
    qtbot.waitUntil(lambda: WAITS_FOR_B in screen.message.text())
    assert lot.text() == "" and screen.dose_form.vaccinator.text() == "Y tá Lan"
    assert focused() is lot  # where the clerk was

    type_text(qtbot, lot, "FK5678")
    press(qtbot, lot, Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: rows(db, "SELECT count(*) FROM dose") == [(2,)])
    assert rows(db, "SELECT dose_number, lot_number FROM dose ORDER BY dose_number") == [
        (1, "FK1"), (2, "FK5678")]
    qtbot.waitUntil(lambda: screen.person_form.full_name.text() == "Trần Văn Bình")


def test_a_lot_that_is_a_cards_text_is_refused_under_the_field(qtbot, db, site):
    add_a(db)
    screen = make_screen(qtbot, db)
    open_by_scan(qtbot, screen)
    screen.dose_form.lot.setText(format_cccd_qr(CARD_B))  # pasted: no scanner to catch it
    press(qtbot, focused(), Qt.Key.Key_S, CTRL)
    accept_screening(qtbot, screen)
    label = screen.dose_form.problems.labels["lot_number"]
    qtbot.waitUntil(lambda: "không phải số lô" in label.text())
    assert rows(db, "SELECT count(*) FROM dose") == [(1,)]
    assert focused() is screen.dose_form.lot


def test_two_cards_in_a_row_open_one_after_the_other_never_one_text(qtbot, db, site):
    pid = add_a(db)
    screen = make_screen(qtbot, db)
    scan(CARD_A)
    scan(CARD_B)  # back to back: a queue at the desk
    qtbot.waitUntil(lambda: screen.person is not None)
    qtbot.waitUntil(lambda: WAITS_FOR_B in screen.message.text())
    assert screen.person.id == pid and screen.dose_form.dose_number.value() == 2
    assert screen.search.box.text() == CARD_A.id_number  # B never appended to it
    assert "bị lỗi" not in screen.search.hint.text()  # A is not called damaged

    press(qtbot, focused(), Qt.Key.Key_Escape)  # nothing typed for A: back, and B opens
    qtbot.waitUntil(lambda: screen.person_form.isVisible()
                    and screen.person_form.full_name.text() == "Trần Văn Bình")
    assert screen.person is None and screen.person_form.id_number.text() == CARD_B.id_number


def test_a_card_read_twice_opens_its_person_once(qtbot, db, site):
    screen = make_screen(qtbot, db)
    scan(CARD_B)
    scan(CARD_B)  # the scanner's double read
    qtbot.waitUntil(lambda: screen.person_form.isVisible())
    qtbot.wait(200)
    assert screen.person_form.full_name.text() == "Trần Văn Bình"
    assert not screen.scans.waiting and "Người tiếp theo" not in screen.message.text()
    press(qtbot, focused(), Qt.Key.Key_S, CTRL)
    wait_saved(qtbot, screen, 0, db)
    qtbot.wait(200)
    assert not screen.entry.isVisible()  # not opened again for a second dose
    assert rows(db, "SELECT count(*) FROM person") == [(1,)]


def test_a_card_scanned_in_an_area_that_searches_nobody_takes_the_clerk_to_the_desk(
        qtbot, db, site):
    """A citizen at the laptop with their card, the clerk on the records list: the card is
    not lost (nor refused) but searched at the desk, its person opened by the scanner's
    Enter, the desk saying where it came from and the way back."""
    pid = add_a(db)
    _ctx, window, records = open_area(qtbot, db, "records", "vi")
    desk = window.areas["record"]
    qtbot.waitUntil(lambda: records.total is not None)
    scan(CARD_A)  # the keys go to the records list
    qtbot.waitUntil(lambda: desk.person is not None)
    assert desk.person.id == pid and window.stack.currentWidget() is desk
    assert desk.search.box.text() == CARD_A.id_number
    assert records.dialog is None  # its Enter opened no record
    assert desk.message.text() == "Thẻ CCCD quét ở màn hình Danh sách bản ghi được tìm ở " \
        "đây. Quay lại Danh sách bản ghi: Ctrl+3."
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]


@pytest.mark.parametrize("every", [0, 3, 10])
def test_scan_and_enter_open_the_person_every_time_however_busy(qtbot, db, site, every):
    """The GUI thread busy while the scanner types (a repaint, a save landing): keys and
    answers pile up, and an older query's answer or failure lands after the Enter."""
    pid = add_a(db)
    screen = make_screen(qtbot, db)
    opened = 0
    for _ in range(30):
        screen.search.reset()
        qtbot.wait(20)
        scan_busy(CARD_A, every)
        try:  # every scan, however slow a loaded machine is (a late one would be
            # counted by the next scan's wait, and the next scan itself lost)
            qtbot.waitUntil(lambda: screen.person is not None, timeout=10_000)
        except qtbot.TimeoutError:
            continue
        opened += screen.person.id == pid
        press(qtbot, focused(), Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: screen.person is None and not screen.entry.isVisible())
    assert opened == 30


def test_a_pause_of_the_gui_thread_inside_the_cards_id_splits_nothing(qtbot, db, site):
    """Half a second lost between two digits of the ID (a full garbage collection): the
    keys carry the time the scanner typed them, so the ID is still one fast run."""
    pid = add_a(db)
    screen = make_screen(qtbot, db)
    text = format_cccd_qr(CARD_A) + "\r"
    for i, (char, typed_ms) in enumerate(zip(text, typing_times(len(text), 0.001),
                                             strict=True)):
        key(char, typed_ms)
        if i == 4:
            time.sleep(0.5)
    qtbot.waitUntil(lambda: screen.person is not None)
    assert screen.person.id == pid and "bị lỗi" not in screen.search.hint.text()


def test_enter_is_kept_when_an_older_querys_failure_lands_after_it(qtbot, db, site):
    """The query typed so far (a card's text cut short: damaged) fails on the worker; the
    whole card is typed and Enter pressed before that failure reaches the screen."""
    pid = add_a(db)
    screen = make_screen(qtbot, db)
    panel = screen.search
    panel.box.setText(format_cccd_qr(CARD_A)[:-3])
    screen.ctx.runner.wait_idle()  # failed on the worker; its answer waits in the queue
    panel.box.setText(format_cccd_qr(CARD_A))
    press(qtbot, panel.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None)
    assert screen.person.id == pid and "bị lỗi" not in panel.hint.text()
