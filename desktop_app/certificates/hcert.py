"""HCERT on the wire: CWT claims in a COSE_Sign1, zlib-compressed, Base45, ``HC1:``.

COSE_Sign1 (RFC 9052 §4.2) is written here over cbor2 and cryptography rather than with
pycose: the whole of it is one CBOR array and one signature over a fixed structure, and
pycose would bring in the unmaintained certvalidator/oscrypto pair and a pure-Python ECDSA.

Reading is split in two on purpose: ``open_envelope`` parses only the COSE envelope (the
headers, to find the signer), and the claims are parsed by ``read_claims`` only after the
signature has been checked, so nothing inside an unverified payload is ever interpreted.
"""

from __future__ import annotations

import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import base45
import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import (
    decode_dss_signature,
    encode_dss_signature,
)

from desktop_app.rules.messages import UserError

PREFIX = "HC1:"
COSE_SIGN1_TAG = 18
CWT_TAG = 61  # RFC 8392 §6: a CWT may wrap its COSE message in this tag; HCERT allows both
ALG, KID = 1, 4  # COSE header labels
ES256, PS256 = -7, -37
ISS, EXP, IAT, HCERT = 1, 4, 6, -260  # CWT claim keys
MAX_INFLATED = 64 * 1024  # a certificate is ~300 bytes; refuse a zlib bomb


class MalformedCertificate(UserError, ValueError):
    """The text is not an HCERT at all, or its envelope is broken: ``code`` names why
    (``MALFORMED_*``), ``message(lang)`` says it in the reader's language, ``str()`` in
    English for the log."""


@dataclass(frozen=True)
class Envelope:
    protected: bytes  # the serialised protected header, as signed
    alg: int
    kid: bytes
    payload: bytes  # CWT claims, still unparsed
    signature: bytes


@dataclass(frozen=True)
class Claims:
    issuer: str | None
    issued_at: datetime  # naive UTC
    expires_at: datetime
    hcert: dict[str, Any]  # the EU DCC payload (claim -260, key 1)


def seal(payload: dict[str, Any], key: ec.EllipticCurvePrivateKey, kid: bytes, *,
         issued_at: datetime, expires_at: datetime, issuer: str = "VN") -> str:
    """Sign an EU DCC payload and return the text for the QR code."""
    claims = cbor2.dumps({
        ISS: issuer,
        IAT: _epoch(issued_at),
        EXP: _epoch(expires_at),
        HCERT: {1: payload},
    })
    protected = cbor2.dumps({ALG: ES256, KID: kid})
    der = key.sign(_to_be_signed(protected, claims), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
    cose = cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, claims, signature]))
    return PREFIX + base45.b45encode(zlib.compress(cose, 9)).decode("ascii")


def open_envelope(text: str) -> Envelope:
    """Undo Base45, zlib and the COSE framing; raise MalformedCertificate on any damage."""
    text = text.strip()
    if not text.startswith(PREFIX):
        raise MalformedCertificate("MALFORMED_NO_PREFIX")
    try:
        compressed = base45.b45decode(text[len(PREFIX):])
    except (ValueError, KeyError) as exc:
        raise MalformedCertificate("MALFORMED_NOT_BASE45") from exc
    raw = _inflate(compressed)
    try:
        cose = cbor2.loads(raw)
    except (cbor2.CBORDecodeError, ValueError) as exc:
        raise MalformedCertificate("MALFORMED_NOT_CBOR") from exc
    cose = _untag(cose)
    if not (isinstance(cose, list | tuple) and len(cose) == 4):
        raise MalformedCertificate("MALFORMED_NOT_COSE")
    protected, unprotected, payload, signature = cose
    if not all(isinstance(x, bytes) for x in (protected, payload, signature)):
        raise MalformedCertificate("MALFORMED_COSE_FIELDS")
    try:
        headers = cbor2.loads(protected) if protected else {}
    except (cbor2.CBORDecodeError, ValueError) as exc:
        raise MalformedCertificate("MALFORMED_HEADER_NOT_CBOR") from exc
    if not isinstance(headers, Mapping) or not isinstance(unprotected, Mapping):
        raise MalformedCertificate("MALFORMED_HEADERS_NOT_MAPS")
    # The DCC spec allows the kid in either header; the protected one wins.
    kid = headers.get(KID, unprotected.get(KID))
    alg = headers.get(ALG, unprotected.get(ALG))
    if not isinstance(kid, bytes) or not isinstance(alg, int):
        raise MalformedCertificate("MALFORMED_NO_KID")
    return Envelope(protected, alg, kid, payload, signature)


