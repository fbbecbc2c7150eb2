"""The copy the app makes every 2 hours, with the real shell and its timer's job: made only
when data changed since the newest copy. Before, a desk left open over a weekend (or Tết)
made a copy of one unchanged state every 2 hours and, keeping 10, rotated away every earlier
restore point (the copy before a bad import) within 20 hours."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from desktop_app import settings
from desktop_app.services import backups
from tests.services.test_backups import save


def auto_copies(folder) -> list:  # noqa: ANN001
    return sorted(p for p in folder.glob("*.bak-auto-*") if not p.name.endswith(".about"))


def test_the_scheduled_copy_is_skipped_while_nothing_changes(qtbot, db, boss, site, usb):
    from desktop_app.ui import app

    settings.write_preference(settings.BACKUPS_KEPT, 3)
    shell = app.Shell(QApplication.instance(), db, "vi", boss)
    shell.show_window()
    qtbot.addWidget(shell.window)

    def tick() -> None:  # what the timer does every 2 hours
        shell.back_up()
        assert shell.ctx.runner.wait_idle()
        qtbot.wait(50)  # its answer delivered on the GUI thread

    save(db, 1)
    tick()  # Thursday: data changed, a copy
    [thursday] = auto_copies(usb)
    save(db, 2)
    tick()  # Friday evening: the week's last state
    friday = auto_copies(usb)[-1]
    for _weekend in range(10):  # 20 idle hours: nothing changed, no copy
        tick()
    assert auto_copies(usb) == [thursday, friday]
    assert not backups.changed_since_backup(db)
    save(db, 3)  # Monday's first dose: the next tick copies it
    tick()
    assert len(auto_copies(usb)) == 3 and thursday.exists() and friday.exists()
    shell.stop()
