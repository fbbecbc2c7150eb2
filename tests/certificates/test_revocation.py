"""A certificate follows its dose: a void or a correction revokes the paper already handed
out, the central platform publishes it, and every laptop's verifier refuses it; the new
certificate printed afterwards has a new identifier and verifies."""

from __future__ import annotations

import json
from datetime import timedelta

import requests
from sqlalchemy import select, text, update

from desktop_app.certificates.verify import Verdict
from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, CertificateIssue, Dose, SyncRecord
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.audit import describe
from desktop_app.services.doses import void_dose
from desktop_app.services.records import correct_dose, correct_person
from desktop_app.sync.revocations import push_revocations
from desktop_app.wire.revocations import PATH, uci_hash
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people
from tests.test_cli import vaxdesk


def _issue(db, person_id):
    signer = signing.unlock_signer(db, PASSPHRASE)
    return certificates.issue_certificate(db, signer, person_id, actor=AT_THIS_LAPTOP)


def _issues(db, person_id):
    with db.reading() as s:
        return s.scalars(select(CertificateIssue).where(CertificateIssue.person_id == person_id)
                         .order_by(CertificateIssue.issued_at)).all()


def _doses(db, person_id):
    with db.reading() as s:
        return s.scalars(select(Dose).where(Dose.person_id == person_id)
                         .order_by(Dose.dose_number)).all()


def test_voiding_a_dose_revokes_its_certificate_in_the_audit_and_a_reprint_is_new(signed, boss):
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    first = _issue(db, person)
    again = _issue(db, person)
    assert again.content.uvci == first.content.uvci  # a reprint is the same certificate
    [issue] = _issues(db, person)
    assert issue.uvci == first.content.uvci and issue.revoked_at is None
    assert issue.dose_id == _doses(db, person)[-1].id

    void_dose(db, _doses(db, person)[-1].id, "Nhập nhầm người", actor=boss)

    [issue] = _issues(db, person)
    assert issue.revoked_at is not None and issue.revoke_reason == "dose_voided"
    assert issue.revocation_sent_at is None
    with db.reading() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "revoke")).one()
    assert (entry.entity, entry.entity_id, entry.user_id) == ("person", person, boss.user_id)
    details = json.loads(entry.details)
    assert details == {"uvcis": [first.content.uvci], "reason": "dose_voided"}
    assert describe("revoke", details, "vi") == (
        f"Thu hồi chứng nhận: {first.content.uvci} (mũi tiêm đã được đánh dấu nhập nhầm)")

    reprint = _issue(db, person)
    assert reprint.content.uvci != first.content.uvci
    assert reprint.content.latest.dose_number == 1
    assert certificates.verify_text(db, reprint.qr_text).verdict is Verdict.VALID


def test_a_reprint_listing_a_dose_backfilled_since_is_revoked_when_that_dose_is_voided(
        signed, boss):
    """Printed an hour ago (its QR on dose 2), then dose 1 backfilled, then printed again:
    the same certificate (the QR's dose is the same), its new paper listing dose 1. Dose 1
    voided as a wrong backfill left that paper valid: the papers a void revokes were
    judged by the first print's time. Now by the last print's."""
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    first = _issue(db, person)
    dose1 = _doses(db, person)[0]
    hour_ago = utc_now() - timedelta(hours=1)
    with db.transaction() as s:  # printed an hour ago; dose 1 typed in from paper since
        s.execute(update(CertificateIssue).values(issued_at=hour_ago, printed_at=hour_ago))
        s.execute(update(Dose).where(Dose.id == dose1.id).values(entered_at=utc_now()))
    reprint = _issue(db, person)
    assert reprint.content.uvci == first.content.uvci
    [issue] = _issues(db, person)
    assert issue.issued_at == hour_ago and issue.printed_at > hour_ago  # both kept

    void_dose(db, dose1.id, "Hồi cứu nhầm", actor=boss)

    [issue] = _issues(db, person)
    assert issue.revoked_at is not None and issue.revoke_reason == "dose_voided"
    assert certificates.verify_text(db, reprint.qr_text).verdict is not Verdict.VALID


def test_correcting_what_the_paper_says_revokes_and_each_reprint_is_a_new_edition(signed, boss):
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    latest = _doses(db, person)[-1].id
    first = _issue(db, person).content.uvci

    # What the certificate does not print changes nothing.
    assert correct_dose(db, latest, {"vaccinator": "Y tá Hoa"}, actor=boss).saved
    assert correct_person(db, person, {"phone": "0912345678"}, actor=boss).saved
    assert [i.revoked_at for i in _issues(db, person)] == [None]

    assert correct_dose(db, latest, {"lot_number": "FK9999"}, actor=boss,
                        confirm_warnings=True).saved
    [old] = _issues(db, person)
    assert old.revoke_reason == "dose_corrected"
    second = _issue(db, person).content.uvci
    assert second != first and second.split("#")[0].endswith("/1")  # the same dose, edition 1

    name = correct_person(db, person, {"full_name": "Trần Thị Bích Ngọc"}, actor=boss,
                          confirm_warnings=True)
    assert name.saved, name.problems
    assert {i.uvci: i.revoke_reason for i in _issues(db, person)} == {
        first: "dose_corrected", second: "person_corrected"}
    third = _issue(db, person)
    assert third.content.uvci not in (first, second)
    assert third.content.payload["nam"]["fnt"] == "TRAN"
    assert len({i.uvci for i in _issues(db, person) if i.revoked_at is None}) == 1


