"""The signing key at rest: sealed under an Argon2id-derived key, older PBKDF2 keys still
open and are sealed again, a wrong passphrase is the same refusal either way."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives import serialization

from desktop_app.certificates import keys
from desktop_app.certificates.errors import CertificateError

PASS = "mật khẩu khoá ký"


def test_a_sealed_key_opens_only_with_its_passphrase_and_says_its_cost():
    key = keys.new_site_key()
    sealed = keys.lock_key(key, PASS)
    tag, kdf, params = sealed.split("$")[:3]
    cost = dict(p.split("=") for p in params.split(","))
    assert (tag, kdf) == (keys.SEALED, "argon2id")
    assert int(cost["m"]) >= 64 * 1024 and int(cost["t"]) >= 2  # ~130 ms a guess here
    assert keys.public_pem(keys.unlock_key(sealed, PASS)) == keys.public_pem(key)
    with pytest.raises(CertificateError) as wrong:
        keys.unlock_key(sealed, "không phải")
    assert wrong.value.code == "CERT_WRONG_PASSPHRASE"
    tampered = sealed[:-8] + ("A" if sealed[-8] != "A" else "B") + sealed[-7:]
    with pytest.raises(CertificateError):
        keys.unlock_key(tampered, PASS)


def test_a_key_sealed_the_old_way_opens_and_is_sealed_again(signed):
    """An earlier version kept the key as PKCS#8 with PBKDF2 (2,048 iterations)."""
    from desktop_app import settings
    from desktop_app.services import signing
    from tests.certificates.signed import PASSPHRASE as passphrase

    db = signed.db
    with db.reading() as s:
        current = keys.unlock_key(settings.read(s, settings.SIGNING_KEY), passphrase)
    old = current.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.BestAvailableEncryption(passphrase.encode()))
    with db.transaction() as s:
        settings.write(s, settings.SIGNING_KEY, old.decode())
    assert keys.is_legacy(old.decode())
    signing.unlock_signer(db, passphrase)
    with db.reading() as s:
        assert not keys.is_legacy(settings.read(s, settings.SIGNING_KEY))
