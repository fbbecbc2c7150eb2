"""A chip card's scan told apart from typing, whichever widget has the keys.

A USB 2D scanner is a keyboard: it types the card's QR text (``rules/cccd_qr.py``) and Enter,
a hundred characters in well under a second, into whatever has focus. At the desk that was
the search box only while nobody was open: a card scanned over the screening checklist
answered it with the scanner's Enter (the dose saved "eligible", nothing asked), the next
card's text became the dose's lot number, and a second card's first digits were appended to
the first's query.

``ScanFilter`` watches every key of the application. A run of fast keys that starts with a
card's ID and its bar (``001190012345|``) is a scan: the digits typed so far are taken back
from the widget they reached, the rest is held, and the whole text, with or without its
Enter, goes to the search of where the keys were going. An area or a dialog that takes a
card declares it with a ``scan_taker()`` method (the Certificates area its search panel,
the complaint dialogs their search box, the hotline form its identity fields); a scan
anywhere in it goes there. The main window declares the desk for the areas that search
nobody (Reports, Sync…): the scan takes the clerk to the desk's search. Every other scan
goes to the desk (``desk/scans.py``), which searches it when the keys were going to the
desk or a dialog it opened, keeps it while another window is over the areas (searched once
that window closes), and refuses it at the lock. Text held that turns out not to be a
card's is typed into the widget after all. Keys a person types never look like that:
nobody types twelve digits then a bar inside a tenth of a second each.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import NamedTuple, Protocol

import shiboken6
from PySide6.QtCore import QEvent, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDateTimeEdit,
    QDoubleSpinBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QTextEdit,
    QWidget,
)

from desktop_app.rules.cccd_qr import SEPARATOR, looks_like_cccd_qr
from desktop_app.rules.text_fields import all_digits

# A card's ID is typed about as fast as a scanner goes: 12 digits in well under a second
# (1-20 ms a key), a person's in two seconds or more. A pause of the GUI thread (a repaint,
# a busy moment of a shared processor) may hold one key a few hundred ms: tolerated.
FAST_MS = 100  # on average, per key of the ID
STALL_MS = 400  # at most, between two keys of one scan
# A scan whose scanner sends no Enter ends when its keys stop this long.
END_MS = 400
# Digits before the first bar that make a run a card's: 12 for a CCCD, fewer when the
# scanner misread (the desk then says the scan is damaged).
ID_DIGITS = 12
LEAD_DIGITS = range(6, ID_DIGITS + 1)
ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
# Pressed alone, these type nothing and end nothing: a scanner presses Shift for "|" and for
# capitals, and may press Alt to type "ễ" by its code on the keypad.
MODIFIER_KEYS = {Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_AltGr,
                 Qt.Key.Key_Meta, Qt.Key.Key_CapsLock, Qt.Key.Key_NumLock}
CONTROL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
COMMAND_MODIFIERS = CONTROL | ALT | Qt.KeyboardModifier.MetaModifier


class ScanTaker(Protocol):
    """Where a scan goes: a search, a form's fields, or the desk, which searches it, keeps
    it or says why it cannot."""

    def take_scan(self, text: str, enter: bool) -> None: ...


class IntoSearchBox:
    """A search box that searches as it is typed into (``services.search`` reads a card's
    whole text) taking a scan: the card's text replaces what it holds. The scanner's Enter
    is dropped: in a dialog it would press the default button before anything is chosen."""

    def __init__(self, box: QLineEdit) -> None:
        self.box = box

    def take_scan(self, text: str, enter: bool) -> None:
        self.box.setFocus()
        self.box.setText(text)


class _Key(NamedTuple):
    """A digit let through to ``before``'s widget at ``at`` (seconds, ``clock``'s)."""

    digit: str
    at: float
    clock: str  # "window" (the window system's time of the key) or "seen"
    before: _Before


class _Before:
    """A widget as it was before a key reached it, to be put back."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget
        self._put_back = _state_of(widget)

    def put_back(self) -> None:
        if self._put_back is not None and shiboken6.isValid(self.widget):
            self._put_back()


