"""The demo database's mark on the main window: its title and a banner over every area
say that this is sample data, with the way back to the real data one click away."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QPushButton, QVBoxLayout, QWidget

from desktop_app.rules.demo import is_demo_path
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.tones import ERROR

BANNER_STYLE = f"background: {ERROR}; color: white; font-weight: bold; padding: 6px 10px;"


class DemoBanner(QWidget):
    def __init__(self, said: str, leave: Callable[[], None] | None) -> None:
        super().__init__()
        self.setObjectName("demoBanner")
        self.setStyleSheet(f"#demoBanner {{ {BANNER_STYLE} }}")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        label = plain_label(said)
        label.setStyleSheet("color: white; font-weight: bold;")
        label.setWordWrap(True)
        row.addWidget(label, 1)
        self.back_button = QPushButton(self.tr("Back to the real data"))
        self.back_button.setVisible(leave is not None)
        if leave is not None:
            self.back_button.clicked.connect(leave)
        row.addWidget(self.back_button)


def mark_if_demo(window: QMainWindow, leave: Callable[[], None] | None) -> DemoBanner | None:
    """On the demo database: the title and a banner above the areas (returned, for the
    tests); ``leave`` opens the real database again. Elsewhere nothing changes."""
    ctx = window.ctx  # type: ignore[attr-defined]
    if not is_demo_path(ctx.db.path):
        return None
    said = ctx.text("DEMO_BANNER")
    window.setWindowTitle(f"VaxDesk — {said}")
    banner = DemoBanner(said, leave)
    body = window.centralWidget()
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(banner)
    column.addWidget(body, 1)
    window.setCentralWidget(holder)
    return banner
