"""The desk's form as typed and not yet saved, kept beside the database until it is saved or
given up: a laptop that loses its power (or an app killed) in the middle of a visit gives
the clerk back what was typed at the next start, where the form came back empty and the
citizen in front of the desk was asked everything again.

A file of its own, not a row: kept a second or two after each edit, a row would be a write
(and an audit entry) per pause in typing, queued behind the day's saves. It holds names and
ID numbers, so it is sealed under the database's key (``db/sealed_files.py``): no one reads
it without the passphrase, as no one reads the database. One that does not open (the
passphrase changed since, a damaged file) is given up, never shown half.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from desktop_app.clock import utc_now
from desktop_app.db import sealed_files
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.database import Database

T = TypeVar("T")
SUFFIX = ".desk-draft"
_INFO = b"vaxdesk desk draft v1"


@dataclass(frozen=True)
class Draft:
    """What the form held: the returning person's id (None: a new person, ``person`` the
    fields typed), the dose's fields, who typed it and when (UTC)."""

    person_id: str | None
    person: dict[str, Any]
    dose: dict[str, Any]
    user_id: str | None
    at: datetime


def path_of(db: Database) -> Path:
    return Path(f"{db.path}{SUFFIX}")


def keep(db: Database, person_id: str | None, person: dict[str, Any], dose: dict[str, Any],
         *, actor: Actor) -> None:
    """The form as it stands, in place of the last one kept."""
    require(actor, *RECORDERS)
    _seal(db, Draft(person_id, person, dose, actor.user_id, utc_now()))


def seal_again(db: Database, draft: Draft) -> None:
    """``draft`` as ``read`` gave it (who typed it, when), sealed under the database's key
    as it is now: after a passphrase change, the old passphrase no longer opens it and the
    new one gives it back to the clerk."""
    _seal(db, draft)


def _seal(db: Database, draft: Draft) -> None:
    sealed_files.seal(path_of(db), db.key, _INFO, {
        "person_id": draft.person_id, "person": draft.person, "dose": draft.dose,
        "user_id": draft.user_id, "at": draft.at.isoformat()})


def read(db: Database) -> Draft | None:
    """The form kept, or None (none, or one that does not open: it is removed)."""
    data = sealed_files.unseal(path_of(db), db.key, _INFO)
    if data is None:
        return None
    try:
        return Draft(data.get("person_id"), dict(data.get("person") or {}),
                     dict(data.get("dose") or {}), data.get("user_id"),
                     datetime.fromisoformat(data["at"]))
    except (KeyError, TypeError, ValueError):  # sealed by us, yet not a form: given up
        drop(db)
        return None


def drop(db: Database) -> None:
    """Saved, or given up: nothing to give back any more."""
    path_of(db).unlink(missing_ok=True)


def saved(db: Database, outcome: T) -> T:
    """``outcome`` of a desk save, the form kept for it dropped if it was saved: at once,
    on the same thread as the save's commit. Dropped by a second write queued after the
    screen said "saved", a power cut between the two gave the visit back at the next start
    as "not saved", and the clerk, saving it again, recorded the dose twice."""
    if getattr(outcome, "saved", False):
        drop(db)
    return outcome

