"""Certificate batches a kill stopped, said at the next start: which batch, how far it got,
where the paper of the certificates it recorded is, and what to do.

A batch records its certificates a part (50 people, a PDF of its own) at a time and joins
the parts into the file asked for (``services/certificates.write_certificates``). Killed
part-way (the laptop's power, the task manager), it used to leave its recorded parts as
"<file> (1-50).pdf", "<file> (51-100).pdf"… and not a word: nobody knew the batch had
stopped, who had a certificate recorded, or that there was paper to print. The opening
after the kill settles it (``db/interrupted_issues.py``: the parts recorded joined into
the file asked for, the drawn ones removed) and keeps what it found; the app's start
(``ui/app.py``) shows it here, once, to the clerk or supervisor who opens it. A volunteer
makes no certificates: for them it is kept for the next one who does. A batch that
failed in the running process after a part was recorded (a full disk, a USB drive pulled
out) is settled and said the same way, as one that failed (the clerk saw the error then).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from desktop_app.clock import local_time, utc_now
from desktop_app.db import interrupted_issues
from desktop_app.db.database import Database
from desktop_app.db.models import User
from desktop_app.db.store import audit_entry
from desktop_app.rules.messages import Part, text
from desktop_app.services.actor import RECORDERS, Actor


def stopped_batches(db: Database, *, actor: Actor, lang: str = "vi") -> list[str]:
    """What each stopped batch not yet said left, a paragraph each (oldest first), in
    ``lang``; the notes are then dropped: said once, and audited as told to ``actor``.
    Nothing for a volunteer (kept)."""
    if actor.role not in RECORDERS:  # not refused: kept for one who makes certificates
        return []
    with db.reading() as s:  # the usual start: nothing to say, nothing written
        if not interrupted_issues.stopped_batches(s):
            return []
    with db.transaction() as s:
        stopped = interrupted_issues.stopped_batches(s)
        names = dict(s.execute(select(User.id, User.full_name).where(
            User.id.in_({b["user_id"] for b in stopped.values() if b["user_id"]}))).all())
        interrupted_issues.forget_stopped(s, stopped)
        now = utc_now()
        for batch in stopped.values():  # who was told which paper is missing, and when
            s.add(audit_entry("batch_told", "file", Path(batch["out"]).name,
                              {"file": batch["out"], "people": batch["people"],
                               "count": batch["stopped"]["count"]}, now, actor.user_id))
    batches = sorted(stopped.values(), key=lambda b: b["at"])
    return [said(b, names.get(b["user_id"] or ""), lang) for b in batches]


def said(batch: dict[str, Any], user: str | None, lang: str = "vi") -> str:
    """A stopped batch's note (``interrupted_issues.stopped_batches``) in words.

    >>> print(said({"out": "/u/n.pdf", "people": 120, "user_id": "u1",
    ...             "at": "2026-11-20T01:30:00",
    ...             "stopped": {"count": 50, "files": ["/u/n.pdf"], "missing": [],
    ...                         "joined": True}}, "Lan", "en"))  # doctest: +ELLIPSIS
    The certificate batch for 120 people, started at 20/11/2026 ... by Lan, stopped ...
    <BLANKLINE>
    The batch's first 50 people were recorded as given a certificate; their pages are in /u/n.pdf.
    <BLANKLINE>
    The other 70 got no certificate (none saved, none recorded): make the batch again; ...
    """
    stopped, people = batch["stopped"], batch["people"]
    count, path = stopped["count"], batch["out"]
    lines = [text("CERT_BATCH_FAILED" if batch.get("failed") else "CERT_BATCH_STOPPED",
                  lang, people=people,
                  by=Part("CERT_BATCH_BY", user=user) if user else "",
                  at=local_time(datetime.fromisoformat(batch["at"])))]
    if not count:
        return "\n\n".join([*lines, text("CERT_BATCH_NONE_RECORDED", lang, path=path)])
    if stopped["files"] == [path]:
        lines.append(text("CERT_BATCH_ALL_IN_FILE", lang, count=count, path=path)
                     if count == people else
                     text("CERT_BATCH_IN_FILE", lang, count=count, path=path))
    else:  # where they were written; those no longer there said next
        lines.append(text("CERT_BATCH_IN_PARTS", lang, count=count,
                          files=_listed(stopped["files"])))
    if stopped["missing"]:
        lines.append(text("CERT_BATCH_PARTS_MISSING", lang, files=_listed(stopped["missing"])))
    if count < people:
        lines.append(text("CERT_BATCH_REST", lang, rest=people - count))
    return "\n\n".join(lines)


def _listed(files: list[str]) -> str:
    return "\n".join(f"  {name}" for name in files)
