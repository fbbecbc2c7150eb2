"""Staff's word on a pair of two sites' Patients (``vaxdesk-central link`` / ``unlink``),
recorded and applied at once; it outweighs the automatic rule from then on
(``links.relink_groups``), which this leaves as it is.

A pair sharing an identifier is the review list's: staff link or unlink it as they find.
A pair sharing none may be unlinked (a pair a correction parted, found two people) or
linked: one citizen under his old CMND at one site and his new CCCD (or a passport) at
another is the pair no rule can link. Only the officer's reading ties those two, so such a
link needs the officer's reason (kept in the admin log with who gave it), and a different
date of birth needs ``force`` besides: two people is then the likelier reading.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select

from central_server.db.models import LinkDecision, PatientLink
from central_server.register import clashes, elsewhere
from central_server.register.links import Key, relink_groups
from central_server.register.table import serialise
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import UserError


class LinkRefused(UserError):
    """A link across numbers not made: no reason given, or another date of birth without
    ``force``. Said in both languages (``cli.refused_in_words``)."""


def decide(conn: Any, one: str, other: str, decision: str, now: datetime, *,
           reason: str = "", force: bool = False) -> None:
    """Record staff's decision on a pair and relink their identifiers' Patients at once.
    Raises LookupError unless both are Patients of different sites with a well-formed
    identifier, and LinkRefused for a link across numbers that lacks ``reason`` (or
    ``force``, their dates of birth differing)."""
    a, b = sorted((one, other))
    held: dict[str, set[Key]] = defaultdict(set)
    row: dict[str, Any] = {}
    for r in conn.execute(select(PatientLink.__table__).where(
            PatientLink.patient_id.in_((a, b)))):
        held[r.patient_id].add((r.identifier_system, r.identifier_value))
        row[r.patient_id] = r
    if len(held) < 2 or a == b:
        raise LookupError("both must be Patients with a well-formed identifier")
    if row[a].site_code == row[b].site_code:
        raise LookupError("two Patients of one site are that site's to merge; staff decide "
                          "pairs of two sites")
    if decision == "link" and not held[a] & held[b]:
        _may_link_across(row[one], row[other], reason, force)
    serialise(conn)
    conn.execute(delete(LinkDecision).where(LinkDecision.patient_a == a,
                                            LinkDecision.patient_b == b))
    conn.execute(insert(LinkDecision).values(patient_a=a, patient_b=b, decision=decision,
                                             decided_at=now))
    held_before = elsewhere.linked_now(conn, (a, b))  # a third site's Patient among them
    # Either may hold a pair to settle beyond the identifier they share, if any.
    relink_groups(conn, held[a] | held[b], now, (a, b))
    clashes.find(conn, (a, b), (), now)  # one citizen now, or two again: their doses
    elsewhere.tell(conn, (), now, relinked={a, b, *held_before})  # each told, or not


def _may_link_across(one: Any, other: Any, reason: str, force: bool) -> None:
    if not reason.strip():
        raise LinkRefused("LINK_REASON_REQUIRED", one=one.patient_id, other=other.patient_id)
    if one.birth_date and other.birth_date and one.birth_date != other.birth_date \
            and not force:
        raise LinkRefused("LINK_DOB_DIFFERS", dob=format_date(one.birth_date),
                          site=one.site_code, other_dob=format_date(other.birth_date),
                          other_site=other.site_code)
