"""Certificate revocations: what a site sends up and what the trust list carries back down.

A site revokes a certificate when the dose or the identity it certifies was voided or
corrected. It tells the central platform, which publishes the revocation with the trust
list so every laptop's offline verifier refuses the old paper.

    POST {api_root}/certificates/revocations     (the site's token)
    {"revocations": [{"uvci": "URN:UVCI:01:VN:HN0001/…#4", "revoked_at": "…Z",
                      "reason": "dose_voided"}]}
    -> 200 {"accepted": 1, "already": 0}

A site may revoke only the UVCIs it issued (the site code is their first part, see
``certificates/uvci.py``); the whole request is refused (403) if one is not. Sending the
same revocation again changes nothing, so a lost answer is simply sent again.

The published list carries hashes, not UVCIs, as the EU DCC revocation does: a verifier
can tell that a certificate it holds is revoked, but the list does not name the certificates
of anyone (EU DCC "UCI" hash type, dgc-gateway ``RevocationHashTypeDto``: SHA-256 over the
UTF-8 UCI string; the gateway keeps its first 128 bits). In the trust list::

    "revoked_certificates": {"hash_type": "UCI",
                             "hashes": [{"hash": "<base64 of 16 bytes>",
                                         "revoked_at": "…Z"}]}
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.wire.instants import read_instant

PATH = "certificates/revocations"
HASH_TYPE = "UCI"
HASH_BYTES = 16  # the first 128 bits of the SHA-256, as the EU revocation lists keep
TRUST_LIST_KEY = "revoked_certificates"

DOSE_VOIDED = "dose_voided"
DOSE_CORRECTED = "dose_corrected"
PERSON_CORRECTED = "person_corrected"
REASONS = (DOSE_VOIDED, DOSE_CORRECTED, PERSON_CORRECTED)

_SITE_PART = re.compile(r"^URN:UVCI:01:[A-Z]{2}:([A-Z0-9]*)/")


def uci_hash(uvci: str) -> str:
    """The published form of a UVCI: base64 of the first 16 bytes of its SHA-256.

    >>> uci_hash("URN:UVCI:01:VN:HN0001/0B9F3C1E5D2A4F6B9E8D7C6B5A4F3E2D#8")
    'NYjjDrjtPGeYm/WPv2PvIA=='
    """
    digest = hashlib.sha256(uvci.strip().encode("utf-8")).digest()[:HASH_BYTES]
    return base64.b64encode(digest).decode("ascii")


def issuer_part(uvci: str) -> str | None:
    """The site code as the UVCI spells it (letters and digits only), or None.

    >>> issuer_part("URN:UVCI:01:VN:HN0001/0B9F3C1E5D2A4F6B9E8D7C6B5A4F3E2D#8")
    'HN0001'
    """
    found = _SITE_PART.match(uvci.strip())
    return found.group(1) if found else None


def site_part(site_code: str) -> str:
    """How a site code appears inside its UVCIs.

    >>> site_part("hn-0001")
    'HN0001'
    """
    return re.sub(r"[^A-Z0-9]", "", site_code.upper())


@dataclass(frozen=True)
class Revocation:
    uvci: str
    revoked_at: datetime  # naive UTC
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"uvci": self.uvci, "revoked_at": _z(self.revoked_at), "reason": self.reason}


def revocation_from_json(data: Any) -> Revocation:
    """Raises ValueError naming what is wrong."""
    if not isinstance(data, dict):
        raise ValueError("a revocation is an object")
    uvci, reason, at = data.get("uvci"), data.get("reason"), data.get("revoked_at")
    if not isinstance(uvci, str) or issuer_part(uvci) is None:
        raise ValueError(f"not a UVCI: {uvci!r}")
    if reason not in REASONS:
        raise ValueError(f"unknown reason: {reason!r}")
    return Revocation(uvci.strip(), _time(at), reason)


def published_entry(hash_: str, revoked_at: datetime) -> dict[str, str]:
    return {"hash": hash_, "revoked_at": _z(revoked_at)}


def published_hashes(trust_list: dict[str, Any]) -> dict[str, datetime]:
    """The revoked hashes a trust list carries, each with when it was revoked; an older
    list without them carries none."""
    section = trust_list.get(TRUST_LIST_KEY) if isinstance(trust_list, dict) else None
    if not isinstance(section, dict) or section.get("hash_type") != HASH_TYPE:
        return {}
    found = {}
    for entry in section.get("hashes") or ():
        try:
            found[str(entry["hash"])] = _time(entry["revoked_at"])
        except (KeyError, TypeError, ValueError):
            continue
    return found


def _z(moment: datetime) -> str:
    return moment.replace(microsecond=0).isoformat() + "Z"


def _time(text: Any) -> datetime:
    return read_instant(text)
