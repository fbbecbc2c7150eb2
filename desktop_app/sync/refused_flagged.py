"""People the platform refused for an identity problem it now takes of a flagged person
(``rules.cleaning.FLAGGABLE``, grown since): queued again once, at the start of a round.

A refused record stays ``rejected`` until an edit or a supervisor's "send again" queues it
(``outbox``): right for a refusal of what the record says, but a platform that took too
little of a flagged person (a name with a note in it, a birth over 120 years ago, before
the set was one definition) left such people, and every dose waiting on them, on the
laptop for good. Once per set of codes (``settings.SYNC_FLAGGABLE_SENT_AGAIN``), never at
every round: a platform not updated yet refuses them again, and they wait for "send
again" as any refusal does.
"""

from __future__ import annotations

import json

from sqlalchemy import select, update

from desktop_app import settings
from desktop_app.db.database import Database
from desktop_app.db.models import Person, SyncRecord
from desktop_app.rules.cleaning import FLAGGABLE


def requeue(db: Database) -> int:
    """Queue the flagged people refused only for codes the platform now takes, one of
    them taken since the last time; how many."""
    taken = sorted(FLAGGABLE)
    with db.reading() as s:  # most rounds: nothing to write, no write lock taken
        if settings.read(s, settings.SYNC_FLAGGABLE_SENT_AGAIN) == taken:
            return 0
    with db.transaction() as s:
        before = settings.read(s, settings.SYNC_FLAGGABLE_SENT_AGAIN)
        newly = FLAGGABLE.difference(before or ())
        refused = s.execute(select(SyncRecord.record_id, SyncRecord.last_error).join(
            Person, Person.id == SyncRecord.record_id).where(
            SyncRecord.entity == "person", SyncRecord.state == "rejected",
            Person.cleaning_reason.is_not(None), Person.cleaning_reason != ""))
        again = [rid for rid, said in refused
                 if (codes := _codes(said)) and codes <= FLAGGABLE and codes & newly]
        for i in range(0, len(again), 900):
            s.execute(update(SyncRecord).where(
                SyncRecord.entity == "person", SyncRecord.state == "rejected",
                SyncRecord.record_id.in_(again[i:i + 900])).values(state="pending"))
        settings.write(s, settings.SYNC_FLAGGABLE_SENT_AGAIN, taken)
    return len(again)


def _codes(said: str | None) -> set[str]:
    """The rule codes of a refusal as the outbox keeps it (``push.issues_of``).

    >>> sorted(_codes('[{"code": "DOB_TOO_OLD"}, {"code": "NAME_INVALID_CHARS"}]'))
    ['DOB_TOO_OLD', 'NAME_INVALID_CHARS']
    >>> _codes(None), _codes("not json")
    (set(), set())
    """
    try:
        issues = json.loads(said or "[]")
        return {str(i.get("code") or "") for i in issues}
    except (ValueError, AttributeError, TypeError):
        return set()
