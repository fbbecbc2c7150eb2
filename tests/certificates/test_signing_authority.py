"""The EU DCC PKI between a site and the central platform: enrolment through sync, 90-day
document signers, renewal, the published trust list, revocation, and when a laptop must
refuse to sign."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest
import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from desktop_app import settings
from desktop_app.certificates.errors import CertificateError
from desktop_app.certificates.verify import Verdict
from desktop_app.clock import utc_now
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.wire.trust_list import kid_of
from tests.certificates.signed import PASSPHRASE
from tests.live_server import LiveServer
from tests.sync.helpers import make_people
from tests.wired import Wired


def _refusal(db, passphrase=PASSPHRASE, now=None) -> str:
    with pytest.raises(CertificateError) as caught:
        signing.unlock_signer(db, passphrase, now)
    return caught.value.code


def test_sync_certifies_the_site_key_for_at_most_90_days(signed):
    state = signing.signer_state(signed.db)
    cert = state.certificate
    lifetime = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert lifetime <= timedelta(days=90, minutes=5)
    assert cert.subject.rfc4514_string().endswith("CN=VaxDesk DSC HN-0001") or \
        "VaxDesk DSC HN-0001" in cert.subject.rfc4514_string()
    trust = signing.cached_trust_list(signed.db)
    cert.verify_directly_issued_by(trust.csca)
    assert trust.find(kid_of(cert)).site_code == "HN-0001"
    # Published at a documented URL, as DER and PEM, to anyone (no token).
    kid_hex = kid_of(cert).hex()
    root = signed.server.url.rsplit("/fhir", 1)[0] + "/api/trust-list"
    der = requests.get(f"{root}/signers/{kid_hex}.der", timeout=10)
    assert der.status_code == 200 and der.content == cert.public_bytes(
        serialization.Encoding.DER)
    pem = requests.get(f"{root}/signers/{kid_hex}.pem", timeout=10)
    assert x509.load_pem_x509_certificate(pem.content) == cert
    assert "X-Not-After" in der.headers
    listed = requests.get(root, timeout=10).json()
    assert [e["kid"] for e in listed["signers"]] == [base64.b64encode(kid_of(cert)).decode()]


def test_the_private_key_is_never_stored_in_clear(signed, db_path):
    with signed.db.reading() as s:
        locked = settings.read(s, settings.SIGNING_KEY)
    assert locked.startswith("vaxdesk-key/2$argon2id$")  # sealed (test_keys_sealing.py)
    key = signing.unlock_signer(signed.db, PASSPHRASE).key
    secret = key.private_numbers().private_value.to_bytes(32, "big")
    signed.db.close()
    raw = db_path.read_bytes() + b"".join(
        p.read_bytes() for p in db_path.parent.glob(db_path.name + "-wal"))
    assert secret not in raw
    assert key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()) not in raw


def test_wrong_passphrase_no_key_and_no_certificate_are_refused(wired):
    assert _refusal(wired.db) == "CERT_NO_KEY"
    signing.create_signing_key(wired.db, PASSPHRASE, actor=AT_THIS_LAPTOP)
    assert _refusal(wired.db) == "CERT_NOT_ENROLLED"  # not synced yet
    wired.sync()
    assert _refusal(wired.db, "not the passphrase") == "CERT_WRONG_PASSPHRASE"
    with pytest.raises(CertificateError) as again:
        signing.create_signing_key(wired.db, "another passphrase", actor=AT_THIS_LAPTOP)
    assert again.value.code == "CERT_KEY_EXISTS"
    with pytest.raises(CertificateError) as short:
        signing.create_signing_key(wired.db, "ngắn", replace=True, actor=AT_THIS_LAPTOP)
    assert short.value.message("vi") == "Mật khẩu khóa ký phải có ít nhất 8 ký tự."


def test_signing_is_refused_while_the_clock_is_behind_the_servers(signed):
    db = signed.db
    seen = utc_now() + timedelta(hours=3)  # as if the laptop clock were set back 3 hours
    with db.transaction() as s:
        settings.write(s, settings.LAST_SERVER_TIME, seen.isoformat())
    with pytest.raises(CertificateError) as caught:
        signing.unlock_signer(db, PASSPHRASE)
    assert caught.value.code == "CERT_CLOCK_BEHIND"
    assert "Đồng hồ máy tính" in caught.value.message("vi")
    assert signing.unlock_signer(db, PASSPHRASE, now=seen + timedelta(minutes=1))


def test_signing_is_refused_while_the_last_round_found_the_clock_ahead(signed):
    """A round found the clock 20 minutes ahead (the settings a round writes, written as it
    would): beyond the 5 minutes verifiers allow, nothing is signed until the clock is set
    back under what it read then; a minute ahead signs."""
    db = signed.db
    at = utc_now()  # what the clock read at that round
    with db.transaction() as s:
        settings.write(s, settings.LAST_SYNC, at.isoformat())
        settings.write(s, settings.CLOCK_OFFSET, -1200.0)
    assert _refusal(db) == "CERT_CLOCK_AHEAD"
    assert _refusal(db, now=at + timedelta(hours=1)) == "CERT_CLOCK_AHEAD"  # as ahead
    # Set back since (it reads earlier than then, not under the platform's time seen).
    assert signing.unlock_signer(db, PASSPHRASE, now=at - timedelta(seconds=30))
    with db.transaction() as s:
        settings.write(s, settings.CLOCK_OFFSET, -60.0)
    assert signing.unlock_signer(db, PASSPHRASE)


def test_signing_is_refused_once_the_site_certificate_has_expired(signed):
    not_after = signing.signer_state(signed.db).not_after
    assert _refusal(signed.db, now=not_after + timedelta(seconds=1)) == "CERT_SIGNER_EXPIRED"
    assert signing.unlock_signer(signed.db, PASSPHRASE, now=not_after - timedelta(seconds=1))


def test_a_short_lived_certificate_is_kept_by_the_next_sync_and_renewed_in_its_last_third(
        wired, tmp_path, monkeypatch):
    """A platform set to certify for under 30 days renewed at every sync (the renewal
    window was 30 days whatever the life): four syncs, four certificates on the trust list.
    Now a short one is renewed in the last third of its life (``rules.certificates
    .renewal_due``), by the platform as by the laptop."""
    import os

    from central_server.db.engine import make_engine
    from central_server.signing.authority import enrol, load_authority

    monkeypatch.setenv("VAXDESK_CENTRAL_SIGNER_DAYS", "20")  # under 30 days
    server = LiveServer(f"sqlite:///{tmp_path / 'short.db'}", tmp_path / "short.log").start()
    try:
        token = server.cli("create-site", "HN-0001", "Trạm Y tế")
        short = Wired(wired.db, server, token, "")
        signing.create_signing_key(wired.db, PASSPHRASE, actor=AT_THIS_LAPTOP)
        assert short.sync(server.url).signer_enrolled
        first = signing.signer_state(wired.db).certificate
        assert first.not_valid_after_utc - first.not_valid_before_utc <= timedelta(days=20,
                                                                                    minutes=5)
        for _ in range(2):
            assert not short.sync(server.url).signer_enrolled
        assert kid_of(signing.signer_state(wired.db).certificate) == kid_of(first)
        assert server.cli("list-signers").count("HN-0001") == 1
    finally:
        server.stop()
    # The platform's side at a later day (its clock is the caller's here).
    engine = make_engine(f"sqlite:///{tmp_path / 'short.db'}")
    try:
        authority = load_authority(engine, os.environ["VAXDESK_CENTRAL_CSCA_PASSPHRASE"])
        pem = signing.public_key(wired.db)
        start = first.not_valid_before_utc.replace(tzinfo=None)
        kept = enrol(engine, authority, "HN-0001", pem, days=20, now=start + timedelta(days=12))
        assert kept.kid == kid_of(first).hex()  # 8 of 20 days left: more than a third
        renewed = enrol(engine, authority, "HN-0001", pem, days=20,
                        now=start + timedelta(days=14))
        assert renewed.kid != kid_of(first).hex()  # 6 days left: under a third
    finally:
        engine.dispose()


def test_a_lost_laptops_signer_is_revoked_centrally(signed):
    db = signed.db
    [person] = make_people(db, 1)
    old = certificates.issue_certificate(db, signing.unlock_signer(db, PASSPHRASE), person,
                                         actor=AT_THIS_LAPTOP)
    assert certificates.verify_text(db, old.qr_text).ok

    out = signed.server.cli("revoke-signer", "--site", "HN-0001", "--reason", "laptop stolen")
    assert out.startswith("revoked ")
    summary = signed.sync()
    assert summary.signer_revoked
    result = certificates.verify_text(db, old.qr_text)
    assert result.verdict is Verdict.REVOKED_SIGNER
    assert "đã bị thu hồi" in result.message("vi")
    assert _refusal(db) == "CERT_SIGNER_REVOKED"

    # The site makes a new key; it waits until central staff approve it (a thief with the
    # laptop and its token could make one too); then signing works again.
    signing.create_signing_key(db, "khoá mới của trạm", replace=True, actor=AT_THIS_LAPTOP)
    assert _refusal(db) == "CERT_NOT_ENROLLED"  # not asked yet: a sync does
    waiting = signed.sync()
    assert waiting.signer_pending and not waiting.signer_enrolled
    # Said as what it is, after the sync too: it told "sync once while online", which a
    # sync could not settle; staff's approval does.
    assert _refusal(db) == "CERT_AWAITING_APPROVAL"
    assert signing.signer_state(db).awaiting_approval
    with pytest.raises(CertificateError) as refused:
        signing.may_sign(db)
    assert waiting.signer_pending in refused.value.message("en")
    assert "central staff's approval" in refused.value.message("en")
    # Staff type what the site reads out, however they write it down.
    typed = waiting.signer_pending.lower().replace(" ", ":")
    assert signed.server.cli("approve-key", "HN-0001", "--fingerprint", typed
                             ).startswith("certified ")
    assert signed.sync().signer_enrolled
    assert not signing.signer_state(db).awaiting_approval
    fresh = certificates.issue_certificate(db, signing.unlock_signer(db, "khoá mới của trạm"),
                                           person, actor=AT_THIS_LAPTOP)
    assert certificates.verify_text(db, fresh.qr_text).ok
    assert certificates.verify_text(db, old.qr_text).verdict is Verdict.REVOKED_SIGNER


def test_enrolment_is_for_sites_and_for_real_p256_keys(signed):
    api = signed.server.url.rsplit("/fhir", 1)[0] + "/api/signing/enrol"
    staff = requests.post(api, json={"public_key": signing.public_key(signed.db)},
                          headers={"Authorization": f"Bearer {signed.central_token}"}, timeout=10)
    assert staff.status_code == 403
    bad = requests.post(api, json={"public_key": "not a key"},
                        headers={"Authorization": f"Bearer {signed.token}"}, timeout=10)
    assert bad.status_code == 400
    assert bad.json()["issue"][0]["details"]["coding"][0]["code"] == "BAD_KEY"
    anonymous = requests.post(api, json={"public_key": signing.public_key(signed.db)},
                              timeout=10)
    assert anonymous.status_code == 401


def test_an_unchanged_trust_list_costs_one_304(signed):
    root = signed.server.url.rsplit("/fhir", 1)[0] + "/api/trust-list"
    first = requests.get(root, timeout=10)
    again = requests.get(root, headers={"If-None-Match": first.headers["ETag"]}, timeout=10)
    assert again.status_code == 304 and again.content == b""
    assert not signed.sync().signer_enrolled  # long validity left: no new certificate


def test_a_list_unchanged_for_a_week_is_current_once_a_sync_confirms_it(signed,
                                                                          monkeypatch):
    """The verifier's "the trust list has not been updated for 8 days … sync while online"
    counted from when the list was made: unchanged (the platform answered 304) it stayed,
    and no sync could clear it. It counts from the platform's last word."""
    from desktop_app.services.certificates import trust_list_note

    made = signing.cached_trust_list(signed.db).generated_at
    week_on = made + timedelta(days=8)
    note, stale = trust_list_note(signing.cached_trust_list(signed.db), "en", week_on)
    assert stale and "Sync while online" in note
    monkeypatch.setattr(signing, "utc_now", lambda: week_on)  # the laptop's clock then
    signed.sync()  # the list unchanged: a 304
    note, stale = trust_list_note(signing.cached_trust_list(signed.db), "en",
                                  week_on + timedelta(hours=1))
    assert not stale and note.startswith("Trust list updated")


