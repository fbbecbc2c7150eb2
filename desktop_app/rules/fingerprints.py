"""Short fingerprints that tell secrets apart in the audit trail without revealing them."""

from __future__ import annotations

import hashlib
import hmac


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


def keyed_fingerprint(secret: str, key: str) -> str:
    """Like ``fingerprint``, but keyed (HMAC-SHA-256): for a secret that may be guessable, such
    as a password typed into the user-name box. Without the key, a copy of the trail gives
    nothing to test guesses against; with the same key, equal secrets still match.

    >>> keyed_fingerprint("abc", "k1") == keyed_fingerprint("abc", "k1")
    True
    >>> keyed_fingerprint("abc", "k1") == keyed_fingerprint("abc", "k2")
    False
    """
    return hmac.new(key.encode("utf-8"), secret.encode("utf-8"), hashlib.sha256).hexdigest()[:12]
