"""Trying the demo wrote copies of it onto the site's backup drive (found by a review).

README: the demo "writes only its own file, vaxdesk-demo.db beside the real one in the data
folder, never the real database". The site's chosen backup folder (its USB drive, in the
shared preferences) is the real data's; a demo session closing (as the app's shell closes
it) must not fill it with copies of made-up people (they rotate nothing of the site's, but
take its room and are listed beside its copies on the drive)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop_app.services import demo
from desktop_app.services.database import open_database


def test_closing_the_demo_puts_no_copy_on_the_sites_backup_drive(qtbot, usb):
    from desktop_app.ui import app

    made = demo.make_demo(people=40)
    db = open_database(made.path, demo.demo_passphrase(made.path))
    actor = demo.demo_login(db)
    shell = app.Shell(QApplication.instance(), db, "vi", actor)
    shell.show_window()
    qtbot.addWidget(shell.window)
    shell.stop()  # the demo's window closed, as at exit or "back to the real data"
    db.close()
    on_drive = sorted(p.name for p in usb.iterdir())
    assert on_drive == [], on_drive


def test_a_copy_asked_for_in_the_demo_stays_beside_it(usb):
    from desktop_app.progress import drain
    from desktop_app.services import backups

    made = demo.make_demo(people=40)
    db = open_database(made.path, demo.demo_passphrase(made.path))
    try:
        copy = drain(backups.back_up_now(db, actor=demo.demo_login(db)))
    finally:
        db.close()
    assert copy.path.parent == made.path.parent and copy.missing is None
    assert list(usb.iterdir()) == []
