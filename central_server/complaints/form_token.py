"""The public form's one-time token: a random value the form page carries in a hidden field,
so that the same form sent again (a double tap, a form restored by Back, a retry after a lost
answer) finds the complaint it filed instead of filing a second one with a new code.

A filing is known by the token together with what it says: the same token with other words
(the citizen went back and corrected something) is a new complaint, since nothing filed may
be changed afterwards. The pair is kept as a hash in ``complaint_entry``, beside the hotline
entries, under a site code no site has; the token is drawn here, never from the citizen, so
nobody can learn another filing's code from a token they did not get.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets

from desktop_app.wire.complaints import Submission

# Where web filings' keys live in ``complaint_entry``: no site code is empty.
WEB_FORM = ""
_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,64}")


def new_token() -> str:
    """
    >>> is_token(new_token()), new_token() == new_token()
    (True, False)
    """
    return secrets.token_urlsafe(24)


def is_token(value: str) -> bool:
    """A token this platform could have made: anything else files without the check.

    >>> is_token("x" * 32), is_token(""), is_token("x" * 31), is_token("x" * 31 + "/")
    (True, False, False, False)
    """
    return bool(_SHAPE.fullmatch(value))


def entry_key(token: str, submission: Submission) -> tuple[str, str] | None:
    """The (site code, entry id) ``store.file`` keeps a web filing under; None without a
    token. Dates are compared as dates, so "05091990" and "05/09/1990" are the same filing.

    >>> from datetime import date
    >>> sub = Submission("dose_missing", "001190000001", "Lê Thị Hoa", date(1990, 9, 5))
    >>> token = "t" * 32
    >>> entry_key(token, sub) == entry_key(token, sub), entry_key("", sub)
    (True, None)
    >>> from dataclasses import replace
    >>> entry_key(token, sub) == entry_key(token, replace(sub, text="more"))
    False
    """
    if not is_token(token):
        return None
    said = json.dumps(submission.as_json(), sort_keys=True, ensure_ascii=False)
    return WEB_FORM, hashlib.sha256(f"{token}\n{said}".encode()).hexdigest()
