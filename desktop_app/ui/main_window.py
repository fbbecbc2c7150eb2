"""The main window: a navigation list of the app's areas, the area itself, the status bar.

It holds no logic: each area is its own widget given the AppContext; Ctrl+1..8 switch areas.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMainWindow,
    QSizePolicy,
    QStackedWidget,
    QWidget,
)

from desktop_app.services.actor import Role
from desktop_app.ui.accounts.account_forms import open_change_password
from desktop_app.ui.accounts.accounts_dialog import open_accounts
from desktop_app.ui.audit_trail_dialog import open_audit_trail
from desktop_app.ui.backups_dialog import open_backups
from desktop_app.ui.context import AppContext
from desktop_app.ui.demo_banner import mark_if_demo
from desktop_app.ui.language_choice import LANGUAGES
from desktop_app.ui.scanner import ScanTaker
from desktop_app.ui.status_bar import SiteStatusBar
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.tasks import Job
from desktop_app.ui.widgets.screen_fit import resize_within_screen


class MainWindow(QMainWindow):
    language_requested = Signal(str)
    leave_demo_requested = Signal()  # from the demo database's banner: back to the real one
    # (current, new, again), checked: the shell changes it between two windows (ui/app.py)
    passphrase_change_requested = Signal(object)
    # The person leaving the laptop: the shell locks it, or ends their session (ui/app.py).
    lock_requested = Signal()
    sign_out_requested = Signal()
    restore_requested = Signal(object)  # a backup copy chosen: restored between windows

    def __init__(self, ctx: AppContext, *, auto_sync: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWindowTitle("VaxDesk")
        resize_within_screen(self, 1180, 760)
        self.nav = QListWidget()
        self.nav.setSpacing(3)
        # As wide as the longest area name (set once they are added), not a fixed 210 px:
        # every pixel counts on a 1024 px netbook.
        self.nav.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.stack = QStackedWidget()
        self.areas: dict[str, QWidget] = {}
        self.sync = SyncController(ctx, auto=auto_sync)
        self.sync.setParent(self)
        for index, (key, title, make) in enumerate(self._area_specs()):
            widget = make()
            self.areas[key] = widget
            keys = QKeySequence(f"Ctrl+{index + 1}")
            self.nav.addItem(title)
            # Said where it is used: the shortcut was nowhere in the window.
            self.nav.item(index).setToolTip(
                f"{title} ({keys.toString(QKeySequence.SequenceFormat.NativeText)})")
            self.stack.addWidget(widget)
            QShortcut(keys, self, activated=lambda i=index: self.nav.setCurrentRow(i))
        self.nav.setFixedWidth(self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth()
                               + 6 * self.nav.spacing() + 8)
        self.nav.currentRowChanged.connect(self._show_area)
        body = QWidget()
        layout = QHBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(body)
        self.demo_banner = mark_if_demo(self, self.leave_demo_requested.emit)
        self.status = SiteStatusBar(ctx, self.sync)
        self.setStatusBar(self.status)
        self._build_menu()
        self.nav.setCurrentRow(0)

    def may_close(self) -> bool:
        """Nothing typed is lost without asking: each area holding typed input answers
        ``may_discard`` (the desk: a person, a dose, the day's vaccine and lot not set; the
        paper form; Sync's address and access code not saved), asking its own question; the
        first "Keep editing" keeps the window. Closing, a language switch, signing out, the
        lock's Quit and every reopening of the app ask this one way."""
        return all(area.may_discard() for area in self.areas.values()  # type: ignore[attr-defined]
                   if hasattr(area, "may_discard"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Spontaneous: the clerk closed it (the title bar's X, Alt+F4). The app's own
        # close() (a new window for another language) has asked already.
        if event.spontaneous() and not self.may_close():
            event.ignore()
            return
        self.stop_work()
        super().closeEvent(event)

    def stop_work(self) -> list[Job]:
        """The window's long work ends with it, nothing lost: the sync round between
        batches, an import as its Stop button stops it (the rows in hand committed, listed
        "stopped", taken up by importing the file again). Unstopped, an import went on
        unseen until the app's exit cut it off part-way. The jobs stopped that must end
        before the app does: an import's."""
        self.sync.cancel()
        return [job for area in self.areas.values() if hasattr(area, "stop_work")
                for job in area.stop_work()]  # type: ignore[attr-defined]

    def show_language(self, lang: str) -> None:
        """The Language menu's ticks as they are (a switch the clerk called off)."""
        for code, action in self.language_actions.items():
            action.setChecked(code == lang)

    def _area_specs(self) -> list[tuple[str, str, Callable[[], QWidget]]]:
        from desktop_app.ui.backfill.backfill_screen import BackfillScreen
        from desktop_app.ui.certificates.certificates_screen import CertificatesScreen
        from desktop_app.ui.cleaning.cleaning_screen import CleaningScreen
        from desktop_app.ui.complaints.complaints_screen import ComplaintsScreen
        from desktop_app.ui.desk.record_screen import RecordScreen
        from desktop_app.ui.records.records_screen import RecordsScreen
        from desktop_app.ui.reports.reports_screen import ReportsScreen
        from desktop_app.ui.sync.sync_screen import SyncScreen

        return [
            ("record", self.tr("Record doses"), lambda: RecordScreen(self.ctx)),
            ("backfill", self.tr("Backfill"), lambda: BackfillScreen(self.ctx)),
            ("records", self.tr("Records"), lambda: RecordsScreen(self.ctx)),
            ("sync", self.tr("Sync"), lambda: SyncScreen(self.ctx, self.sync)),
            ("certificates", self.tr("Certificates"), lambda: CertificatesScreen(self.ctx)),
            ("cleaning", self.tr("Data cleaning"), lambda: CleaningScreen(self.ctx)),
            ("complaints", self.tr("Complaints"), lambda: ComplaintsScreen(self.ctx)),
            ("reports", self.tr("Reports"), lambda: ReportsScreen(self.ctx)),
        ]

    def _show_area(self, row: int) -> None:
        # The window is as small as the area shown allows, not as the largest of all: the
        # desk fits a netbook at 150 % display scaling (683×400), the hidden Backfill
        # area's column choices and Complaints' height would not have let it.
        for index, area in enumerate(self.areas.values()):
            policy = QSizePolicy.Policy.Preferred if index == row \
                else QSizePolicy.Policy.Ignored
            area.setSizePolicy(policy, policy)
        self.stack.setCurrentIndex(row)
        widget = self.stack.currentWidget()
        if hasattr(widget, "activate"):
            widget.activate()

    def open_site_settings(self) -> None:
        from desktop_app.ui.setup.setup_dialog import SetupDialog  # loads the unit register

        SetupDialog(self.ctx, self).exec()

    def open_passphrase_change(self) -> None:
        from desktop_app.ui.passphrase_change_dialog import PassphraseChangeDialog

        dialog = PassphraseChangeDialog(self.ctx, self)
        self.passphrase_dialog = dialog  # reachable for the tests
        if dialog.exec() == PassphraseChangeDialog.DialogCode.Accepted:
            self.passphrase_change_requested.emit(dialog.value())

    def _enable_for_role(self, what: str) -> None:
        if what == "actor":  # the service refuses others too; the menu says so first
            supervisor = self.ctx.actor.role is Role.SUPERVISOR
            for action in (self.passphrase_action, self.accounts_action, self.backups_action,
                           self.audit_action):
                action.setEnabled(supervisor)

    def open_backups(self) -> None:
        request = open_backups(self.ctx, self)
        if request is not None:  # restored by the shell once the file is closed
            self.restore_requested.emit(request)

    def show_area(self, key: str) -> None:
        self.nav.setCurrentRow(list(self.areas).index(key))

    def scan_taker(self) -> ScanTaker | None:
        """Where a card scanned in this window goes (``ui/scanner.py``): the search of the
        area shown, if it declares one; in an area that searches nobody (Reports, Sync…)
        the window itself, which takes it to the desk (``take_scan``). None on the desk
        (its own queue takes it) and while the lock hides the areas."""
        area = self.stack.currentWidget()
        if not area.isVisible():
            return None
        declared = getattr(area, "scan_taker", None)
        if callable(declared):
            return declared()
        return None if area is self.areas["record"] else self

    def take_scan(self, text: str, enter: bool) -> None:
        """A card scanned in an area that searches nobody: a citizen is at the laptop with
        their card, so the window goes to the desk's search with it, as Ctrl+1 goes there
        (nothing typed in the area is lost: it is as it was when the clerk comes back), and
        the desk says where it came from and the way back (``desk/scans.py``)."""
        row = self.stack.currentIndex()
        self.show_area("record")
        self.areas["record"].scans.brought(  # type: ignore[attr-defined]
            text, enter, self.nav.item(row).text(), row + 1)

    def scan_destination(self) -> str:
        """The name of the area whose search takes a card scanned in this window now: the
        area shown if it has a search, else the desk."""
        area = self.stack.currentWidget()
        key = self.current_area() if callable(getattr(area, "scan_taker", None)) else "record"
        return self.nav.item(list(self.areas).index(key)).text()

    def current_area(self) -> str:
        """The key of the area shown (a new window for another language opens on it)."""
        return list(self.areas)[self.stack.currentIndex()]

    def _build_menu(self) -> None:
        account = self.menuBar().addMenu(self.tr("&Account"))
        self.lock_action = account.addAction(self.tr("Lock screen"))
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_requested.emit)
        self.sign_out_action = account.addAction(self.tr("Sign out"))
        self.sign_out_action.triggered.connect(self.sign_out_requested.emit)
        settings = self.menuBar().addMenu(self.tr("&Settings"))
        site = settings.addAction(self.tr("Site and today's defaults…"))
        site.triggered.connect(self.open_site_settings)
        self.passphrase_action = settings.addAction(self.tr("Change the data passphrase…"))
        self.passphrase_action.triggered.connect(self.open_passphrase_change)
        self.accounts_action = settings.addAction(self.tr("Accounts…"))
        self.accounts_action.triggered.connect(lambda: open_accounts(self.ctx, self))
        settings.addAction(self.tr("Change my password…")).triggered.connect(
            lambda: open_change_password(self.ctx, self))
        self.backups_action = settings.addAction(self.tr("Backups…"))
        self.backups_action.triggered.connect(self.open_backups)
        self.audit_action = settings.addAction(self.tr("Audit trail…"))
        self.audit_action.triggered.connect(lambda: open_audit_trail(self.ctx, self))
        self._enable_for_role("actor")
        self.ctx.data_changed.connect(self._enable_for_role)
        menu = self.menuBar().addMenu(self.tr("&Language"))
        self.language_actions = {}
        for code, label in LANGUAGES:  # as the dialogs before the window offer them
            action = self.language_actions[code] = menu.addAction(label)
            action.setCheckable(True)
            action.setChecked(code == self.ctx.lang)
            action.triggered.connect(lambda _=False, c=code: self.language_requested.emit(c))
