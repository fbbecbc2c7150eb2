"""What a database passphrase must be when a site chooses it."""

from __future__ import annotations

from desktop_app.rules.problems import Problem, error

MIN_LENGTH = 8


def check_new_passphrase(first: str, again: str) -> list[Problem]:
    """The rules for a passphrase being chosen.

    >>> [p.code for p in check_new_passphrase("ngắn", "ngắn")]
    ['DB_PASSPHRASE_SHORT']
    >>> [p.code for p in check_new_passphrase("một hai ba bốn", "mot hai ba bon")]
    ['DB_PASSPHRASE_DIFFERS']
    >>> check_new_passphrase("một hai ba bốn", "một hai ba bốn")
    []
    """
    if len(first) < MIN_LENGTH:
        return [error("DB_PASSPHRASE_SHORT", "passphrase", min=MIN_LENGTH)]
    if first != again:
        return [error("DB_PASSPHRASE_DIFFERS", "passphrase_again")]
    return []
