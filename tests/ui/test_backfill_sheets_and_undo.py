"""The Backfill area on real widgets: a workbook of several sheets read from the sheet with
the header (an instructions sheet first), the other sheets with data named, each imported in
turn; the imports made listed, and one undone by a supervisor after a question naming the
file, the moment and the doses. Each at 1024x600, inside the window, saved as a PNG."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from sqlalchemy import select

from desktop_app.db.models import Dose
from desktop_app.services import accounts
from desktop_app.services.actor import Actor, Role
from desktop_app.ui.backfill import imports_panel
from tests.importers.sheets import HEADERS, TITLE, name_of, person_row
from tests.ui.desk_helpers import open_area
from tests.ui.test_screen_sizes import outside

INSTRUCTIONS = [["HƯỚNG DẪN NHẬP LIỆU"], ["1. Nhập mỗi mũi tiêm một dòng ở trang “Danh sách”."],
                ["2. Ngày ghi theo dạng ngày/tháng/năm."]]


def _book(path, sheets):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, lines in sheets:
        sheet = book.create_sheet(name)
        for line in lines:
            sheet.append(line)
    book.save(path)
    return path


def _people(first, n, when):
    return [person_row(i, name=name_of(i), cccd=f"001090{i:06d}", when=when)
            for i in range(first, first + n)]


def _doses(db):
    with db.reading() as s:
        return sorted(s.execute(select(Dose.dose_date, Dose.status)).all())


def _window(qtbot, db, actor=None):
    ctx, window, screen = open_area(qtbot, db, "backfill", lang="vi", actor=actor)
    window.resize(1024, 600)
    qtbot.waitUntil(lambda: window.width() == 1024)
    return ctx, window, screen


def _fits(qtbot, window, path):
    qtbot.wait(50)
    assert outside(window) == []
    window.grab().save(str(path))


def test_the_sheet_with_the_header_is_read_not_the_instructions_before_it(
        qtbot, db, site, tmp_path):
    path = _book(tmp_path / "huong-dan-truoc.xlsx", [
        ("Hướng dẫn", INSTRUCTIONS),
        ("Danh sách", [*TITLE, HEADERS, *_people(1, 3, "01/08/2021")])])
    ctx, window, screen = _window(qtbot, db)
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview_of is not None)
    assert panel.sheet_combo.isVisible() and panel.sheet_combo.currentData() == "Danh sách"
    assert [panel.sheet_combo.itemText(i) for i in range(2)] == [
        "Hướng dẫn (không có dòng tiêu đề)", "Danh sách"]
    assert "Danh sách — dòng tiêu đề ở dòng 4" in panel.file_label.text()
    assert panel.sheet_note.text() == ""  # instructions hold no doses: nothing left out
    assert [panel.preview.item(i, 1).text() for i in range(3)] == ["sẽ được nhập"] * 3
    assert panel.import_button.isEnabled()
    _fits(qtbot, window, tmp_path / "sheet-chooser.png")
    qtbot.mouseClick(panel.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "3 dòng đã nhập" in panel.summary.text(), timeout=20_000)
    assert len(_doses(db)) == 3
    ctx.runner.wait_idle()


def test_every_sheet_with_doses_is_named_and_each_is_imported_in_turn(
        qtbot, db, site, tmp_path):
    path = _book(tmp_path / "hoi-cuu.xlsx", [
        ("Tháng 8", [*TITLE, HEADERS, *_people(1, 2, "01/08/2021")]),
        ("Tháng 9", [*TITLE, HEADERS, *_people(11, 3, "05/09/2021")])])
    ctx, window, screen = _window(qtbot, db)
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(lambda: panel.preview_of is not None)
    assert panel.sheet_combo.currentData() == "Tháng 8"
    assert panel.sheet_note.text().startswith(
        "Tệp còn 1 trang tính khác có dữ liệu: Tháng 9.")
    _fits(qtbot, window, tmp_path / "sheet-note.png")
    panel.start_import()
    qtbot.waitUntil(lambda: "2 dòng đã nhập" in panel.summary.text(), timeout=20_000)

    panel.sheet_combo.setCurrentIndex(1)
    panel.sheet_combo.activated.emit(1)  # as a click in the list
    qtbot.waitUntil(lambda: panel.preview_of is not None and panel.preview_of.sheet == "Tháng 9")
    assert panel.preview.rowCount() == 3
    assert panel.sheet_note.text().startswith("Tệp còn 1 trang tính khác có dữ liệu: Tháng 8.")
    panel.start_import()
    qtbot.waitUntil(lambda: "3 dòng đã nhập" in panel.summary.text(), timeout=20_000)
    assert [d.isoformat() for d, _s in _doses(db)] == ["2021-08-01"] * 2 + ["2021-09-05"] * 3
    ctx.runner.wait_idle()


def test_a_supervisor_undoes_an_import_from_the_list_after_a_question(
        qtbot, db, site, boss, tmp_path, monkeypatch):
    path = _book(tmp_path / "nham-xa.xlsx", [
        ("Danh sách", [*TITLE, HEADERS, *_people(1, 4, "01/08/2021")])])
    ctx, window, screen = _window(qtbot, db, actor=boss)
    panel = screen.import_panel
    panel.choose_file(str(path))
    qtbot.waitUntil(panel.import_button.isEnabled)
    panel.start_import()
    qtbot.waitUntil(lambda: "4 dòng đã nhập" in panel.summary.text(), timeout=20_000)

    screen.tabs.setCurrentWidget(screen.imports_panel)
    listed = screen.imports_panel
    qtbot.waitUntil(lambda: listed.table.rowCount() == 1)
    assert [listed.table.item(0, c).text() for c in range(1, 5)] == [
        "nham-xa.xlsx (trang Danh sách)", "Người kiểm thử", "4 mũi tiêm, 4 người mới", "đã xong"]
    assert not listed.undo_button.isEnabled()  # nothing chosen yet
    listed.table.selectRow(0)
    assert listed.undo_button.isEnabled()
    _fits(qtbot, window, tmp_path / "imports.png")

    asked = []

    def answer(parent, title, text, yes, no):
        asked.append((title, text, yes, no))
        return True

    monkeypatch.setattr(imports_panel, "confirm", answer)
    qtbot.mouseClick(listed.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed.result.text().startswith("Đã hoàn tác"), timeout=20_000)
    [(title, text, yes, no)] = asked
    assert (title, yes, no) == ("Hoàn tác lần nhập này?", "Hoàn tác lần nhập", "Giữ lần nhập")
    assert text.startswith("Hoàn tác lần nhập tệp nham-xa.xlsx (trang Danh sách) lúc ")
    assert "4 mũi tiêm sẽ được đánh dấu nhập nhầm" in text
    assert "4 người do lần nhập này tạo ra vẫn được giữ hồ sơ" in text
    assert "4 mũi tiêm được đánh dấu nhập nhầm" in listed.result.text()
    assert {s for _d, s in _doses(db)} == {"voided"}
    qtbot.waitUntil(lambda: listed.table.item(0, 4).text().startswith("đã hoàn tác lúc"))
    _fits(qtbot, window, tmp_path / "imports-undone.png")
    ctx.runner.wait_idle()


def test_a_volunteer_sees_the_imports_but_may_not_undo_one(qtbot, db, site, boss, tmp_path):
    account = accounts.add_user(db, "tinhnguyen", "Tình Nguyện Viên", "volunteer",
                                "mật khẩu tình nguyện viên", actor=boss)
    volunteer = Actor(account.id, account.full_name, Role.VOLUNTEER)
    from desktop_app.progress import drain
    from desktop_app.services.backfill import import_file

    drain(import_file(db, _book(tmp_path / "f.xlsx", [
        ("Danh sách", [*TITLE, HEADERS, *_people(1, 2, "01/08/2021")])]), actor=volunteer))
    ctx, window, screen = _window(qtbot, db, actor=volunteer)
    screen.tabs.setCurrentWidget(screen.imports_panel)
    listed = screen.imports_panel
    qtbot.waitUntil(lambda: listed.table.rowCount() == 1)
    listed.table.selectRow(0)
    assert not listed.undo_button.isEnabled()
    assert listed.undo_button.toolTip() == "Chỉ người giám sát được hoàn tác một lần nhập."
    ctx.runner.wait_idle()


def test_no_file_is_imported_while_an_import_is_being_undone(qtbot, db, site, boss, tmp_path,
                                                             monkeypatch):
    """The corrected file is chosen, then the wrong import undone: while "Undo this
    import" runs, Import is off (its tooltip says why), as a file imported meanwhile would
    be judged against the doses being voided. It comes back on when the undo ends."""
    first = _book(tmp_path / "nham-xa.xlsx", [
        ("Danh sách", [*TITLE, HEADERS, *_people(1, 2, "01/08/2021")])])
    from desktop_app.progress import drain
    from desktop_app.services.backfill import import_file

    drain(import_file(db, first, actor=boss))
    gate = threading.Event()
    real = imports_panel.undo_import

    def held(*args, **kwargs):
        gate.wait(20)
        return (yield from real(*args, **kwargs))

    monkeypatch.setattr(imports_panel, "undo_import", held)
    monkeypatch.setattr(imports_panel, "confirm", lambda *_a: True)
    ctx, window, screen = _window(qtbot, db, actor=boss)
    listed, panel = screen.imports_panel, screen.import_panel
    panel.choose_file(str(_book(tmp_path / "dung.xlsx", [
        ("Danh sách", [*TITLE, HEADERS, *_people(1, 2, "02/08/2021")])])))
    qtbot.waitUntil(panel.import_button.isEnabled)
    screen.tabs.setCurrentWidget(listed)
    qtbot.waitUntil(lambda: listed.table.rowCount() == 1)
    listed.table.selectRow(0)
    listed.undo()
    qtbot.waitUntil(lambda: listed.job is not None)
    assert not panel.import_button.isEnabled()
    assert panel.import_button.toolTip() == (
        "Đang hoàn tác một lần nhập (thẻ Các lần nhập): hãy nhập khi hoàn tác xong.")
    gate.set()
    qtbot.waitUntil(lambda: listed.result.text().startswith("Đã hoàn tác"), timeout=20_000)
    assert panel.import_button.isEnabled() and panel.import_button.toolTip() == ""
    ctx.runner.wait_idle()


def test_the_list_says_an_import_whose_undo_stopped_is_partly_undone(qtbot, db, site, boss,
                                                                      tmp_path):
    """Stop during "Undo this import" keeps the doses voided so far; the list shows that
    import "hoàn tác dở dang" with the doses voided, not "đã xong" as if whole."""
    from desktop_app.progress import drain
    from desktop_app.services.backfill import import_file

    report = drain(import_file(db, _book(tmp_path / "f.xlsx", [
        ("Danh sách", [*TITLE, HEADERS, *_people(1, 5, "01/08/2021")])]), actor=boss))
    job = imports_panel.undo_import(db, report.batch_id, actor=boss, chunk=2)
    next(job)
    job.close()  # Stop
    ctx, window, screen = _window(qtbot, db, actor=boss)
    screen.tabs.setCurrentWidget(screen.imports_panel)
    listed = screen.imports_panel
    qtbot.waitUntil(lambda: listed.table.rowCount() == 1)
    assert listed.table.item(0, 4).text().startswith(
        "hoàn tác dở dang: 2 mũi tiêm đã được đánh dấu nhập nhầm")
    ctx.runner.wait_idle()


def test_an_import_that_only_corrected_people_is_undone_from_the_list(
        qtbot, db, site, boss, tmp_path, monkeypatch):
    """A re-sent file whose doses were all recorded stored none but changed two people's
    phones: "Hoàn tác" asks (not "nothing to undo"), and puts both back."""
    from desktop_app.progress import drain
    from desktop_app.services.backfill import import_file

    first = _book(tmp_path / "dau.xlsx", [("Danh sách", [*TITLE, HEADERS,
                                                         *_people(1, 2, "01/08/2021")])])
    drain(import_file(db, first, actor=boss))
    again = _book(tmp_path / "gui-lai.xlsx", [("Danh sách", [*TITLE, HEADERS, *[
        [*row[:5], "0987000000", *row[6:]] for row in _people(1, 2, "01/08/2021")]])])
    drain(import_file(db, again, actor=boss))
    ctx, window, screen = _window(qtbot, db, actor=boss)
    screen.tabs.setCurrentWidget(screen.imports_panel)
    listed = screen.imports_panel
    qtbot.waitUntil(lambda: listed.table.rowCount() == 2)
    assert listed.table.item(0, 3).text() == \
        "0 mũi tiêm, 0 người mới, 2 dòng sửa thông tin người đã có hồ sơ"  # not "nothing"
    listed.table.selectRow(0)  # the newest first
    asked = []
    monkeypatch.setattr(imports_panel, "confirm",
                        lambda parent, title, text, yes, no: asked.append(text) or True)
    qtbot.mouseClick(listed.undo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: listed.result.text().startswith("Đã hoàn tác"), timeout=20_000)
    [text] = asked
    assert text.startswith("Hoàn tác lần nhập tệp gui-lai.xlsx")
    assert "không có mũi tiêm nào để đánh dấu nhập nhầm" in text
    assert "Thông tin của 2 người đã có hồ sơ mà lần nhập này đã sửa sẽ được trả lại" in text
    assert listed.result.text() == "Đã hoàn tác lần nhập tệp gui-lai.xlsx.\nThông tin của 2 " \
        "người đã có hồ sơ đã được trả lại như trước khi nhập."
    with db.reading() as s:
        from desktop_app.db.models import Person

        assert set(s.scalars(select(Person.phone))) == {"0912345678"}
    _fits(qtbot, window, tmp_path / "imports-corrections-undone.png")
    window.grab().save("/tmp/undo-corr.png")
    ctx.runner.wait_idle()
