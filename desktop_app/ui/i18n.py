"""The UI language: Vietnamese by default, English on request, through Qt's translator.

Source strings in the code are English; ``resources/i18n/vaxdesk_vi.ts`` holds the Vietnamese
(edited with Qt Linguist, compiled to ``.qm`` by pyside6-lrelease; ``tests/ui/test_i18n.py``
keeps both in step with the code). Rule messages carry both languages themselves.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from desktop_app.bundled import resources_dir

# What Qt itself formats in the UI's language rather than the system's: the file dialog's
# file types ("Tài liệu PDF", not "PDF document"), a calendar's month and day names.
# English as Britain writes it: day before month, as the app writes every date.
LOCALES = {"vi": "vi_VN", "en": "en_GB"}
_installed: list[QTranslator] = []
_spoken: list[str] = []  # the language last set: a dialog before the window may change it


def qm_path(lang: str):  # type: ignore[no-untyped-def]
    return resources_dir() / "i18n" / f"vaxdesk_{lang}.qm"


def set_language(lang: str) -> None:
    """Install the translator for ``lang`` (replacing any other). English, the source, has
    one only for the nouns after a number (``%n``: "1 record", "2 records")."""
    app = QCoreApplication.instance()
    assert app is not None
    _spoken[:] = [lang]
    QLocale.setDefault(QLocale(LOCALES.get(lang, lang)))
    while _installed:
        app.removeTranslator(_installed.pop())
    if lang == "en" and not qm_path("en").exists():
        return  # English is the source: its file only picks a number's noun (%n)
    translator = QTranslator(app)
    if not translator.load(str(qm_path(lang))):
        raise FileNotFoundError(f"translation missing: {qm_path(lang)}")
    app.installTranslator(translator)
    _installed.append(translator)


def spoken(default: str) -> str:
    """The language last set (``set_language``), ``default`` before any was: what the app
    goes on in after the passphrase or login dialog, where the person may have chosen."""
    return _spoken[0] if _spoken else default
