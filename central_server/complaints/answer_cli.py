"""``vaxdesk-central complaints resolve``: central staff answer a complaint at a terminal,
through the store's one ``resolve`` (the rule a site's answer meets), its trail naming the
operator (``cli:<operator>``) as the admin log does."""

from __future__ import annotations

from sqlalchemy import Engine

from central_server import admin_log
from central_server.complaints import store
from central_server.fhir.store import Principal, utc_now
from desktop_app.wire.complaints import Resolution, normalise_code


def resolve_command(engine: Engine, code: str, action: str, note: str,
                    operator: str | None) -> int:
    """0 and the outcome printed; 2 with the refusal in words (no such code, a rejection
    without its reason, already answered otherwise)."""
    from central_server.cli import refused_in_words

    who = admin_log.operator(operator)
    wanted = normalise_code(code.strip())
    now = utc_now()
    try:
        done = store.resolve(engine, wanted, Resolution(action, note.strip(), who, now),
                             Principal(None, f"cli:{who}"[:100]), now)
    except store.Refused as refused:
        for problem in refused.problems:
            refused_in_words(problem.code, **problem.params)
        return 2
    except store.ResolvedOtherwise:
        return refused_in_words("COMPLAINT_RESOLVED_OTHERWISE", complaint=wanted)
    except LookupError:
        return refused_in_words("COMPLAINT_NOT_FOUND", complaint=wanted)
    print(f"{done.code}: {done.status}")
    return 0