class ScanFilter(QObject):
    """Installed once on the application (``serving``); the desk registers itself."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._desk: ScanTaker | None = None
        self._run: list[_Key] = []  # the digits typed through since the last other key
        self._held: str | None = None  # a scan being held (None: none)
        self._replaying = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(END_MS)
        self._timer.timeout.connect(lambda: self._finish(enter=False))

    @classmethod
    def serving(cls, desk: ScanTaker) -> ScanFilter:
        """The application's filter (installed at the first call), now sending scans to
        ``desk`` (the desk made last: a language switch builds the window again)."""
        app = QApplication.instance()
        assert app is not None
        found = app.findChild(ScanFilter, "scan-filter")
        if found is None:
            found = cls(app)
            found.setObjectName("scan-filter")
            app.installEventFilter(found)
        found._desk = desk
        return found

    @property
    def holding(self) -> bool:
        return self._held is not None

    # -- the keys ---------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if self._replaying or kind not in (QEvent.Type.KeyPress,
                                           QEvent.Type.ShortcutOverride):
            return False
        # Each key once, where it lands: not again as it goes up to the parents (a key the
        # focused widget ignores is offered to each), nor at the window before it.
        if watched is not (QApplication.focusWidget() or QApplication.activeWindow()):
            return False
        assert isinstance(event, QKeyEvent)
        if kind == QEvent.Type.ShortcutOverride:
            if self._held is not None:
                event.accept()  # no shortcut fires on a scan's keys: they are held
                return True
            return False
        return self._key(watched, event)  # type: ignore[arg-type]

    def _key(self, widget: QWidget, event: QKeyEvent) -> bool:
        if event.key() in MODIFIER_KEYS:
            return False
        text = event.text()
        typed = _typed(event)
        if self._held is not None:
            if typed:
                self._held += text
                self._timer.start()
            elif event.key() in ENTER_KEYS:
                self._finish(enter=True)
            elif event.key() == Qt.Key.Key_Tab:  # a scanner set to end with Tab
                self._finish(enter=False)
            return True  # nothing of a scan reaches the widget (Alt+keypad codes neither)
        if not typed:
            self._forget()
            return False
        at, clock = _time_of(event)
        if text == SEPARATOR:
            lead = self._lead(at, clock)
            if lead:
                self._hold(lead)
                return True
        if not all_digits(text):
            self._forget()
            return False
        self._run.append(_Key(text, at, clock, _Before(widget)))
        del self._run[:-ID_DIGITS]
        return False

    def _lead(self, at: float, clock: str) -> list[_Key]:
        """The digits just before a bar that are a card's ID, typed as a scanner types
        (empty if they are not): the fast run's last twelve at most, whatever a person
        typed before it left out."""
        lead: list[_Key] = []
        for key in reversed(self._run):
            if key.clock != clock or (at - key.at) * 1000 > STALL_MS:
                break
            lead.insert(0, key)
            at = key.at
        if len(lead) not in LEAD_DIGITS:
            return []
        span_ms = (lead[-1].at - lead[0].at) * 1000
        return lead if span_ms <= FAST_MS * len(lead) else []

    def _forget(self) -> None:
        self._run = []

    def _hold(self, lead: list[_Key]) -> None:
        """The run is a card's: its digits are taken back from where they went (each
        widget as it was before the first of them) and the rest of the scan is held."""
        self._held = "".join(key.digit for key in lead) + SEPARATOR
        first: dict[int, _Before] = {}
        for key in lead:
            first.setdefault(id(key.before.widget), key.before)
        for before in first.values():
            before.put_back()
        self._forget()
        self._timer.start()

    def _finish(self, enter: bool) -> None:
        held, self._held = self._held, None
        self._timer.stop()
        self._forget()
        if held is None:
            return
        if not (looks_like_cccd_qr(held) and self.deliver(held, enter)):
            self._type(held, enter)

    def deliver(self, text: str, enter: bool) -> bool:
        """A card's whole scan to where the keys go now: the search declared there, else
        the desk. False when there is nobody to take it (no desk yet)."""
        taker = _declared_taker(QApplication.focusWidget() or QApplication.activeWindow()) \
            or self._desk
        if taker is None or not _alive(taker):
            return False
        taker.take_scan(text, enter)
        return True

    def _type(self, text: str, enter: bool) -> None:
        """Not a card's (or no desk to take it): typed where the keys were going."""
        target = QApplication.focusWidget() or QApplication.activeWindow()
        if target is None:
            return
        self._replaying = True
        try:
            for char in text:
                _send(target, Qt.Key.Key_unknown, char)
            if enter:
                _send(target, Qt.Key.Key_Return, "\r")
        finally:
            self._replaying = False


def _time_of(event: QKeyEvent) -> tuple[float, str]:
    """When the key was typed: the window system's timestamp (keys queued while the GUI
    thread was busy arrive together but were typed as they were), else when it is seen
    (keys a test or an input method sends carry none)."""
    stamp = event.timestamp()
    return (stamp / 1000, "window") if stamp else (time.monotonic(), "seen")


def _typed(event: QKeyEvent) -> bool:
    """A character typed, not a command: no Ctrl, Alt or Meta held (AltGr, which some
    layouts need for "|", arrives as Ctrl+Alt on Windows)."""
    text, held = event.text(), event.modifiers() & COMMAND_MODIFIERS
    return bool(text) and text.isprintable() and held in (
        Qt.KeyboardModifier.NoModifier, CONTROL | ALT)


def _declared_taker(widget: QWidget | None) -> ScanTaker | None:
    """The search declared (``scan_taker()``) by ``widget`` or the first widget it is in
    that declares one, within its window: a dialog over an area keeps the scan from the
    area's search behind it (None: the desk decides)."""
    while widget is not None and shiboken6.isValid(widget):
        declared = getattr(widget, "scan_taker", None)
        taker = declared() if callable(declared) else None
        if taker is not None:
            return taker
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _alive(taker: object) -> bool:
    return not isinstance(taker, QObject) or shiboken6.isValid(taker)


def _send(target: QWidget, key: Qt.Key, text: str) -> None:
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier,
                                                 text))


def _state_of(widget: QWidget) -> Callable[[], None] | None:
    """How to put ``widget`` back as it is now (None: keys leave no trace in it)."""
    if isinstance(widget, QLineEdit):
        text, at = widget.text(), widget.cursorPosition()

        def line() -> None:
            if widget.text() != text:
                widget.setText(text)
                widget.textEdited.emit(text)  # what checks an edit checks it again
            widget.setCursorPosition(at)
        return line
    if isinstance(widget, QSpinBox | QDoubleSpinBox):
        number = widget.value()
        return lambda: widget.setValue(number)
    if isinstance(widget, QDateTimeEdit):
        moment = widget.dateTime()
        return lambda: widget.setDateTime(moment)
    if isinstance(widget, QComboBox):
        index, typed = widget.currentIndex(), widget.currentText()

        def combo() -> None:
            widget.setCurrentIndex(index)
            if widget.isEditable():
                widget.setEditText(typed)
        return combo
    if isinstance(widget, QPlainTextEdit | QTextEdit):
        plain = widget.toPlainText()
        return lambda: widget.toPlainText() != plain and widget.setPlainText(plain)
    if isinstance(widget, QAbstractItemView):
        current = QPersistentModelIndex(widget.currentIndex())
        return lambda: widget.setCurrentIndex(current) if current.isValid() else None
    return None
