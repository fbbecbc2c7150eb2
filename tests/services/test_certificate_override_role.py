"""Signing a certificate over a person's open identity errors is a supervisor's, with a
reason kept in its audit entry (``certificate_issuing.may_sign``). Review 7 Dec 2026: the
check was made when the certificate was signed, not when it was recorded as issued, so a
certificate a supervisor signed with a reason and a clerk printed after the idle lock (or a
script calling the services) was issued and audited as the clerk's override. A real site
wired to a live central server, the real services."""

from __future__ import annotations

import json

import pytest

from desktop_app.services import accounts, certificate_issuing, certificates, signing
from desktop_app.services.actor import NotAllowed, Role
from tests.certificates.signed import PASSPHRASE
from tests.cleaning.people import paper
from tests.keys import raw_connect

CLERK_PASSWORD = "mật khẩu của Lan"


@pytest.fixture
def clerk(signed, boss):  # noqa: ANN001, ANN201
    accounts.add_user(signed.db, "lan", "Nguyễn Thị Lan", Role.CLERK, CLERK_PASSWORD,
                      actor=boss)
    return accounts.login(signed.db, "lan", CLERK_PASSWORD)


def _signed_over_errors(db, signer, person):
    """The person's certificate signed with a supervisor's reason over their errors."""
    with db.reading() as s:
        site = certificate_issuing.current_site(db)
        return certificate_issuing.sign(
            s, db, signer, [person], site.code, site.name,
            certificate_issuing.utc_now().replace(microsecond=0), "Đã xem giấy tờ")


def _entries(db, user_id):
    with raw_connect(db.path) as conn:
        return [json.loads(d) for (d,) in conn.execute(
            "SELECT details FROM audit_entry WHERE action = 'certificate' AND user_id = ?",
            (user_id,))]


def test_a_clerk_cannot_issue_a_certificate_over_open_identity_errors(signed, boss, clerk,
                                                                       tmp_path):
    db = signed.db
    person = paper(db, full_name="Lê Thị Hoa", dob="", id_number="")  # no birth date, no ID
    signer = signing.unlock_signer(db, PASSPHRASE)
    with pytest.raises(NotAllowed):  # the clerk asking to override is refused
        certificates.sign_certificate(db, signer, person, actor=clerk,
                                      override_reason="Đã xem giấy tờ")
    signed_now = _signed_over_errors(db, signer, person)
    with pytest.raises(NotAllowed):
        certificates.record_issues(db, signer, signed_now, actor=clerk)
    part, out = tmp_path / "gcn.pdf.part", tmp_path / "gcn.pdf"
    part.write_bytes(b"%PDF-1.4")
    with pytest.raises(NotAllowed):  # the print dialog's way: refused before it notes
        certificate_issuing.record_with_file(db, signer, signed_now, part, out, clerk)
    assert not out.exists() and _entries(db, clerk.user_id) == []
    # The supervisor who gave the reason issues it, audited as hers.
    certificates.record_issues(db, signer, signed_now, actor=boss)
    [entry] = _entries(db, boss.user_id)
    assert entry["override"] == "Đã xem giấy tờ"
