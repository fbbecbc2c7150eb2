"""The UI writes Vietnamese whatever fonts the laptop has. A laptop with no font at all, or
with only the URW Type 1 fonts (no Vietnamese letters), showed the first dialog as boxes or
with its accented letters dropped; the app now starts on the font it ships (Noto Serif,
resources/fonts/). The real app, as its own process, under a fontconfig that lists only
those folders: its first dialog read and drawn."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontInfo

from desktop_app.ui.fonts import missing_letters, shipped_families, use_shipped_fonts

CHILD = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QFont, QFontInfo, QFontMetrics
    from PySide6.QtWidgets import QApplication, QLabel
    from desktop_app.cli import main
    from desktop_app.ui.unlock_dialog import UnlockDialog

    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, UnlockDialog):
            QTimer.singleShot(20, look)  # the passphrase is the first thing asked
            return
        own = QFont(dialog.findChildren(QLabel)[0].font())
        own.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)  # its face alone
        metrics = QFontMetrics(own)
        print("FAMILY", QFontInfo(own).family(), flush=True)
        print("HAS", "".join(c for c in "ệữđ" if metrics.inFontUcs4(ord(c))), flush=True)
        dialog.grab().save(sys.argv[1])
        dialog.reject()

    QTimer.singleShot(0, look)
    raise SystemExit(main([]))
""")
TYPE1_FOLDERS = [Path("/usr/share/fonts/X11/Type1"), Path("/usr/share/fonts/type1/urw-base35")]


def fontconfig(tmp_path: Path, folders: list[Path]) -> Path:
    """A fontconfig that knows only ``folders``, with the system's usual aliases (Sans
    Serif is then a Type 1 sans, as on such a laptop)."""
    conf = tmp_path / "fonts.conf"
    dirs = "".join(f"<dir>{folder}</dir>" for folder in folders)
    aliases = '<include ignore_missing="yes">/etc/fonts/conf.d</include>' if folders else ""
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
                    f"<fontconfig>{dirs}{aliases}<cachedir>{tmp_path / 'fc-cache'}</cachedir>"
                    f"</fontconfig>", encoding="utf-8")
    return conf


@pytest.mark.parametrize("fonts", ["none", "type1"])
def test_the_first_dialog_writes_vietnamese_on_a_laptop_with_no_vietnamese_font(tmp_path,
                                                                                  fonts):
    folders = [f for f in TYPE1_FOLDERS if f.is_dir()][:1] if fonts == "type1" else []
    if fonts == "type1" and not folders:
        pytest.skip("no Type 1 fonts on this machine")
    shot = tmp_path / f"unlock-{fonts}.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               FONTCONFIG_FILE=str(fontconfig(tmp_path, folders)),
               VAXDESK_DATA_DIR=str(tmp_path / "fresh"))
    env.pop("VAXDESK_DB_PASSPHRASE")  # asked, on the first dialog
    out = subprocess.run([sys.executable, "-c", CHILD, str(shot)], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "FAMILY Noto Serif\nHAS ệữđ\n" in out.stdout, out.stdout
    assert shot.stat().st_size > 0  # drawn: Vietnamese, not a row of boxes (looked at)


def test_a_system_font_with_every_vietnamese_letter_stays_the_ui_font(qapp):
    before = QFont(qapp.font())
    if missing_letters(before):
        pytest.skip("this machine's UI font lacks Vietnamese letters")
    assert use_shipped_fonts(qapp) == QFontInfo(before).family()
    assert qapp.font() == before  # the laptop's own look kept


def test_the_shipped_font_has_every_vietnamese_letter(qapp):
    assert shipped_families() == ["Noto Serif"]
    assert missing_letters(QFont("Noto Serif")) == ""
