"""What every flat table of VaxDesk shares: rows held in a list, fixed translated headers.

Subclasses fill ``rows`` and ``headers`` and answer ``data()``; the shape of the table is
answered here once. A short table filled item by item in a dialog is an ``item_table``.

No tab trap: Qt's tables take Tab to move from cell to cell, so a clerk at the keyboard who
tabbed into one (the complaints, a record's doses, the accounts) never left it, and the
buttons beside were out of reach. In a read-only table the arrows move; Tab moves on.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidget

Index = QModelIndex | QPersistentModelIndex
ROOT = QModelIndex()  # the parent of every row: a flat table


class RowTableModel(QAbstractTableModel):
    rows: list[Any]
    headers: tuple[str, ...]

    def rowCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = ROOT) -> int:  # noqa: N802 - Qt's name
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802 - Qt's name
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


def row_view(model: QAbstractTableModel, *, several: bool = False) -> QTableView:
    """A read-only table that selects whole rows (one, or ``several``), rows of one height."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if several
                           else QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab moves on: no tab trap (above)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    # Uniform rows let the view skip measuring each one: smooth scrolling at any size.
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    return table


def item_table(headers: tuple[str, ...]) -> QTableWidget:
    """A read-only table of a few rows set item by item, whole rows selected, the last
    column taking the room left."""
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    # One row: QTableWidget's default (extended) made selectRow add to or toggle the
    # selection while a modifier key was down, and a reload lost the account chosen.
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setTabKeyNavigation(False)  # Tab moves on: no tab trap (above)
    table.verticalHeader().hide()
    table.horizontalHeader().setStretchLastSection(True)
    return table


def fit_columns(table: QTableWidget) -> None:
    """Each column but the last as wide as its rows (a few) need, the last taking the room
    left: at Qt's 100 px "Comirnaty (Pfizer-BioNTech)" was cut to "Comirnaty (Pfizer-…"."""
    for column in range(table.columnCount() - 1):
        table.resizeColumnToContents(column)
