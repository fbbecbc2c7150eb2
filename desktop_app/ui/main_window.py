"""The main window. For now a summary of the open database; the clerk's desk comes next."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from desktop_app.db.database import Database
from desktop_app.services.site import current_site
from desktop_app.services.status import site_status


class MainWindow(QMainWindow):
    def __init__(self, db: Database) -> None:
        super().__init__()
        self.setWindowTitle("VaxDesk")
        self.resize(720, 420)
        site = current_site(db)
        status = site_status(db)
        self.site_label = QLabel(
            self.tr("Điểm tiêm: {0}").format(f"{site.code} — {site.name}")
            if site else self.tr("Chưa thiết lập điểm tiêm cho máy này.")
        )
        self.counts_label = QLabel(
            self.tr("{0} người · {1} mũi tiêm · {2} bản ghi chờ đồng bộ").format(
                status.people, status.doses, status.pending
            )
        )
        self.path_label = QLabel(self.tr("Cơ sở dữ liệu: {0}").format(db.path))
        body = QWidget()
        layout = QVBoxLayout(body)
        for label in (self.site_label, self.counts_label, self.path_label):
            layout.addWidget(label)
        layout.addStretch()
        self.setCentralWidget(body)
