"""The app's Check-a-certificate dialog handed files with nothing to check: the reason where
the verdict goes, in red, and the app goes on."""

from __future__ import annotations

from pathlib import Path

from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner
from tests.certificates.hostile import blank_pdf, bomb_png

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def test_a_bomb_a_pretend_image_and_a_long_pdf_each_say_why(qtbot, db, tmp_path):
    ctx = AppContext(db, TaskRunner(), "vi")
    dialog = VerifyDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    fake = tmp_path / "ảnh.jpg"
    fake.write_text("không phải ảnh")
    cases = [(bomb_png(tmp_path / "bom.png", 30000, 30000), "quá lớn (900 triệu điểm ảnh"),
             (fake, "bị hỏng hoặc không phải ảnh thật"),
             (blank_pdf(tmp_path / "dai.pdf", pages=40), "trong 10 trang đầu")]
    for path, says in cases:
        dialog.check_file(str(path))
        qtbot.waitUntil(lambda s=says: s in dialog.verdict.text(), timeout=10_000)
        assert dialog.verdict.text().startswith("KHÔNG CÓ GÌ ĐỂ KIỂM TRA: ")
        assert "#b00020" in dialog.verdict.styleSheet() and dialog.details.text() == ""
    SCREENS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(200)
    dialog.grab().save(str(SCREENS / "verify-nothing-to-check.png"))
    ctx.runner.wait_idle()
