"""A signing key revoked by kid verified under its other (renewed) certificate (found by a
review); revoking goes by the key now.

The platform renews a site's certificate for the same key (``authority.enrol``: a new DSC,
a new kid, the old one still in force until its not_after). ``revoke-signer --kid`` revokes
that one DSC only, while the platform itself then treats the *key* as revoked
("A revoked key is never certified again"). A certificate signed with the revoked key under
its other kid verifies as valid on every laptop's trust list.
"""

from __future__ import annotations

import os
from datetime import timedelta

import requests
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from central_server.db.engine import make_engine
from central_server.signing.authority import enrol, load_authority
from desktop_app.certificates.trust import parse_trust_list
from desktop_app.certificates.verify import Verdict
from desktop_app.services import certificates, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.wire.trust_list import kid_of
from tests.certificates.signed import PASSPHRASE
from tests.sync.helpers import make_people


def test_revoking_a_keys_newest_kid_leaves_the_key_trusted_under_its_older_kid(signed):
    db, server = signed.db, signed.server
    [person] = make_people(db, 1)
    stolen = signing.unlock_signer(db, PASSPHRASE)  # key + its first certificate (kid 1)
    first = stolen.certificate

    # Day 70 of 90: the site's sync renews its certificate, same key, new kid.
    engine = make_engine(server.database_url)
    try:
        authority = load_authority(engine, os.environ["VAXDESK_CENTRAL_CSCA_PASSPHRASE"])
        renewed = enrol(engine, authority, "HN-0001", signing.public_key(db), days=90,
                        now=first.not_valid_before_utc.replace(tzinfo=None)
                        + timedelta(days=70))
    finally:
        engine.dispose()
    assert renewed.kid != kid_of(first).hex()
    assert x509.load_der_x509_certificate(renewed.der).public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ) == first.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)

    # The key leaks; staff revoke the signer the laptop now signs with, by its kid.
    said = server.cli("revoke-signer", "--kid", renewed.kid, "--reason", "key leaked")
    assert renewed.kid in said and kid_of(first).hex() in said, said  # the key's both
    # The platform now calls the key revoked: it will never certify it again ...
    api = server.url.rsplit("/fhir", 1)[0] + "/api"
    again = requests.post(f"{api}/signing/enrol", json={"public_key": signing.public_key(db)},
                          headers={"Authorization": f"Bearer {signed.token}"}, timeout=10)
    assert again.status_code == 403 and "SIGNER_REVOKED" in again.text

    # ... yet the trust list every verifier downloads still trusts that key.
    trust = parse_trust_list(requests.get(f"{api}/trust-list", timeout=10).json())
    forged = certificates.issue_certificate(db, stolen, person, actor=AT_THIS_LAPTOP)
    verdict = certificates.verify_text(db, forged.qr_text, trust=trust, revoked_here={})
    assert verdict.verdict is Verdict.REVOKED_SIGNER, (
        f"a certificate signed with the revoked key verifies as {verdict.verdict.value}")
