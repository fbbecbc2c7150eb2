"""A vaccine chosen by typing it as people write it: "AZ", "Astra", "Pfizer", "Sinopharm".

A plain QComboBox jumps to the first entry whose text starts with the typed letters:
"Sinopharm" picked Spikevax (Moderna), "AZ" picked Abdala, and "Pfizer", starting no entry,
left the previous vaccine chosen. Here the typed text is read by the catalogue's own matcher
(``Catalogue.find``, the importer's): its names and synonyms, any case, with or without
diacritics. Text that names no product, or several, chooses nothing and stays on show, so
a save is refused on this field (``PRODUCT_UNKNOWN``) rather than made under another
vaccine.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QComboBox

if TYPE_CHECKING:
    from desktop_app.rules.catalogue import Catalogue

# A pause this long starts the name again, as a plain combo's type-ahead does; longer than
# its own because a vaccine's name is read off paper, letter by letter.
_TYPING_GAP_S = 2.0
_NO_CHOICE = -1  # shows the typed text (the placeholder) and holds no product


class ProductCombo(QComboBox):
    def __init__(self, catalogue: Catalogue) -> None:
        super().__init__()
        self._catalogue = catalogue
        self._typed = ""
        self._last = 0.0
        self._choosing = False  # an index set by typing: what was typed stays
        self.currentIndexChanged.connect(self._chosen_otherwise)

    def code_or_typed(self) -> str:
        """The chosen product's code; else the text typed that chose none (for the
        message that refuses it); else ""."""
        return self.currentData() or (self._typed if self.currentIndex() == _NO_CHOICE
                                      else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        text = event.text()
        commands = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_Backspace and self._typed:
            self._choose(self._typed[:-1])
        elif (text and text.isprintable() and not event.modifiers() & commands
              and (self._typed or not text.isspace())):  # a first space opens the list
            now = time.monotonic()
            kept = self._typed if now - self._last < _TYPING_GAP_S else ""
            self._last = now
            self._choose(kept + text)
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        self._last = 0.0  # the next letter starts a name anew
        super().focusInEvent(event)

    def _choose(self, typed: str) -> None:
        found = self._catalogue.find(typed) if typed.strip() else None
        index = self.findData(found.code) if found is not None else _NO_CHOICE
        self._choosing = True
        try:
            self._typed = typed
            self.setPlaceholderText(typed)
            self.setCurrentIndex(index)
        finally:
            self._choosing = False
        # What reacts to a person's choice (a stale "Not saved", the checks) reacts to
        # typing too, even when the choice stays none.
        self.activated.emit(index)

    def _chosen_otherwise(self, _index: int) -> None:
        if not self._choosing:  # from the list, the arrows or the form: nothing typed
            self._typed = ""
            self.setPlaceholderText("")
