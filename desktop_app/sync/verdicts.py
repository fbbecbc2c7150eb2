"""Pulling the population register's verdicts on this site's people (``wire/register.py``).

A server with no register, or one that is not ours (any other FHIR server), answers 404: the
site then has no verdicts and the round goes on. The cursor is inclusive and a verdict
already kept is recognised by its time, so a page cut anywhere loses nothing.

A verdict on a person in sync conflict is held back unless it judged what the desk holds
(``cleaning_store.record_verdict``); once a person settles the conflict the desk may hold
what was judged (the platform's copy taken), and the platform sends nothing new for it:
the earliest verdict held is remembered, and settling a conflict pulls again from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store
from desktop_app.db.database import Database
from desktop_app.db.models import SyncRecord
from desktop_app.sync.client import SyncClient
from desktop_app.sync.pages import pull_pages
from desktop_app.wire import register
from desktop_app.wire.instants import read_instant

PAGE = 1000


def pull_verdicts(db: Database, client: SyncClient) -> Iterator[int]:
    """Keep the verdicts page by page; yields how many were new so far."""
    kept = 0

    def keep(s: Session, verdicts: list[register.Verdict]) -> datetime | None:
        nonlocal kept
        now = utc_now()
        for v in verdicts:
            if cleaning_store.record_verdict(s, v, now):
                kept += 1
            elif _in_conflict(s, v.patient_id):
                _hold(s, v.checked_at)
        return max((v.checked_at for v in verdicts), default=None)

    for _page in pull_pages(db, client, register.PATH, cursor=settings.REGISTER_VERDICT_CURSOR,
                            size=PAGE, what="a page of register verdicts", key="verdicts",
                            read=register.verdict_from_json, keep=keep):
        yield kept


def pull_held_again(s: Session) -> None:
    """A conflict was settled: the next pull starts again at the earliest verdict held."""
    held = settings.read(s, settings.REGISTER_VERDICT_HELD)
    if not held:
        return
    cursor = settings.read(s, settings.REGISTER_VERDICT_CURSOR)
    # Compared as times: as text, "08:00:00Z" sorted after "08:00:00.5Z".
    if read_instant(held) < read_instant(cursor):
        settings.write(s, settings.REGISTER_VERDICT_CURSOR, held)
    settings.write(s, settings.REGISTER_VERDICT_HELD, "")


def _in_conflict(s: Session, person_id: str) -> bool:
    sync = s.get(SyncRecord, ("person", person_id))
    return sync is not None and sync.state == "conflict"


def _hold(s: Session, checked_at: datetime) -> None:
    held = settings.read(s, settings.REGISTER_VERDICT_HELD)
    if not held or checked_at < read_instant(held):
        settings.write(s, settings.REGISTER_VERDICT_HELD, checked_at.isoformat() + "Z")
