"""The Backfill area says and saves only what is of the file and sheet it shows: choosing
another one, or importing again, puts the last import's summary and saves away; a file
saved again since its preview is not read with the columns of its old layout. Real
widgets, real files, a real database."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt

from desktop_app.services import backfill
from tests.importers.sheets import HEADERS, name_of, person_row, write_xlsx
from tests.ui.desk_helpers import open_area


def test_choosing_another_file_clears_the_last_imports_summary_and_its_saves(
        qtbot, db, site, tmp_path):
    """File A is imported (one row refused), then the volunteer chooses file B: A's summary
    ("3 dòng đã nhập … 1 dòng bị từ chối") goes, and its saves with it ("Lưu các dòng cần
    sửa" would save A's refused rows as if they were B's)."""
    first = write_xlsx(tmp_path / "xa-a.xlsx", [
        *[person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 4)],
        person_row(9, name="")])
    second = write_xlsx(tmp_path / "xa-b.xlsx", [
        person_row(i, name=name_of(i), cccd=f"001090{i:06d}", when="05/10/2021")
        for i in range(20, 22)])
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(first))
    qtbot.waitUntil(panel.import_button.isEnabled)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "3 dòng đã nhập" in panel.summary.text(), timeout=20_000)
    assert panel.fix_button.isEnabled()

    panel.choose_file(str(second))
    qtbot.waitUntil(lambda: panel.preview_of is not None and panel.preview_of.file ==
                    "xa-b.xlsx" and panel.preview.rowCount() == 2, timeout=10_000)
    ctx.runner.wait_idle()
    # B has not been imported: nothing of A's import may read as B's.
    assert "đã nhập" not in panel.summary.text(), panel.summary.text()
    assert not panel.fix_button.isEnabled()
    assert not panel.report_button.isEnabled()


def test_the_last_imports_saves_are_not_offered_while_the_next_import_runs(
        qtbot, db, site, tmp_path, monkeypatch):
    """After one import the volunteer presses "Nhập từ tệp" again: while it runs, "Lưu báo
    cáo chi tiết…" and "Lưu các dòng cần sửa" are off (they would save the running import's
    report as its thread fills it in: a part of the rows, no word that it is unfinished)."""
    path = write_xlsx(tmp_path / "xa.xlsx", [
        *[person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 40)],
        person_row(90, name="")])
    monkeypatch.setattr(backfill, "CHUNK", 10)
    gate = threading.Event()
    original = backfill.import_file

    def held(*args, **kwargs):  # the second import waits after its first chunk
        job = original(*args, **kwargs)
        yield next(job)
        gate.wait(10)
        return (yield from job)

    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(panel.import_button.isEnabled)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "39 dòng đã nhập" in panel.summary.text(), timeout=20_000)
    assert panel.fix_button.isEnabled()
    monkeypatch.setattr(backfill, "import_file", held)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.report is not None and panel.job is not None)
    try:
        assert not panel.report_button.isEnabled()
        assert not panel.fix_button.isEnabled()
    finally:
        gate.set()
        qtbot.waitUntil(lambda: panel.job is None, timeout=20_000)
        ctx.runner.wait_idle()


def test_a_file_saved_again_after_its_preview_is_not_read_with_the_old_columns(
        qtbot, db, site, tmp_path):
    """The preview shows the file's columns; the volunteer, fixing the sheet in LibreOffice,
    deletes the empty "STT" column and saves over the same file, then presses "Nhập từ
    tệp". The file is read again and imported with the columns its header now gives, not
    those of the old layout (read so, the name came from the date of birth's column, and
    every row was refused for dates that are fine)."""
    path = tmp_path / "xa.xlsx"
    people = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 4)]
    write_xlsx(path, people)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(panel.import_button.isEnabled)
    ctx.runner.wait_idle()
    write_xlsx(path, [row[1:] for row in people], headers=HEADERS[1:])  # saved again
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.job is None and panel.report is not None, timeout=20_000)
    ctx.runner.wait_idle()
    assert panel.report.counts["rejected"] == 0, panel.report.issues[:1]


def test_a_file_saved_again_after_columns_were_chosen_by_hand_is_shown_again_to_check(
        qtbot, db, site, tmp_path):
    """The volunteer chose a column by hand, then the file was saved again with a column
    deleted: "Nhập từ tệp" imports nothing, shows the file read again and says to check
    its columns (a hand-chosen column may name another now)."""
    path = tmp_path / "xa.xlsx"
    people = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 4)]
    write_xlsx(path, people)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(panel.import_button.isEnabled)
    ctx.runner.wait_idle()
    facility = panel.combos["facility"]
    facility.setCurrentIndex(facility.findData(-1))  # by hand: no site column
    write_xlsx(path, [row[1:] for row in people], headers=HEADERS[1:])
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "lưu lại sau khi xem trước" in panel.summary.text(),
                    timeout=10_000)
    ctx.runner.wait_idle()
    assert panel.report is None and panel.job is None
    assert panel.combos["full_name"].currentData() == 0  # "A: Họ và tên", as now saved
    assert panel.import_button.isEnabled()
