"""JSON from a client, parsed within limits: a hostile body is a 400 naming what is wrong.

The body's size is already bounded (``body_limit``), but a few megabytes of ``[[[[...`` or
``[{},{},...`` cost far more as Python objects than as text, deep nesting overflows the
parser's stack, and values JSON allows (NaN, 1e999, a lone surrogate, a NUL) break storage
later. Each is refused here, before any route code sees the value.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

# The largest integer every JSON reader agrees on (IEEE double); versions and dose numbers
# are far below it.
MAX_SAFE_INT = 2**53 - 1
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


class BadJson(ValueError):
    """What is wrong with the body, in English for the developer (no values from it)."""


def parse(raw: bytes, *, max_depth: int, max_values: int) -> Any:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadJson(f"not UTF-8 (byte {exc.start})") from None
    # Every value past the first in an array or object follows a comma or a colon: this
    # bounds the objects the parser would build (strings holding these only over-count).
    values = text.count(",") + text.count(":") + text.count("[") + text.count("{")
    if values > max_values:
        raise BadJson(f"more than {max_values} values")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except BadJson:
        raise
    except RecursionError:
        raise BadJson(f"nested deeper than {max_depth} levels") from None
    except json.JSONDecodeError as exc:  # its text gives a position, never the value
        raise BadJson(str(exc)) from None
    except ValueError:  # Python's own limit on an integer's digits
        raise BadJson("a number with too many digits") from None
    _check(data, max_depth, check_strings=bool(_SURROGATE_ESCAPE.search(text))
           or "\\u0000" in text)
    return data


def _no_constant(name: str) -> Any:
    raise BadJson(f"{name} is not a JSON number")


def _check(data: Any, max_depth: int, check_strings: bool) -> None:
    """Depth, number range and (when the text escapes them) unstorable characters."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if depth >= max_depth:
                raise BadJson(f"nested deeper than {max_depth} levels")
            if check_strings:
                for key in value:
                    _check_string(key)
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            if depth >= max_depth:
                raise BadJson(f"nested deeper than {max_depth} levels")
            stack.extend((v, depth + 1) for v in value)
        elif isinstance(value, bool) or value is None:
            continue
        elif isinstance(value, int):
            if abs(value) > MAX_SAFE_INT:
                raise BadJson(f"a number beyond ±{MAX_SAFE_INT}")
        elif isinstance(value, float):
            if not math.isfinite(value):
                raise BadJson("a number too large to represent")
        elif check_strings:
            _check_string(value)


def _check_string(value: str) -> None:
    if "\x00" in value:
        raise BadJson("a string holds a NUL character (\\u0000)")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BadJson("a string holds an unpaired surrogate (\\uD800-\\uDFFF)") from None
