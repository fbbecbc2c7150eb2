"""Start the Qt application on a site database.

Order matters for a cold start on a large database: the window and its search box come up
first; SQLite's integrity check (seconds on a big file) runs beside it on its own thread,
and any save waits for its verdict (``Database.transaction``) — unless the file is exactly
as VaxDesk closed it after a passed check (db/clean_check.py): then saves go at once and the
check runs a minute later. A damaged file stops the app with instructions, as does a locked
one.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QTimer, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app import app_log, exit_codes, settings
from desktop_app.bundled import resources_dir
from desktop_app.display_check import EXIT_NO_DISPLAY, find_problem
from desktop_app.paths import default_db_path
from desktop_app.rules.demo import is_demo_path
from desktop_app.rules.messages import UserError, text
from desktop_app.services import (
    accounts,
    audit,
    backups,
    demo,
    opening,
    passphrase,
    stopped_batches,
)
from desktop_app.services.actor import SIGNED_OUT, Actor
from desktop_app.services.database import (
    Database,
    DatabaseDamaged,
    DatabaseError,
    FaultError,
    Kind,
    WrongPassphrase,
    classify,
    open_database,
)
from desktop_app.ui import main_thread_gc
from desktop_app.ui.between_windows import run_between_windows
from desktop_app.ui.clipboard_guard import ClipboardGuard
from desktop_app.ui.context import AppContext
from desktop_app.ui.crash_hook import crash_dialogs, explain
from desktop_app.ui.dialogs import describe_error, show_error, show_fault, show_notice
from desktop_app.ui.exit_backup import back_up_before_closing
from desktop_app.ui.fonts import use_shipped_fonts
from desktop_app.ui.i18n import set_language, spoken
from desktop_app.ui.idle_lock import Curtain, IdleLock, close_window, other_windows
from desktop_app.ui.language_choice import carry_typed, choose_language
from desktop_app.ui.login_dialog import LoginDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.operations import Op
from desktop_app.ui.passphrase_change_dialog import change_between_windows
from desktop_app.ui.restore_dialog import RestoreDialog, RestoreRequest, restore_between_windows
from desktop_app.ui.tasks import Pool, TaskRunner
from desktop_app.ui.unlock_dialog import UnlockDialog

# The background check of a file trusted unchanged waits this long after the window is up,
# so the start's own reads (the desk, the day's lists) do not queue behind 2 GB of pages.
IDLE_CHECK_AFTER_MS = 60_000


class Shell:
    """Owns the database, the runner and the current main window for the app's lifetime."""

    def __init__(self, app: QApplication, db: Database, lang: str, actor: Actor) -> None:
        self.app = app
        self.ctx = AppContext(db, TaskRunner(), lang)
        self.ctx.actor = actor
        self.ctx.error_handler = self._report_error
        self.window: MainWindow | None = None
        self.idle = IdleLock(accounts.idle_lock_minutes(db), self.lock)
        self.clipboard = ClipboardGuard()  # a CCCD copied is taken off as the person leaves
        self.home = default_db_path()  # the real database, to return to from the demo
        self.switch_to: Path | None = None  # set: the app reopens on this database
        # Set: the passphrase is changed before the next window (``_run``), when nothing
        # can use the file under its old key. ``notice``: said once the window is up.
        self.passphrase_change: tuple[str, str, str] | None = None
        self.notice: str | None = None
        self.restore: RestoreRequest | None = None  # set: restored once the file is closed

    def start(self) -> None:
        self.show_window()
        if not self.ctx.db.integrity_checked:
            self._check_integrity()
        elif self.ctx.db.trusted_unchanged:
            # Unchanged since a clean close: saves go at once; the full check still runs,
            # once the first minutes' work is done, and a damaged file stops the app then.
            self.idle_check = QTimer(singleShot=True, interval=IDLE_CHECK_AFTER_MS,
                                     timeout=self._check_integrity)
            self.idle_check.start()
        Op.bulk(self.ctx, None, audit.verify_audit).done(self._audit_checked).run()
        self.app.installEventFilter(self.idle)
        self.idle.start()
        hours = settings.read_preference(settings.BACKUP_EVERY_HOURS)
        self.backup_timer = QTimer(interval=int(hours * 3_600_000), timeout=self.back_up)
        self.backup_timer.start()
        self._first_run_setup()
        if self.notice:
            show_notice(self.window, "VaxDesk", self.notice)
        actor, lang = self.ctx.actor, self.ctx.lang
        Op.write(self.ctx, None, lambda db: stopped_batches.stopped_batches(
            db, actor=actor, lang=lang)).done(self._say_stopped_batches).run()

    def _say_stopped_batches(self, said: list[str]) -> None:
        """A certificate batch a kill stopped: how far it got and where its paper is
        (services/stopped_batches.py), to the clerk or supervisor who opens the app next."""
        for paragraph in said:
            show_notice(self.window, "VaxDesk", paragraph)

    def _check_integrity(self) -> None:
        Op.bulk(self.ctx, None, lambda db: db.check_integrity()) \
            .failed(self._integrity_failed).run()

    def back_up(self) -> None:
        """A scheduled copy, beside the desk's work (saves go on while it copies), if data
        changed since the newest copy (``backups.scheduled_backup``)."""
        Op.bulk(self.ctx, None, backups.scheduled_backup).done(self._backed_up).run()

    def _backed_up(self, made: backups.BackupMade | None) -> None:
        """A copy that could not go to the chosen folder (its drive not plugged in) stayed
        on this laptop: said, as a failed copy would be."""
        if made is not None and made.missing is not None:
            shown = self.window if self.window is not None and self.window.isVisible() else None
            show_notice(shown, "VaxDesk", backups.made_text(made, self.ctx.lang))

    def stop(self) -> None:
        """The app is closing: no lock, no round, no save left half done, nothing of ours
        left on the clipboard."""
        self.clipboard.clear()
        self.app.removeEventFilter(self.idle)
        self.idle.stop()
        if hasattr(self, "backup_timer"):
            self.backup_timer.stop()
        if hasattr(self, "idle_check"):
            self.idle_check.stop()
        # A round stops between batches, an import with its rows in hand: nothing is lost.
        stopped = self.window.stop_work() if self.window is not None else []
        self.ctx.runner.wait_idle()  # let a save in flight finish before the file closes
        while not all(job.done for job in stopped):
            # A stopped import's last chunk and its writer's end take as long as they take:
            # cut off at exit, the import was left "failed" part-way, or the exit hung on a
            # hand-off to its writer process, already ended.
            self.ctx.runner.wait_idle()
        try:
            # The day's work, shown; its rotation spares the copy a restore asked for.
            made = back_up_before_closing(self.ctx.db, self.ctx.lang, sparing=(
                self.restore.copy if self.restore is not None else None))
        except Exception as exc:  # noqa: BLE001 - closing must go on; the log says why
            self.ctx.report_error(exc, None)
        else:
            self._backed_up(made)

    def lock(self, *, asked: bool = False, signed_out: bool = False) -> None:
        """The idle lock (``asked``: the menu's Lock screen): a login over the window;
        whoever logs in acts from then on. Its Quit asks what closing the window asks (a
        person typed at the desk is not lost unasked); kept, the lock comes back. While
        locked nothing shows a person's data (``Curtain``): a login over the records left
        names and ID numbers for anyone passing to read, and a record window open on top
        stayed in view whole. The main window's areas are hidden, not closed: what was typed
        is there after the login. Every other window is covered, and closed if another
        person logs in (what it held was the previous one's to act on)."""
        if self.window is not None and not shiboken6.isValid(self.window):
            return  # deleted as the app reopens on another file: nothing left to lock
        curtain = Curtain(self.window)
        self.clipboard.clear()  # hidden windows, and an ID number left to paste elsewhere
        self.ctx.locked = True  # a question work's end brings waits for the login
        before = self.ctx.actor
        while True:
            dialog = LoginDialog(self.ctx.db, self.ctx.lang,
                                 locked="signed_out" if signed_out else
                                 "asked" if asked else "idle",
                                 parent=self.window)
            self.lock_dialog = dialog  # reachable for the tests
            if dialog.exec() == LoginDialog.DialogCode.Accepted:
                break
            if self.window is None or self.window.may_close():
                self.app.quit()
                return
        if dialog.actor.user_id == before.user_id:
            curtain.lift()
        else:
            curtain.lift_for_another()
            # The signing key a supervisor unlocked is her session's: the next person types
            # its passphrase again (a clerk found it unlocked and signed with it).
            self.ctx.signer = None
        self.ctx.actor = dialog.actor
        self.ctx.data_changed.emit("actor")
        # Put once the lock has ended (idle time counted again), not from inside it.
        QTimer.singleShot(0, self._present)

    def _present(self) -> None:
        """What work asked while locked, to whoever logged in (``ui/when_present.py``)."""
        if not self.idle.locked:  # else locked again since: that login puts it
            self.ctx.present()

    def sign_out(self) -> None:
        """The menu's Sign out: the person's session ends; the next one starts on a window
        of its own (nothing typed or opened before is left), once anything half typed was
        let go (``may_close`` asks)."""
        if self.window is None or not self.window.may_close():
            return
        for window in other_windows(self.window):
            close_window(window)
        self.clipboard.clear()
        # Nobody is here until the next login: the laptop's own work (a sync round) is not
        # audited as the person who left, and what her session unlocked is locked again.
        self.ctx.actor, self.ctx.signer = SIGNED_OUT, None
        self.show_window()
        self.idle.hold(lambda: self.lock(asked=True, signed_out=True))

    def _audit_checked(self, check: audit.AuditCheck) -> None:
        """A tampered trail is said at once, to whoever starts the app: the site manager
        must know before more entries are added on top."""
        if not check.intact:
            self.audit_warning = check.messages(self.ctx.lang)
            show_error(self.window, self.ctx.text("AUDIT_BROKEN_TITLE"),
                       "\n".join(self.audit_warning))

    def show_window(self) -> None:
        old = self.window
        if old is not None:
            # Its widgets' lambdas on the shared signal outlived them: a deleted status bar
            # was told of the next login. Everything that listens is the window's own.
            self.ctx.data_changed.disconnect()
        self.window = MainWindow(self.ctx)
        self.window.language_requested.connect(self.switch_language)
        self.window.leave_demo_requested.connect(lambda: self.switch_database(self.home))
        self.window.passphrase_change_requested.connect(self.change_passphrase)
        self.window.lock_requested.connect(lambda: self.idle.hold(lambda: self.lock(asked=True)))
        self.window.sign_out_requested.connect(self.sign_out)
        self.window.restore_requested.connect(self.restore_from)
        if old is not None:
            old.stop_work()  # the round between batches; an import the clerk agreed to stop
            self.window.restoreGeometry(old.saveGeometry())
            old.close()
            old.deleteLater()
        self.window.show()

    def switch_language(self, lang: str) -> None:
        if lang == self.ctx.lang:
            return
        if self.window is not None and not self.window.may_close():  # a form to keep
            self.window.show_language(self.ctx.lang)
            return
        area = self.window.current_area() if self.window is not None else None
        choose_language(lang)  # remembered, as the dialogs before the window remember it
        self.ctx.lang = lang
        self.show_window()  # widgets read their texts when built
        if area is not None:  # where the person was, not back at the desk
            self.window.show_area(area)

    def _first_run_setup(self) -> None:
        from desktop_app.services.site import current_site

        Op.read(self.ctx, None, current_site).done(self._maybe_ask_setup).run()

    def _maybe_ask_setup(self, site) -> None:  # type: ignore[no-untyped-def]
        if site is not None:
            passphrase.mark_finished(self.ctx.db.path)  # the first run is over
        if site is not None or self.window is None:
            return
        from desktop_app.ui.setup.setup_dialog import SetupDialog

        dialog = SetupDialog(self.ctx, self.window, first_run=True)
        self.setup_dialog = dialog  # reachable for the launch test and the screen renderer
        if dialog.exec() != SetupDialog.DialogCode.Accepted and dialog.language_chosen:
            self.switch_language(dialog.language_chosen)  # the window, then the setup again
            self._maybe_ask_setup(None)
            return
        if dialog.result() != SetupDialog.DialogCode.Accepted and \
                getattr(dialog, "demo_chosen", False):
            self.try_demo()
            return
        if dialog.result() != SetupDialog.DialogCode.Accepted:
            self.app.quit()  # first run abandoned: there is no site to record for
            return
        passphrase.mark_finished(self.ctx.db.path)
        # Each site makes its own certificate-signing key at setup; a manager may also do it
        # later from the Certificates area.
        from desktop_app.ui.certificates.key_dialogs import PassphraseDialog

        self.key_dialog = PassphraseDialog(self.ctx, self.window, create=True)
        self.key_dialog.open()

    def try_demo(self) -> None:
        """Make the separate demo database (beside the real one, untouched) and reopen the
        app on it."""
        self.window.statusBar().showMessage(self.ctx.text("DEMO_MAKING"))
        Op.bulk(self.ctx, None, lambda _db: demo.make_demo()) \
            .done(lambda made: self.switch_database(made.path)).run()

    def switch_database(self, path: Path) -> None:
        """Leave this database (as at exit: saves finished, backed up) and reopen the app on
        ``path``."""
        if self.window is not None and not self.window.may_close():
            return
        self.switch_to = path
        self.app.exit(0)

    def restore_from(self, request: RestoreRequest) -> None:
        """A copy chosen in the Backups dialog: restored between this window and the next
        (``_run``), once the app no longer holds the file."""
        if self.window is not None and not self.window.may_close():
            return
        self.restore = request
        self.switch_to = self.ctx.db.path
        self.app.exit(0)

    def change_passphrase(self, change: tuple[str, str, str]) -> None:
        """Checked by its dialog; made between this window and the next (``_run``), once
        every save, round, backup and timer has stopped, as at exit."""
        if self.ctx.runner.busy(Pool.BULK, Pool.WRITES):  # an import would fail mid-way
            show_error(self.window, "VaxDesk", self.ctx.text("PASSPHRASE_CHANGE_BUSY"))
            return
        if self.window is not None and not self.window.may_close():
            return
        self.passphrase_change = change
        self.app.exit(0)

    def _integrity_failed(self, exc: BaseException) -> None:
        fault = classify(exc, self.ctx.db.path)
        if fault is None:
            show_error(self.window, "VaxDesk", describe_error(exc, self.ctx.lang))
        else:
            show_fault(self.window, fault.title(self.ctx.lang), describe_error(exc, self.ctx.lang))
        self.app.exit(exit_codes.FAULT_EXIT[fault.kind] if fault else exit_codes.CANNOT_START)

    def _report_error(self, exc: BaseException, parent: QWidget | None) -> None:
        """The one error dialog every failed operation ends in (``Op``'s default). A fault
        (``Op`` named it: a full disk, a read-only folder, …) gets its own title; the person
        can fix it and carry on, except a damaged file."""
        fault = exc.fault if isinstance(exc, FaultError) else None
        if isinstance(exc, DatabaseError) or (fault and fault.kind is Kind.DAMAGED):
            self._integrity_failed(exc)  # the file itself is at fault: stop before more harm
            return
        if self.ctx.locked:
            # Work that failed behind the lock: its words may name the person it was about,
            # for a passer-by to read over the login. Said to whoever logs in, on the window
            # that asked if it is still open.
            self.ctx.when_present(lambda: self._report_error(
                exc, parent if parent is not None and shiboken6.isValid(parent) else None))
            return
        where = parent if parent is not None and parent.isVisible() else self.window
        if fault is not None:
            show_fault(where, fault.title(self.ctx.lang), fault.message(self.ctx.lang))
        else:
            show_error(where, "VaxDesk", describe_error(exc, self.ctx.lang))


