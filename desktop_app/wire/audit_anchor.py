"""The audit trail's head anchored at the central platform, at each sync round.

The laptop's hash chain (``db/audit_chain.py``) shows an entry edited by a tool that did not
recompute the hashes after it; whoever knows the database passphrase can recompute them all,
and the laptop alone cannot tell. So each round the site sends where its chain ends, and the
platform keeps it: an anchor, out of the site's reach. With it go the hashes, as the site's
chain holds them now, of the entries the platform asked to see last round; one that differs
from its anchor is an alarm for the province, never an answer to the site.

An entry between two anchors, edited alone without recomputing the hashes after it, changes
no anchored hash; so the platform may also ask for a segment: the entries after one anchor up
to the next, walked again from the first anchor's hash by their content alone (the stored
``prev_hash``/``hash`` ignored). Untouched, the walk ends on the second anchor's hash; any
edit, insertion or deletion inside makes it end elsewhere.

    POST {api_root}/audit-anchor   body: AnchorReport.as_json()
        {"head": {"id": 812, "hash": "<64 hex>"},          (null: the trail is empty)
         "checks": [{"id": 640, "hash": "<64 hex>"},        (null: no entry 640 here)
                    ...],
         "segments": [{"from": 590, "to": 640,              (absent from an older laptop)
                       "hash": "<64 hex>",                   (null: no entry 640 here)
                       "entries": 50}]}                      (how many were walked)
    ->  200 {"check": [812, 790, 640, 17],                   the entries to send next round
             "segments": [{"from": 17, "from_hash": "<64 hex>", "to": 212}]}
                                                             (absent from an older platform)

A server that does not know this path (any other FHIR server) answers 404: the round goes
on without it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

PATH = "audit-anchor"
MAX_CHECKS = 50  # the platform asks for a handful; a body naming more is refused
MAX_SEGMENTS = 4  # the platform asks for one or two; a body naming more is refused
# The longest segment walked (``to - from``): the platform asks for none longer and a site
# walks none longer, so a round's work stays bounded (20,000 entries: ~60 ms).
MAX_SEGMENT_ENTRIES = 20_000
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Anchor:
    entry_id: int
    hash: str | None  # None in a check: the site has no entry with this id


@dataclass(frozen=True)
class SegmentAsked:
    """Walk the entries with ``from_id < id <= to_id`` from ``from_hash``."""

    from_id: int
    from_hash: str
    to_id: int

    def as_json(self) -> dict[str, Any]:
        return {"from": self.from_id, "from_hash": self.from_hash, "to": self.to_id}


@dataclass(frozen=True)
class SegmentWalked:
    from_id: int
    to_id: int
    hash: str | None  # the walk's hash at ``to_id``; None: the site has no entry ``to_id``
    entries: int  # how many entries were walked

    def as_json(self) -> dict[str, Any]:
        return {"from": self.from_id, "to": self.to_id, "hash": self.hash,
                "entries": self.entries}


@dataclass(frozen=True)
class AnchorReport:
    head: Anchor | None
    checks: tuple[Anchor, ...]
    segments: tuple[SegmentWalked, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"head": _anchor_json(self.head) if self.head else None,
                "checks": [_anchor_json(c) for c in self.checks],
                "segments": [s.as_json() for s in self.segments]}


@dataclass(frozen=True)
class AnchorAnswer:
    """The platform's answer: what to send next round."""

    check: tuple[int, ...]
    segments: tuple[SegmentAsked, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"check": list(self.check), "segments": [s.as_json() for s in self.segments]}


def _anchor_json(anchor: Anchor) -> dict[str, Any]:
    return {"id": anchor.entry_id, "hash": anchor.hash}


