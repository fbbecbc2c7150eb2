"""The Vietnamese UI is complete and in step with the code."""

import importlib.util
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QMimeDatabase

from desktop_app.ui.i18n import qm_path, set_language

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("update_translations",
                                              ROOT / "scripts" / "update_translations.py")
tool = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tool)


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    found = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            found[(name, message.findtext("source"))] = message.find("translation")
    return found


def test_the_committed_translations_cover_exactly_the_strings_in_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    tool.extract(fresh)
    assert set(messages(fresh)) == set(messages(tool.TS)), (
        "UI strings changed: run python scripts/update_translations.py")


def test_every_string_has_a_vietnamese_translation():
    untranslated = [
        source for (_, source), tr in messages(tool.TS).items()
        if tr is None or tr.get("type") == "unfinished"
        or not ("".join(tr.itertext()).strip())
    ]
    assert untranslated == []


def test_the_compiled_qm_is_up_to_date(tmp_path):
    copy = tmp_path / "vi.ts"
    shutil.copy(tool.TS, copy)
    tool.compile_qm(copy, tmp_path / "vi.qm")
    assert (tmp_path / "vi.qm").read_bytes() == qm_path("vi").read_bytes()


def test_widgets_speak_vietnamese_by_default_and_english_on_request(qtbot, db, site):
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.desk.record_screen import RecordScreen
    from desktop_app.ui.tasks import TaskRunner

    try:
        set_language("vi")
        screen = RecordScreen(AppContext(db, TaskRunner(), "vi"))
        qtbot.addWidget(screen)
        assert screen.save_button.text() == "Lưu (Ctrl+S)"
        assert screen.dose_box.title() == "Mũi tiêm"
        set_language("en")
        english = RecordScreen(AppContext(db, TaskRunner(), "en"))
        qtbot.addWidget(english)
        assert english.save_button.text() == "Save (Ctrl+S)"
    finally:
        set_language("en")


def test_english_nouns_after_a_number_agree_with_it(qtbot, tmp_path):
    from PySide6.QtCore import QCoreApplication

    def records(n: int) -> str:
        return QCoreApplication.translate("RecordsScreen", "%n record(s)", "", n)

    try:
        set_language("en")
        assert (records(1), records(2), records(0)) == ("1 record", "2 records", "0 records")
        assert QCoreApplication.translate(
            "SearchPanel", "Bring this person with their %n dose(s) from other sites", "", 1) \
            == "Bring this person with their 1 dose from other sites"
        set_language("vi")
        assert records(1) == "1 bản ghi"
    finally:
        set_language("vi")
    # Every string counted with %n has its English forms, and the files are in step.
    fresh = tmp_path / "en.ts"
    assert tool.english_plurals(tool.TS, fresh, tool.json.loads(
        tool.EN_PLURALS.read_text(encoding="utf-8"))) == []
    assert fresh.read_bytes() == tool.EN_TS.read_bytes()
    tool.compile_qm(fresh, tmp_path / "en.qm")
    assert (tmp_path / "en.qm").read_bytes() == qm_path("en").read_bytes()


def test_a_context_keeps_its_own_word_where_the_same_english_means_another_thing(tmp_path):
    """Qt's file list says "Name" for a file; our screens say it for a person."""
    ts = tmp_path / "vi.ts"
    ts.write_text('<?xml version="1.0" encoding="utf-8"?><TS version="2.1" language="vi_VN">'
                  + "".join(f"<context><name>{context}</name><message><source>Name</source>"
                            '<translation type="unfinished"></translation></message></context>'
                            for context in ("DoseTableModel", "QFileSystemModel"))
                  + "</TS>", encoding="utf-8")
    glossary = {"Name": "Họ và tên", "QFileSystemModel::Name": "Tên"}
    assert tool.fill_from_glossary(ts, glossary) == []
    assert {context: tr.text for (context, _), tr in messages(ts).items()} == {
        "DoseTableModel": "Họ và tên", "QFileSystemModel": "Tên"}
    assert tool.glossary_as_translated(ts, glossary) == glossary  # written back as it was


@pytest.mark.parametrize(("lang", "pdf", "month"), [("vi", "Tài liệu PDF", "tháng 1"),
                                                    ("en", "PDF document", "January")])
def test_what_qt_formats_itself_follows_the_ui_language_not_the_system(qapp, lang, pdf,
                                                                       month):
    """The file dialog's "Type" column and a calendar's months come from the default
    locale: on a laptop whose system speaks English they were English in the Vietnamese
    UI."""
    set_language(lang)
    assert QMimeDatabase().mimeTypeForName("application/pdf").comment() == pdf
    assert QLocale().monthName(1).lower() == month.lower()
