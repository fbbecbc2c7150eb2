"""A table's columns fitted to the width it has: each as wide as its content, and when they
are wider than the view together, the long ones (a name, a kind of complaint, a last dose)
give up room, elided with their text in a tooltip, before the short ones after them are
pushed behind a scroll bar. Room to spare goes to the last column.

Qt's own modes do one or the other: ``ResizeToContents`` pushed the desk's last dose off a
netbook screen, ``Stretch`` cut every column alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QHeaderView, QTableView


def fitted_widths(natural: list[int], room: int, elastic: Mapping[int, int]) -> list[int]:
    """``natural`` widths, the ``elastic`` columns (column → the least it keeps) narrowed
    in proportion to what each can give until all fit ``room``, or as far as they go.

    >>> fitted_widths([100, 50, 300], 500, {2: 100})
    [100, 50, 300]
    >>> fitted_widths([100, 50, 300], 350, {0: 60, 2: 100})
    [83, 50, 216]
    >>> fitted_widths([100, 50, 300], 100, {2: 100})
    [100, 50, 100]
    """
    excess = sum(natural) - room
    give = {c: max(0, natural[c] - least) for c, least in elastic.items()}
    total = sum(give.values())
    widths = list(natural)
    if excess <= 0 or total == 0:
        return widths
    for column, can in give.items():
        widths[column] -= min(can, -(-excess * can // total))
    return widths


def natural_widths(table: QTableView) -> list[int]:
    """Each column as wide as its header and its widest cell shown; a hidden one, none."""
    header = table.horizontalHeader()
    return [0 if table.isColumnHidden(c) else
            max(table.sizeHintForColumn(c), header.sectionSizeHint(c))
            for c in range(table.model().columnCount())]


class ColumnFitter(QObject):
    """Fits ``table``'s columns whenever its rows or its width change.

    The ``droppable`` columns are left out when the others, narrowed as far as they go,
    still do not fit (a netbook at 150 % display scaling), and whatever the room while
    ``kept_out`` names them (the desk's list beside a person's card, which shows them)."""

    def __init__(self, table: QTableView, elastic: Mapping[int, int],
                 droppable: Sequence[int] = ()) -> None:
        super().__init__(table)
        self.table = table
        self.elastic = dict(elastic)
        self.droppable = tuple(droppable)
        self.kept_out: set[int] = set()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        model = table.model()
        model.modelReset.connect(self.fit)
        model.layoutChanged.connect(self.fit)
        model.rowsInserted.connect(self.fit)
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)

    def fit(self) -> None:
        table, header = self.table, self.table.horizontalHeader()
        room = table.viewport().width()
        for column in self.droppable:
            table.setColumnHidden(column, column in self.kept_out)
        natural = natural_widths(table)
        if sum(fitted_widths(natural, room, self.elastic)) > room and self.droppable:
            for column in self.droppable:
                table.setColumnHidden(column, True)
            natural = natural_widths(table)
        widths = fitted_widths(natural, room, self.elastic)
        for column, width in enumerate(widths):
            header.resizeSection(column, width)
