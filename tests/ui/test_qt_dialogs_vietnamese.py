"""Qt's own dialogs speak the app's Vietnamese: the certificate's save dialog, the open
dialog of Check a certificate, the backup folder's, the print dialog; and a file dialog
opens in Documents or the folder last used for its kind of file, never where the program
was started. Real screens, each dialog found among the windows while it waits for the
clerk, read, drawn, then closed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QListView,
    QToolButton,
    QTreeView,
)

from desktop_app import settings
from desktop_app.clock import utc_to_local
from desktop_app.services import certificates
from desktop_app.ui.backups_dialog import BackupsDialog
from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.qt_texts import QT_TEXTS
from desktop_app.ui.tasks import TaskRunner
from tests.certificates.dialog_helpers import open_certificate_dialog
from tests.sync.helpers import make_people

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _in_vietnamese(qapp, tmp_path, monkeypatch):  # noqa: ANN001
    set_language("vi")  # as a site reads it (the conftest resets to English)
    monkeypatch.setenv("XDG_DOCUMENTS_DIR", str(tmp_path / "Tài liệu"))
    (tmp_path / "Tài liệu").mkdir()
    monkeypatch.chdir(tmp_path)  # where a bare file name used to land


def when_shown(kind: type[QDialog], read: dict, then: Callable[[QDialog], None],
               shot: Path | None = None) -> None:
    """Once a ``kind`` dialog is up (the caller's next step waits in it): its texts into
    ``read``, its picture to ``shot``, then ``then(dialog)`` answers it."""
    def look(tries: int = 0) -> None:
        shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, kind)
                 and w.isVisible()]
        if not shown:
            if tries < 200:
                QTimer.singleShot(25, lambda: look(tries + 1))
            return
        [dialog] = shown
        try:
            read.update(texts(dialog))
            if shot is not None:
                dialog.grab().save(str(shot))
        finally:
            then(dialog)  # never left waiting: a failed read fails the test, not hangs it

    QTimer.singleShot(0, look)


def texts(dialog: QDialog) -> dict:
    """What the clerk reads on a dialog: labels, buttons, group titles, tool tips, menu
    entries, the file list's columns and places."""
    read: dict = {
        "labels": [w.text() for w in dialog.findChildren(QLabel) if w.isVisible() and w.text()],
        "buttons": [b.text() for box in dialog.findChildren(QDialogButtonBox)
                    for b in box.buttons() if b.isVisible()],
        "groups": [g.title() for g in dialog.findChildren(QGroupBox) if g.title()],
        "tips": [b.toolTip() for b in dialog.findChildren(QToolButton) if b.toolTip()],
        "menu": [a.text() for a in dialog.findChildren(QAction) if a.text()],
    }
    for view in dialog.findChildren(QTreeView):
        model = view.model()
        read["columns"] = [model.headerData(i, Qt.Orientation.Horizontal)
                           for i in range(model.columnCount())]
    for view in dialog.findChildren(QListView):
        if view.objectName() == "sidebar":
            read["places"] = [view.model().index(i, 0).data()
                              for i in range(view.model().rowCount())]
    if isinstance(dialog, QFileDialog):
        read["folder"] = Path(dialog.directory().absolutePath())
        read["name"] = dialog.findChild(QLabel, "fileNameLabel").buddy().text()
    return read


FILE_DIALOG = {  # what every file dialog shows, whichever kind
    "labels": {"&Tìm trong:", "&Loại tệp:"},
    "columns": ["Tên", "Dung lượng", "Loại", "Ngày sửa"],
    "tips": {"Quay lại", "Đi tiếp", "Thư mục cha", "Tạo thư mục mới", "Dạng danh sách",
             "Dạng chi tiết"},
    "menu": {"Đổi &tên", "&Xóa", "Hiện các tệp &ẩn", "Thư mục &mới", "Hiện cột Loại"},
}


def assert_file_dialog_in_vietnamese(read: dict, accept: str, name_label: str) -> None:
    assert FILE_DIALOG["labels"] | {name_label} <= set(read["labels"]), read["labels"]
    assert read["buttons"] == [accept, "Hủy bỏ"]
    assert read["columns"] == FILE_DIALOG["columns"]
    assert FILE_DIALOG["tips"] <= set(read["tips"]), read["tips"]
    assert FILE_DIALOG["menu"] <= set(read["menu"]), read["menu"]
    assert read["places"][0] == "Máy tính"


@pytest.fixture
def certificate(qtbot, db, site):  # noqa: ANN001, ANN201
    """A person's certificate dialog, previewed and shown, in the Vietnamese app."""
    [person] = make_people(db, 1, doses_each=1)
    ctx, dialog = open_certificate_dialog(qtbot, db, person, "vi")
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=15_000)
    yield dialog
    ctx.runner.wait_idle()


