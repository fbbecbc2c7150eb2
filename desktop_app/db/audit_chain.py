"""The audit trail as a hash chain: each entry's hash covers its content and the hash of the
entry before it, and a one-row head keeps the count and the last hash. Changing, deleting or
reordering entries (``DELETE FROM audit_entry`` included) breaks the chain where it happened.

SQLite computes the chain itself, in a trigger, inside the transaction that adds the entry,
so every writer (the ORM, the bulk import process, a certificate batch) is chained alike and
two writers can never link to the same predecessor. The trigger calls ``entry_hash``, which
``register`` installs on every connection (``cipher.connect`` does it).

    >>> entry_hash("", "2026-12-01 08:00:00.000000", None, "void", "dose", "d1", "{}")[:16]
    '0b09d38b87a8f4a5'
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

FUNCTION = "vaxdesk_audit_hash"
SEPARATOR = "\x1f"  # the ASCII unit separator: never in a field

TRIGGER = f"""
    CREATE TRIGGER audit_entry_chain AFTER INSERT ON audit_entry BEGIN
        UPDATE audit_entry SET
            prev_hash = (SELECT hash FROM audit_head WHERE id = 1),
            hash = {FUNCTION}((SELECT hash FROM audit_head WHERE id = 1), NEW.at,
                              NEW.user_id, NEW.action, NEW.entity, NEW.entity_id, NEW.details)
        WHERE id = NEW.id;
        UPDATE audit_head SET n = n + 1, last_id = NEW.id,
            hash = (SELECT hash FROM audit_entry WHERE id = NEW.id)
        WHERE id = 1;
    END"""


def entry_hash(prev: str | None, at: Any, user_id: str | None, action: str, entity: str,
               entity_id: str, details: str | None) -> str:
    fields = (prev or "", str(at), user_id or "", action, entity, entity_id, details or "")
    return hashlib.sha256(SEPARATOR.join(fields).encode("utf-8")).hexdigest()


def register(conn: Any) -> None:
    conn.create_function(FUNCTION, 7, entry_hash, deterministic=True)


@dataclass(frozen=True)
class ChainBreak:
    # AUDIT_ENTRY_CHANGED | AUDIT_ENTRIES_MISSING | AUDIT_TAIL_MISSING | AUDIT_HEAD_MISSING
    code: str
    entry_id: int | None  # where it shows; None for the tail
    params: dict[str, Any]


ROWS_SQL = ("SELECT id, at, user_id, action, entity, entity_id, details, prev_hash, hash "
            "FROM audit_entry ORDER BY id")
HEAD_SQL = "SELECT n, last_id, hash FROM audit_head WHERE id = 1"


def find_breaks(rows: Iterable[tuple], head: tuple[int, int | None, str | None] | None
                ) -> list[ChainBreak]:
    """Every place the chain does not hold, in order. ``rows`` as ``ROWS_SQL`` reads them.

    An entry whose content no longer gives its hash was changed; an entry that does not link
    to the one before it had entries deleted (or moved) before it; a head that counts more
    entries, or ends on another hash, than the table holds had its last entries deleted; a
    head deleted (``None``: one DELETE, no hash to compute) can no longer tell that, and is
    a break of its own."""
    breaks: list[ChainBreak] = []
    previous, count = None, 0
    for entry_id, at, user_id, action, entity, entity_id, details, prev, stored in rows:
        count += 1
        when = {"id": entry_id, "at": str(at)[:16], "action": action}
        if entry_hash(prev, at, user_id, action, entity, entity_id, details) != stored:
            breaks.append(ChainBreak("AUDIT_ENTRY_CHANGED", entry_id, when))
        if (prev or "") != (previous or ""):
            breaks.append(ChainBreak("AUDIT_ENTRIES_MISSING", entry_id, when))
        previous = stored
    if head is None:
        breaks.append(ChainBreak("AUDIT_HEAD_MISSING", None, {}))
        return breaks
    n, _last_id, head_hash = head
    if (head_hash or "") != (previous or ""):  # the chain does not end where the head says
        breaks.append(ChainBreak("AUDIT_TAIL_MISSING", None, {"missing": max(n - count, 1)}))
    return breaks