def unlock(db_path: Path, lang: str) -> Database | int:
    """Open the database with its passphrase: the environment's or the keyring's if there is
    one (for a new database, one the passphrase rule allows), else asked (again after a wrong
    one). An int is the exit code when it did not open:
    0 if the person chose Quit, 2 if the file cannot be opened (the message was shown)."""
    given = demo.demo_passphrase(db_path) or passphrase.from_environment() \
        or passphrase.from_keyring(db_path)
    remember, failures, wrong = False, 0, None
    before: UnlockDialog | None = None  # the same dialog in the other language, if chosen
    while True:
        if given is None:
            new = passphrase.is_new_database(db_path)
            dialog = UnlockDialog(db_path, lang, new=new, failures=failures,
                                  problem=wrong.message(lang) if wrong else None)
            if before is not None:
                carry_typed(before, dialog)
            before = None
            if dialog.exec() != UnlockDialog.DialogCode.Accepted:
                if dialog.language_chosen:  # asked again in that language, nothing lost
                    lang, before = dialog.language_chosen, dialog
                    continue
                if dialog.started_over:  # the empty file is gone: choose anew
                    failures, wrong = 0, None
                    continue
                if dialog.demo_chosen:  # the demo's own file; the real one stays unmade
                    db_path = _made_demo(lang) or db_path
                    given = demo.demo_passphrase(db_path)
                    continue
                if dialog.restore_from is not None:  # a new laptop given the lost one's
                    restored = RestoreDialog(db_path, dialog.restore_from, None, None, lang,
                                             fresh=True)
                    if restored.exec() == RestoreDialog.DialogCode.Accepted:
                        given = restored.given_passphrase  # typed there: not asked again
                    continue
                return 0
            given, remember = dialog.value()
            if new:
                passphrase.mark_unfinished(db_path)  # until the site is set up
        elif problems := passphrase.check_given(db_path, given):
            # The environment's would make the new database under a passphrase the dialog
            # refuses: the dialog asks for one instead, saying why.
            given, wrong = None, problems[0]
            continue
        try:
            db = open_database(db_path, given, defer_integrity_check=True)
        except WrongPassphrase as exc:
            if passphrase.from_keyring(db_path) == given:
                passphrase.forget_in_keyring(db_path)  # a stale keyring entry: ask instead
            given, failures, wrong = None, failures + 1, exc
            continue
        except DatabaseDamaged as exc:
            if not offer_restore(db_path, exc, given, lang):
                return 2
            continue  # restored: open the copy now in place
        except DatabaseError as exc:
            fault = classify(exc, db_path)  # locked: by another VaxDesk, by whatever name
            if fault is None:
                show_error(None, "VaxDesk", exc.message(lang))
            else:
                show_fault(None, fault.title(lang), exc.message(lang))
            return exit_codes.FAULT_EXIT[fault.kind] if fault else exit_codes.CANNOT_START
        except Exception as exc:
            fault = classify(exc, db_path)  # a read-only folder, a full disk, …
            if fault is None:
                raise
            show_fault(None, fault.title(lang), fault.message(lang))
            return exit_codes.FAULT_EXIT[fault.kind]
        if remember:
            passphrase.remember_in_keyring(db_path, given)
        return db


