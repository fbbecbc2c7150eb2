"""People's personal data printed in bulk at the command line, where ``> file`` takes it out of
the encrypted database as surely as an exported file: audited as the exports are (who, what
was asked, how many came back; never the people, as the central platform's lookup log keeps
them), and the cleaning list a supervisor's, as the police's file of the same people is.

A volunteer took the cleaning list (names, birth dates, ID numbers) with ``vaxdesk cleaning
list --json > file``, which ``cleaning export`` refuses them, and any account printed every
person's identity and phone with ``vaxdesk search 001 --limit 100000``; neither left a trace.

A desk-size search (``search.PAGE`` people at most: a clerk looking one person up and telling
them from their namesakes) is not audited: the desk searches at every key, and an entry a
key would bury the trail.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.services import cleaning
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.search import PAGE, PersonHit, search_people

OUTPUT = "output"  # the audit entry's action: data printed at the command line


def cleaning_list(db: Database, *, actor: Actor, status: Iterable[str] | str | None = None,
                  problem: str | None = None, work_list: str | None = None
                  ) -> cleaning.Worklist:
    """The worklist as ``cleaning.worklist`` filters it, for printing: the police export's
    role, and audited as that export is (the people it holds counted) before a line is
    printed."""
    require(actor, *SUPERVISORS)
    work = cleaning.worklist(db, status=status, problem=problem, work_list=work_list)
    _audit(db, actor, "cleaning", {"people": len(work.cases)})
    return work


def bulk(limit: int) -> bool:
    """Whether a search asking for ``limit`` people is more than a desk's page.

    >>> bulk(PAGE), bulk(PAGE + 1)
    (False, True)
    """
    return limit > PAGE


def people_found(db: Database, query: str, *, limit: int, actor: Actor) -> list[PersonHit]:
    """``search_people`` for printing: more than a desk's page asked (``bulk``) is audited
    with the query, the limit and how many came back, before a line is printed."""
    hits = search_people(db, query, limit=limit)
    if bulk(limit):
        _audit(db, actor, "person", {"query": query.strip(), "limit": limit,
                                     "people": len(hits)})
    return hits


def _audit(db: Database, actor: Actor, entity: str, details: dict[str, Any]) -> None:
    # No record id: what was printed is told by the details (an entry names no one).
    with db.transaction() as s:
        s.add(store.audit_entry(OUTPUT, entity, "", details, utc_now(), actor.user_id))
