"""Telling each site which of its people's records changed at another site
(``desktop_app/wire/elsewhere.py``): kept where a citizen's records change, read by the
site's list.

A change is told where it can happen, beside the dose clashes (``clashes.find``): in the
transaction that writes Patients and doses (after the links are made), after staff link or
unlink a pair, and after a register check again links two records. Every other site's
Patient of the citizen is told; a Patient whose links changed is told itself (its citizen
may have lost a site). A citizen of one site, nearly all, costs the two indexed reads the
clashes make anyway and nothing written.

A correction that breaks a link (another name or date of birth at one site) tells the
Patients the citizen held before (``linked_now``, read before the links are made again):
their links changed, so they are told and drop that site's doses; each is told which
record parted from it and what it holds now (``fhir/elsewhere_news._parted``), for its
supervisor to check on the card, and the pair is on the review list (``links.relink``).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select

from central_server.db import commit_order
from central_server.db.models import ElsewhereNews, Resource
from central_server.register import links  # it tells here: used at call time
from central_server.register.clashes import citizens_across_sites, spread_pages
from central_server.register.table import chunks, serialise


def linked_now(conn: Any, patient_ids: Iterable[str]) -> set[str]:
    """The other Patients of these Patients' citizens, as the links stand now."""
    return {o for others in links.citizens_of(conn, list(patient_ids)).values()
            for o in others}


def tell(conn: Any, patient_ids: Iterable[str], now: datetime, *,
         relinked: Iterable[str] = ()) -> int:
    """Tell the other sites' Patients of these Patients' citizens, and the ``relinked``
    Patients whose other sites' records are not those they were last told of, in the
    caller's transaction. Returns how many were told."""
    changed, relinked = set(patient_ids), set(relinked)
    linked: dict[str, str] = dict.fromkeys(relinked, "")  # other sites' Patients, now
    told: dict[str, str] = {}  # Patient: its site
    for members in citizens_across_sites(conn, changed | relinked):
        sites_changed = {s for c, s in members.items() if c in changed}
        for pid, site in members.items():
            linked[pid] = " ".join(sorted(o for o, s in members.items() if s != site))
            if sites_changed - {site}:
                told[pid] = site
    # Every member's links are weighed, not only the relinked ones': a link made or undone
    # between two Patients changes the other sites' doses of a third site's too.
    before: dict[str, tuple[str, str]] = {}
    for chunk in chunks(linked):
        before.update((pid, (was, spoken)) for pid, was, spoken in conn.execute(
            select(ElsewhereNews.patient_id, ElsewhereNews.linked, ElsewhereNews.spoken)
            .where(ElsewhereNews.patient_id.in_(chunk))))
    moved = [pid for pid in linked.keys() - told.keys()
             if linked[pid] != before.get(pid, ("", ""))[0]]
    for chunk in chunks(moved):  # by the Patient itself: one whose number was cleared has
        # no link row left, and must be told its other sites' doses are gone all the same
        told.update(conn.execute(select(Resource.id, Resource.site_code).where(
            Resource.type == "Patient", Resource.id.in_(chunk))).all())
    if not told:
        return 0
    serialise(conn)  # the register's lock: times handed out in commit order (sites page by it)
    first = commit_order.after(conn.execute(select(func.max(ElsewhereNews.told_at))).scalar(),
                               now)
    for chunk in chunks(told):
        conn.execute(delete(ElsewhereNews).where(ElsewhereNews.patient_id.in_(chunk)))
    conn.execute(insert(ElsewhereNews), [
        {"patient_id": pid, "site_code": told[pid], "told_at": first + i * commit_order.TICK,
         "linked": linked.get(pid, ""),
         "spoken": _joined(before.get(pid, ("", ""))[1], linked.get(pid, ""))}
        for i, pid in enumerate(sorted(told))])
    return len(told)


def _joined(*ids: str) -> str:
    """Space-separated Patient ids, each once, sorted."""
    return " ".join(sorted({i for group in ids for i in group.split()}))


def tell_all(engine: Engine, now: datetime) -> int:
    """Every Patient of a citizen of two sites or more told (a store from before the
    platform told sites: they would hear of nothing until their citizen next changed), a
    page a transaction; returns how many were told."""
    return sum(tell(conn, (), now, relinked=patients)
               for conn, patients in spread_pages(engine))
