"""What a verifier names in words: the issuer our payload signs (kept in step with the
signed format, which stays as it is), countries, and the site a DSC names."""

from __future__ import annotations

from datetime import timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from desktop_app.certificates.payload import COUNTRY, ISSUER
from desktop_app.certificates.trust import Signer
from desktop_app.rules.certificates import country_name, issuer_name
from tests.certificates.factory import NOW, Pki


def test_our_issuer_and_country_read_in_each_language_and_others_as_printed():
    assert issuer_name(ISSUER, "vi") == "Bộ Y tế Việt Nam"
    assert issuer_name(ISSUER, "en") == ISSUER  # the signed text stays what it is
    assert issuer_name("Robert Koch-Institut", "vi") == "Robert Koch-Institut"
    assert country_name(COUNTRY, "vi") == "Việt Nam" and country_name("DE", "vi") is None


def _dsc(*attributes: x509.NameAttribute) -> x509.Certificate:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"), *attributes])
    return (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(1).not_valid_before(NOW)
            .not_valid_after(NOW + timedelta(days=90)).sign(key, hashes.SHA256()))


def test_a_signer_is_named_as_its_certificate_names_its_site():
    named = _dsc(x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Trạm Y tế Phường Láng Hạ"),
                 x509.NameAttribute(NameOID.COMMON_NAME, "VaxDesk DSC HN-0001"))
    signer = Signer(b"kid", "HN-0001", named, NOW, NOW + timedelta(days=90), None)
    assert signer.site_name == "Trạm Y tế Phường Láng Hạ"
    coded = _dsc(x509.NameAttribute(NameOID.ORGANIZATION_NAME, "HN-0001"))  # no name known
    assert Signer(b"kid", "HN-0001", coded, NOW, NOW, None).site_name is None
    pki = Pki()  # a DSC naming no organisation: only its code is known
    pki.signer("HN-0002")
    [unnamed] = pki.trust_list().signers.values()
    assert unnamed.site_name is None and unnamed.site_code == "HN-0002"