def _untag(cose: Any) -> Any:
    """The COSE_Sign1 array, whether sent bare, tagged 18, or as a CWT (61) around either."""
    if isinstance(cose, cbor2.CBORTag) and cose.tag == CWT_TAG:
        cose = cose.value
    if isinstance(cose, cbor2.CBORTag):
        if cose.tag != COSE_SIGN1_TAG:
            raise MalformedCertificate("MALFORMED_COSE_TAG", tag=cose.tag)
        cose = cose.value
    return cose


def signature_holds(envelope: Envelope, public_key: Any) -> bool:
    """True if the envelope was signed by the private half of ``public_key``."""
    data = _to_be_signed(envelope.protected, envelope.payload)
    try:
        if envelope.alg == ES256 and isinstance(public_key, ec.EllipticCurvePublicKey):
            # r || s, each as long as the curve's order: 32 bytes on P-256. COSE only
            # suggests P-256 for ES256 (RFC 9053 §2.1); a DSC on P-384 (EU vector ES/403)
            # signs ES256 with 48-byte halves.
            half = (public_key.curve.key_size + 7) // 8
            if len(envelope.signature) != 2 * half:
                return False
            r = int.from_bytes(envelope.signature[:half], "big")
            s = int.from_bytes(envelope.signature[half:], "big")
            public_key.verify(encode_dss_signature(r, s), data, ec.ECDSA(hashes.SHA256()))
            return True
        if envelope.alg == PS256 and isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(
                envelope.signature, data,
                padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                hashes.SHA256(),
            )
            return True
    except InvalidSignature:
        return False
    return False


def read_claims(envelope: Envelope) -> Claims:
    """Parse the CWT claims of an envelope whose signature has been checked."""
    try:
        claims = cbor2.loads(envelope.payload)
        if not isinstance(claims, Mapping):
            raise TypeError("the CWT claims are not a map")
        hcert = claims[HCERT][1]
        issued = _from_epoch(claims[IAT])
        expires = _from_epoch(claims[EXP])
    # IndexError: a text where a map belongs; Overflow/OSError: a time past what datetime holds
    except (cbor2.CBORDecodeError, ValueError, KeyError, TypeError, IndexError, OverflowError,
            OSError) as exc:
        raise MalformedCertificate("MALFORMED_CLAIMS_INCOMPLETE") from exc
    if not isinstance(hcert, Mapping):
        raise MalformedCertificate("MALFORMED_HCERT_NOT_MAP")
    hcert = _thaw(hcert)
    issuer = claims.get(ISS)
    return Claims(issuer if isinstance(issuer, str) else None, issued, expires, hcert)


def _thaw(value: Any) -> Any:
    # cbor2 hands back immutable maps and tuples inside tagged items; callers want JSON types.
    if isinstance(value, Mapping):
        return {k: _thaw(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_thaw(v) for v in value]
    return value


def _to_be_signed(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def _inflate(data: bytes) -> bytes:
    # HCERT (its 2D-code transport encoding) makes zlib compression mandatory; an
    # uncompressed COSE is refused, as the EU test vector common/Z2 expects.
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(data, MAX_INFLATED)
    except zlib.error as exc:
        raise MalformedCertificate("MALFORMED_NOT_COMPRESSED") from exc
    if inflater.unconsumed_tail:
        raise MalformedCertificate("MALFORMED_TOO_LARGE")
    if not inflater.eof:  # cut short or damaged: its checksum was never reached
        raise MalformedCertificate("MALFORMED_DAMAGED")
    return raw


def _epoch(moment: datetime) -> int:
    return int(moment.replace(tzinfo=UTC).timestamp())


def _from_epoch(value: Any) -> datetime:
    if not isinstance(value, int | float):
        raise TypeError("a CWT time is a number")
    return datetime.fromtimestamp(value, UTC).replace(tzinfo=None)
