"""The one way a screen runs work: an ``Op`` names what the work does (read, write, network,
bulk), runs it on that pool, and brings the result back to the screen.

    Op.write(ctx, self, lambda db: correct_person(db, pid, values, actor=ctx.actor)) \\
        .with_progress(self.tr("Saving…")).done(self.refresh).run()

The work function gets the database (and, for network work, the op's ``CancelToken`` to hand
to the HTTP client); it never touches widgets. It may return a generator: each yielded value
goes to ``.on_progress``, the return value to ``.done``, and ``job.cancel()`` (or Stop on the
progress dialog) stops it between yields. Failures go to ``.failed`` if given, else to the
app's one error dialog (``AppContext.report_error``); a cancelled op reports nothing unless
``.failed`` asks for it. Callbacks are dropped if the screen that asked was closed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop_app.progress import Cancelled, CancelToken
from desktop_app.services.database import Database, explained
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import Job, Pool

PROGRESS_AFTER_MS = 400  # quick work never flashes a dialog


class Op:
    def __init__(self, ctx: AppContext, parent: QObject | None, pool: Pool,
                 work: Callable[[], Any]) -> None:
        self.ctx = ctx
        self.parent = parent
        self.pool = pool
        self.job = Job()
        self._work = work
        self._done: Callable[[Any], None] | None = None
        self._failed: Callable[[BaseException], None] | None = None
        self._progress: Callable[[Any], None] | None = None
        self._label: str | None = None
        self._latest: str | None = None
        self._dialog: QProgressDialog | None = None

    # -- what the work is -----------------------------------------------------------------
    @classmethod
    def read(cls, ctx: AppContext, parent: QObject | None,
             work: Callable[[Database], Any]) -> Op:
        """Reads: searches, pages, a record's detail. Never blocked by a long write."""
        return cls(ctx, parent, Pool.READS, lambda: work(ctx.db))

    @classmethod
    def write(cls, ctx: AppContext, parent: QObject | None,
              work: Callable[[Database], Any]) -> Op:
        """Changes to the site database, one at a time and in the order asked."""
        return cls(ctx, parent, Pool.WRITES, lambda: work(ctx.db))

    @classmethod
    def bulk(cls, ctx: AppContext, parent: QObject | None,
             work: Callable[[Database], Any]) -> Op:
        """Work of seconds or minutes (an import, a batch, a file) beside reads and writes."""
        return cls(ctx, parent, Pool.BULK, lambda: work(ctx.db))

    @classmethod
    def network(cls, ctx: AppContext, parent: QObject | None,
                work: Callable[[Database, CancelToken], Any]) -> Op:
        """Talking to the central platform; the token reaches the HTTP client."""
        return cls._talking(ctx, parent, Pool.NETWORK, work)

    @classmethod
    def ask(cls, ctx: AppContext, parent: QObject | None,
            work: Callable[[Database, CancelToken], Any]) -> Op:
        """A question to the central platform that someone waits for at the screen (a
        look-up, a check before signing), on a thread of its own: a sync round holding the
        network one for minutes on a bad link never holds it. Its client's own short
        timeouts bound it."""
        return cls._talking(ctx, parent, Pool.QUESTIONS, work)

    @classmethod
    def _talking(cls, ctx: AppContext, parent: QObject | None, pool: Pool,
                 work: Callable[[Database, CancelToken], Any]) -> Op:
        op = cls(ctx, parent, pool, lambda: None)
        op._work = lambda: work(ctx.db, op.job.token)
        return op

    # -- what to do with it ---------------------------------------------------------------
    def latest(self, key: str) -> Op:
        """Only the newest op under ``key`` runs and reports (search-as-you-type)."""
        self._latest = key
        return self

    def on_progress(self, callback: Callable[[Any], None]) -> Op:
        self._progress = callback
        return self

    def with_progress(self, label: str) -> Op:
        """Show ``label`` in a progress dialog with a Stop button if the work outlasts
        ``PROGRESS_AFTER_MS``."""
        self._label = label
        return self

    def done(self, callback: Callable[[Any], None]) -> Op:
        self._done = callback
        return self

    def failed(self, callback: Callable[[BaseException], None]) -> Op:
        self._failed = callback
        return self

    def run(self) -> Job:
        if self._label is not None:
            self._dialog = self._make_dialog(self._label)
        self.ctx.runner.run(
            self.pool, self._work, on_done=self._on_done, on_error=self._on_error,
            on_progress=self._on_progress if self._progress else None, latest=self._latest,
            job=self.job)
        return self.job

    # -- delivery on the GUI thread -------------------------------------------------------
    def _alive(self) -> bool:
        return self.parent is None or shiboken6.isValid(self.parent)

    def _widget(self) -> QWidget | None:
        """The parent a dialog of this op sits on: an object that is no widget (the sync
        controller) asks only that its callbacks be dropped once it is gone."""
        return self.parent if isinstance(self.parent, QWidget) else None

    def _on_progress(self, value: Any) -> None:
        if self._progress is not None and self._alive():
            self._progress(value)

    def _on_done(self, value: Any) -> None:
        self._close_dialog()
        if self._done is not None and self._alive():
            self._done(value)

    def _on_error(self, exc: BaseException) -> None:
        self._close_dialog()
        if not self._alive():
            return
        # The one place a fault of the machine (full disk, read-only folder, database held
        # by another program, damaged file) is named: every screen then shows its sentence.
        exc = explained(exc, getattr(self.ctx.db, "path", None))
        if self._failed is not None:
            self._failed(exc)
        elif not isinstance(exc, Cancelled):
            self.ctx.report_error(exc, self._widget())

    def _make_dialog(self, label: str) -> QProgressDialog:
        stop = QCoreApplication.translate("Op", "Stop")
        dialog = QProgressDialog(label, stop, 0, 0, self._widget())
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(PROGRESS_AFTER_MS)
        dialog.canceled.connect(self.job.cancel)
        return dialog

    def _close_dialog(self) -> None:
        if self._dialog is not None and shiboken6.isValid(self._dialog):
            self._dialog.canceled.disconnect(self.job.cancel)
            self._dialog.reset()
            self._dialog.deleteLater()
        self._dialog = None
