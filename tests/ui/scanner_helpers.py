"""A USB 2D scanner for desk tests: a keyboard that types a card's QR text and Enter.

Each character is one key event sent where the keys go (the focused widget), as a HID
scanner's are; ``gap`` seconds of Qt's event loop run between keys (a card takes about
60 ms), or, with ``every``, the loop runs only every so many keys: a GUI thread busy with
something else while the scanner types on.
"""

from __future__ import annotations

import time
from datetime import date

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop_app.rules.cccd_qr import CccdQr, format_cccd_qr
from desktop_app.rules.identity import Sex

CARD_A = CccdQr("001190012345", "012345678", "Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE,
                "Số 1, Phường Láng, Hà Nội", date(2021, 5, 10))
CARD_B = CccdQr("001085054321", None, "Trần Văn Bình", date(1985, 7, 12), Sex.MALE,
                "Số 9, Phường Kim Mã, Hà Nội", date(2022, 1, 3))


def focused():
    return QApplication.focusWidget() or QApplication.activeWindow()


def key(char: str) -> None:
    """One key of the scanner's, to wherever the keys go now."""
    target = focused()
    code = Qt.Key.Key_Return if char == "\r" else Qt.Key.Key_unknown
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier,
                                                 char))


def scan(card: CccdQr | str, *, enter: bool = True, gap: float = 0.0006) -> None:
    """The scanner types the card, the event loop running between its keys."""
    text = card if isinstance(card, str) else format_cccd_qr(card)
    for char in text + ("\r" if enter else ""):
        key(char)
        end = time.monotonic() + gap
        while time.monotonic() < end:
            QApplication.processEvents()


def scan_busy(card: CccdQr, every: int) -> None:
    """The scanner types on while the GUI thread is busy: the loop runs every ``every``
    keys only (0: not until the scan is typed), so keys and answers pile up."""
    for i, char in enumerate(format_cccd_qr(card) + "\r"):
        key(char)
        if every and i % every == 0:
            QApplication.processEvents()