def test_saving_a_certificate_asks_in_vietnamese_in_documents_then_where_it_was_saved(
        qtbot, certificate, tmp_path):
    dialog = certificate
    content = dialog.content
    # Its day and short code, never the citizen's CCCD (a name shows in every listing).
    name = (f"chung-nhan-{utc_to_local(content.issued_at).date().isoformat()}-"
            f"{certificates.file_code(content.uvci)}.pdf")
    assert content.subject.id_number not in name
    read: dict = {}
    when_shown(QFileDialog, read, QFileDialog.reject, tmp_path / "luu-chung-nhan.png")
    assert dialog.save_pdf() is None  # cancelled: nothing saved
    assert_file_dialog_in_vietnamese(read, "&Lưu", "&Tên tệp:")
    # Documents, not the folder the program was started from, and the certificate's name.
    assert (read["folder"], read["name"]) == (tmp_path / "Tài liệu", name)
    assert not (tmp_path / name).exists() and not dialog.recorded

    # Saved in a folder of the clerk's: the next certificate is offered there.
    chosen = tmp_path / "Chứng nhận tháng 12"
    chosen.mkdir()

    def save_there(file_dialog: QDialog) -> None:
        file_dialog.selectFile(str(chosen / name))
        file_dialog.accept()

    when_shown(QFileDialog, {}, save_there)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        assert dialog.save_pdf() == chosen / name
    assert (chosen / name).is_file()
    assert settings.read_preference(settings.FILE_FOLDERS) == {"certificates": str(chosen)}
    again: dict = {}
    when_shown(QFileDialog, again, QFileDialog.reject)
    dialog.save_pdf()
    assert (again["folder"], again["name"]) == (chosen, name)

    chosen.rename(tmp_path / "USB rút ra")  # the folder gone: Documents again
    gone: dict = {}
    when_shown(QFileDialog, gone, QFileDialog.reject)
    dialog.save_pdf()
    assert gone["folder"] == tmp_path / "Tài liệu"


def test_printing_a_certificate_asks_in_vietnamese(qtbot, certificate, tmp_path):
    read: dict = {}
    when_shown(QPrintDialog, read, QPrintDialog.reject, tmp_path / "in.png")
    assert certificate.print_certificate() is False  # cancelled: nothing printed
    assert read["buttons"] == ["&In", "Hủy bỏ", "&Tùy chọn >>"]
    assert {"&Tên:", "Vị trí:", "Loại:"} <= set(read["labels"]), read["labels"]
    assert "Máy in" in read["groups"]
    assert not certificate.recorded


def file_dialog_of(qtbot, db, kind: type[QDialog], ask: Callable[[QDialog], object],
                   actor=None) -> dict:
    """A ``kind`` dialog of the Vietnamese app (``actor`` at the laptop), shown: what the
    file dialog its ``ask`` opens says, that file dialog then cancelled."""
    ctx = AppContext(db, TaskRunner(), "vi")
    if actor is not None:
        ctx.actor = actor
    dialog = kind(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    read: dict = {}
    when_shown(QFileDialog, read, QFileDialog.reject)
    ask(dialog)
    ctx.runner.wait_idle()
    return read


def test_opening_a_certificate_to_check_asks_in_vietnamese(qtbot, db, tmp_path):
    read = file_dialog_of(qtbot, db, VerifyDialog, VerifyDialog.check_file)
    assert_file_dialog_in_vietnamese(read, "&Mở", "&Tên tệp:")
    assert read["folder"] == tmp_path / "Tài liệu"


def test_choosing_the_backup_folder_asks_in_vietnamese(qtbot, db, boss, site, usb):
    read = file_dialog_of(qtbot, db, BackupsDialog, BackupsDialog.choose_folder, boss)
    assert_file_dialog_in_vietnamese(read, "&Chọn", "Thư mục:")
    assert read["folder"] == usb  # where the copies go now


def test_every_text_of_qt_listed_for_translation_has_its_vietnamese():
    untranslated = [(context, source) for context, sources in QT_TEXTS.items()
                    for source in sources
                    if QCoreApplication.translate(context, source) in ("", source)]
    assert untranslated == []
    # A file's name is not a person's, though the English word is the same.
    assert QCoreApplication.translate("QFileSystemModel", "Name") == "Tên"
    assert QCoreApplication.translate("DoseTableModel", "Name") == "Họ và tên"


def test_every_file_dialog_is_built_one_way():
    """Qt's static QFileDialog functions opened where the program started; every screen
    goes through ui/file_dialogs.py instead."""
    built_elsewhere = [
        str(path.relative_to(ROOT)) for path in (ROOT / "desktop_app").rglob("*.py")
        if "QFileDialog" in path.read_text(encoding="utf-8")
        and path.name not in ("file_dialogs.py", "qt_texts.py")]
    assert built_elsewhere == []
