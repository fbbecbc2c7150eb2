"""Review "certrev": a citizen's certificate, the clerk who prints it, and the verifier who
checks it. Each test is a defect found while using the app as they would; each fails on
the code as it is (real SQLite files, a real central server process, real widgets)."""

from __future__ import annotations

from datetime import date

import pypdfium2
import zxingcpp

from desktop_app.certificates.verify import Verdict
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.certificates.signed import PASSPHRASE
from tests.certificates.test_identity_errors_hold_certificates import _imported
from tests.importers.sheets import person_row
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


# 1 ─ A passport holder whose name was typed in its own script ─────────────────────────────

def test_a_passport_name_in_cyrillic_gets_a_certificate_no_verifier_accepts(signed, tmp_path):
    """A Russian visitor; the clerk types the name as it stands in the passport's own
    script ("Иван Петров"). The desk saves it without a word (a passport name is not held
    to Vietnamese diacritics; any letter passes ``check_name``), and the certificate is
    signed and printed: the paper's name line is blank (the certificate font has no
    Cyrillic) and the QR's ICAO names ``fnt``/``gnt`` come out empty (the transliteration
    drops every non-Latin letter), so the site's own verifier says KHÔNG ĐỌC ĐƯỢC
    (MALFORMED_NO_NAME), as would any EU verifier. Either the desk refuses/asks for the
    Latin form of the name, or the certificate must carry it; a signed, recorded, audited
    certificate that nobody can verify is neither."""
    db = signed.db
    visitor = PersonInput("Иван Петров", date(1980, 1, 1), Sex.MALE, IdType.PASSPORT,
                          "C7654321", nationality="RUS")
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, date(2021, 9, 1), "Y tá Lan"),
                      person=visitor, today=date(2022, 6, 1), confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    if not out.saved:  # refused at the desk, saying why: fine
        return
    signer = signing.unlock_signer(db, PASSPHRASE)
    pdf = tmp_path / "visitor.pdf"
    list(certificates.write_certificates(db, signer, [out.person_id], pdf,
                                         actor=AT_THIS_LAPTOP))
    text, [code] = _page(pdf, tmp_path / "visitor.png")
    verdict = certificates.verify_text(db, code.text)
    assert verdict.verdict is Verdict.VALID, verdict.message("vi")
    assert "ПЕТРОВ" in text or "PETROV" in text, "the paper prints no name"


# 5 ─ A date of birth typed 1899 for 1989 ─────────────────────────────────────────────────

def test_a_backfilled_birth_year_1899_gets_a_certificate_no_verifier_accepts(signed, tmp_path):
    """A sheet's date of birth with two digits swapped, "30/12/1899" for 1989 (a CMND: no
    birth year to cross-check). The importer neither refuses nor flags it (the desk says
    DOB_TOO_OLD: over 120 years), the record is clean, and the certificate is signed with
    "dob": "1899-12-30", which the EU DCC schema forbids (1900-2099): the site's own
    verifier says KHÔNG ĐỌC ĐƯỢC (MALFORMED_DOB_FORMAT), as would a verifier abroad. The
    person must be flagged and held back, or the certificate verify."""
    db = signed.db
    person_id, flagged, _issues = _imported(
        db, tmp_path, person_row(1, name="Lê Văn Cường", dob="30/12/1899", cccd="023456789"))
    signer = signing.unlock_signer(db, PASSPHRASE)
    try:
        issued = certificates.issue_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)
    except certificates.CertificateError:
        return  # held back, saying why: fine
    verdict = certificates.verify_text(db, issued.qr_text)
    assert verdict.verdict is Verdict.VALID, (
        f"cleaning flag: {flagged}; {verdict.message('vi')}")


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
