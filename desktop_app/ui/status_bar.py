"""The status bar every screen shares: records waiting for upload, rejected records, the last
successful sync, and whether the central server can be reached."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QStatusBar

from desktop_app.services.status import SiteStatus, site_status
from desktop_app.ui.context import AppContext

REFRESH_MS = 30_000


class SiteStatusBar(QStatusBar):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.pending_label = QLabel()
        self.rejected_label = QLabel()
        self.last_sync_label = QLabel()
        self.connection_label = QLabel()
        for label in (self.pending_label, self.rejected_label, self.last_sync_label,
                      self.connection_label):
            self.addPermanentWidget(label)
        ctx.data_changed.connect(lambda _what: self.refresh())
        self._timer = QTimer(self, interval=REFRESH_MS, timeout=self.refresh)
        self._timer.start()
        self.refresh()

    def refresh(self) -> None:
        self.ctx.runner.db(lambda: site_status(self.ctx.db), self.show_status,
                           latest="status-bar")

    def show_status(self, status: SiteStatus) -> None:
        self.pending_label.setText(self.tr("Waiting to upload: %n", "", status.pending))
        self.rejected_label.setText(self.tr("Rejected: %n", "", status.rejected))
        self.rejected_label.setStyleSheet("color: #b00020;" if status.rejected else "")
        if status.last_sync_at:
            local = status.last_sync_at.replace(tzinfo=UTC).astimezone()
            self.last_sync_label.setText(
                self.tr("Last sync: %1").replace("%1", local.strftime("%d/%m/%Y %H:%M")))
        else:
            self.last_sync_label.setText(self.tr("Last sync: never"))
        self.connection_label.setText(
            self.tr("Offline") if status.server_configured else self.tr("No server set up")
        )
