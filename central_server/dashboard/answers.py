"""A complaint answered by the level that holds it (``open_complaints.holds``): the province
(or the country) where no site does, or where the site let it pass its deadline (the site
may still answer; whichever answer comes first stands). The officer records no dose and
corrects no record, so the answer is a rejection with its reason or a reply in words
(``rules.complaints.check_staff_answer``, which ``store.resolve`` applies to every staff
answer, as to ``vaxdesk-central complaints resolve`` and the API's); a reply on a complaint
a site holds leaves it open there. Recorded by the same ``store.resolve`` as a site's
answer, its trail naming the officer (``dashboard:<username>``)."""

from __future__ import annotations

from datetime import datetime

from central_server.complaints import store
from central_server.dashboard import open_complaints
from central_server.dashboard.tables import View
from central_server.fhir.store import Principal
from desktop_app.rules.complaints import check_staff_answer
from desktop_app.rules.problems import error
from desktop_app.wire.complaints import STAFF_ACTIONS, Complaint, Resolution

LABEL = "dashboard:{}"  # the complaint event's label: whose login answered


class NotHeld(LookupError):
    """Not a complaint the officer's level holds (another area's, a site's, or none)."""


def answer(view: View, username: str, code: str, action: str, note: str,
           now: datetime) -> Complaint:
    """Record the officer's answer; raises ``NotHeld``, ``store.Refused`` (no outcome
    chosen, one only a site can give, a rejection or reply without its words) or
    ``store.ResolvedOtherwise``."""
    found = open_complaints.one(view, code)
    if found is None or not open_complaints.holds(view, found):
        raise NotHeld(code)
    if not action:  # said with the note's own problem, if any: one trip to correct both
        words = Resolution(STAFF_ACTIONS[0], note.strip(), username, now)
        raise store.Refused([error("DASH_ANSWER_ACTION_REQUIRED", "action"),
                             *check_staff_answer(words)])
    resolution = Resolution(action, note.strip(), resolved_by=username, resolved_at=now)
    return store.resolve(view.engine, found.code, resolution,
                         Principal(None, LABEL.format(username)), now)
