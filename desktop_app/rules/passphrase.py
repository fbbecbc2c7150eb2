"""What a database passphrase must be when a site chooses it, and how a typed secret (a
passphrase, a password) is read.

The same Vietnamese text reaches the app in two Unicode forms: composed ("ế" one
character, as most keyboards type it) or decomposed ("e" and its marks, as Unikey's
"Unicode tổ hợp" or text pasted from some documents gives it). Compared byte for byte, a
site's own passphrase typed the other way was "wrong", and a laptop set up otherwise was
locked out of its data and backups. Every secret is taken composed (NFC); one kept before
under a decomposed form still opens when typed so (``typed_forms``: the second try).
"""

from __future__ import annotations

import unicodedata

from desktop_app.rules.problems import Problem, error

MIN_LENGTH = 8


def composed(secret: str) -> str:
    """The form a secret is kept and checked in.

    >>> composed("me\u0302\u0323t") == "mệt"
    True
    """
    return unicodedata.normalize("NFC", secret)


def typed_forms(secret: str) -> tuple[str, ...]:
    """The forms to try a typed secret in: composed, then as typed when that differs (a
    secret kept before secrets were composed).

    >>> typed_forms("mệt"), len(typed_forms("me\u0302\u0323t"))
    (('mệt',), 2)
    """
    kept = composed(secret)
    return (kept,) if kept == secret else (kept, secret)


def same_secret(first: str, again: str) -> bool:
    """Whether a secret typed twice is the same, whichever form each was typed in."""
    return composed(first) == composed(again)


def check_new_passphrase(first: str, again: str) -> list[Problem]:
    """The rules for a passphrase being chosen.

    >>> [p.code for p in check_new_passphrase("ngắn", "ngắn")]
    ['DB_PASSPHRASE_SHORT']
    >>> [p.code for p in check_new_passphrase("một hai ba bốn", "mot hai ba bon")]
    ['DB_PASSPHRASE_DIFFERS']
    >>> check_new_passphrase("một hai ba bốn", "một hai ba bốn")
    []
    """
    if len(composed(first)) < MIN_LENGTH:
        return [error("DB_PASSPHRASE_SHORT", "passphrase", min=MIN_LENGTH)]
    if not same_secret(first, again):
        return [error("DB_PASSPHRASE_DIFFERS", "passphrase_again")]
    return []
