"""Record the pre-vaccination screening of a person: the items answered yes, the outcome
(eligible / postpone / refer) and the reason, audited on the person."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.ids import new_id
from desktop_app.db.models import Person, Screening
from desktop_app.rules.problems import Problem
from desktop_app.rules.screening import Outcome, check_screening
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.errors import RecordNotFound


def record_screening(
    db: Database, person_id: str, yes: Iterable[str], outcome: Outcome, reason: str | None,
    *, actor: Actor, now: datetime | None = None,
) -> tuple[str | None, list[Problem]]:
    """(the screening's id, []) or (None, the problems; nothing saved)."""
    require(actor, *RECORDERS)
    answered = sorted(set(yes))
    problems = check_screening(answered, outcome, reason)
    if problems:
        return None, problems
    now = now or utc_now()
    with db.transaction() as s:
        if s.get(Person, person_id) is None:
            raise RecordNotFound(person_id)
        row = Screening(id=new_id(), person_id=person_id, screened_at=now,
                        answers=json.dumps(answered), outcome=Outcome(outcome).value,
                        reason=(reason or "").strip() or None, screened_by=actor.user_id)
        s.add(row)
        s.add(store.audit_entry("screening", "person", person_id, {
            "outcome": row.outcome, "answers": answered, "reason": row.reason,
        }, now, actor.user_id))
    return row.id, []
