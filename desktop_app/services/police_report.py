"""The police round trip written down as JSON: the returned file's differences and, once
applied, what Apply did with them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.paths import private_output
from desktop_app.services.actor import SUPERVISORS, Actor, require
from desktop_app.services.demo_guard import export_mark
from desktop_app.services.police_apply import ApplyOutcome
from desktop_app.services.police_returned import Returned


def save_returned_report(db: Database, returned: Returned, out: Path, *, actor: Actor,
                         applied: ApplyOutcome | None = None) -> None:
    """The differences as JSON (names and the values now and as verified, what the rules
    refused and why, who did not come back), and what Apply did once it has; audited: they
    leave the encrypted file as the list sent to the police does."""
    require(actor, *SUPERVISORS)
    body: dict[str, Any] = {
        **({"demo": mark} if (mark := export_mark(db, "vi")) else {}),
        "file": returned.file, "counts": dict(returned.counts()),
        "rows": [{"row": r.sheet_row, "person_id": r.person_id, "name": r.full_name,
                  "result": r.result, "answer": r.read.answer, "note": r.read.note or None,
                  "kind": r.kind,
                  "changes": {f: [old, new] for f, (old, new) in r.changes.items()},
                  "problems": [p.code for p in r.problems], "refused": r.refusal,
                  "held_elsewhere": r.elsewhere}
                 for r in returned.rows],
        "skipped": [{"row": n, "why": why} for n, why in returned.skipped],
        "hidden_rows": returned.hidden,  # skipped too: struck out or filtered out
        "not_returned": [{"person_id": pid, "name": name} for pid, name in returned.missing],
        "unchecked_elsewhere": returned.unchecked,
        "checked_elsewhere_on_apply": returned.asked_on_apply}
    if applied is not None:
        body["applied"] = {"corrected": applied.corrected, "fixed": applied.fixed,
                           "cannot_verify": applied.cannot_verify,
                           "still_open": applied.still_open,
                           "refused": [{"row": n, "why": why} for n, why in applied.refused],
                           "not_applied": len(applied.not_applied),
                           "waiting": applied.waiting}
    with private_output(out) as part:
        part.write_text(json.dumps(body, ensure_ascii=False, indent=1, default=str),
                        encoding="utf-8")
    with db.transaction() as s:
        s.add(store.audit_entry("export", "cleaning", out.name,
                                {"people": len(returned.rows)}, utc_now(), actor.user_id))
