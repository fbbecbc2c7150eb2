"""A row of controls that wraps onto the next line when the window is narrow.

A QHBoxLayout's minimum width is the sum of its items, so one bar of filters or buttons made
the whole main window wider than a 1366 px laptop screen. This layout lays its items left to
right and starts a new line when the next one does not fit; its minimum width is that of its
widest item, and its height follows the width it is given (``heightForWidth``).

``add_stretch()`` marks where the rest of a line's space goes (like ``addStretch`` in a box
layout): items after it are pushed to the right end of their line, as the buttons at the end
of a toolbar are.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QSizePolicy, QSpacerItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        if parent is None:
            self.setContentsMargins(0, 0, 0, 0)

    # -- filling ----------------------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt's name
        self._items.append(item)

    def add_widgets(self, *widgets: QWidget) -> FlowLayout:
        for widget in widgets:
            self.addWidget(widget)
        return self

    def add_stretch(self) -> None:
        self.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum))

    # -- QLayout's bookkeeping --------------------------------------------------------------
    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt's name
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt's name
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return self._lay_out(QRect(0, 0, width, 0), move=False)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # One line, as a wide window shows it.
        visible = self._visible()
        width = sum(i.sizeHint().width() for i in visible)
        width += self._spacing * max(len(visible) - 1, 0)
        height = max((i.sizeHint().height() for i in visible), default=0)
        return QSize(width, height).grownBy(self.contentsMargins())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt's name
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(item.minimumSize())
        return size.grownBy(self.contentsMargins())

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt's name
        super().setGeometry(rect)
        self._lay_out(rect, move=True)

    # -- the layout itself ------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty() or i.spacerItem() is not None]

    def _lay_out(self, rect: QRect, *, move: bool) -> int:
        margins: QMargins = self.contentsMargins()
        area = rect.marginsRemoved(margins)
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            if item.spacerItem() is not None:
                lines[-1].append(item)
                continue
            width = item.sizeHint().width()
            if lines[-1] and used + width > area.width() and _has_widget(lines[-1]):
                lines.append([])
                used = 0
            lines[-1].append(item)
            used += width + self._spacing
        y = area.y()
        for line in lines:
            widgets = [i for i in line if i.spacerItem() is None]
            if not widgets:
                continue
            height = max(i.sizeHint().height() for i in widgets)
            if move:
                self._place_line(line, area, y, height)
            y += height + self._spacing
        return y - self._spacing - area.y() + margins.top() + margins.bottom()

    def _place_line(self, line: list[QLayoutItem], area: QRect, y: int, height: int) -> None:
        widgets = [i for i in line if i.spacerItem() is None]
        natural = sum(min(i.sizeHint().width(), area.width()) for i in widgets)
        natural += self._spacing * (len(widgets) - 1)
        spare = max(area.width() - natural, 0)
        x = area.x()
        for item in line:
            if item.spacerItem() is not None:
                x += spare
                spare = 0
                continue
            width = min(item.sizeHint().width(), area.width())
            top = y + (height - item.sizeHint().height()) // 2
            item.setGeometry(QRect(QPoint(x, top), QSize(width, item.sizeHint().height())))
            x += width + self._spacing


def _has_widget(line: list[QLayoutItem]) -> bool:
    return any(i.spacerItem() is None for i in line)


def row_of(layout: QLayout) -> QWidget:
    """Keep a few controls together on one line of a flow (a caption and its field)."""
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder
