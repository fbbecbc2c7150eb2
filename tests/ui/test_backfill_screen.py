"""The Backfill area on real widgets: a spreadsheet's mapping, preview, import, stop and
reports; and the paper form typed from the keyboard."""

from __future__ import annotations

import json
import threading
from datetime import date

from PySide6.QtCore import Qt
from sqlalchemy import func, select

from desktop_app.db.models import Dose, Person
from desktop_app.services import backfill
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.tones import ERROR_FIELD_STYLE
from tests.importers.sheets import HEADERS, name_of, person_row, write_xlsx
from tests.ui.desk_helpers import open_area, type_text


def _rows(n):
    return [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, n)]


def _doses(db):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(Dose))


def _start_held(qtbot, db, monkeypatch, path, held):
    """Open the Backfill area and start importing ``path`` through ``held``, a wrapper of
    the real import that waits at a chosen point, so a Stop lands there every time."""
    monkeypatch.setattr(backfill, "import_file", held)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(panel.import_button.isEnabled)
    panel.start_import()
    return ctx, panel


def test_choose_map_preview_import_and_save_the_reports(qtbot, db, site, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [*_rows(4), person_row(9, name=""),
                                            person_row(10, name="Lê Văn Tư", dob="")])
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 5)
    assert "dòng tiêu đề ở dòng 4" in panel.file_label.text()
    assert panel.combos["full_name"].currentData() == 1  # column B, "Họ và tên"
    assert [panel.preview.item(i, 1).text() for i in range(5)] == [
        "sẽ được nhập", "sẽ được nhập", "sẽ được nhập", "bị từ chối", "cần làm sạch"]
    assert "Họ và tên là bắt buộc" in panel.preview.item(3, 2).text()
    # A flagged row is stored for cleaning: the list's words, not "Ngày sinh là bắt buộc"
    # (which read as a refusal); the rule's sentence is in the tooltip.
    assert panel.preview.item(4, 2).text() == "Thiếu ngày sinh"
    assert "Ngày sinh là bắt buộc" in panel.preview.item(4, 2).toolTip()
    # A wrong mapping is corrected in the app: without a dose date column, nothing imports.
    panel.combos["dose_date"].setCurrentIndex(0)
    assert not panel.import_button.isEnabled()
    assert all(panel.preview.item(i, 1).text() == "bị từ chối" for i in range(5))
    panel.combos["dose_date"].setCurrentIndex(panel.combos["dose_date"].findData(10))
    assert panel.import_button.isEnabled()

    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "3 dòng đã nhập" in panel.summary.text(), timeout=20_000)
    assert "1 dòng cần làm sạch" in panel.summary.text()
    assert "1 dòng bị từ chối" in panel.summary.text() and _doses(db) == 4
    # The rows now say what the import did, no longer what it would do.
    assert [panel.preview.item(i, 1).text() for i in range(5)] == [
        "đã nhập", "đã nhập", "đã nhập", "bị từ chối", "cần làm sạch"]
    assert "Họ và tên là bắt buộc" in panel.preview.item(3, 2).text()
    assert panel.preview.item(4, 2).text() == "Thiếu ngày sinh"
    panel.save_report(str(tmp_path / "r.json"))
    qtbot.waitUntil(lambda: "r.json" in panel.saved_note.text())  # saved beside the window
    assert json.loads((tmp_path / "r.json").read_text())["rows"][0]["sheet_row"] == 8
    panel.save_fix_file(str(tmp_path / "fix.xlsx"))
    qtbot.waitUntil(lambda: "fix.xlsx" in panel.saved_note.text())  # saved beside the window
    assert (tmp_path / "fix.xlsx").stat().st_size > 0
    # The same file again: its rows are there already.
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "4 dòng trùng bỏ qua" in panel.summary.text(), timeout=20_000)
    assert [panel.preview.item(i, 1).text() for i in range(5)] == [
        "trùng, bỏ qua", "trùng, bỏ qua", "trùng, bỏ qua", "bị từ chối", "trùng, bỏ qua"]
    assert panel.preview.item(0, 2).text() != ""  # why it was skipped, from the report
    assert _doses(db) == 4
    # Another mapping: the rows are judged again as that mapping would read them.
    panel.combos["dose_date"].setCurrentIndex(0)
    assert all(panel.preview.item(i, 1).text() == "bị từ chối" for i in range(5))
    ctx.runner.wait_idle()


