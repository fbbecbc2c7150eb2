"""The Check-a-certificate dialog on a Vietnamese screen, over a certificate a live central
server's signer made: the signing site by its name, the details in words a clerk compares
with the paper (no machine-readable name, licence number, country or issuer codes in
English), right under the verdict."""

from __future__ import annotations

from PySide6.QtCore import Qt

from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import open_area


def test_a_valid_certificate_reads_in_vietnamese_words(qtbot, signed):
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    issued = certificates.issue_certificate(db, signing.unlock_signer(db, PASSPHRASE), person,
                                            actor=AT_THIS_LAPTOP)
    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi")
    dialog = VerifyDialog(ctx, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setPlainText(issued.qr_text)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.verdict.text().startswith("HỢP LỆ"), timeout=10_000)
    # The signer by the name its certificate (DSC) carries, with its code
    assert "do điểm tiêm Trạm Y tế Phường Láng Hạ (HN-0001) ký" in dialog.verdict.text()
    details = dialog.details.text()
    assert "Tên chuẩn hóa" not in details and "&lt;&lt;" not in details
    assert "<td>Comirnaty (Pfizer-BioNTech)</td>" in details and "EU/1/20/1528" not in details
    assert "<b>Quốc gia</b>&nbsp;&nbsp;</td><td>Việt Nam</td>" in details
    assert "<b>Nơi cấp</b>&nbsp;&nbsp;</td><td>Bộ Y tế Việt Nam</td>" in details
    assert "Ministry of Health" not in details
    assert "<b>Mũi thứ</b>&nbsp;&nbsp;</td><td>2/2</td>" in details
    # Right under the verdict: no gap between the verdict and what the certificate says
    assert dialog.details.alignment() & Qt.AlignmentFlag.AlignTop
    ctx.runner.wait_idle()