def _made_demo(lang: str) -> Path | None:
    """The demo database, made afresh; None if it could not be (said)."""
    try:
        return run_between_windows(text("DEMO_MAKING", lang),
                                   lambda _report: demo.make_demo()).path
    except Exception as exc:  # noqa: BLE001 - said in words; the passphrase is asked again
        show_error(None, "VaxDesk", describe_error(exc, lang))
        return None


def offer_restore(db_path: Path, damage: DatabaseDamaged, given: str, lang: str,
                  parent: QWidget | None = None) -> bool:
    """Say what is damaged; if there is a backup, offer to restore the newest. True if it
    was restored."""
    copies = backups.restorable_first(db_path, given)
    if not copies:
        show_error(parent, "VaxDesk", damage.message(lang))
        return False
    dialog = RestoreDialog(db_path, copies[0], damage.message(lang), given, lang, parent)
    return dialog.exec() == RestoreDialog.DialogCode.Accepted


def log_in(db: Database, lang: str) -> Actor | None:
    """The person at the laptop: from the environment (scripts), else the login dialog, or
    the first supervisor's account on a laptop with none. None if they chose Quit."""
    try:
        actor = demo.demo_login(db) or accounts.login_from_environment(db)
    except UserError as exc:
        show_error(None, "VaxDesk", exc.message(lang))
        actor = None
    if actor is not None:
        return actor
    before: LoginDialog | None = None
    while True:
        dialog = LoginDialog(db, lang, first=not accounts.has_accounts(db))
        if before is not None:
            carry_typed(before, dialog)
        if dialog.exec() == LoginDialog.DialogCode.Accepted:
            return dialog.actor
        if not dialog.language_chosen:
            return None  # Quit
        lang, before = dialog.language_chosen, dialog  # asked again in that language


