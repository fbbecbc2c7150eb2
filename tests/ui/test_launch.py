"""The README's launch path: `vaxdesk` with no arguments on a fresh user data folder."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import create_engine, text

from desktop_app.cli import main
from desktop_app.paths import default_db_path


def test_first_launch_creates_migrates_and_loads_the_catalogue(qapp, tmp_path, monkeypatch):
    monkeypatch.setenv("VAXDESK_DATA_DIR", str(tmp_path / "fresh"))
    shown = []

    def close_when_shown():
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        shown.extend(w.windowTitle() for w in windows)
        QApplication.quit()

    QTimer.singleShot(0, close_when_shown)
    assert main([]) == 0

    assert shown == ["VaxDesk"]
    path = default_db_path()
    assert path == tmp_path / "fresh" / "vaxdesk.db"
    with create_engine(f"sqlite:///{path}").connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        assert conn.execute(text("SELECT count(*) FROM vaccine_product")).scalar() == 9
