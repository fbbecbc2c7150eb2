"""Text a citizen or a site typed is shown as written, never rendered as HTML (review item
4): a place sent from the public complaint form as ``<h1 style="color:red">ĐÃ XỬ LÝ
XONG</h1>`` showed in the supervisor's pane as a big red heading, since a ``QLabel`` left in
Qt's ``AutoText`` mode renders whatever looks like HTML."""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

import desktop_app
from desktop_app.clock import utc_now
from desktop_app.db import complaint_store
from desktop_app.services.search import PersonSummary
from desktop_app.ui.complaints.complaints_screen import ComplaintsScreen
from desktop_app.ui.context import AppContext
from desktop_app.ui.merge_records import _Card
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.widgets.problem_label import ErrorLine, ProblemLabel
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper

UI = Path(desktop_app.__file__).parent / "ui"
PLACE = '<h1 style="color:red">ĐÃ XỬ LÝ XONG</h1><b>xin bỏ qua</b>'
NAME = "<b>Phạm</b> Thị <i>Lan</i>"


def _pulled(db, code: str, *, place: str, full_name: str) -> None:
    """A complaint filed on the public form, kept as the sync keeps what central sends."""
    sub = wire.Submission(wire.DOSE_MISSING, GOOD_ID, full_name, date(1985, 3, 12),
                          "0912345678", 2, date(2021, 10, 7), place, None,
                          "<p style='font-size:40px'>Tôi đã tiêm mũi 2</p>")
    received = utc_now() - timedelta(hours=2)
    data = wire.Complaint(code, sub, received, wire.ROUTE_SITE, "HN-0001", "01", None,
                          changed_at=received).as_json()
    with db.transaction() as s:
        complaint_store.keep_pulled(s, wire.complaint_from_json(data))


def test_a_complaint_whose_place_is_html_shows_the_literal_text(qtbot, db, site, boss):
    paper(db)
    _pulled(db, "PA-ZQ0TMJ18", place=PLACE, full_name=NAME)
    ctx = AppContext(db, TaskRunner(), "vi")
    ctx.actor = boss
    screen = ComplaintsScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 600)
    screen.show()
    screen.activate()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    screen.table.setCurrentIndex(screen.model.index(screen.model.row_of("PA-ZQ0TMJ18"), 0))
    pane = screen.detail
    qtbot.waitUntil(lambda: pane.fields["place"].text() == PLACE)

    assert QtGui.Qt.mightBeRichText(PLACE)  # what AutoText would have drawn as a red heading
    for label in (pane.title, *pane.fields.values()):
        assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    assert pane.fields["who"].text().startswith(NAME)
    # Drawn as the characters it holds, as tall as plain text, not as a heading.
    shown, width = pane.fields["place"], pane.fields["place"].width()
    plain, rich = QLabel(PLACE, wordWrap=True), QLabel(PLACE, wordWrap=True)
    plain.setTextFormat(Qt.TextFormat.PlainText)
    assert shown.heightForWidth(width) == plain.heightForWidth(width) \
        < rich.heightForWidth(width)
    ctx.runner.wait_idle()


def test_the_merge_dialogs_cards_show_names_as_typed(qtbot):
    card = _Card("Kept")
    qtbot.addWidget(card)
    card.show_person(PersonSummary("p1", NAME, date(1985, 3, 12), "F", "CCCD", GOOD_ID,
                                   "<u>0912345678</u>"))
    assert card.labels["full_name"].text() == NAME
    assert all(label.textFormat() == Qt.TextFormat.PlainText
               for label in card.labels.values())


def test_the_error_and_problem_lines_show_a_message_quoting_a_name_as_written(qtbot):
    for label in (ErrorLine(f"Không tìm thấy “{NAME}”."), ProblemLabel()):
        qtbot.addWidget(label)
        assert label.textFormat() == Qt.TextFormat.PlainText


# -- every label in ui/ -----------------------------------------------------------------------
FIXED = {"tr", "translate"}  # self.tr("…"), QCoreApplication.translate(…, "…")


def _fixed(node: ast.expr) -> bool:
    """Text written in the code: a literal, a translation of one, or those joined."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Call):
        func = node.func
        return (func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")) \
            in FIXED
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _fixed(node.left) and _fixed(node.right)
    if isinstance(node, ast.IfExp):  # one written text or another
        return _fixed(node.body) and _fixed(node.orelse)
    return False


def _offending_labels(source: str, name: str) -> list[str]:
    """``QLabel(…)`` calls in ``source`` that show text not written in the code (built with
    none, with a value, or set later to one) and whose text format is never set."""
    tree = ast.parse(source)
    target_of: dict[int, str] = {}
    formatted, fed = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and isinstance(node.value, ast.Call):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            target_of[id(node.value)] = ast.unparse(targets[0])
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = ast.unparse(node.func.value)
            if node.func.attr == "setTextFormat":
                formatted.add(receiver)
            elif node.func.attr == "setText" and node.args and not _fixed(node.args[0]):
                fed.add(receiver)
    offenders = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and ast.unparse(node.func) == "QLabel"):
            continue
        target = target_of.get(id(node))
        dynamic = not node.args or not _fixed(node.args[0]) or target in fed
        if dynamic and target not in formatted:
            offenders.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return offenders


def test_every_label_showing_text_not_written_in_the_code_says_its_format():
    """Use ``plain_label()`` (ui/widgets/plain_label.py) for a label that shows a value; a
    label meant to be rich says ``setTextFormat(RichText)`` and escapes what it quotes."""
    offenders = [o for path in sorted(UI.rglob("*.py"))
                 for o in _offending_labels(path.read_text(encoding="utf-8"),
                                            str(path.relative_to(UI)))]
    assert offenders == []


def test_the_scan_finds_a_label_fed_a_value():
    sample = ("self.place = QLabel()\nself.place.setText(sub.place)\n"
              "self.ok = QLabel(self.tr('Place'))\n"
              "self.name = QLabel(self.tr('Loading'))\nself.name.setText(p.full_name)\n"
              "self.rich = QLabel()\nself.rich.setTextFormat(RICH)\n"
              "form.addRow(QLabel(self.tr('A') + ':'), QLabel(person.address))\n")
    assert _offending_labels(sample, "x.py") == [
        "x.py:1: QLabel()", "x.py:4: QLabel(self.tr('Loading'))",
        "x.py:8: QLabel(person.address)"]


def test_message_boxes_show_their_sentences_as_written(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from desktop_app.ui import dialogs

    seen = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(
        (box.textFormat(), box.text())) or 0)
    dialogs.show_error(None, "Lỗi", f"Không tìm thấy “{NAME}”.")
    dialogs.confirm(None, "Gộp", f"Gộp “{NAME}”?", "Có", "Không")
    dialogs.ask_save_anyway(None, [f"“{NAME}” trùng tên."])
    assert [f for f, _ in seen] == [Qt.TextFormat.PlainText] * 3
