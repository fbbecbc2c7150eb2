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
their links changed, so they are told and drop that site's doses.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, insert, select

from central_server.db import commit_order
from central_server.db.models import ElsewhereNews, PatientLink
from central_server.register import links  # it tells here: used at call time
from central_server.register.clashes import citizens_across_sites
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
        for pid, site in members.items():
            linked[pid] = " ".join(sorted(o for o, s in members.items() if s != site))
            if any(members[c] != site for c in changed if c in members):
                told[pid] = site
    before: dict[str, str] = {}
    for chunk in chunks(relinked):
        before.update(conn.execute(select(ElsewhereNews.patient_id, ElsewhereNews.linked)
                                   .where(ElsewhereNews.patient_id.in_(chunk))).all())
    moved = [pid for pid in relinked - told.keys() if linked[pid] != before.get(pid, "")]
    for chunk in chunks(moved):
        told.update(conn.execute(select(PatientLink.patient_id, PatientLink.site_code)
                                 .where(PatientLink.patient_id.in_(chunk))).all())
    if not told:
        return 0
    serialise(conn)  # the register's lock: times handed out in commit order (sites page by it)
    first = commit_order.after(conn.execute(select(func.max(ElsewhereNews.told_at))).scalar(),
                               now)
    for chunk in chunks(told):
        conn.execute(delete(ElsewhereNews).where(ElsewhereNews.patient_id.in_(chunk)))
    conn.execute(insert(ElsewhereNews), [
        {"patient_id": pid, "site_code": told[pid], "told_at": first + i * commit_order.TICK,
         "linked": linked.get(pid, "")} for i, pid in enumerate(sorted(told))])
    return len(told)