def test_a_thief_with_the_laptop_and_its_token_gets_no_certificate_that_verifies(signed):
    """The issue's scenario: after revoke-signer, a thief ran `signing-key create --replace`
    and sync, and got a new key certified with the old token. Now the replacement waits
    for approval, and revoke-site-token cuts the laptop off altogether."""
    from desktop_app.services.sync import AuthRefused

    db = signed.db
    [person] = make_people(db, 1)
    assert signed.server.cli("revoke-signer", "--site", "HN-0001").startswith("revoked ")
    signing.create_signing_key(db, "khoá của kẻ trộm", replace=True, actor=AT_THIS_LAPTOP)
    summary = signed.sync()
    assert summary.signer_revoked is False and summary.signer_pending
    with pytest.raises(CertificateError) as refused:
        signing.unlock_signer(db, "khoá của kẻ trộm")
    assert refused.value.code == "CERT_AWAITING_APPROVAL"
    listed = signed.server.cli("list-signers")
    assert "valid" not in listed  # only the revoked signer: nothing new was certified

    assert signed.server.cli("revoke-site-token", "HN-0001").startswith("revoked 1 token")
    with pytest.raises(AuthRefused):
        signed.sync()
    # A certificate made with the stolen laptop's old (revoked) key does not verify either.
    assert signed.server.cli("list-signers").count("revoked") == 1


