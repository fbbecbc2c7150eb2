"""Closing VaxDesk while an import runs: asked, and on yes stopped as its Stop button stops it
(docs/backfill.md: "Stop (or closing the import) commits the rows in hand and stops").

Real file, real SQLite file, real widgets; the question's modal loop is the one boundary
answered by the test (monkeypatched ``confirm``)."""

from __future__ import annotations

import time

from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from desktop_app.db.models import Dose
from desktop_app.services import backfill
from desktop_app.services.import_batches import recent_imports
from desktop_app.ui.backfill import backfill_screen
from tests.importers.sheets import name_of, person_row, write_xlsx
from tests.ui.desk_helpers import open_area

ROWS = 300


def _slowed(monkeypatch):
    """The real import, a chunk every 0.2 s (a big file's pace), so the close lands mid-way."""
    monkeypatch.setattr(backfill, "CHUNK", 20)
    original = backfill.import_file

    def slow(*args, **kwargs):
        job = original(*args, **kwargs)
        try:
            while True:
                try:
                    progress = next(job)
                except StopIteration as done:
                    return done.value
                yield progress
                time.sleep(0.2)
        finally:
            job.close()

    monkeypatch.setattr(backfill, "import_file", slow)


def _file(tmp_path):
    return write_xlsx(tmp_path / "nham-xa.xlsx", [
        person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, ROWS + 1)])


def _stored(db):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Dose))


def _answering(monkeypatch, answers):
    asked = []
    monkeypatch.setattr(backfill_screen, "confirm",
                        lambda _p, title, *_a: asked.append(title) or answers.pop(0))
    return asked


def test_closing_the_window_during_an_import_stops_it_with_the_rows_in_hand(
        qtbot, db, site, tmp_path, monkeypatch):
    """A volunteer sees the wrong file importing and closes VaxDesk (the title bar's X).
    It went on unseen, every row stored after the window closed at the first chunk. Now
    closing asks; "Keep importing" keeps the window and the import; "Stop the import"
    stops it as Stop does: the rows in hand committed, the import listed "stopped"."""
    _slowed(monkeypatch)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(_file(tmp_path)))
    qtbot.waitUntil(panel.import_button.isEnabled)
    panel.start_import()
    qtbot.waitUntil(lambda: "Đã đọc" in panel.summary.text(), timeout=20_000)
    asked = _answering(monkeypatch, [False, True])
    assert not window.may_close()  # what the title bar's X runs (MainWindow.closeEvent)
    assert asked == ["Dừng lần nhập đang chạy?"] and panel.job is not None
    assert not panel.job.cancelled
    assert window.may_close()
    window.close()
    assert ctx.runner.wait_idle(30_000)
    stored = _stored(db)
    [listed] = recent_imports(db)
    assert 0 < stored < ROWS and listed.outcome == "stopped", (stored, listed.outcome)
    assert listed.stored == stored  # its report counts what is stored: the rest taken later


def test_quitting_during_an_import_waits_for_its_stop_and_not_longer(
        qtbot, db, site, tmp_path, monkeypatch):
    """The app's exit (``Shell.stop``) on a big file's import, with its writer process:
    it waited 30 s, then left the import running under an exiting interpreter (the writer
    killed part-way, the import "failed"; or a hang at exit). Now the stopped import
    commits the rows in hand, its writer ends, and the exit goes on at once."""
    import multiprocessing

    from desktop_app.ui import app as app_module
    from desktop_app.ui.tasks import Pool

    _slowed(monkeypatch)
    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)  # the writer process, as for 1M rows
    shell = app_module.Shell(QApplication.instance(), db, "vi", db.supervisor)
    shell.show_window()
    window = shell.window
    window.show_area("backfill")
    panel = window.areas["backfill"].import_panel
    panel.choose_file(str(_file(tmp_path)))
    qtbot.waitUntil(panel.import_button.isEnabled)
    panel.start_import()
    qtbot.waitUntil(lambda: "Đã đọc" in panel.summary.text(), timeout=20_000)
    asked = _answering(monkeypatch, [True])
    assert window.may_close() and len(asked) == 1
    job, started = panel.job, time.monotonic()
    shell.stop()  # as after the event loop ends: nothing of the GUI's turns meanwhile
    assert time.monotonic() - started < 20
    assert job.done and not shell.ctx.runner.busy(Pool.BULK)
    assert not [p for p in multiprocessing.active_children()
                if p.name == "vaxdesk-bulk-writer"]
    [listed] = recent_imports(db)
    assert listed.outcome == "stopped" and 0 < _stored(db) < ROWS
    window.close()