def test_stop_keeps_what_was_stored_and_says_so(qtbot, db, site, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "f.xlsx", _rows(60))
    monkeypatch.setattr(backfill, "CHUNK", 10)
    gate = threading.Event()
    original = backfill.import_file

    def held_after_first_chunk(*args, **kwargs):  # so Stop lands mid-import, every time
        job = original(*args, **kwargs)
        yield next(job)
        gate.wait(10)
        return (yield from job)

    ctx, panel = _start_held(qtbot, db, monkeypatch, path, held_after_first_chunk)
    qtbot.waitUntil(lambda: panel.report is not None)
    answered = []  # the desk's database work is not held up by a running import
    Op.read(ctx, None, _doses).done(answered.append).run()
    qtbot.waitUntil(lambda: bool(answered), timeout=5_000)
    panel.stop()
    gate.set()
    qtbot.waitUntil(lambda: panel.summary.text().startswith("Đã dừng"), timeout=20_000)
    stored = _doses(db)
    assert 10 <= stored < 59
    assert f"{stored} dòng đã nhập" in panel.summary.text()
    assert "Nhập lại chính tệp này" in panel.summary.text()
    ctx.runner.wait_idle()


def test_paper_form_keyboard_first_with_vaccine_and_site_carried_over(qtbot, db, site):
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    screen.tabs.setCurrentIndex(1)
    form = screen.paper_form
    form.product.setCurrentIndex(form.product.findData("COMIRNATY"))
    form.facility.setText("Trạm Y tế Kim Liên")
    form.lot_number.setText("FK1")

    def type_person(name, cccd, dob, when):
        form.full_name.setFocus()
        type_text(qtbot, form.full_name, name)
        qtbot.keyClick(form.full_name, Qt.Key.Key_Return)
        assert form.dob.hasFocus()  # Enter moves on
        qtbot.keyClicks(form.dob, dob)
        form.sex.set_value("M")
        type_text(qtbot, form.id_number, cccd)
        qtbot.keyClicks(form.dose_date, when)

    type_person("Nguyễn Văn Hùng", "001090012345", "05091990", "01082021")
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.result.text().startswith("Đã lưu (1"))
    assert form.full_name.text() == "" and form.full_name.hasFocus()
    assert form.product.currentData() == "COMIRNATY"
    assert form.facility.text() == "Trạm Y tế Kim Liên"

    type_person("Trần Văn Nam", "001090054321", "01011990", "")  # no dose date
    form.save()
    qtbot.waitUntil(lambda: form.result.text().startswith("Chưa lưu"))
    # Said under the field to correct, which is marked, as at the desk.
    under_date = form.problems.labels["dose_date"]
    assert under_date.isVisible() and "Ngày tiêm là bắt buộc" in under_date.text()
    assert form.dose_date.styleSheet() == ERROR_FIELD_STYLE
    assert not form.problems.labels["full_name"].isVisible()
    assert form.dose_date.hasFocus() and form.full_name.text() == "Trần Văn Nam"
    # The birth date of the second form went in too: the emptied date fields no longer
    # keep their cursor at the end, where a masked field takes no digit.
    assert form.dob.typed() == "01/01/1990"
    with db.reading() as s:
        assert s.scalars(select(Person.full_name)).all() == ["Nguyễn Văn Hùng"]
        assert s.scalar(select(Dose.source)) == "backfill"
    # Typing the date: what was said of the empty field, and "Chưa lưu", are gone.
    qtbot.keyClicks(form.dose_date, "02082021")
    assert form.result.text() == "" and not under_date.isVisible()
    assert form.dose_date.styleSheet() == ""

    # Saved without a birth date: on the cleaning list, said in that list's words.
    form.dob.set_value(None)
    form.save()
    qtbot.waitUntil(lambda: form.result.text().startswith("Đã lưu (2"))
    assert form.result.text().endswith("đưa vào danh sách làm sạch: Thiếu ngày sinh.")
    ctx.runner.wait_idle()


