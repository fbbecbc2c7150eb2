"""The laptop that revoked a certificate refuses it at once, offline, before any sync: its
verifier reads the site's own revocations as well as the trust list's (review item 3)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from desktop_app.certificates.verify import Verdict, verify_hc1
from desktop_app.db.models import CertificateIssue, Dose
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import void_dose
from desktop_app.services.records import correct_person
from tests.certificates.factory import NOW, Pki, content
from tests.certificates.signed import PASSPHRASE
from tests.certificates.test_cli_certificates import _vaxdesk
from tests.certificates.test_hcert import seal
from tests.sync.helpers import make_people


def _issue(db, person_id):
    return certificates.issue_certificate(db, signing.unlock_signer(db, PASSPHRASE), person_id,
                                          actor=AT_THIS_LAPTOP)


def _revoked_at(db, uvci) -> datetime:
    with db.reading() as s:
        return s.get(CertificateIssue, uvci).revoked_at


def test_a_dose_voided_here_makes_its_paper_revoked_here_before_any_sync(signed, boss):
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    old = _issue(db, person)
    assert certificates.verify_text(db, old.qr_text).ok
    with db.reading() as s:
        latest = s.scalars(select(Dose.id).where(Dose.person_id == person)
                           .order_by(Dose.dose_number.desc())).first()
    void_dose(db, latest, "Nhập nhầm", actor=boss)  # no sync: the trust list knows nothing

    judged = certificates.verify_text(db, old.qr_text)
    assert judged.verdict is Verdict.REVOKED and not judged.ok
    day = _revoked_at(db, old.content.uvci).strftime("%d/%m/%Y")
    assert judged.message("vi") == (
        "ĐÃ THU HỒI: chứng nhận này đã bị điểm tiêm Trạm Y tế Phường Láng Hạ (HN-0001) thu "
        f"hồi ngày {day} vì thông tin trên đó đã được sửa hoặc hủy. Chứng nhận này không còn "
        "giá trị; người được tiêm cần xin in chứng nhận mới.")
    # The reprint, with the dose left, is the paper to hand out.
    assert certificates.verify_text(db, _issue(db, person).qr_text).verdict is Verdict.VALID

    # Once synced, the list carries it too: still revoked, and on the same day.
    signed.sync()
    again = certificates.verify_text(db, old.qr_text)
    assert again.verdict is Verdict.REVOKED and again.params["date"] == day


def test_vaxdesk_verify_refuses_paper_of_a_corrected_name_on_the_laptop_that_corrected_it(
        signed, boss, db_path, tmp_path):
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    pdf = tmp_path / "cu.pdf"
    list(certificates.write_certificates(db, signing.unlock_signer(db, PASSPHRASE), [person],
                                         pdf, actor=AT_THIS_LAPTOP))
    assert correct_person(db, person, {"full_name": "Trần Thị Bích Ngọc"}, actor=boss,
                          confirm_warnings=True).saved
    db.close()

    checked = _vaxdesk(db_path, "verify", str(pdf))
    assert checked.returncode == 1, checked.stdout + checked.stderr
    assert checked.stdout.startswith(
        "ĐÃ THU HỒI: chứng nhận này đã bị điểm tiêm Trạm Y tế Phường Láng Hạ (HN-0001) thu "
        "hồi ngày"), checked.stdout


def test_the_verifier_takes_the_sites_own_revocations_by_uvci():
    pki = Pki()
    key, cert = pki.signer()
    c = content()
    text = seal(c, key, cert)
    trust = pki.trust_list()
    assert verify_hc1(text, trust, NOW).ok
    assert verify_hc1(text, trust, NOW, {"URN:UVCI:01:VN:OTHER/1#X": NOW}).ok
    here = NOW - timedelta(days=2)
    judged = verify_hc1(text, trust, NOW, {c.uvci: here})
    assert judged.verdict is Verdict.REVOKED and judged.params["date"] == here.strftime("%d/%m/%Y")