def _qt_message_to_log(mode: QtMsgType, _context: object, message: str) -> None:
    level = {QtMsgType.QtDebugMsg: logging.DEBUG, QtMsgType.QtInfoMsg: logging.INFO,
             QtMsgType.QtWarningMsg: logging.WARNING}.get(mode, logging.ERROR)
    logging.getLogger("desktop_app.qt").log(level, "%s", message)


def run_app(
    db_path: Path, lang: str | None = None,
    ready: Callable[[MainWindow], None] | None = None,
) -> int:
    """Run the app until its window closes. ``ready`` is called once the window is up and
    the search box has focus (benchmarks time cold start with it).

    Returns ``EXIT_NO_DISPLAY`` (4), having said why on stderr in both languages, when Qt
    could not open a window here: Qt itself would abort the process instead. A fault (a
    read-only folder, a full disk, …) is a dialog and its exit code (desktop_app/
    exit_codes.py); anything unexpected a dialog, a log file and ``exit_codes.CRASHED``."""
    app = QApplication.instance()
    if app is None:
        problem = find_problem()
        if problem is not None:
            print(problem.both_languages(), file=sys.stderr)
            return EXIT_NO_DISPLAY
        app = QApplication(sys.argv)
        # Qt's own warnings ("This plugin does not support propagateSizeHints()") went to
        # the terminal in English among the Vietnamese lines: they are the log's.
        qInstallMessageHandler(_qt_message_to_log)
    main_thread_gc.install(app)  # widgets die on the GUI thread, never in a worker
    app.setApplicationName("VaxDesk")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "vaxdesk.png")))
    use_shipped_fonts(app)  # before the first dialog: its Vietnamese, whatever fonts are here
    lang = lang or settings.read_preference(settings.LANGUAGE)
    set_language(lang)
    app_log.start(db_path.parent)  # where "details in the app's log" go
    shells: list[Shell] = []
    with crash_dialogs(db_path, lambda: shells[-1].ctx.lang if shells else lang):
        try:
            return _run(app, db_path, lang, ready, shells)
        except Exception as exc:  # noqa: BLE001 - the window must not just vanish
            title, message = explain(exc, db_path, shells[-1].ctx.lang if shells else lang)
            show_fault(None, title, message)
            fault = classify(exc, db_path)
            return exit_codes.FAULT_EXIT[fault.kind] if fault else exit_codes.CRASHED