def test_a_stop_that_comes_after_the_last_row_says_all_was_imported(
        qtbot, db, site, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "f.xlsx", _rows(6))
    reached, gate = threading.Event(), threading.Event()
    original = backfill.import_file

    def held_at_the_end(*args, **kwargs):  # a small file's only yield is its last
        job = original(*args, **kwargs)
        last = next(job)  # the whole import runs here
        reached.set()
        gate.wait(10)  # ... and Stop is pressed now, before the UI hears of the end
        yield last
        return (yield from job)

    ctx, panel = _start_held(qtbot, db, monkeypatch, path, held_at_the_end)
    qtbot.waitUntil(reached.is_set)
    panel.stop()
    gate.set()
    qtbot.waitUntil(lambda: panel.job is None, timeout=20_000)
    assert _doses(db) == 5
    assert panel.summary.text().startswith("5 dòng đã nhập")
    assert "Đã dừng" not in panel.summary.text()
    ctx.runner.wait_idle()


def test_paper_form_enter_walks_every_field_and_a_mistyped_birth_date_is_kept(qtbot, db, site):
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    screen.tabs.setCurrentIndex(1)
    form = screen.paper_form
    order = list(form.fields.values())
    order[0].setFocus()
    for here, there in zip(order, order[1:], strict=False):
        qtbot.keyClick(here, Qt.Key.Key_Return)
        assert there.hasFocus(), f"Enter on {type(here).__name__} did not move on"
    form.full_name.setText("Trần Văn Nam")
    form.dob.setFocus()
    qtbot.keyClicks(form.dob, "31021990")  # no 31 February
    form.sex.set_value("M")
    form.id_number.setText("001090054321")
    form.dose_date.setFocus()
    qtbot.keyClicks(form.dose_date, "01082021")
    # The vaccine list opens on no vaccine: it opened on the first, saved for whoever
    # forgot to choose. Unchosen, the form is not saved and says so under it.
    assert form.product.currentData() is None
    form.save()
    qtbot.waitUntil(lambda: form.result.text().startswith("Chưa lưu"))
    assert form.product.hasFocus() and form.problems.labels["product_code"].isVisible()
    form.product.setCurrentIndex(form.product.findData("COMIRNATY"))
    form.save()
    qtbot.waitUntil(lambda: form.dob.hasFocus())
    assert form.result.text().startswith("Chưa lưu")
    assert form.dob.typed() == "31/02/1990"  # kept, to correct
    assert form.problems.labels["dob"].isVisible()  # why, under it
    assert _doses(db) == 0
    ctx.runner.wait_idle()


def test_a_header_not_fully_recognised_is_mapped_by_hand_and_imports(qtbot, db, site, tmp_path):
    headers = [*HEADERS[:10], "Ngày tháng năm tiêm", HEADERS[11]]  # an alias we do not know
    path = write_xlsx(tmp_path / "f.xlsx", [*_rows(3), person_row(7, name="")], headers=headers)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 3)
    assert "có cột chưa nhận ra" in panel.file_label.text()
    assert not panel.import_button.isEnabled()  # no dose date column yet
    combo = panel.combos["dose_date"]
    assert combo.itemText(combo.findData(10)) == "K: Ngày tháng năm tiêm"
    combo.setCurrentIndex(combo.findData(10))
    assert panel.import_button.isEnabled()
    panel.start_import()
    qtbot.waitUntil(lambda: panel.job is None, timeout=20_000)
    assert _doses(db) == 2 and panel.report.header_row == 4  # title rows are not data
    assert panel.report.counts["rejected"] == 1
    panel.save_fix_file(str(tmp_path / "fix.xlsx"))
    qtbot.waitUntil(lambda: "fix.xlsx" in panel.saved_note.text())  # saved beside the window
    from openpyxl import load_workbook
    [header, row] = list(load_workbook(tmp_path / "fix.xlsx").active.iter_rows(values_only=True))
    # The column chosen by hand is headed as the template heads it: the fix file, imported
    # once fixed, reads it unasked (headers.as_mapped).
    assert header[10] == "Ngày tiêm" and header[-1] == "Lỗi"
    assert row[4] == "001090012345" and "Họ và tên" in row[-1]  # the data kept, to fix
    ctx.runner.wait_idle()


