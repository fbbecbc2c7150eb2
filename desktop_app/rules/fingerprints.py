"""Short fingerprints that tell secrets apart in the audit trail without revealing them."""

from __future__ import annotations

import hashlib


def fingerprint(secret: str | None) -> str | None:
    """The first 12 hex digits of the SHA-256 of ``secret``: enough to say whether two
    entries name the same token or key, nothing to rebuild it from. None stays None.

    >>> fingerprint("abc")
    'ba7816bf8f01'
    >>> fingerprint(None) is None
    True
    """
    if not secret:
        return None
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:12]
