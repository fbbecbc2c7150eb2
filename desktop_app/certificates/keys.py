"""The site's document-signing key: made once per site, kept only in encrypted form.

The private key is stored as encrypted PKCS#8 (PEM), unlocked with a passphrase that the
site manager chose when the key was made. A stolen laptop gives the thief ciphertext; the
central platform then revokes the site's signer certificate, and verifiers refuse it.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from desktop_app.certificates.errors import CertificateError

MIN_PASSPHRASE = 8


def new_site_key() -> ec.EllipticCurvePrivateKey:
    """A fresh P-256 key: ES256 is what the EU DCC asks signers to use."""
    return ec.generate_private_key(ec.SECP256R1())


def lock_key(key: ec.EllipticCurvePrivateKey, passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise CertificateError("CERT_PASSPHRASE_SHORT", min=MIN_PASSPHRASE)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(passphrase.encode("utf-8")),
    ).decode("ascii")


def unlock_key(locked_pem: str, passphrase: str) -> ec.EllipticCurvePrivateKey:
    try:
        key = serialization.load_pem_private_key(
            locked_pem.encode("ascii"), passphrase.encode("utf-8")
        )
    except (ValueError, TypeError) as exc:
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