def _said_at_opening(db: Database, lang: str) -> str | None:
    """What this opening finished (services/opening.py), its long work under a bar."""
    if not opening.work_left(db):
        return opening.said_at_opening(db, lang)
    return run_between_windows(text("PASSPHRASE_COPIES_FINISHING", lang),
                               lambda _report: opening.said_at_opening(db, lang))


def _run(app: QApplication, db_path: Path, lang: str,
         ready: Callable[[MainWindow], None] | None, shells: list[Shell]) -> int:
    home = db_path if not is_demo_path(db_path) else default_db_path()
    carried: str | None = None  # a restore's outcome, said in the next window
    while True:
        db = unlock(db_path, lang)
        lang = spoken(lang)  # perhaps chosen on the passphrase dialog
        if not isinstance(db, Database):
            return db  # the exit code: quit at the passphrase, or the file could not be opened
        if not db.integrity_checked:
            # The login writes (its audit entry), and a write waits for the check: start it
            # now, not after the login (an existing file would wait for ever).
            threading.Thread(target=_check_quietly, args=(db,), daemon=True).start()
        with passphrase.watch_first_run(db):  # closed; a first run's marker judged
            actor = log_in(db, lang)
            lang = spoken(lang)  # perhaps chosen on the login dialog
            if actor is None:
                return 0  # quit at the login
            # A restore's outcome; or what this opening finished (services/opening.py)
            notice, carried = carried or _said_at_opening(db, lang), None
            while True:
                shell = Shell(app, db, lang, actor)
                shell.home, shell.notice = home, notice
                shells.append(shell)
                shell.start()
                if ready is not None:
                    QTimer.singleShot(0, lambda r=ready, sh=shell: r(sh.window))
                code = app.exec()
                shell.stop()
                if shell.passphrase_change is None:
                    break
                # The same database and person in a new window, under the new passphrase.
                _close_window(shell)
                lang, actor, ready = shell.ctx.lang, shell.ctx.actor, None
                if shell.ctx.runner.wait_idle(0):
                    notice = change_between_windows(db, shell.passphrase_change, actor, lang)
                else:  # work still running after the wait at stop(): not under its feet
                    notice = text("PASSPHRASE_CHANGE_BUSY", lang)
            if shell.switch_to is None:
                return code
            # Between the demo and the real database: the same app, the other file.
            db_path, lang, ready = shell.switch_to, shell.ctx.lang, None
            if shell.window is not None:
                shell.window.close()
                shell.window.deleteLater()
        if shell.restore is not None:  # the file is closed now: the copy can take its place
            carried = restore_between_windows(db_path, shell.restore, lang)


def _close_window(shell: Shell) -> None:
    """The shell's window gone at once, its timers with it: none may fire and read the
    database while its key changes."""
    if shell.window is not None:
        shell.window.close()
        shiboken6.delete(shell.window)
        shell.window = None


def _check_quietly(db: Database) -> None:
    """The integrity check on its own thread: a damaged file is kept on ``db`` and raised by
    the next write, and said by the shell's own check."""
    with contextlib.suppress(Exception):
        db.check_integrity()