def _corrected_file(qtbot, db, tmp_path, monkeypatch, answer):
    """Bích imported with an ID one digit short, then a file that corrects it, imported
    at the screen by the supervisor, who answers the question with ``answer``."""
    from desktop_app.progress import drain
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.ui.backfill import import_panel

    drain(backfill.import_file(db, write_xlsx(tmp_path / "first.xlsx", [
        person_row(1, name="Trần Thị Bích", sex="Nữ", cccd="00119001234", dob="")]),
        actor=AT_THIS_LAPTOP))
    with db.reading() as s:
        pid = s.scalar(select(Person.id))
    asked = []

    def ask(*args):
        with db.reading() as s:  # what the record holds while the supervisor reads
            asked.append((*args[1:], s.scalar(select(Person.id_number))))
        return answer

    monkeypatch.setattr(import_panel, "confirm", ask)
    path = write_xlsx(tmp_path / "corrected.xlsx", [
        person_row(1, name="Trần Thị Bích", sex="Nữ", cccd="001190012345", dob="")])
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(panel.import_button.isEnabled)
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.job is None and panel.report is not None
                    and not panel.report.held, timeout=20_000)
    [(title, question, yes, no, while_asked)] = asked
    assert while_asked == "00119001234"  # asked once, before anyone was changed
    assert (title, yes, no) == ("Sửa hồ sơ của người đã ghi nhận?", "Sửa theo tệp",
                                "Giữ nguyên hồ sơ")
    assert question.startswith("Tệp này sửa thông tin của 1 người đã ghi nhận")
    assert (f"• Trần Thị Bích (mã hồ sơ {pid}): Số CCCD/CMND “00119001234” → “001190012345”"
            in question)
    ctx.runner.wait_idle()
    with db.reading() as s:
        return pid, panel, s.scalar(select(Person.id_number))


def test_the_supervisor_is_asked_and_the_summary_says_which_row_corrected_whom(
        qtbot, db, site, tmp_path, monkeypatch):
    pid, panel, id_number = _corrected_file(qtbot, db, tmp_path, monkeypatch, True)
    assert id_number == "001190012345"
    qtbot.waitUntil(lambda: "1 dòng đã sửa hồ sơ có sẵn" in panel.summary.text())
    assert (f"Dòng 5: Trần Thị Bích (mã hồ sơ {pid}): Số CCCD/CMND “00119001234” → "
            f"“001190012345”") in panel.summary.text()


def test_a_supervisor_who_says_no_changes_no_one(qtbot, db, site, tmp_path, monkeypatch):
    _pid, panel, id_number = _corrected_file(qtbot, db, tmp_path, monkeypatch, False)
    assert id_number == "00119001234"
    qtbot.waitUntil(lambda: "0 dòng đã sửa hồ sơ có sẵn" in panel.summary.text())
    assert "1 dòng trùng bỏ qua" in panel.summary.text()
    assert [i.code for i in panel.report.issues] == ["CORRECTION_DECLINED"]


def test_a_writer_that_dies_mid_import_is_said_and_its_report_saved(qtbot, db, site, tmp_path,
                                                                     monkeypatch):
    import multiprocessing
    import os
    import signal

    path = write_xlsx(tmp_path / "f.xlsx", _rows(60))
    monkeypatch.setattr(backfill, "CHUNK", 10)
    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)  # the writer process
    original = backfill.import_file

    def writer_killed_after_first_chunk(*args, **kwargs):
        job = original(*args, **kwargs)
        yield next(job)
        [writer] = [p for p in multiprocessing.active_children()
                    if p.name == "vaxdesk-bulk-writer"]
        os.kill(writer.pid, signal.SIGKILL)
        writer.join(5)
        return (yield from job)

    ctx, panel = _start_held(qtbot, db, monkeypatch, path, writer_killed_after_first_chunk)
    qtbot.waitUntil(lambda: "dừng giữa chừng" in panel.summary.text(), timeout=20_000)
    assert "tiến trình ghi dữ liệu đã dừng đột ngột" in panel.summary.text()
    assert f"{_doses(db)} dòng đã được lưu" in panel.summary.text()
    assert panel.report_button.isEnabled()
    panel.save_report(str(tmp_path / "r.json"))
    qtbot.waitUntil(lambda: "r.json" in panel.saved_note.text())  # saved beside the window
    body = json.loads((tmp_path / "r.json").read_text())
    assert body["committed"] == _doses(db) and body["failed_code"] == "IMPORT_WRITER_DIED"
    assert "tiến trình ghi dữ liệu đã dừng đột ngột" in body["failed"]  # the report's language
    panel.grab().save(str(tmp_path / "failed.png"))
    ctx.runner.wait_idle()


