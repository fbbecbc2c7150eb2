"""The site's document-signing key: made once per site, kept only in encrypted form.

The private key (PKCS#8 DER) is sealed with AES-256-GCM under a key derived from the
passphrase the site manager chose, by Argon2id at 64 MiB and two passes (~130 ms), so each
guess at a stolen key costs a guesser that much; the parameters travel with the sealed key.
Keys sealed by earlier versions (encrypted PKCS#8 PEM, PBKDF2 with 2,048 iterations: ~1 ms
a guess) still open, and are sealed again the new way when they do (services/signing.py).
"""

from __future__ import annotations

import base64
import os

from argon2.low_level import Type, hash_secret_raw
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from desktop_app.certificates.errors import CertificateError

MIN_PASSPHRASE = 8
SEALED = "vaxdesk-key/2"  # the sealed format's tag, first of its $-separated fields
KDF_TIME, KDF_MEMORY_KIB, KDF_LANES = 2, 64 * 1024, 1


def new_site_key() -> ec.EllipticCurvePrivateKey:
    """A fresh P-256 key: ES256 is what the EU DCC asks signers to use."""
    return ec.generate_private_key(ec.SECP256R1())


def lock_key(key: ec.EllipticCurvePrivateKey, passphrase: str) -> str:
    """The key sealed under the passphrase, as one line of text.

    >>> sealed = lock_key(new_site_key(), "mật khẩu khoá ký")
    >>> sealed.split("$")[:3]
    ['vaxdesk-key/2', 'argon2id', 't=2,m=65536,p=1']
    """
    if len(passphrase) < MIN_PASSPHRASE:
        raise CertificateError("CERT_PASSPHRASE_SHORT", min=MIN_PASSPHRASE)
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    salt, nonce = os.urandom(16), os.urandom(12)
    sealed = AESGCM(_derive(passphrase, salt, KDF_TIME, KDF_MEMORY_KIB, KDF_LANES)).encrypt(
        nonce, der, SEALED.encode())
    params = f"t={KDF_TIME},m={KDF_MEMORY_KIB},p={KDF_LANES}"
    return "$".join([SEALED, "argon2id", params,
                     *(base64.b64encode(b).decode() for b in (salt, nonce, sealed))])


def is_legacy(locked: str) -> bool:
    """Sealed by an earlier version (PBKDF2): to be sealed again once unlocked."""
    return not locked.startswith(SEALED + "$")


def unlock_key(locked: str, passphrase: str) -> ec.EllipticCurvePrivateKey:
    try:
        if is_legacy(locked):
            key = serialization.load_pem_private_key(locked.encode("ascii"),
                                                     passphrase.encode("utf-8"))
        else:
            _tag, _kdf, params, salt, nonce, sealed = locked.split("$")
            cost = dict(p.split("=") for p in params.split(","))
            secret = _derive(passphrase, base64.b64decode(salt), int(cost["t"]),
                             int(cost["m"]), int(cost["p"]))
            der = AESGCM(secret).decrypt(base64.b64decode(nonce), base64.b64decode(sealed),
                                         SEALED.encode())
            key = serialization.load_der_private_key(der, None)
    except (ValueError, TypeError, InvalidTag, KeyError) as exc:
        raise CertificateError("CERT_WRONG_PASSPHRASE") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise CertificateError("CERT_WRONG_PASSPHRASE")
    return key


def public_pem(key: ec.EllipticCurvePrivateKey | ec.EllipticCurvePublicKey) -> str:
    public = key.public_key() if isinstance(key, ec.EllipticCurvePrivateKey) else key
    return public.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def same_public_key(certificate: x509.Certificate, public_key_pem: str) -> bool:
    theirs = certificate.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    ours = serialization.load_pem_public_key(public_key_pem.encode("ascii")).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return theirs == ours


def _derive(passphrase: str, salt: bytes, time_cost: int, memory_kib: int, lanes: int) -> bytes:
    return hash_secret_raw(passphrase.encode("utf-8"), salt, time_cost=time_cost,
                           memory_cost=memory_kib, parallelism=lanes, hash_len=32,
                           type=Type.ID)
