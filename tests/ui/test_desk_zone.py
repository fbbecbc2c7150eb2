"""A laptop whose time zone is not Vietnam's (a fresh Windows's Pacific time), its clock
right to the second: every dose took that zone's date, a day off Vietnam's for part of each
day, and nothing said so. The desk's Today panel says it, the first save of a session asks,
and the Sync area tells it after a round.

The zone is set for the process (``TZ``), as Windows's setting sets it for the app;
``zone_far_from_vietnam`` (tests/laptop_clock.py) turns on the check the other tests run
without."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Qt

from desktop_app import clock
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.desk import desk_saving
from tests.laptop_clock import zone_far_from_vietnam  # noqa: F401 - the fixture
from tests.ui.desk_helpers import (
    accept_screening,
    make_screen,
    open_area,
    press,
    rows,
    type_into,
)

CTRL = Qt.KeyboardModifier.ControlModifier
PEOPLE = {"001190000555": "Lê Thị Hoa", "001190000556": "Trần Thị Mai"}


def _returning(db) -> None:
    for number, name in PEOPLE.items():
        record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date.today() - timedelta(days=60),
                                  "Lan", source="backfill"),
                    person=PersonInput(name, date(1990, 1, 2), Sex.FEMALE, IdType.CCCD,
                                       number),
                    confirm_warnings=True, actor=AT_THIS_LAPTOP)


def _save_dose_for(qtbot, screen, number: str) -> None:
    type_into(qtbot, screen.search.box, number)
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.entry.isVisible() and screen.person is not None
                    and screen.person.id_number == number)
    press(qtbot, screen.dose_form.lot, Qt.Key.Key_S, CTRL)


def _desk_doses(db) -> int:
    return rows(db, "SELECT count(*) FROM dose WHERE source = 'desk'")[0][0]


def test_the_today_panel_says_the_laptops_zone_is_not_vietnams(
        qtbot, db, site, zone_far_from_vietnam):  # noqa: F811 - the fixture
    screen = make_screen(qtbot, db)
    note = screen.today.zone_note
    qtbot.waitUntil(note.isVisible)
    assert "không phải giờ Việt Nam (UTC+7)" in note.text()
    assert f"ở Việt Nam là {zone_far_from_vietnam:%d/%m/%Y}" in note.text()
    assert "(UTC+07:00) Bangkok, Hanoi, Jakarta" in note.text()


def test_the_first_save_of_a_session_asks_and_the_clerks_answer_holds_for_it(
        qtbot, db, site, zone_far_from_vietnam, monkeypatch):  # noqa: F811 - the fixture
    _returning(db)
    asked: list[list[str]] = []
    answers = iter([False, True])  # "Go back", then "Save anyway"
    monkeypatch.setattr(desk_saving, "ask_save_anyway",
                        lambda _parent, said: asked.append(said) or next(answers))
    screen = make_screen(qtbot, db)
    first, second = PEOPLE
    _save_dose_for(qtbot, screen, first)
    assert len(asked) == 1 and "không phải giờ Việt Nam" in asked[0][0]
    assert screen.entry.isVisible() and _desk_doses(db) == 0  # gone back: nothing saved
    press(qtbot, screen.dose_form.lot, Qt.Key.Key_S, CTRL)  # asked again, saved anyway
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: _desk_doses(db) == 1)
    qtbot.waitUntil(lambda: not screen.entry.isVisible())
    _save_dose_for(qtbot, screen, second)  # the same session: not asked again
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: _desk_doses(db) == 2)
    assert len(asked) == 2


def test_on_vietnams_zone_nothing_is_said_or_asked(qtbot, db, site, in_vietnam, monkeypatch):
    monkeypatch.delenv(clock.ZONE_CHECK)  # the check on, as at a site
    _returning(db)
    monkeypatch.setattr(desk_saving, "ask_save_anyway", lambda *a: 1 / 0)
    screen = make_screen(qtbot, db)
    _save_dose_for(qtbot, screen, next(iter(PEOPLE)))
    accept_screening(qtbot, screen)
    qtbot.waitUntil(lambda: _desk_doses(db) == 1)
    assert not screen.today.zone_note.isVisible()


def test_the_sync_area_says_the_zone_after_a_round(
        qtbot, wired, zone_far_from_vietnam):  # noqa: F811 - the fixture
    ctx, window, screen = open_area(qtbot, wired.db, "sync", "vi")
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        qtbot.mouseClick(screen.sync_button, Qt.MouseButton.LeftButton)
    assert screen.clock_label.isVisible()
    assert "không phải giờ Việt Nam (UTC+7)" in screen.clock_label.text()
    assert "lệch" not in screen.clock_label.text()  # the clock itself is right
    assert window.status.clock_label.isVisible()
    ctx.runner.wait_idle()
