"""A rendered page shown as wide as its view allows, so no one scrolls sideways to find the
QR code: on an 800 px or 1024 px screen the A5 preview (909 px at 110 dpi) was cut at the
right edge. It is never enlarged past its rendered size, which would only blur it; a page
taller than the view scrolls up and down. A document of several pages shows them all, one
under the other (``PageStack``): a preview of the first alone hid what the printer prints."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap, QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QVBoxLayout, QWidget

from desktop_app.ui.widgets.plain_label import plain_label


class PagePicture(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.page: QPixmap | None = None  # as rendered; what is shown is fitted from it
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Its width is the view's to give, not the picture's to demand.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)

    def set_page(self, page: QPixmap) -> None:
        self.page = page
        self.clear()  # a new page (another paper size) is fitted even at the same width
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.page is None or self.width() <= 0:
            return
        width = min(self.width(), self.page.width())
        shown = self.pixmap()
        if shown is not None and not shown.isNull() and shown.width() == width:
            return  # already fitted: a resize of the height only
        self.setPixmap(self.page.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))


class PageStack(QWidget):
    """Every page of a document, each a ``PagePicture``, with a caption over each naming it
    (``caption(number, count)``) when there is more than one."""

    def __init__(self) -> None:
        super().__init__()
        self.pictures: list[PagePicture] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)  # pages stay at the top of a view taller than them

    def set_pages(self, pages: list[QPixmap], caption: Callable[[int, int], str]) -> None:
        for old in self.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            old.setParent(None)  # out of the layout now, not at the next turn of the loop
            old.deleteLater()
        self.pictures = []
        for number, page in enumerate(pages, start=1):
            if len(pages) > 1:
                label = plain_label(caption(number, len(pages)))
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                self._add(label)
            picture = PagePicture()
            self._add(picture)
            picture.set_page(page)
            self.pictures.append(picture)

    def _add(self, widget: QWidget) -> None:
        self._layout.insertWidget(self._layout.count() - 1, widget)
