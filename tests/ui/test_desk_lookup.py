"""At the desk, a citizen ID found nowhere here is asked of the central platform: real
widgets offscreen, a real central server process, two laptops at two sites."""

from __future__ import annotations

import socket
import time
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.sync import save_config
from desktop_app.ui.i18n import set_language
from tests.live_server import free_port
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import make_screen, rows, type_into


def _cccd_of(db, pid):
    return rows(db, "SELECT id_number FROM person WHERE id = :p", p=pid)[0][0]


def test_an_unknown_cccd_known_at_another_site_is_offered_and_brought(qtbot, wired, wired_b):
    (pid_a,) = make_people(wired.db, 1, doses_each=2)  # site A: two doses, synced
    wired.sync()
    cccd = _cccd_of(wired.db, pid_a)

    set_language("en")  # the English labels below: not whatever an earlier test left
    screen = make_screen(qtbot, wired_b.db)  # site B's laptop
    panel = screen.search
    type_into(qtbot, panel.box, cccd)
    qtbot.waitUntil(lambda: panel.bring_button.isVisible(), timeout=10000)
    assert "Nobody found" in panel.hint.text()  # nobody here, as before
    assert "HN-0001" in panel.remote_hint.text()
    assert panel.bring_button.text() == "Bring this person with their 2 doses from other sites"

    qtbot.mouseClick(panel.bring_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.entry.isVisible() and screen.person is not None)
    assert screen.person.id_number == cccd
    assert screen.dose_form.dose_number.value() == 3  # the whole history counts
    assert [(d.dose_number, d.site_code) for d in screen.person.doses] == [
        (1, "HN-0001"), (2, "HN-0001")]
    assert screen.person_card.text().count("HN-0001") == 2  # marked with where they were given
    assert rows(wired_b.db, "SELECT count(*) FROM external_dose") == [(2,)]


def test_with_the_platform_down_the_desk_shows_plain_not_found(qtbot, db, site):
    save_config(db, f"http://127.0.0.1:{free_port()}/fhir", "token", actor=AT_THIS_LAPTOP)
    screen = make_screen(qtbot, db)
    panel = screen.search
    started = time.monotonic()
    type_into(qtbot, panel.box, "001190004242")
    typed = time.monotonic() - started
    assert typed < 2  # the keystrokes never waited for the network
    qtbot.waitUntil(lambda: panel.shown_query == "001190004242")
    assert panel.hint.text().startswith("Nobody found.")
    # the platform is asked in the background and gives up quietly
    qtbot.waitUntil(lambda: panel._remote_job is None and not panel._remote_timer.isActive(),
                    timeout=10000)
    assert not panel.remote_hint.isVisible() and not panel.bring_button.isVisible()
    assert QApplication.focusWidget() is panel.box


def test_a_platform_that_hangs_never_holds_up_the_desk(qtbot, db, site, monkeypatch):
    from desktop_app.services import lookup

    # Shorter than the real bound (tested in tests/services/test_lookup.py) to keep this quick.
    monkeypatch.setitem(lookup.CLIENT_OPTIONS, "read_timeout", 2.0)
    monkeypatch.setitem(lookup.CLIENT_OPTIONS, "max_attempts", 1)
    silent = socket.socket()  # accepts connections (backlog), never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)
    try:
        save_config(db, f"http://127.0.0.1:{silent.getsockname()[1]}/fhir", "token",
                    actor=AT_THIS_LAPTOP)
        record = make_screen(qtbot, db)
        panel = record.search
        type_into(qtbot, panel.box, "001190004242")
        qtbot.waitUntil(lambda: panel._remote_job is not None)  # the platform is being asked
        assert panel.remote_hint.isVisible()
        assert panel.remote_hint.text() == "Searching the central platform…"
        panel.box.clear()
        type_into(qtbot, panel.box, "nguyen")  # the clerk types on: searched at once
        qtbot.waitUntil(lambda: panel.shown_query == "nguyen", timeout=1000)
        assert not panel.remote_hint.isVisible()
        qtbot.waitUntil(lambda: record.ctx.runner.wait_idle(0), timeout=10000)
        assert not panel.bring_button.isVisible()
    finally:
        silent.close()


