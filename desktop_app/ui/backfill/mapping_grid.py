"""The spreadsheet's column choices, each beside its field's name, in as many pairs a row
as the panel's width holds: three on a laptop, two when the screen is small or scaled.

Three pairs a row, each choice showing at least "B: Họ và tên", made the main window 949 px
wide, past a 1366×768 laptop at 150 % scaling (911 px) and a netbook at 125 % (819 px).
The choices take the rest of the row's room: narrower ones would clip a header with no sign
that the volunteer's check was cut.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QWidget


class MappingGrid(QWidget):
    def __init__(self, pairs: list[tuple[QWidget, QWidget]], most: int = 3,
                 fewest: int = 2) -> None:
        super().__init__()
        self.pairs, self.most, self.fewest = pairs, most, fewest
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.per_row = 0
        self._arrange(most)

    def _arrange(self, per_row: int) -> None:
        if per_row == self.per_row:
            return
        self.per_row = per_row
        for index, (label, choice) in enumerate(self.pairs):
            row, pair = divmod(index, per_row)
            self.grid.addWidget(label, row, pair * 2)  # moves it from where it was
            self.grid.addWidget(choice, row, pair * 2 + 1)
        for pair in range(self.most):
            self.grid.setColumnStretch(pair * 2 + 1, 1 if pair < per_row else 0)
        self.updateGeometry()

    def width_for(self, per_row: int) -> int:
        """The width ``per_row`` pairs a row need: each column as wide as its widest name
        and choice."""
        spacing = max(self.grid.horizontalSpacing(), 0)
        columns = [self.pairs[pair::per_row] for pair in range(per_row)]
        return sum(max(label.minimumSizeHint().width() for label, _ in column)
                   + max(choice.minimumSizeHint().width() for _, choice in column)
                   for column in columns) + spacing * (2 * per_row - 1)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.width_for(self.fewest), self.grid.minimumSize().height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        hint = self.grid.sizeHint()
        return QSize(max(hint.width(), self.width_for(self.most)), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        width = event.size().width()
        self._arrange(next((n for n in range(self.most, self.fewest, -1)
                            if self.width_for(n) <= width), self.fewest))
        super().resizeEvent(event)
