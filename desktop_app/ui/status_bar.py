"""The status bar every screen shares: records waiting for upload, rejected records, the last
successful sync, and whether the central server can be reached."""

from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFrame, QStatusBar

from desktop_app.clock import local_time
from desktop_app.services.status import SiteStatus, site_status
from desktop_app.services.sync import Progress, SyncSummary
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.sync.controller import SyncController
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.tones import DONE, ERROR, ERROR_BOLD_STYLE, ERROR_STYLE, MUTED, WARNING

REFRESH_MS = 30_000


class SiteStatusBar(QStatusBar):
    def __init__(self, ctx: AppContext, sync: SyncController) -> None:
        super().__init__()
        self.ctx = ctx
        self.sync = sync
        self._configured = False
        self._demo = False
        self.clock_label = plain_label()
        self.clock_label.setStyleSheet(ERROR_BOLD_STYLE)
        self.clock_label.setVisible(False)
        self.addWidget(self.clock_label)
        self.actor_label = plain_label()
        self.addWidget(self.actor_label)
        self._show_actor()
        self.pending_label = plain_label()
        # What is counted: the completeness report counts doses, this bar every record.
        self.pending_label.setToolTip(self.tr(
            "Records not yet on the central platform: people and doses, each new or "
            "corrected one counted once."))
        self.rejected_label = plain_label()
        self.last_sync_label = plain_label()
        self.connection_label = plain_label()
        # A line between each two: side by side the Vietnamese read as one phrase
        # ("Chờ đồng bộ: 13  Bị từ chối: 0  Chưa đồng bộ lần nào …").
        for i, label in enumerate((self.pending_label, self.rejected_label,
                                   self.last_sync_label, self.connection_label)):
            if i:
                self.addPermanentWidget(_separator())
            label.setContentsMargins(4, 0, 4, 0)
            self.addPermanentWidget(label)
        ctx.data_changed.connect(lambda _what: self.refresh())
        ctx.data_changed.connect(lambda what: self._show_actor() if what == "actor" else None)
        sync.connection_changed.connect(lambda _online: self._show_connection())
        sync.progressed.connect(self._show_progress)
        sync.finished.connect(self._show_finished)
        sync.failed.connect(lambda _text: self._show_connection())
        self._timer = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self._timer.start()
        self.refresh()

    def _show_actor(self) -> None:
        actor = self.ctx.actor
        self.actor_label.setVisible(actor.user_id is not None)
        self.actor_label.setText(self.ctx.text("SIGNED_IN", name=actor.name,
                                               role=self.ctx.text(f"ROLE_{actor.role.name}")))

    def refresh(self) -> None:
        Op.read(self.ctx, self, site_status).latest("status-bar").done(self.show_status).run()

    def show_status(self, status: SiteStatus) -> None:
        self.pending_label.setText(self.tr("Waiting to upload: %Ln", "", status.pending))
        said = self.tr("Rejected: %Ln", "", status.rejected)
        if status.conflicts:  # held back until a supervisor chooses: said where it shows
            said += " · " + self.tr("Conflicts: %Ln", "", status.conflicts)
        self.rejected_label.setText(said)
        self.rejected_label.setStyleSheet(
            ERROR_STYLE if status.rejected or status.conflicts else "")
        if status.last_sync_at:
            self.last_sync_label.setText(
                self.ctx.text("SYNC_LAST", when=local_time(status.last_sync_at)))
        else:
            self.last_sync_label.setText(self.tr("Last sync: never"))
        self._configured = status.server_configured
        self._demo = status.demo
        if not self.sync.running:
            self._show_connection()

    def _show_connection(self) -> None:
        online = self.sync.online
        self.connection_label.setToolTip("")
        if self._demo:  # its synced records and last sync are the sample's: said so
            self.connection_label.setText(self.tr("Demo: sync is off"))
            self.connection_label.setStyleSheet(ERROR_STYLE)
            self.connection_label.setToolTip(self.tr(
                "Sample data: its records shown as synced, and its last sync, were made up "
                "with it. The demo never sends anything to a central platform."))
            return
        if not self._configured and online is None:
            text, colour = self.tr("Central platform not set up"), MUTED
        elif online is None:  # set up, and no check has answered yet: nothing is known
            text, colour = self.tr("Checking the connection…"), MUTED
        elif online and self.sync.access_refused:
            text, colour = self.tr("Access code refused"), ERROR
        elif online:
            text, colour = self.tr("Online"), DONE
        else:
            text, colour = self.tr("Offline"), WARNING
        if self.sync.next_try is not None:  # the platform asked for a pause: until when
            text += " · " + self.ctx.text("SYNC_NEXT_TRY_SHORT", time=self.sync.next_try_text())
        self.connection_label.setText(text)
        self.connection_label.setStyleSheet(f"color: {colour};")

    def _show_progress(self, p: Progress) -> None:
        if p.phase == "push" and p.total:
            self.connection_label.setText(
                self.ctx.text("SYNC_PERCENT", percent=100 * p.done // p.total))
        else:
            self.connection_label.setText(self.tr("Syncing…"))

    def _show_finished(self, summary: SyncSummary) -> None:
        self._show_connection()
        self.clock_label.setVisible(summary.clock_warning)
        if summary.clock_warning:
            self.clock_label.setText(self.tr("Check the laptop's clock!"))


def _separator() -> QFrame:
    line = QFrame()
    line.setFrameShape(QFrame.Shape.VLine)
    line.setFrameShadow(QFrame.Shadow.Sunken)
    return line
