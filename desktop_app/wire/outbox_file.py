"""The offline transfer file: a site's unsynced records carried to the central platform on
a USB stick when the site has had no connection for days.

Signed by the site's document-signing key (its certificate inside, issued by the CSCA) and
sealed to the CSCA's public key (ECIES: an ephemeral P-256 ECDH, HKDF-SHA256, AES-256-GCM),
so only the central platform can read it and it can tell which site wrote it and that
nothing was changed on the way. Both sides take the format from here.

Each entry: ``type``, ``id``, ``resource``; ``ifMatch``, the central version the laptop
last had acknowledged (none for a record central never confirmed); and ``ifContent``, the
``content_digest`` of each earlier version the laptop sent (in an earlier file or a push)
since central last acknowledged one. Central takes the entry as an update when it holds
that version or one of those contents: a site offline for weeks sends a correction of a
record whose earlier version only went in an earlier file. An older version never names a
newer one's content, so a file imported after a newer one cannot put its records back. A
file without ``ifContent`` (older laptops) is taken as before. ``keepForeign``: true on a
record whose central copy the laptop has not read since it began keeping what other systems
write on a record (``wire/foreign.py``): central refuses that entry alone (409) when its
copy holds any, and the laptop's next online sync reads them and sends the record;
``ownFolds``, beside it on a person, the records merges made on the laptop folded them into:
a "replaced-by" link naming one is the laptop's, not another system's.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT = "vaxdesk-outbox/1"
SEALED = "vaxdesk-outbox-sealed/1"


class TransferFileError(ValueError):
    """Not a transfer file this platform can open, or not one it can trust."""


# Added by servers, never part of what a site says about a record.
_NOT_CONTENT = frozenset({"meta", "text"})


def content_digest(resource: Mapping[str, Any]) -> str:
    """A short fingerprint of a resource's content (``meta`` and narrative left out): the
    laptop's of what it sent, central's of what it holds, the same for the same content.

    >>> content_digest({"id": "a", "meta": {"versionId": "1"}}) == content_digest({"id": "a"})
    True
    """
    content = {k: v for k, v in resource.items() if k not in _NOT_CONTENT}
    data = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:32]


def seal(payload: dict[str, Any], signing_key: ec.EllipticCurvePrivateKey,
         certificate_pem: str, recipient: ec.EllipticCurvePublicKey) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    signature = signing_key.sign(body, ec.ECDSA(hashes.SHA256()))
    inner = json.dumps({"payload": _b64(body), "signature": _b64(signature),
                        "certificate": certificate_pem}).encode()
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    nonce = os.urandom(12)
    sealed = AESGCM(_shared_key(ephemeral, recipient)).encrypt(nonce, inner, SEALED.encode())
    ephemeral_public = ephemeral.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return json.dumps({"format": SEALED, "ephemeral": _b64(ephemeral_public),
                       "nonce": _b64(nonce), "ciphertext": _b64(sealed)}).encode()


def open_sealed(data: bytes, recipient_key: ec.EllipticCurvePrivateKey
                ) -> tuple[bytes, bytes, str]:
    """(payload bytes, signature, signer certificate PEM); the caller checks the signer."""
    try:
        outer = json.loads(data)
        if outer.get("format") != SEALED:
            raise TransferFileError("not a VaxDesk transfer file")
        ephemeral = ec.EllipticCurvePublicKey.from_encoded_point(
            ec.SECP256R1(), base64.b64decode(outer["ephemeral"]))
        inner = json.loads(AESGCM(_shared_key(recipient_key, ephemeral)).decrypt(
            base64.b64decode(outer["nonce"]), base64.b64decode(outer["ciphertext"]),
            SEALED.encode()))
        return (base64.b64decode(inner["payload"]), base64.b64decode(inner["signature"]),
                inner["certificate"])
    except TransferFileError:
        raise
    except Exception as exc:  # noqa: BLE001 - damaged, foreign or tampered: one answer
        raise TransferFileError(f"cannot be opened: {type(exc).__name__}") from None


def _shared_key(private: ec.EllipticCurvePrivateKey, public: ec.EllipticCurvePublicKey
                ) -> bytes:
    secret = private.exchange(ec.ECDH(), public)
    return HKDF(hashes.SHA256(), 32, None, SEALED.encode()).derive(secret)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