def test_the_revocation_reaches_another_laptop_which_refuses_the_old_paper(
        signed, wired_b, boss, tmp_path):
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    signer = signing.unlock_signer(db, PASSPHRASE)
    old_pdf, new_pdf = tmp_path / "cu.pdf", tmp_path / "moi.pdf"
    list(certificates.write_certificates(db, signer, [person], old_pdf, actor=AT_THIS_LAPTOP))
    assert correct_dose(db, _doses(db, person)[-1].id, {"lot_number": "FK5678"},
                        actor=boss, confirm_warnings=True).saved
    list(certificates.write_certificates(db, signer, [person], new_pdf, actor=AT_THIS_LAPTOP))

    summary = signed.sync()
    assert summary.revocations == 1
    assert all(i.revocation_sent_at is not None for i in _issues(db, person) if i.revoked_at)
    assert signed.sync().revocations == 0  # sent once, not again

    wired_b.sync()  # the other laptop brings the trust list down, revocations with it
    wired_b.db.close()
    old = vaxdesk("--db", str(tmp_path / "site_b.db"), "verify", str(old_pdf),
                  env_dir=tmp_path / "b")
    assert old.returncode == 1, old.stdout + old.stderr
    assert old.stdout.startswith(  # `vaxdesk verify` names the site as the app does
        "ĐÃ THU HỒI: chứng nhận này đã bị điểm tiêm Trạm Y tế Phường Láng Hạ (HN-0001) "
        "thu hồi ngày")
    assert "in chứng nhận mới" in old.stdout
    new = vaxdesk("--db", str(tmp_path / "site_b.db"), "--lang", "en", "verify", str(new_pdf),
                  "--json", env_dir=tmp_path / "b")
    assert new.returncode == 0, new.stdout + new.stderr
    assert json.loads(new.stdout)["verdict"] == "valid"
    # And the laptop that revoked it sees the same.
    [judged] = certificates.verify_file(db, old_pdf)
    assert judged.verdict is Verdict.REVOKED and judged.claims is not None


def test_a_site_revokes_only_its_own_certificates_and_a_repeat_changes_nothing(signed, wired_b):
    db = signed.db
    [person] = make_people(db, 1, doses_each=1)
    uvci = _issue(db, person).content.uvci
    url = f"{signed.server.url.rsplit('/fhir', 1)[0]}/api/{PATH}"
    body = {"revocations": [{"uvci": uvci, "revoked_at": "2026-11-30T08:00:00Z",
                             "reason": "dose_voided"}]}

    def post(token, payload=body):
        return requests.post(url, json=payload, headers={"Authorization": f"Bearer {token}"},
                             timeout=30)

    refused = post(wired_b.token)
    assert refused.status_code == 403
    assert refused.json()["issue"][0]["details"]["coding"][0]["code"] == "REVOCATION_NOT_YOURS"
    assert post(signed.token).json() == {"accepted": 1, "already": 0}
    assert post(signed.token).json() == {"accepted": 0, "already": 1}
    listed = requests.get(f"{signed.server.url.rsplit('/fhir', 1)[0]}/api/trust-list",
                          timeout=30).json()["revoked_certificates"]
    assert listed["hash_type"] == "UCI"
    assert [h["hash"] for h in listed["hashes"]] == [uci_hash(uvci)]
    bad = post(signed.token, {"revocations": [{"uvci": "not one", "revoked_at": "x"}]})
    assert bad.status_code == 400


def test_an_unsent_revocation_survives_failed_rounds_and_never_holds_the_doses_back(
        signed, boss):
    db = signed.db
    [person] = make_people(db, 1, doses_each=2)
    _issue(db, person)
    signed.sync()
    void_dose(db, _doses(db, person)[-1].id, "Sai người", actor=boss)

    # Nobody answers: nothing is lost, and push_revocations itself never raises.
    dead = signed.client("http://127.0.0.1:9/fhir", max_attempts=1)
    assert push_revocations(db, dead, "HN-0001") == 0
    [issue] = _issues(db, person)
    assert issue.revoked_at is not None and issue.revocation_sent_at is None

    # The platform refuses the batch (a revocation it cannot read): the doses still go.
    with db.transaction() as s:
        s.execute(text("UPDATE certificate_issue SET revoke_reason = 'khac'"))
    [other] = make_people(db, 1, doses_each=1, seed=7)
    summary = signed.sync()
    assert summary.revocations == 0 and summary.synced >= 2
    with db.reading() as s:
        states = s.scalars(select(SyncRecord.state).where(
            SyncRecord.record_id.in_([d.id for d in _doses(db, other)]))).all()
    assert states == ["synced"]
    assert _issues(db, person)[0].revocation_sent_at is None

    with db.transaction() as s:
        s.execute(text("UPDATE certificate_issue SET revoke_reason = 'dose_voided'"))
    assert signed.sync().revocations == 1
    assert _issues(db, person)[0].revocation_sent_at is not None
