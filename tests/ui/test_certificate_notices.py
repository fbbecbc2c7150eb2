"""The certificate dialogs on a Vietnamese screen, over a live central server's signer: the
laptop that voided a dose refuses the old paper before any sync (review item 3), a text that
is no certificate says why in Vietnamese (item 8), and the clerk printing a name too long for
the QR is told the QR carries a shorter one (item 7)."""

from __future__ import annotations

import zlib

import base45
import cbor2
from sqlalchemy import select

from desktop_app.db.models import Dose
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import void_dose
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from tests.certificates.signed import PASSPHRASE
from tests.certificates.test_long_names_in_qr import KEPT, LONG, _long_named
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import open_area


def _verify(qtbot, ctx, screen, hc1: str) -> VerifyDialog:
    dialog = VerifyDialog(ctx, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.text.setPlainText(hc1)
    dialog.check_button.click()
    return dialog


def test_the_verify_dialog_refuses_paper_this_laptop_revoked_before_any_sync(
        qtbot, signed, boss):
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    old = certificates.issue_certificate(db, signing.unlock_signer(db, PASSPHRASE), person,
                                         actor=AT_THIS_LAPTOP)
    with db.reading() as s:
        latest = s.scalars(select(Dose.id).where(Dose.person_id == person)
                           .order_by(Dose.dose_number.desc())).first()
    void_dose(db, latest, "Nhập nhầm", actor=boss)

    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi")
    dialog = _verify(qtbot, ctx, screen, old.qr_text)
    qtbot.waitUntil(lambda: dialog.verdict.text().startswith(("ĐÃ THU HỒI", "HỢP LỆ")),
                    timeout=10_000)
    assert dialog.verdict.text().startswith(
        "ĐÃ THU HỒI: chứng nhận này đã bị điểm tiêm Trạm Y tế Phường Láng Hạ (HN-0001) thu "
        "hồi ngày"), dialog.verdict.text()
    assert "#b00020" in dialog.verdict.styleSheet()
    ctx.runner.wait_idle()


def test_the_verify_dialog_says_why_a_text_is_no_certificate_in_vietnamese(qtbot, signed):
    db = signed.db
    [person] = make_people(db, 1, doses_each=1)
    hc1 = certificates.issue_certificate(db, signing.unlock_signer(db, PASSPHRASE), person,
                                         actor=AT_THIS_LAPTOP).qr_text
    raw = zlib.decompress(base45.b45decode(hc1[4:]))
    uncompressed = "HC1:" + base45.b45encode(cbor2.dumps(cbor2.loads(raw))).decode()

    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi")
    dialog = _verify(qtbot, ctx, screen, uncompressed)
    qtbot.waitUntil(lambda: dialog.verdict.text().startswith("KHÔNG ĐỌC ĐƯỢC"), timeout=10_000)
    assert dialog.verdict.text() == ("KHÔNG ĐỌC ĐƯỢC: đây không phải chứng nhận EU-DCC hợp lệ "
                                     "(nội dung không được nén zlib).")
    ctx.runner.wait_idle()


def test_the_certificate_dialog_warns_that_the_qr_shortens_a_long_name(qtbot, signed):
    db = signed.db
    person = _long_named(db)
    [short] = make_people(db, 1, doses_each=1)
    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi")
    ctx.signer = signing.unlock_signer(db, PASSPHRASE)

    dialog = CertificateDialog(ctx, person, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.content is not None, timeout=10_000)
    qtbot.waitUntil(dialog.notice.isVisible, timeout=10_000)
    assert dialog.notice.text().startswith(f"Họ tên “{LONG}” quá dài cho mã QR")
    assert f"mã QR chỉ ghi “Tôn {KEPT}”" in dialog.notice.text()
    assert dialog.content.payload["nam"]["gn"] == KEPT
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=10_000)

    plain = CertificateDialog(ctx, short, screen)  # a name that fits: nothing to say
    qtbot.addWidget(plain)
    plain.show()
    qtbot.waitUntil(plain.print_button.isEnabled, timeout=10_000)
    assert not plain.notice.isVisible() and plain.notice.text() == ""
    ctx.runner.wait_idle()
