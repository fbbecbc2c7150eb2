"""A complaint's code: made here and only here, at random, so codes cannot be guessed from
one another (anyone holding a code can read the complaint's status)."""

from __future__ import annotations

import secrets

from desktop_app.wire.complaints import CODE_ALPHABET, CODE_LENGTH, CODE_PREFIX


def new_code() -> str:
    """
    >>> from desktop_app.wire.complaints import is_code
    >>> code = new_code()
    >>> is_code(code), code.startswith("PA-"), len(code)
    (True, True, 11)
    """
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
