"""More imports than one page of the list: the Backfill screen's imports and ``vaxdesk
imports`` say how many older ones are not shown and list them on asking, so a sheet found
wrong months later (55 one-ward sheets on) can still be chosen and undone from the app.
Before, the newest 50 were listed and nothing said the others existed."""

from __future__ import annotations

import os
import subprocess
from datetime import datetime

from PySide6.QtCore import Qt

from desktop_app.progress import drain
from desktop_app.services import import_batches
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_report import ImportReport
from desktop_app.services.import_batches import RECENT, imports_page
from tests import forked
from tests.importers.sheets import name_of, person_row, write_xlsx
from tests.services.test_import_undo import TODAY
from tests.ui.test_backfill_sheets_and_undo import _fits, _window

LATER = 54  # one-row sheets imported after the wrong one


def fifty_five_imports(db, site, boss, tmp_path) -> int:  # noqa: ANN001
    """The wrong sheet first (a real import of a real file), then 54 more imports (their
    batches as the import service begins and finishes each); returns the first's number."""
    wrong = write_xlsx(tmp_path / "phuong_sai.xlsx", [
        person_row(i, name=name_of(i), cccd=f"001090{i:06d}", when="01/08/2021")
        for i in range(1, 4)])
    first = drain(import_file(db, wrong, today=TODAY, actor=boss)).batch_id
    for n in range(LATER):
        batch = import_batches.begin(db, f"phuong_{n:02d}.xlsx", "Hồi cứu", site.id,
                                     datetime(2026, 11, 20, 3, n), actor=boss)
        import_batches.finish(db, batch, ImportReport(f"phuong_{n:02d}.xlsx", "Hồi cứu", 1, {}),
                              actor=boss)
    return first


def test_the_list_says_how_many_older_imports_it_leaves_and_pages_on(db, site, boss, tmp_path):
    first = fifty_five_imports(db, site, boss, tmp_path)
    page = imports_page(db)
    assert len(page.imports) == RECENT and page.older == LATER + 1 - RECENT
    rest = imports_page(db, before=page.older_than)
    assert [b.id for b in rest.imports][-1] == first and rest.older == 0
    assert len(imports_page(db, limit=None).imports) == LATER + 1


def test_vaxdesk_imports_says_older_ones_exist_and_all_lists_them(db, site, boss, tmp_path):
    first = fifty_five_imports(db, site, boss, tmp_path)
    path = db.path
    db.close()

    def imports(*extra: str) -> subprocess.CompletedProcess:
        return forked.vaxdesk("--db", str(path), "imports", *extra, env=dict(os.environ),
                              timeout=120)

    cut = imports()
    assert cut.returncode == 0, cut.stderr
    assert len(cut.stdout.splitlines()) == RECENT
    assert "còn 5 lần nhập cũ hơn: xem tất cả bằng vaxdesk imports --all" in cut.stderr
    every = imports("--all")
    assert len(every.stdout.splitlines()) == LATER + 1 and every.stderr == ""
    assert every.stdout.splitlines()[-1].startswith(f"{first}\t")
    assert "phuong_sai.xlsx" in every.stdout.splitlines()[-1]


def test_the_panel_lists_older_imports_on_asking_and_undoes_the_oldest(
        qtbot, db, site, boss, tmp_path, monkeypatch):
    from desktop_app.ui.backfill import imports_panel

    first = fifty_five_imports(db, site, boss, tmp_path)
    ctx, window, screen = _window(qtbot, db, actor=boss)
    screen.tabs.setCurrentWidget(screen.imports_panel)
    listed = screen.imports_panel
    qtbot.waitUntil(lambda: listed.table.rowCount() == RECENT)
    assert listed.older_label.isVisible() and listed.older_button.isVisible()
    assert listed.older_label.text() == "Còn 5 lần nhập cũ hơn chưa hiện."
    assert listed.older_button.text() == "Hiện các lần nhập cũ hơn"
    _fits(qtbot, window, tmp_path / "imports-older.png")
    qtbot.mouseClick(listed.older_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed.table.rowCount() == LATER + 1)
    assert not listed.older_button.isVisible() and not listed.older_label.isVisible()
    assert listed.table.item(LATER, 1).text() == "phuong_sai.xlsx (trang Hồi cứu)"
    ctx.data_changed.emit("doses")  # a refresh keeps the older ones listed
    qtbot.wait(200)
    ctx.runner.wait_idle()
    qtbot.waitUntil(lambda: listed.table.rowCount() == LATER + 1)

    listed.table.selectRow(LATER)
    assert listed.selected().id == first and listed.undo_button.isEnabled()
    monkeypatch.setattr(imports_panel, "confirm", lambda *_a: True)
    qtbot.mouseClick(listed.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed.result.text().startswith("Đã hoàn tác"), timeout=20_000)
    assert "3 mũi tiêm được đánh dấu nhập nhầm" in listed.result.text()
    ctx.runner.wait_idle()
