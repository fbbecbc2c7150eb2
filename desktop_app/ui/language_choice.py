"""The language, chosen before the main window: the passphrase, login and first-run setup
dialogs carry a *Tiếng Việt / English* choice, so a newcomer who reads only one of them can
take the first steps. The choice is remembered in the preferences the main window's
Language menu writes (``settings.LANGUAGE``) and read at the next start.

A dialog built in one language cannot re-read its texts (each widget's was set when it was
made): choosing the other closes it, ``language_chosen`` saying which, and its caller builds
it again in that language, with what was typed carried over (``carry_typed``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from desktop_app import settings
from desktop_app.ui.i18n import set_language
from desktop_app.ui.widgets.plain_label import plain_label

# Each language in its own words, as the Language menu lists them.
LANGUAGES = (("vi", "Tiếng Việt"), ("en", "English"))
# Said in both: the person looking for it may read either one only.
LABEL = "Ngôn ngữ / Language"


def choose_language(lang: str) -> None:
    """Speak ``lang`` from now on, and at the next start."""
    settings.write_preference(settings.LANGUAGE, lang)
    set_language(lang)


class LanguageRow(QWidget):
    """"Ngôn ngữ / Language [Tiếng Việt ▾]", at the right of a dialog's top; ``chosen`` is
    called with the other language once it is picked (and remembered)."""

    def __init__(self, lang: str, chosen: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        for code, name in LANGUAGES:
            self.combo.addItem(name, code)
        self.combo.setCurrentIndex(max(self.combo.findData(lang), 0))
        label = plain_label(LABEL, buddy=self.combo)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addStretch(1)
        row.addWidget(label)
        row.addWidget(self.combo)
        self._lang = lang
        self._chosen = chosen
        self.combo.activated.connect(self._picked)

    def _picked(self, _index: int) -> None:
        lang = self.combo.currentData()
        if lang != self._lang:
            choose_language(lang)
            self._chosen(lang)


def carry_typed(before: QWidget, after: QWidget) -> None:
    """What was typed in ``before``'s fields, in the same fields of ``after`` (the same
    dialog built again in the other language)."""
    for name, field in vars(before).items():
        again = getattr(after, name, None)
        if isinstance(field, QLineEdit) and isinstance(again, QLineEdit) and field.text():
            again.setText(field.text())
