"""A conflict's two versions side by side, then the two choices: each field as this laptop
and the central platform hold it, the rows that differ marked in bold on yellow (the
service shapes the rows, ``services.sync.compare_versions``; this only lays them out)."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.sync_view import FieldPair
from desktop_app.ui.widgets.row_table import item_table
from desktop_app.ui.widgets.tones import HIGHLIGHT

DIFFERS_COLOUR = QColor(HIGHLIGHT)


class ComparePane(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.heading = QLabel("<b>" + self.tr("Compare the two versions") + "</b> — " + self.tr(
            "rows in bold on yellow differ."))
        self.table = item_table((self.tr("Field"), self.tr("On this laptop"),
                                 self.tr("On the central platform")))
        self.table.setWordWrap(True)
        self.table.setSelectionMode(self.table.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in (1, 2):  # the two versions share the width equally
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.mine_button = QPushButton(self.tr("Keep this laptop's version"))
        self.theirs_button = QPushButton(self.tr("Take the central version"))
        choices = QHBoxLayout()
        choices.addStretch(1)
        choices.addWidget(self.mine_button)
        choices.addWidget(self.theirs_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.table, 1)
        layout.addLayout(choices)

    def show_rows(self, rows: tuple[FieldPair, ...]) -> None:
        self.table.setRowCount(len(rows))
        for row, pair in enumerate(rows):
            for column, shown in enumerate((pair.label, pair.mine, pair.theirs)):
                item = QTableWidgetItem(shown)
                if pair.differs:  # bold as well as coloured: seen without the colour too
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                    item.setBackground(QBrush(DIFFERS_COLOUR))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        # As tall as its rows and no taller: the room left goes to the list above.
        table = self.table
        table.setMaximumHeight(table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
                               + sum(table.rowHeight(r) for r in range(len(rows))))
        self.setMaximumHeight(self.sizeHint().height())
