"""The desk's side of a scanned card (``ui/scanner.py`` recognises the scan wherever the
keys were going): one card at a time, each to the search box.

A card scanned while the desk is searching replaces what the search box holds and, with the
scanner's Enter, opens its person. A card scanned while the previous one is still being
opened, or while a person is open (the screening checklist on top included), waits its turn:
the desk says so and opens it once that person is saved or left with Esc, never over them.
The same card read twice (a scanner's double read) is not a next person. A card scanned in
an area that searches nobody comes here with the clerk (``MainWindow.take_scan``), the desk
saying where from and the way back. A card scanned in a window over the areas that takes
none (a record opened from the list, a verification) is kept, not pulled out from under the
work there: said over that window, with where it will be searched once it closes, and
searched then. At the lock it is refused (the person who logs in may not be the one it was
scanned for): said, nothing of it kept. Nothing of a card lands in a field it is not for.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, NamedTuple

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QWidget

from desktop_app.rules.cccd_qr import SEPARATOR, card_number
from desktop_app.ui.scanner import ScanFilter
from desktop_app.ui.widgets.tones import WARNING_STYLE

if TYPE_CHECKING:
    from desktop_app.ui.desk.record_screen import RecordScreen



class Scan(NamedTuple):
    text: str
    enter: bool  # the scanner ended it with Enter: its person opens when found

    @property
    def name(self) -> str:
        """The holder's name as the card spells it (a damaged card's third field too)."""
        return self.text.split(SEPARATOR)[2].strip()


class ScanQueue(QObject):
    def __init__(self, screen: RecordScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.waiting: deque[Scan] = deque()
        self.kept: list[Scan] = []  # scanned in a window over the areas, until it closes
        self.notice: QMessageBox | None = None  # what was said over another window
        screen.search.answered.connect(self.next)
        self.filter = ScanFilter.serving(self)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        app.focusChanged.connect(self._focus_moved)

    def take_scan(self, text: str, enter: bool) -> None:
        """A whole scan from the application's filter."""
        scan = Scan(text, enter)
        if self._reachable():
            self.waiting.append(scan)
            self.next()
        elif self._locked():
            self._say_over(None, self.screen.ctx.text("DESK_SCAN_LOCKED"))
        else:
            self.kept.append(scan)
            where = getattr(self.screen.window(), "scan_destination", None)
            area = where() if callable(where) \
                else QCoreApplication.translate("MainWindow", "Record doses")
            self._say_over(None, self.screen.ctx.text("DESK_SCAN_KEPT", name=scan.name,
                                                      area=area))

    def brought(self, text: str, enter: bool, area: str, key: int) -> None:
        """A scan from an area that searches nobody, the desk now shown (``MainWindow``)."""
        self.screen.message.setStyleSheet(WARNING_STYLE)
        self.screen.message.setText(self.screen.ctx.text("DESK_SCAN_BROUGHT", area=area,
                                                         key=key))
        self.take_scan(text, enter)

    def next_soon(self) -> None:
        """The desk changed state: look again once what changed it is done (a save that
        landed opens the person held for it first)."""
        if self.waiting:
            QTimer.singleShot(0, self, self.next)

    def next(self) -> None:
        """Handle the scans waiting, as far as the desk is free for them."""
        screen = self.screen
        while self.waiting:
            if screen.busy_opening():
                return  # the card before is still being found or opened: its turn first
            scan = self.waiting[0]
            if screen.holds_person():
                if card_number(scan.text) is not None \
                        and card_number(scan.text) == screen.open_card_number():
                    self.waiting.popleft()  # read twice: this person is open already
                    continue
                note = screen.ctx.text("DESK_SCAN_WAITS", name=scan.name)
                screen.message.setStyleSheet(WARNING_STYLE)
                screen.message.setText(note)
                self._say_over(screen.window(), note)
                return
            self.waiting.popleft()
            screen.search.take_scan(scan.text, scan.enter)

    def _focus_moved(self, _old: QWidget | None, _new: QWidget | None) -> None:
        if self.kept:  # looked at once the window that got the keys is settled
            QTimer.singleShot(0, self, self._release)

    def _release(self) -> None:
        """The kept scans, searched where the keys go once no window stands over the areas
        (the filter's way: the area's search, else the desk). The lock forgets them."""
        if not self.kept:
            return
        if self._locked():
            self.kept.clear()
            return
        if QApplication.activeModalWidget() is not None \
                or QApplication.activeWindow() is not self.screen.window():
            return
        kept, self.kept = self.kept, []
        for scan in kept:
            self.filter.deliver(scan.text, scan.enter)

    def _locked(self) -> bool:
        """The lock's curtain hides the areas (``ui/idle_lock.py``)."""
        window = self.screen.window()
        central = window.centralWidget() if isinstance(window, QMainWindow) else None
        return central is not None and central.isHidden()

    def _reachable(self) -> bool:
        """The desk is on screen and nothing but its own dialogs stands over it."""
        screen = self.screen
        if not screen.isVisible():  # another area, or the lock's curtain over the window
            return False
        top = QApplication.activeModalWidget() or QApplication.activeWindow()
        return top is None or top is screen.window() or _opened_from(top, screen)

    def _say_over(self, unless: QWidget | None, text: str) -> None:
        """Said in a box over the window the keys went to (none if that is ``unless``,
        where the desk's own line says it): one box, its text replaced by a later scan."""
        top = QApplication.activeModalWidget() or QApplication.activeWindow()
        if top is None or top is unless:
            return
        if self.notice is not None and shiboken6.isValid(self.notice) \
                and self.notice.isVisible():
            self.notice.setText(text)
            return
        box = QMessageBox(top)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle("VaxDesk")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.addButton(QCoreApplication.translate("dialogs", "Close"),
                      QMessageBox.ButtonRole.AcceptRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # The keys go back to the window it was said over, not to nowhere.
        box.finished.connect(lambda _r: shiboken6.isValid(top) and top.activateWindow())
        box.open()  # not exec(): the keys that brought it are still being delivered
        self.notice = box


def _opened_from(window: QWidget, screen: QWidget) -> bool:
    """Whether ``window`` (a dialog) was opened by ``screen``, or by a dialog it opened."""
    parent = window.parentWidget()
    while parent is not None:
        if parent is screen:
            return True
        parent = parent.parentWidget()
    return False