def test_one_pending_enrolment_per_site_and_requests_are_rate_limited():
    from datetime import timedelta

    from sqlalchemy import create_engine, func, select
    from sqlalchemy.orm import Session

    from central_server.auth import create_site
    from central_server.db.models import Base, PendingEnrolment
    from central_server.signing.authority import (
        ENROL_PER_HOUR,
        EnrolmentPending,
        SignerRefused,
        enrol,
        load_authority,
    )
    from desktop_app.certificates.keys import new_site_key, public_pem

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    authority = load_authority(engine, "mật khẩu csca")
    create_site(engine, "HN-1", "Trạm")
    enrol(engine, authority, "HN-1", public_pem(new_site_key()), days=90)  # the first key
    now = utc_now()
    for i in range(ENROL_PER_HOUR):
        with pytest.raises(EnrolmentPending):
            enrol(engine, authority, "HN-1", public_pem(new_site_key()), days=90,
                  now=now + timedelta(minutes=i))
    with Session(engine) as s:
        assert s.scalar(select(func.count()).select_from(PendingEnrolment)) == 1
    with pytest.raises(SignerRefused) as limited:
        enrol(engine, authority, "HN-1", public_pem(new_site_key()), days=90,
              now=now + timedelta(minutes=30))
    assert limited.value.code == "ENROLMENT_RATE_LIMITED"
    with pytest.raises(EnrolmentPending):  # an hour later, heard again
        enrol(engine, authority, "HN-1", public_pem(new_site_key()), days=90,
              now=now + timedelta(minutes=75))