def test_the_file_chooser_shows_every_kind_of_file_the_importer_reads(qtbot, db, site,
                                                                      monkeypatch):
    """A province's file saved by LibreOffice in its own format (.ods), or by Excel as
    "Unicode Text" (.txt), is read: the chooser must not hide it. The native dialog is a
    boundary a test cannot drive; its filter, as given to it, is checked."""
    from desktop_app.importers.reading import SPREADSHEETS
    from desktop_app.ui import file_dialogs

    asked = []
    monkeypatch.setattr(file_dialogs, "ask_open_path",
                        lambda _parent, _title, wanted, **_k: asked.append(wanted))
    _ctx, _window, screen = open_area(qtbot, db, "backfill")
    screen.import_panel.choose_file()
    [wanted] = asked
    for suffix in SPREADSHEETS | {".csv", ".txt"}:
        assert f"*{suffix}" in wanted, (suffix, wanted)


def test_the_paper_tab_opens_on_its_first_field(qtbot, db, site):
    """Ctrl+Tab (or a click on the tab) left the cursor on the tab bar: the volunteer had to
    press Tab before typing the first name of every stack."""
    from PySide6.QtWidgets import QApplication

    ctx, _window, screen = open_area(qtbot, db, "backfill", lang="vi")
    form = screen.paper_form
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert screen.tabs.currentWidget() is form and form.full_name.hasFocus()
    bar = screen.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(0).center())
    assert not form.isVisible()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert form.full_name.hasFocus()
    type_text(qtbot, QApplication.focusWidget(), "Lý Thị Mai")
    assert form.full_name.text() == "Lý Thị Mai"
    ctx.runner.wait_idle()


def test_on_a_netbook_every_column_choice_shows_its_header_whole(qtbot, db, site, tmp_path):
    # Four choices a row clipped "B: Họ và tên" to "B: Họ và têr" at 1008×552 (the window
    # a 1024×600 screen gives), with no sign the volunteer's check of the mapping was cut.
    path = write_xlsx(tmp_path / "f.xlsx", _rows(3))
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    window.resize(1008, 552)
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(panel.import_button.isEnabled)
    qtbot.wait(50)  # the layout settles at the new size
    clipped = []
    for field, combo in panel.combos.items():
        shown = combo.currentText()
        room = combo.width() - 36  # the frame, padding and arrow of a combo box
        if combo.fontMetrics().horizontalAdvance(shown) > room:
            clipped.append(f"{field}: {shown!r} in {combo.width()} px")
    assert clipped == []
    # The whole header, also where a longer one would be cut.
    assert all(c.toolTip() == c.currentText() for c in panel.combos.values())


