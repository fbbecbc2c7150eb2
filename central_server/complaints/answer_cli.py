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
    from central_server.cli import refused_in_words

    who = admin_log.operator(operator)
    wanted = normalise_code(code.strip())
    now = utc_now()
    answer = Resolution(action, note.strip(), who, now)
    try:
        done = store.resolve(engine, wanted, answer, Principal(None, f"cli:{who}"[:100]), now)
    except store.Refused as refused:
        for problem in refused.problems:
            refused_in_words(problem.code, **problem.params)
        return 2
    except store.ResolvedOtherwise:
        return refused_in_words("COMPLAINT_RESOLVED_OTHERWISE", complaint=wanted)
    except LookupError:
        return refused_in_words("COMPLAINT_NOT_FOUND", complaint=wanted)
    replied = " (replied; still open at its site)" if done.status == OPEN else ""
    print(f"{done.code}: {done.status}{replied}")
    return 0


def route_command(engine: Engine, code: str, site_code: str, reason: str,
                  operator: str | None) -> int:
    """0 and where it went printed; 2 with the refusal in words (no such code or site, the
    site holding it already, no reason, already answered)."""
    from central_server.cli import refused_in_words

    who = admin_log.operator(operator)
    wanted = normalise_code(code.strip())
    try:
        moved = store.reroute(engine, wanted, site_code.strip(),
                              Principal(None, f"cli:{who}"[:100]), utc_now(), reason)
    except store.Refused as refused:
        for problem in refused.problems:
            refused_in_words(problem.code, **problem.params)
        return 2
    except store.ResolvedOtherwise:
        return refused_in_words("COMPLAINT_MOVE_CLOSED", complaint=wanted)
    except LookupError:
        return refused_in_words("COMPLAINT_NOT_FOUND", complaint=wanted)
    print(f"{moved.code}: now with {moved.site_code}")
    return 0
