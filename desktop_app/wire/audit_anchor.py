"""The audit trail's head anchored at the central platform, at each sync round.

The laptop's hash chain (``db/audit_chain.py``) shows an entry edited by a tool that did not
recompute the hashes after it; whoever knows the database passphrase can recompute them all,
and the laptop alone cannot tell. So each round the site sends where its chain ends, and the
platform keeps it: an anchor, out of the site's reach. With it go the hashes, as the site's
chain holds them now, of the entries the platform asked to see last round; one that differs
from its anchor is an alarm for the province, never an answer to the site.

    POST {api_root}/audit-anchor   body: AnchorReport.as_json()
        {"head": {"id": 812, "hash": "<64 hex>"},          (null: the trail is empty)
         "checks": [{"id": 640, "hash": "<64 hex>"},        (null: no entry 640 here)
                    ...]}
    ->  200 {"check": [812, 790, 640, 17]}   the entries to send next round

A server that does not know this path (any other FHIR server) answers 404: the round goes
on without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PATH = "audit-anchor"
MAX_CHECKS = 50  # the platform asks for a handful; a body naming more is refused
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Anchor:
    entry_id: int
    hash: str | None  # None in a check: the site has no entry with this id


@dataclass(frozen=True)
class AnchorReport:
    head: Anchor | None
    checks: tuple[Anchor, ...]

    def as_json(self) -> dict[str, Any]:
        return {"head": _anchor_json(self.head) if self.head else None,
                "checks": [_anchor_json(c) for c in self.checks]}


def _anchor_json(anchor: Anchor) -> dict[str, Any]:
    return {"id": anchor.entry_id, "hash": anchor.hash}


def report_from_json(data: Any) -> AnchorReport:
    """Read back; raises ValueError (or KeyError/TypeError) on anything malformed.

    >>> r = AnchorReport(Anchor(9, "ab" * 32), (Anchor(3, "cd" * 32), Anchor(4, None)))
    >>> report_from_json(r.as_json()) == r
    True
    >>> report_from_json({"head": {"id": 9, "hash": None}, "checks": []})
    Traceback (most recent call last):
    ...
    ValueError: not a SHA-256 in hex: None
    """
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    head, checks = data["head"], data["checks"]
    if not isinstance(checks, list) or len(checks) > MAX_CHECKS:
        raise ValueError(f"checks must be a list of at most {MAX_CHECKS}")
    return AnchorReport(_anchor(head, missing_ok=False) if head is not None else None,
                        tuple(_anchor(c, missing_ok=True) for c in checks))


def _anchor(data: Any, *, missing_ok: bool) -> Anchor:
    if not isinstance(data, dict):
        raise ValueError("an anchor is a JSON object")
    value = data["hash"]
    if not (value is None and missing_ok) and \
            not (isinstance(value, str) and _HASH.fullmatch(value)):
        raise ValueError(f"not a SHA-256 in hex: {str(value)[:70]}")
    return Anchor(entry_id(data["id"]), value)


def checks_from_json(data: Any) -> list[int]:
    """The platform's answer: the entry ids to send next round.

    >>> checks_from_json({"check": [812, 17]})
    [812, 17]
    """
    if not isinstance(data, dict) or not isinstance(data["check"], list) \
            or len(data["check"]) > MAX_CHECKS:
        raise ValueError("no list of entries to check")
    return [entry_id(v) for v in data["check"]]


def entry_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"not an entry id: {str(value)[:20]}")
    return value
