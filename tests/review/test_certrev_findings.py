"""Review "certrev": a citizen's certificate, the clerk who prints it, and the verifier who
checks it. Each test is a defect found while using the app as they would; each fails on
the code as it is (real SQLite files, a real central server process, real widgets)."""

from __future__ import annotations

from datetime import date

import pypdfium2
import zxingcpp

from desktop_app.certificates.verify import Verdict
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people


def _desk(db, person, product="COMIRNATY", number=1, day=date(2021, 9, 1), lot="FK1234",
          today=date(2022, 6, 1)):
    """A dose saved through the desk's own service (warnings confirmed, as the clerk does)."""
    kw = {"person": person} if isinstance(person, PersonInput) else {"person_id": person}
    out = record_dose(db, DoseInput(product, lot, number, day, "Y tá Lan"), today=today,
                      confirm_warnings=True, actor=AT_THIS_LAPTOP, **kw)
    assert out.saved, [p.code for p in out.problems]
    return out


def _page(pdf_path, png_path):
    """The first page's text, and the QR codes read back from it rendered at 150 dpi."""
    pdf = pypdfium2.PdfDocument(str(pdf_path))
    image = pdf[0].render(scale=150 / 72).to_pil()
    text = pdf[0].get_textpage().get_text_range()
    pdf.close()
    image.save(png_path)
    return text, zxingcpp.read_barcodes(image)


# 6 ─ A backup restored forgets the certificates printed since ─────────────────────────────

def test_after_a_restore_voiding_a_dose_leaves_its_certificate_valid(signed, tmp_path):
    """Morning: the day's backup copy is made (everything synced). 10:00: the clerk prints
    a citizen's certificate (QR on her dose 2). 11:00: the laptop's file is damaged and the
    supervisor restores the morning copy: nothing unsent, so the restore asks nothing and
    says nothing of certificates, and ``certificate_issue`` no longer knows the paper the
    citizen holds. Then dose 2 is found to be another person's and voided: the void revokes
    nothing (no issue on record), so the paper stays VALID here, and at every laptop since
    no revocation is ever sent. A certificate for a voided dose must not stay valid."""
    from desktop_app.db.backups import backup_copy
    from desktop_app.db.database import open_database
    from desktop_app.services import restore
    from desktop_app.services.doses import void_dose
    from desktop_app.services.records import person_with_doses
    from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER

    db = signed.db
    boss = db.supervisor
    [person_id] = make_people(db, 1, doses_each=2)
    assert signed.sync().rejected == 0
    morning = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    signer = signing.unlock_signer(db, PASSPHRASE)
    handed_out = certificates.issue_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)
    path = db.path
    db.close()
    restore.restore_backup(path, morning, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD)
    restored = open_database(path, TEST_PASSPHRASE)
    try:
        _person, doses = person_with_doses(restored, person_id)
        void_dose(restored, doses[-1].id, "Nhập nhầm người", actor=boss)
        verdict = certificates.verify_text(restored, handed_out.qr_text)
        assert verdict.verdict is Verdict.REVOKED, (
            f"the paper of a voided dose: {verdict.message('vi')}")
    finally:
        restored.close()
