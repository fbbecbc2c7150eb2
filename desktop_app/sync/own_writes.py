"""Telling our own writes from anybody else's, by content and versions alone.

Any server may keep or rewrite ``meta.source`` and any tool may copy it, so it proves nothing.
What the laptop knows for sure is what it sent: each version put on the wire (or into a
transfer file) leaves a digest of its content in ``sync_record.sent_digests`` until a later
version is acknowledged. A server copy whose content has one of those digests is a write of
ours (perhaps one whose answer was lost); any other content is a change the laptop did not
make.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

# The transfer file carries these digests to central, which computes its own to compare:
# one computation for both sides, kept with the file's format.
from desktop_app.wire.outbox_file import content_digest as digest


def load(text: str | None) -> dict[int, str]:
    return {int(k): v for k, v in json.loads(text).items()} if text else {}


def dump(digests: Mapping[int, str]) -> str | None:
    return json.dumps({str(k): v for k, v in sorted(digests.items())}) if digests else None


def with_sent(text: str | None, version: int, resource: Mapping[str, Any]) -> str | None:
    """``sent_digests`` after ``version`` went on the wire."""
    return dump({**load(text), version: digest(resource)})


def after_ack(text: str | None, version: int) -> str | None:
    """``sent_digests`` once the server acknowledged ``version``: older ones are gone."""
    return dump({k: v for k, v in load(text).items() if k >= version})


def sent_earlier(text: str | None, version: int) -> list[str]:
    """The digests of the versions sent before ``version`` and not yet acknowledged as
    replaced: the contents the server may hold of ours, oldest first.

    >>> sent = with_sent(with_sent(None, 1, {"id": "a"}), 2, {"id": "b"})
    >>> sent_earlier(sent, 2) == [digest({"id": "a"})]
    True
    """
    return [v for k, v in sorted(load(text).items()) if k < version]


def written_by_us(text: str | None, resource: Mapping[str, Any]) -> int | None:
    """The local version whose content the server copy has, if we sent it; else None.

    >>> sent = with_sent(None, 1, {"id": "a", "gender": "male"})
    >>> written_by_us(sent, {"id": "a", "gender": "male", "meta": {"source": "x"}})
    1
    >>> written_by_us(sent, {"id": "a", "gender": "female"}) is None
    True
    """
    found = digest(resource)
    return max((k for k, v in load(text).items() if v == found), default=None)
