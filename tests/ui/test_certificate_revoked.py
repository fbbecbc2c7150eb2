"""The certificate dialog after a correction: the old certificate is listed as revoked, the
one just signed has a new ID, and the verify dialog refuses the old one in words."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from desktop_app.db.models import Dose
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.records import correct_dose
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import open_area

SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def test_a_revoked_certificate_is_shown_revoked_and_the_new_one_printed(
        qtbot, signed, boss, tmp_path):
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    signer = signing.unlock_signer(db, PASSPHRASE)
    old = certificates.issue_certificate(db, signer, person, actor=AT_THIS_LAPTOP)
    with db.reading() as s:
        latest = s.scalars(select(Dose.id).where(Dose.person_id == person)
                           .order_by(Dose.dose_number.desc())).first()
    assert correct_dose(db, latest, {"lot_number": "FK7777"}, actor=boss,
                        confirm_warnings=True).saved
    signed.sync()  # the platform publishes it; this laptop's trust list now carries it

    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi")
    ctx.signer = signer
    dialog = CertificateDialog(ctx, person, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: "ĐÃ THU HỒI" in dialog.history.text(), timeout=10_000)
    new_uvci = dialog.content.uvci
    assert new_uvci != old.content.uvci
    assert dialog.status.text() == f"Mã chứng nhận: {new_uvci}"
    assert "Hãy in chứng nhận mới" in dialog.history.text()
    assert f"{old.content.uvci} — in ngày" in dialog.history.text()
    assert "mũi tiêm đã được sửa" in dialog.history.text()
    assert f"{new_uvci} — chứng nhận mới, được ghi nhận là đã cấp khi in" in \
        dialog.history.text()  # in force once printed, not before
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=10_000)
    SCREENS.mkdir(parents=True, exist_ok=True)
    qtbot.wait(200)
    dialog.grab().save(str(SCREENS / "certificate-revoked-reprint.png"))

    verify = VerifyDialog(ctx, screen)
    qtbot.addWidget(verify)
    verify.show()
    verify.text.setPlainText(old.qr_text)
    verify.check_button.click()
    qtbot.waitUntil(lambda: verify.verdict.text().startswith("ĐÃ THU HỒI"), timeout=10_000)
    assert "#b00020" in verify.verdict.styleSheet()
    qtbot.wait(200)  # the wrapped verdict is laid out again before the picture
    verify.grab().save(str(SCREENS / "verify-revoked.png"))
    # The new one is signed as it is saved (the preview shows no code), and verifies.
    with qtbot.waitSignal(dialog.saved, timeout=15_000):
        dialog.save_pdf(str(tmp_path / "moi.pdf"))
    verify.text.setPlainText(dialog.issued.qr_text)
    verify.check_button.click()
    qtbot.waitUntil(lambda: verify.verdict.text().startswith("HỢP LỆ"), timeout=10_000)
