"""A restore keeps the certificates handed out since its copy was made, and their
revocations (``services/restore_certificates.py``): a void after the restore revokes the
paper a citizen holds. Real files, a real central server."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from desktop_app.certificates.verify import Verdict
from desktop_app.db.backups import backup_copy
from desktop_app.db.models import AuditEntry, CertificateIssue
from desktop_app.services import certificates, restore, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, record_dose, void_dose
from desktop_app.services.records import person_with_doses
from desktop_app.settings import CERTIFICATES_AWAITING_DOSE, read
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people
from tests.sync.test_restore_brings_back import restored


def _restore_entry(db) -> dict:
    with db.reading() as s:
        return json.loads(s.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "restore", AuditEntry.entity == "file")
            .order_by(AuditEntry.id.desc())).first())


def test_after_a_restore_voiding_a_dose_leaves_its_certificate_valid(signed, tmp_path):
    """Review certrev: morning, the day's backup copy is made (everything synced). 10:00,
    the clerk prints a citizen's certificate (QR on her dose 2). 11:00, the supervisor
    restores the morning copy: ``certificate_issue`` forgot the paper, so the void of dose
    2 found later revoked nothing and the paper stayed VALID here and everywhere. Now the
    restore keeps the certificate (said, and audited), and the void revokes it."""
    db = signed.db
    boss = db.supervisor
    [person_id] = make_people(db, 1, doses_each=2)
    assert signed.sync().rejected == 0
    morning = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    signer = signing.unlock_signer(db, PASSPHRASE)
    handed_out = certificates.issue_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)
    laptop, done = restored(signed, morning)
    try:
        assert done.certificates.issued == (handed_out.content.uvci,)
        assert "Giữ lại 1 chứng nhận đã cấp" in restore.restored_text(morning, done, "vi")
        assert _restore_entry(laptop.db)["certificates_kept"] == handed_out.content.uvci
        _person, doses = person_with_doses(laptop.db, person_id)
        void_dose(laptop.db, doses[-1].id, "Nhập nhầm người", actor=boss)
        verdict = certificates.verify_text(laptop.db, handed_out.qr_text)
        assert verdict.verdict is Verdict.REVOKED, (
            f"the paper of a voided dose: {verdict.message('vi')}")
        assert laptop.sync().rejected == 0  # the revocation goes to the platform
        with laptop.db.reading() as s:
            issue = s.get(CertificateIssue, handed_out.content.uvci)
            assert issue.revoked_at is not None and issue.revocation_sent_at is not None
    finally:
        laptop.db.close()


def test_a_revocation_made_after_the_copy_is_kept(signed, tmp_path):
    """The certificate printed before the copy, its dose voided after it (the revocation
    sent): restored, the copy's row is in force again, and this laptop's verifier said
    VALID until the trust list caught up. The revocation is kept, as sent."""
    db = signed.db
    [person_id] = make_people(db, 1, doses_each=2)
    assert signed.sync().rejected == 0
    signer = signing.unlock_signer(db, PASSPHRASE)
    paper = certificates.issue_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    _person, doses = person_with_doses(db, person_id)
    void_dose(db, doses[-1].id, "Nhập nhầm người", actor=db.supervisor)
    assert signed.sync().rejected == 0
    laptop, done = restored(signed, copy)
    try:
        assert done.certificates.revoked == (paper.content.uvci,)
        assert not done.certificates.issued
        assert certificates.verify_text(laptop.db, paper.qr_text).verdict is Verdict.REVOKED
        with laptop.db.reading() as s:
            assert s.get(CertificateIssue, paper.content.uvci).revocation_sent_at is not None
    finally:
        laptop.db.close()


def test_a_certificate_of_a_dose_the_copy_lacks_is_recorded_when_the_dose_comes_back(
        signed, tmp_path):
    """Dose 2 entered, synced and certified after the copy: the copy has no dose 2 to
    record the certificate against. The restore notes it (said, audited); the sync round
    that brings dose 2 back records it, so a void of dose 2 revokes the paper."""
    db = signed.db
    boss = db.supervisor
    [person_id] = make_people(db, 1, doses_each=1)
    assert signed.sync().rejected == 0
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    _person, [first] = person_with_doses(db, person_id)
    second = record_dose(db, DoseInput("COMIRNATY", "FK1234", 2,
                                       first.dose_date + timedelta(days=35), "Y tá Lan"),
                         person_id=person_id, today=date(2022, 6, 1), confirm_warnings=True,
                         actor=AT_THIS_LAPTOP).dose_id
    assert signed.sync().rejected == 0
    signer = signing.unlock_signer(db, PASSPHRASE)
    paper = certificates.issue_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)
    assert paper.content.latest.dose_id == second
    laptop, done = restored(signed, copy)
    try:
        assert done.certificates.awaiting == (paper.content.uvci,)
        assert not done.certificates.issued
        assert "1 chứng nhận đã in cho mũi tiêm không có trong bản sao" in \
            restore.restored_text(copy, done, "vi")
        assert _restore_entry(laptop.db)["certificates_awaiting_dose"] == paper.content.uvci
        assert laptop.sync().brought_back == 1  # dose 2, and its certificate with it
        with laptop.db.reading() as s:
            issue = s.get(CertificateIssue, paper.content.uvci)
            assert issue is not None and issue.dose_id == second and issue.revoked_at is None
            assert read(s, CERTIFICATES_AWAITING_DOSE) is None
            kept = s.scalars(select(AuditEntry.details).where(
                AuditEntry.action == "restore", AuditEntry.entity == "person")).one()
            assert json.loads(kept) == {"certificate_kept_with_dose": paper.content.uvci}
        void_dose(laptop.db, second, "Nhập nhầm người", actor=boss)
        assert certificates.verify_text(laptop.db, paper.qr_text).verdict is Verdict.REVOKED
    finally:
        laptop.db.close()
