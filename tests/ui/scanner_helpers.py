"""A USB 2D scanner for desk tests: a keyboard that types a card's QR text and Enter.

Each character is one key event sent where the keys go (the focused widget), as a HID
scanner's are; ``gap`` seconds of Qt's event loop run between keys (a card takes about
60 ms), or, with ``every``, the loop runs only every so many keys: a GUI thread busy with
something else while the scanner types on.

Each key carries the time the scanner typed it, ``gap`` after the one before, as the window
system stamps a real keyboard's: a pause of the GUI thread between two keys (a full garbage
collection late in a loaded run) delays their delivery, not their typing. Unstamped, such a
pause split a card's ID and the scan was called damaged.
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


def key(char: str, typed_ms: int = 0) -> None:
    """One key of the scanner's, to wherever the keys go now, stamped ``typed_ms`` (the
    window system's milliseconds; 0: unstamped, as an input method's keys arrive)."""
    target = focused()
    code = Qt.Key.Key_Return if char == "\r" else Qt.Key.Key_unknown
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        event = QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, char)
        event.setTimestamp(typed_ms)
        QApplication.sendEvent(target, event)


def typing_times(count: int, gap: float) -> list[int]:
    """When a scanner typing ``count`` keys from now types each: its own pace, whatever
    the GUI thread is doing."""
    start = int(time.monotonic() * 1000) + 1
    return [start + int(i * gap * 1000) for i in range(count)]


def scan(card: CccdQr | str, *, enter: bool = True, gap: float = 0.0006) -> None:
    """The scanner types the card, the event loop running between its keys."""
    text = (card if isinstance(card, str) else format_cccd_qr(card)) + ("\r" if enter else "")
    for char, typed_ms in zip(text, typing_times(len(text), gap), strict=True):
        key(char, typed_ms)
        end = time.monotonic() + gap
        while time.monotonic() < end:
            QApplication.processEvents()


def scan_busy(card: CccdQr, every: int, gap: float = 0.001) -> None:
    """The scanner types on while the GUI thread is busy: the loop runs every ``every``
    keys only (0: not until the scan is typed), so keys and answers pile up."""
    text = format_cccd_qr(card) + "\r"
    for i, (char, typed_ms) in enumerate(zip(text, typing_times(len(text), gap), strict=True)):
        key(char, typed_ms)
        if every and i % every == 0:
            QApplication.processEvents()
