"""A complaint answered by a merge, opened again when that merge is split (two people merged
by mistake). Before, the citizen went on reading "your two records were merged" on the
platform's status page, and the complaint stayed closed with no way to answer it anew.

The split (``merges.unmerge_people``) withdraws each answer its merge gave, in its own
transaction: the complaint is open again on the complaints desk at once, audited with who
split, and the next sync tells central (``sync/complaints.push_reopens``), which reopens
it with a new 48 hours counted from the split. Nothing here waits for the network.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from desktop_app.db import complaint_store, store
from desktop_app.rules.complaints import CITIZEN_LANG
from desktop_app.rules.messages import text
from desktop_app.services.actor import Actor
from desktop_app.wire import complaints as wire


def reopen_merge_answers(s: Session, kept_id: str, folded_id: str, *, actor: Actor,
                         now: datetime) -> tuple[str, ...]:
    """Withdraw the answers given by merging ``folded_id`` into ``kept_id``, in the
    caller's transaction (the split's). Returns the complaints reopened, by code (or local
    id, a call not coded yet)."""
    reason = text("COMPLAINT_REOPEN_SPLIT", CITIZEN_LANG)  # read by the province
    by = actor.name or actor.user_id or ""
    reopened = []
    for row in complaint_store.answered_by_merge(s, kept_id, folded_id):
        withdrawn = complaint_store.resolution_of(row)
        if withdrawn is None:
            continue
        complaint_store.reopen(s, row, wire.Reopening(withdrawn, reason, by, now))
        s.add(store.audit_entry("complaint", "complaint", row.local_id,
                                {"code": row.code, "action": "reopen", "note": reason,
                                 "withdrawn": withdrawn.as_json()}, now, actor.user_id))
        reopened.append(row.code or row.local_id)
    return tuple(reopened)
