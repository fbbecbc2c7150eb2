"""Start the Qt application on a site database; report an unopenable database and stop."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.db.database import open_database
from desktop_app.db.errors import DatabaseError
from desktop_app.ui.main_window import MainWindow


def run_app(db_path: Path, lang: str = "vi") -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("VaxDesk")
    try:
        db = open_database(db_path)
    except DatabaseError as exc:
        QMessageBox.critical(None, "VaxDesk", exc.message(lang))
        return 2
    with db:
        window = MainWindow(db)
        window.show()
        return app.exec()
