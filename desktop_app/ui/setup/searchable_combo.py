"""A combo box for long lists of Vietnamese names that the clerk finds by typing without accents.

A stock editable QComboBox completes by prefix and with accents, so "lang" never finds
"Phường Láng". Here each item also carries its folded name, and the completer matches what is
typed, folded the same way, anywhere in it ("ha noi" finds "Thành phố Hà Nội"). The popup
offers the matches; Down/Enter or a click picks one; leaving the field with text that names one
unit unambiguously picks it too, so a fully typed name needs no popup at all.

The combo knows nothing of provinces: it is given (code, name) items and a function that finds
the one item typed text names (``admin_units.find_one``), so the matching rule lives in one
place, outside the UI.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from desktop_app.rules.names import fold

FOLDED_ROLE = Qt.ItemDataRole.UserRole + 1
CODE_ROLE = Qt.ItemDataRole.UserRole

# Given the typed text, the code of the one item it names, or None.
Resolver = Callable[[str], str | None]


class _FoldingCompleter(QCompleter):
    """Matches the folded typed text inside each item's folded name, shows and inserts the
    real name."""

    def splitPath(self, path: str) -> list[str]:  # noqa: N802 - Qt's name
        return [fold(path)]

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:  # noqa: N802
        return str(index.data(Qt.ItemDataRole.DisplayRole) or "")


class SearchableCombo(QComboBox):
    """An editable combo whose value is the code of the chosen item, or None while the text
    typed names no single item."""

    # The chosen code changed (None when the text no longer names an item).
    code_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        # Typed text is a search, never a new item.
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self._items = QStandardItemModel(self)
        self.setModel(self._items)
        self._resolve: Resolver = lambda _text: None
        self._code: str | None = None
        completer = _FoldingCompleter(self._items, self)
        completer.setCompletionRole(FOLDED_ROLE)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setMaxVisibleItems(12)
        self.setCompleter(completer)
        self.currentIndexChanged.connect(self._on_index_changed)
        # Picking the item already current emits no currentIndexChanged, only activated.
        self.activated.connect(self._on_index_changed)
        line = self.lineEdit()
        assert line is not None
        line.editingFinished.connect(self.commit_typed)
        line.textEdited.connect(self._on_text_edited)

    # -- content ----------------------------------------------------------------------------
    def set_items(self, items: Sequence[tuple[str, str]], resolve: Resolver) -> None:
        """Replace the list with (code, name) items; the text is cleared and nothing chosen."""
        self._resolve = resolve
        self.blockSignals(True)
        self._items.clear()
        for code, name in items:
            item = QStandardItem(name)
            item.setData(code, CODE_ROLE)
            item.setData(fold(name), FOLDED_ROLE)
            self._items.appendRow(item)
        self.setCurrentIndex(-1)
        self.setEditText("")
        self.blockSignals(False)
        self._set_code(None)

    # -- value ------------------------------------------------------------------------------
    def code(self) -> str | None:
        return self._code

    def set_code(self, code: str | None) -> None:
        index = self.findData(code, CODE_ROLE) if code else -1
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")
        self._set_code(code if index >= 0 else None)

    def typed_text(self) -> str:
        return self.currentText().strip()

    def commit_typed(self) -> None:
        """Choose the item the typed text names, if it names exactly one."""
        text = self.typed_text()
        if self._code is not None and text == self.itemText(self.currentIndex()):
            return
        code = self._resolve(text) if text else None
        if code is not None:
            self.set_code(code)
        else:
            self._set_code(None)

    # -- plumbing ---------------------------------------------------------------------------
    def _on_index_changed(self, index: int) -> None:
        self._set_code(self.itemData(index, CODE_ROLE) if index >= 0 else None)

    def _on_text_edited(self, text: str) -> None:
        # Editing the text of a chosen item un-chooses it until it names one again.
        if self._code is not None and text != self.itemText(self.currentIndex()):
            self._set_code(None)

    def _set_code(self, code: str | None) -> None:
        if code != self._code:
            self._code = code
            self.code_changed.emit(code)
