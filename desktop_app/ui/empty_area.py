"""The empty state of an area whose screen is not built yet: says so, plainly."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.ui.widgets.plain_label import plain_label


class EmptyArea(QWidget):
    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        layout = QVBoxLayout(self)
        heading = QLabel(f"<h2>{html.escape(title)}</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        body = plain_label(text)
        body.setWordWrap(True)
        for w in (heading, body):
            w.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(w)
        layout.addStretch()
        layout.insertStretch(0)