def test_a_scanned_card_unknown_here_is_asked_of_the_platform_by_its_cccd(
        qtbot, wired, wired_b):
    from datetime import date

    from desktop_app.rules.cccd_qr import CccdQr, format_cccd_qr
    from desktop_app.rules.identity import Sex
    from tests.ui.desk_helpers import type_text

    (pid_a,) = make_people(wired.db, 1, doses_each=2)
    wired.sync()
    card = CccdQr(_cccd_of(wired.db, pid_a), None, "Nguyễn Văn Quét", date(1990, 1, 1),
                  Sex.MALE, "Hà Nội", None)
    screen = make_screen(qtbot, wired_b.db)
    panel = screen.search
    type_text(qtbot, panel.box, format_cccd_qr(card))  # the scanner types it
    qtbot.waitUntil(lambda: panel.bring_button.isVisible(), timeout=10000)
    assert "HN-0001" in panel.remote_hint.text()
    qtbot.mouseClick(panel.bring_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.entry.isVisible() and screen.person is not None)
    assert screen.person.id_number == card.id_number
    assert screen.dose_form.dose_number.value() == 3


def test_a_number_different_people_hold_elsewhere_is_said_and_not_offered(
        qtbot, tmp_path, wired, wired_b):
    """Sites A and B recorded two different people (name, date of birth) under one number;
    a third site's desk says so and offers nothing to bring."""
    from datetime import date

    from desktop_app.db.database import open_database
    from desktop_app.rules.identity import IdType, Sex
    from desktop_app.services.doses import DoseInput, PersonInput, record_dose
    from desktop_app.services.site import set_up_site
    from tests.keys import TEST_PASSPHRASE, add_test_supervisor

    (pid_a,) = make_people(wired.db, 1, doses_each=1)
    wired.sync()
    cccd = _cccd_of(wired.db, pid_a)
    sex, dob = rows(wired.db, "SELECT sex, dob FROM person WHERE id = :p", p=pid_a)[0]
    born = date.fromisoformat(dob)
    record_dose(wired_b.db, DoseInput("COMIRNATY", "FK9", 1, date(2022, 5, 2), "Y tá Hà"),
                person=PersonInput("Đỗ Văn Khác Hẳn", born.replace(day=2 if born.day == 1 else 1),
                                   Sex(sex), IdType.CCCD, cccd),
                today=date(2022, 5, 2), confirm_warnings=True, actor=AT_THIS_LAPTOP)
    wired_b.sync()

    site_c = open_database(tmp_path / "site_c.db", TEST_PASSPHRASE)
    screen = None
    try:
        add_test_supervisor(site_c)
        set_up_site(site_c, "HN-0003", "Trạm Y tế Xã Kim Chung", province_code="01",
                    actor=AT_THIS_LAPTOP)
        token = wired.server.cli("create-site", "HN-0003", "Trạm Y tế Xã Kim Chung")
        save_config(site_c, wired.server.url, token, actor=AT_THIS_LAPTOP)
        screen = make_screen(qtbot, site_c)
        panel = screen.search
        type_into(qtbot, panel.box, cccd)
        qtbot.waitUntil(lambda: "nhiều người khác nhau" in panel.remote_hint.text(),
                        timeout=10000)
        assert panel.remote_hint.isVisible()
        assert "HN-0001" in panel.remote_hint.text() and "HN-0002" in panel.remote_hint.text()
        assert not panel.bring_button.isVisible() and panel.citizen is None
    finally:
        if screen is not None:
            screen.ctx.runner.wait_idle()
        site_c.close()


def test_a_scanned_card_known_only_at_another_site_is_still_asked_of_the_platform(
        qtbot, wired, wired_b):
    """Shown as its number once the new person's form opened, the card's query was changed
    under its own answer: the platform was never asked (and the box stayed read-only), so
    someone vaccinated elsewhere was registered again from dose 1 (a review)."""
    from desktop_app.rules.cccd_qr import CccdQr, format_cccd_qr
    from desktop_app.rules.identity import Sex
    from tests.ui.scanner_helpers import scan

    (pid_a,) = make_people(wired.db, 1, doses_each=2)
    wired.sync()
    [(cccd, name, dob, sex)] = rows(wired.db, "SELECT id_number, full_name, dob, sex FROM"
                                             " person WHERE id = :p", p=pid_a)
    card = CccdQr(cccd, None, name, date.fromisoformat(dob), Sex(sex), "Hà Nội", None)
    set_language("en")
    screen = make_screen(qtbot, wired_b.db)
    panel = screen.search
    scan(card)
    qtbot.waitUntil(lambda: screen.person_form.isVisible())
    assert panel.box.text() == cccd and not panel.box.isReadOnly()
    qtbot.waitUntil(lambda: panel.bring_button.isVisible(), timeout=10000)
    assert "HN-0001" in panel.remote_hint.text()
    assert panel.shown_query == format_cccd_qr(card)  # the card's query, its answer shown
