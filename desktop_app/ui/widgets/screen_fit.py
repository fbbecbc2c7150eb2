"""Windows and dialogs that open no larger than the screen they open on.

A window asks for a comfortable starting size (the main window 1180×760, a record 900×620);
on a 1024×600 netbook or a 1366×768 laptop that would put its right edge or its buttons off
screen, and no window manager is obliged to shrink it. Layouts scroll or wrap below those
sizes (tests/ui/test_screen_sizes.py), so starting smaller loses nothing.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# Room for a window manager's borders and title bar, unknown until the window is first shown.
FRAME_WIDTH, FRAME_HEIGHT = 16, 48


def resize_within_screen(widget: QWidget, width: int, height: int) -> None:
    """``widget.resize(width, height)``, less whatever the screen it opens on (its parent's,
    else the primary one) lacks."""
    parent = widget.parentWidget()
    screen = (parent.screen() if parent is not None else None) or \
        QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry()
        width = min(width, room.width() - FRAME_WIDTH)
        height = min(height, room.height() - FRAME_HEIGHT)
    widget.resize(width, height)


def keep_within_screen(window: QWidget) -> None:
    """Move a shown window that grew (a dialog showing its errors) back inside the screen's
    available area, its frame included, rather than leave its buttons below the edge."""
    screen = window.screen()
    if screen is None:
        return
    room, frame = screen.availableGeometry(), window.frameGeometry()
    x = max(room.left(), min(frame.left(), room.right() + 1 - frame.width()))
    y = max(room.top(), min(frame.top(), room.bottom() + 1 - frame.height()))
    if (x, y) != (frame.left(), frame.top()):
        window.move(x, y)


def fit_height(dialog: QWidget) -> None:
    """As tall as its wrapped texts need at the width it has (within the screen): a
    window's layout sizes a word-wrapped label for a width of its own guessing, so an
    intro's last line, or a refusal shown later, was cut off or ran over the buttons."""
    resize_within_screen(dialog, dialog.width(), dialog.heightForWidth(dialog.width()))
