"""``vaxdesk-central complaints resolve``: central staff answer a complaint at a terminal,
as the province does on the dashboard: a rejection with its reason or a reply in words
(``rules.complaints.check_staff_answer``, applied by the store's one ``resolve`` to every
staff answer: staff record no dose and correct no record; a reply on a complaint a site
holds leaves it open there), its trail naming the operator (``cli:<operator>``) as the
admin log does. ``vaxdesk-central complaints route`` moves one to the site that should
answer it (``store.reroute``), as the province does on the dashboard."""

from __future__ import annotations

from sqlalchemy import Engine

from central_server import admin_log
from central_server.complaints import store
from central_server.fhir.store import Principal, utc_now
from desktop_app.wire.complaints import OPEN, Resolution, normalise_code


def resolve_command(engine: Engine, code: str, action: str, note: str,
                    operator: str | None) -> int:
    """0 and the outcome printed; 2 with the refusal in words (no such code, an action
    only a site can take, a rejection or reply without its words, already answered
    otherwise)."""

    who = admin_log.operator(operator)
    wanted = normalise_code(code.strip())
    now = utc_now()
    answer = Resolution(action, note.strip(), who, now)
    try:
        done = store.resolve(engine, wanted, answer, Principal(None, f"cli:{who}"[:100]), now)
    except (store.Refused, store.ResolvedOtherwise, LookupError) as refused:
        return _said(refused, wanted, "COMPLAINT_RESOLVED_OTHERWISE")
    replied = " (replied; still open at its site)" if done.status == OPEN else ""
    print(f"{done.code}: {done.status}{replied}")
    return 0


def route_command(engine: Engine, code: str, site_code: str, reason: str,
                  operator: str | None) -> int:
    """0 and where it went printed; 2 with the refusal in words (no such code or site, the
    site holding it already, no reason, already answered)."""

    who = admin_log.operator(operator)
    wanted = normalise_code(code.strip())
    try:
        moved = store.reroute(engine, wanted, site_code.strip(),
                              Principal(None, f"cli:{who}"[:100]), utc_now(), reason)
    except (store.Refused, store.ResolvedOtherwise, LookupError) as refused:
        return _said(refused, wanted, "COMPLAINT_MOVE_CLOSED")
    print(f"{moved.code}: now with {moved.site_code}")
    return 0


def _said(refused: Exception, code: str, closed: str) -> int:
    """The store's refusal in words on stderr, 2: its problems, ``closed`` (answered
    already), or no such complaint."""
    from central_server.cli import refused_in_words

    if isinstance(refused, store.Refused):
        for problem in refused.problems:
            refused_in_words(problem.code, **problem.params)
        return 2
    if isinstance(refused, store.ResolvedOtherwise):
        return refused_in_words(closed, complaint=code)
    return refused_in_words("COMPLAINT_NOT_FOUND", complaint=code)