def report_from_json(data: Any) -> AnchorReport:
    """Read back; raises ValueError (or KeyError/TypeError) on anything malformed. A report
    without ``segments`` (an older laptop's) has none.

    >>> r = AnchorReport(Anchor(9, "ab" * 32), (Anchor(3, "cd" * 32), Anchor(4, None)),
    ...                  (SegmentWalked(3, 9, "ef" * 32, 6), SegmentWalked(1, 3, None, 1)))
    >>> report_from_json(r.as_json()) == r
    True
    >>> report_from_json({"head": None, "checks": []})
    AnchorReport(head=None, checks=(), segments=())
    >>> report_from_json({"head": {"id": 9, "hash": None}, "checks": []})
    Traceback (most recent call last):
    ...
    ValueError: not a SHA-256 in hex: None
    >>> report_from_json({"head": None, "checks": [], "segments": [
    ...     {"from": 3, "to": 9, "hash": None, "entries": 7}]})
    Traceback (most recent call last):
    ...
    ValueError: not a count of entries from 3 to 9: 7
    """
    if not isinstance(data, dict):
        raise ValueError("not a JSON object")
    head, checks = data["head"], data["checks"]
    if not isinstance(checks, list) or len(checks) > MAX_CHECKS:
        raise ValueError(f"checks must be a list of at most {MAX_CHECKS}")
    return AnchorReport(_anchor(head, missing_ok=False) if head is not None else None,
                        tuple(_anchor(c, missing_ok=True) for c in checks),
                        tuple(_walked(s) for s in _segment_list(data)))


def _anchor(data: Any, *, missing_ok: bool) -> Anchor:
    if not isinstance(data, dict):
        raise ValueError("an anchor is a JSON object")
    return Anchor(entry_id(data["id"]), _hash(data["hash"], missing_ok=missing_ok))


def _hash(value: Any, *, missing_ok: bool) -> str | None:
    if not (value is None and missing_ok) and \
            not (isinstance(value, str) and _HASH.fullmatch(value)):
        raise ValueError(f"not a SHA-256 in hex: {str(value)[:70]}")
    return value


def _segment_list(data: dict[str, Any]) -> list[Any]:
    segments = data.get("segments", [])
    if not isinstance(segments, list) or len(segments) > MAX_SEGMENTS:
        raise ValueError(f"segments must be a list of at most {MAX_SEGMENTS}")
    return segments


def _ends(data: Any) -> tuple[int, int]:
    if not isinstance(data, dict):
        raise ValueError("a segment is a JSON object")
    start, end = entry_id(data["from"]), entry_id(data["to"])
    if start >= end:
        raise ValueError(f"a segment from {start} to {end} is empty")
    return start, end


def _walked(data: Any) -> SegmentWalked:
    start, end = _ends(data)
    entries = data["entries"]
    if isinstance(entries, bool) or not isinstance(entries, int) \
            or not 0 <= entries <= end - start:
        raise ValueError(f"not a count of entries from {start} to {end}: {str(entries)[:20]}")
    return SegmentWalked(start, end, _hash(data["hash"], missing_ok=True), entries)


def answer_from_json(data: Any) -> AnchorAnswer:
    """The platform's answer: the entries and segments to send next round. An answer
    without ``segments`` (an older platform's) asks for none.

    >>> answer_from_json({"check": [812, 17]})
    AnchorAnswer(check=(812, 17), segments=())
    >>> a = AnchorAnswer((9, 4), (SegmentAsked(4, "ab" * 32, 9),))
    >>> answer_from_json(a.as_json()) == a
    True
    >>> answer_from_json({"check": [], "segments": [{"from": 4, "from_hash": None, "to": 9}]})
    Traceback (most recent call last):
    ...
    ValueError: not a SHA-256 in hex: None
    >>> answer_from_json({"check": [], "segments": [{"from": 9, "from_hash": "ab" * 32,
    ...                                              "to": 9}]})
    Traceback (most recent call last):
    ...
    ValueError: a segment from 9 to 9 is empty
    """
    if not isinstance(data, dict) or not isinstance(data["check"], list) \
            or len(data["check"]) > MAX_CHECKS:
        raise ValueError("no list of entries to check")
    return AnchorAnswer(tuple(entry_id(v) for v in data["check"]),
                        tuple(_asked(s) for s in _segment_list(data)))


def _asked(data: Any) -> SegmentAsked:
    start, end = _ends(data)
    return SegmentAsked(start, _hash(data["from_hash"], missing_ok=False), end)


def entry_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"not an entry id: {str(value)[:20]}")
    return value