def test_a_file_already_imported_previews_its_rows_as_duplicates_and_names_a_correction(
        qtbot, db, site, tmp_path):
    """The preview reads the database as the import will (off the screen's thread): rows
    recorded already say they will be skipped, and a recorded person the file says other
    things of is named with what differs, before anything is imported."""
    from desktop_app.progress import drain
    from desktop_app.services.actor import AT_THIS_LAPTOP

    rows = _rows(3)
    drain(backfill.import_file(db, write_xlsx(tmp_path / "first.xlsx", rows),
                               actor=AT_THIS_LAPTOP))
    again = [*rows, person_row(1, name=name_of(1), cccd="001090000001", sex="Nữ"),
             person_row(7, name="Người Mới", cccd="001090000007")]
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(write_xlsx(tmp_path / "again.xlsx", again)))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 4
                    and panel.preview.item(0, 1).text() == "trùng, sẽ bỏ qua", timeout=10_000)
    said = [panel.preview.item(i, 1).text() for i in range(4)]
    assert said == ["trùng, sẽ bỏ qua", "trùng, sẽ bỏ qua", "khác hồ sơ có sẵn", "sẽ được nhập"]
    assert panel.preview.item(0, 2).text() != ""  # why: the import's own sentence
    assert "Giới tính" in panel.preview.item(2, 2).text()  # what differs, named
    assert _doses(db) == 2  # a preview stores nothing
    ctx.runner.wait_idle()


def test_the_next_file_waits_for_the_import_and_its_rows_never_say_imported(
        qtbot, db, site, tmp_path, monkeypatch):
    """While a file imports, Choose file, the sheet and the column choices are off. A
    file chosen meanwhile anyway (the reviewer's way in: a call, not a click) used to
    show, once the first import ended, its own rows as "đã nhập" (imported), none of
    them stored; its rows now say what they would do."""
    first = write_xlsx(tmp_path / "thang8.xlsx", _rows(4))
    second = write_xlsx(tmp_path / "thang9.xlsx",
                        [person_row(i, name=name_of(i + 50), cccd=f"001091{i:06d}",
                                    when="01/09/2021") for i in range(1, 4)])
    gate = threading.Event()
    original = backfill.import_file

    def held(*args, **kwargs):
        job = original(*args, **kwargs)
        gate.wait(10)
        return (yield from job)

    ctx, panel = _start_held(qtbot, db, monkeypatch, first, held)
    assert not panel.choose_button.isEnabled() and not panel.sheet_combo.isEnabled()
    assert not any(c.isEnabled() for c in panel.combos.values())
    panel.choose_file(str(second))
    gate.set()
    qtbot.waitUntil(lambda: "3 dòng đã nhập" in panel.summary.text(), timeout=20_000)
    qtbot.waitUntil(lambda: "thang9.xlsx —" in panel.file_label.text().replace("\u200b", ""))
    ctx.runner.wait_idle()
    qtbot.wait(50)
    shown = [panel.preview.item(i, 1).text() for i in range(panel.preview.rowCount())]
    assert len(shown) == 3 and "đã nhập" not in shown, shown
    assert panel.choose_button.isEnabled() and all(c.isEnabled()
                                                   for c in panel.combos.values())
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Dose)
                        .where(Dose.dose_date == date(2021, 9, 1))) == 0


def test_a_cmnd_column_beside_the_cccd_column_is_read_by_the_screen_too(qtbot, db, site,
                                                                       tmp_path):
    """The screen's column boxes have no place for the old CMND's column the header found
    beside the CCCD's: its import dropped it, and a person with a CMND alone was stored
    with no ID (a second reviewer). It is read while the ID column is the one found."""
    headers = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CMND", "Số CCCD",
               "Tên vắc xin", "Mũi thứ", "Ngày tiêm", "Cơ sở tiêm"]
    rows = [[1, "Trần Thị Bình", "12/03/1985", "Nữ", "", "038185000123", "Pfizer", 1,
             "15/09/2021", "Trạm Y tế"],
            [2, "Lê Văn Cường", "02/01/1970", "Nam", "187654321", "", "Vero Cell", 1,
             "01/10/2021", "Trạm Y tế"]]
    path = write_xlsx(tmp_path / "two-ids.xlsx", rows, headers=headers)
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi")
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview.rowCount() == 2)
    assert [panel.preview.item(i, 1).text() for i in range(2)] == ["sẽ được nhập"] * 2
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "2 dòng đã nhập" in panel.summary.text(), timeout=20_000)
    with db.reading() as s:
        assert sorted(s.execute(select(Person.full_name, Person.id_number))) == [
            ("Lê Văn Cường", "187654321"), ("Trần Thị Bình", "038185000123")]
    ctx.runner.wait_idle()
