"""The trust list's wire format: its version tag and how a signer's key id is derived.

The central platform writes the list (``central_server/signing/trust_list.py``) and sites
read it (``desktop_app/certificates/trust.py``); both take these from here.
"""

from __future__ import annotations

import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import serialization

FORMAT = "vaxdesk-trust-list/1"


def kid_of(certificate: x509.Certificate) -> bytes:
    """The EU DCC key identifier: the first 8 bytes of the SHA-256 of the DER certificate."""
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).digest()[:8]
