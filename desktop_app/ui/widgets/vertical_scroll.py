"""A form that scrolls up and down when the screen is short, never sideways.

A 1024×600 netbook leaves about 500 px for a form under the menu, title and status bars, less
than the desk's new-person and dose forms or the record dialog need. Put such a form in a
``VerticalScroll``: it keeps the form's full width (its minimum width is the form's, plus the
scroll bar), asks for the form's height when there is room, and scrolls when there is not.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

# Enough of a form to see where one is, and what the scroll bar moves through.
MIN_HEIGHT = 120


class VerticalScroll(QScrollArea):
    def __init__(self, form: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidget(form)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # No Tab stop of its own: its fields take the keys (a screening checklist opened
        # on its frame, where Space ticked nothing), and it scrolls to the one focused.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        # The form's minimum width changes as its parts show and hide (a person's card, the
        # new-person form): the layout around must ask this area again, or the form is cut.
        form.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.widget() and event.type() in (
                QEvent.Type.LayoutRequest, QEvent.Type.Show):
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def _bar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        form = self.widget()
        width = form.minimumSizeHint().width() if form is not None else 0
        return QSize(width + self._bar(), MIN_HEIGHT)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        form = self.widget()
        if form is None:
            return super().sizeHint()
        hint = form.sizeHint()
        return QSize(hint.width() + self._bar(), hint.height())
