"""Reading what a platform answers, one way for every call: at most ``LIMIT_*`` bytes for
the kind of answer, decoded by ``answer_json``, read under ``answer_shape``; what cannot be
used becomes ``BadAnswer`` (a captive portal's page, an answer too large, unreadable or of
the wrong shape), never a traceback. Also the headers the client reads: versions and dates."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from desktop_app.rules.text_fields import all_digits
from desktop_app.sync.errors import BadAnswer

# The most an answer of each kind may be, decompressed: generous for what the protocol
# sends, far below what a laptop with 4 GB can hold once parsed (Python's objects take
# about ten times the text).
MB = 1 << 20
LIMIT_RESOURCE = 4 * MB  # one resource, or an error's OperationOutcome
LIMIT_STATEMENT = 8 * MB  # a CapabilityStatement (HAPI's is about half a megabyte)
LIMIT_PAGE = 32 * MB  # a search page or a batch-response (500 records: about 1 MB)
LIMIT_API = 16 * MB  # a VaxDesk API answer (1000 verdicts: about 0.3 MB)
MAX_DEPTH = 64  # nesting of a JSON answer: a FHIR resource in a Bundle is about 12 deep
# What reading a decoded answer of the wrong shape raises (a list for an object, a missing
# key, a number for a text, ``null``): turned into ``BadAnswer`` by ``answer_shape``.
SHAPE_ERRORS = (AttributeError, IndexError, KeyError, StopIteration, TypeError, ValueError)


def web_page(r: requests.Response, start: bytes) -> bool:
    """Whether an answer beginning ``start`` is a web page (a captive portal's sign-in, a
    proxy's error), not the platform's data."""
    return "html" in (r.headers.get("Content-Type") or "").lower() or \
        start.lstrip()[:1] == b"<"


def answer_json(r: requests.Response, expect: type | tuple[type, ...] = dict, *,
                empty_ok: bool = False) -> Any:
    """The one way a platform's answer is decoded: a JSON value of type ``expect`` (None for
    an empty body when ``empty_ok``), else ``BadAnswer``. A deeply nested answer (100,000
    ``[``) is refused, never a RecursionError."""
    body = r.content
    if empty_ok and not body.strip():
        return None
    if web_page(r, body):
        raise BadAnswer(f"HTTP {r.status_code}: a web page, not data: {body[:120]!r}",
                        "SYNC_ANSWER_WEB_PAGE")
    try:
        data = json.loads(body)
    except RecursionError:
        raise BadAnswer(f"JSON nested too deep to read ({len(body)} bytes)",
                        "SYNC_ANSWER_MALFORMED") from None
    except ValueError as exc:  # UnicodeDecodeError too
        raise BadAnswer(f"HTTP {r.status_code}: not JSON: {exc}",
                        "SYNC_ANSWER_UNREADABLE") from exc
    if _deeper_than(data, MAX_DEPTH):
        raise BadAnswer(f"JSON nested more than {MAX_DEPTH} deep", "SYNC_ANSWER_MALFORMED")
    if not isinstance(data, expect):
        raise BadAnswer(f"a JSON {type(data).__name__} where {expect} was expected",
                        "SYNC_ANSWER_MALFORMED")
    return data


@contextmanager
def answer_shape(what: str) -> Iterator[None]:
    """Around the reading of a decoded answer: one of the wrong shape is a ``BadAnswer``.

    >>> with answer_shape("a page"):
    ...     {}["entry"]
    Traceback (most recent call last):
    ...
    desktop_app.sync.errors.BadAnswer: a page of an unexpected shape: KeyError('entry')
    """
    try:
        yield
    except SHAPE_ERRORS as exc:
        raise BadAnswer(f"{what} of an unexpected shape: {exc!r}",
                        "SYNC_ANSWER_MALFORMED") from exc


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether JSON nests more than ``limit`` deep; walked with a list, not recursion."""
    stack = [(data, 1)] if isinstance(data, (dict, list)) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


def version_from(etag: str | None, resource: dict[str, Any] | None = None) -> str | None:
    """A resource's version: the ``ETag`` (``W/"3"``) first, then ``meta.versionId``.

    >>> version_from('W/"3"'), version_from(None, {"meta": {"versionId": 4}})
    ('3', '4')
    """
    if etag:
        return etag.strip().removeprefix("W/").strip('"')
    found = ((resource or {}).get("meta") or {}).get("versionId")
    return str(found) if found is not None else None


def http_date(value: str | None) -> datetime | None:
    """An HTTP date header as an aware UTC time; None if absent or unreadable.

    >>> http_date("Sun, 06 Nov 1994 08:49:37 GMT").isoformat()
    '1994-11-06T08:49:37+00:00'
    >>> http_date("soon") is None
    True
    """
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC, said without a zone (RFC 5322)
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def outcome_of(r: requests.Response) -> dict[str, Any] | None:
    """The answer's OperationOutcome, or None (a proxy's page, another body, none)."""
    try:
        body = answer_json(r)
    except BadAnswer:
        return None
    return body if body.get("resourceType") == "OperationOutcome" else None


def diagnostics(r: requests.Response) -> str:
    try:
        with answer_shape("an OperationOutcome"):
            issue = answer_json(r)["issue"][0]
            return str(issue.get("diagnostics") or issue["details"]["text"])[:200]
    except BadAnswer:
        return r.text[:200]


def read_body(r: requests.Response, limit: int) -> None:
    """Read the answer, at most ``limit`` bytes decompressed, into ``r.content``; a larger
    one is refused as soon as it shows (``Content-Length``, or the bytes so far)."""
    declared = r.headers.get("Content-Length") or ""
    if all_digits(declared) and int(declared) > limit:
        r.close()
        raise _too_large(r, f"{declared} bytes announced")
    body = bytearray()
    for chunk in r.iter_content(256 * 1024):
        body += chunk
        if len(body) > limit:
            r.close()
            raise _too_large(r, f"over {len(body)} bytes")
    r._content = bytes(body)  # what requests' own reading sets: .json() and .text read it


def _too_large(r: requests.Response, size: str) -> BadAnswer:
    return BadAnswer(f"HTTP {r.status_code} from {r.url}: {size}, more than this kind of "
                     "answer may be", "SYNC_ANSWER_TOO_LARGE")
