"""The README's launch path: `vaxdesk` with no arguments on a fresh user data folder, run as
its own process (quitting a QApplication would spoil the one the other UI tests share)."""

import os
import subprocess
import sys
import textwrap

from desktop_app.db import cipher
from desktop_app.rules.catalogue import default_catalogue
from tests.keys import raw_connect

CHILD = textwrap.dedent("""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from desktop_app.cli import main
    from desktop_app.ui.setup.setup_dialog import SetupDialog

    def answer_setup():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, SetupDialog):
            QTimer.singleShot(20, answer_setup)  # the window first, then the setup dialog
            return
        windows = [w.windowTitle() for w in QApplication.topLevelWidgets()
                   if w.isVisible() and not isinstance(w, SetupDialog)]
        print("WINDOWS", windows, "FIRST_RUN", dialog.first_run, flush=True)
        dialog._quitting = True  # as if the clerk chose "Quit" in the confirmation
        dialog.reject()

    QTimer.singleShot(0, answer_setup)
    raise SystemExit(main([]))
""")


def test_first_launch_creates_the_database_and_asks_for_the_site(tmp_path):
    data = tmp_path / "fresh"
    env = dict(os.environ, VAXDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "WINDOWS ['VaxDesk'] FIRST_RUN True" in out.stdout
    path = data / "vaxdesk.db"
    assert not cipher.is_plain(path)  # the app made it encrypted, with the environment's key
    with raw_connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        assert conn.execute("SELECT count(*) FROM vaccine_product").fetchone()[0] == len(
            default_catalogue().products)  # the shipped catalogue, seeded