def _approve_key(server, fingerprint: str, capsys) -> tuple[int, str]:
    from central_server.cli import main

    capsys.readouterr()
    code = main(["--database-url", server.database_url, "approve-key", "HN-0001",
                 "--fingerprint", fingerprint])
    return code, capsys.readouterr().err


def test_staff_approve_only_the_key_whose_fingerprint_the_site_reads_out(signed, capsys):
    """A thief holding the site's token sends a key of their own just before staff approve
    the site's: the fingerprint the site reads out no longer matches, and nothing is
    certified until the site's own key waits again."""
    from desktop_app.certificates.keys import new_site_key, public_pem
    from desktop_app.cli_sync import run_and_report
    from desktop_app.wire.key_fingerprint import readable_fingerprint

    db = signed.db
    signed.server.cli("revoke-signer", "--site", "HN-0001")
    signing.create_signing_key(db, "khoá mới của trạm", replace=True, actor=AT_THIS_LAPTOP)
    capsys.readouterr()
    run_and_report(db, signed.client(), "en", AT_THIS_LAPTOP)
    told = capsys.readouterr().out
    shown = signing.signer_state(db).fingerprint  # on the certificates screen too
    assert f"read them the key's fingerprint: {shown}" in told
    assert signed.server.cli("pending-keys").startswith(f"HN-0001  {shown}  requested ")

    thief = public_pem(new_site_key())
    api = signed.server.url.rsplit("/fhir", 1)[0] + "/api/signing/enrol"
    sent = requests.post(api, json={"public_key": thief},
                         headers={"Authorization": f"Bearer {signed.token}"}, timeout=10)
    assert sent.status_code == 202
    assert readable_fingerprint(thief) in sent.json()["issue"][0]["diagnostics"]
    waiting = signed.server.cli("pending-keys")
    assert waiting.startswith(f"HN-0001  {readable_fingerprint(thief)}  ")

    code, said = _approve_key(signed.server, shown, capsys)
    assert code == 2 and "nothing was certified" in said
    assert signed.server.cli("pending-keys") == waiting  # still waiting, unchanged
    assert "valid" not in signed.server.cli("list-signers")

    # The site's next sync puts its own key back; now the fingerprint matches.
    again = signed.sync()
    assert again.signer_pending == shown and not again.signer_enrolled
    assert _approve_key(signed.server, shown.replace(" ", ""), capsys)[0] == 0
    assert signed.server.cli("pending-keys") == ""
    assert signed.sync().signer_enrolled
    assert signing.unlock_signer(db, "khoá mới của trạm")
