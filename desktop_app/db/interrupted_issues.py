"""Certificates whose PDF took its name but whose recording a kill cut off: recorded when the
database is next opened, so no paper exists that the database does not know was issued.

A certificate is recorded as issued (``certificate_issue``, its "certificate" audit entry)
in the transaction that renames its finished PDF into place
(``services/certificate_issuing.record_with_file``). The rename is a file-system step, the
commit a database one: a kill in the instant between them left a PDF, which a clerk may
print, whose certificates were never recorded (a void could not revoke them, the import
undo said nobody held them). So before the rename, a short transaction of its own notes the
naming (``noting``): where the PDF goes, the SHA-256 of the finished part, and each issue as
it would be recorded. The recording's transaction is then made as before, and the note is
dropped once it is over, recorded or refused.

At the next opening (``finish_interrupted_namings``; only one process holds a database,
db/instance_lock.py, so nothing can still be naming) a note left behind means the process
died somewhere between the note and its drop:

- the file at the PDF's name is the one noted (same SHA-256): the rename happened, so the
  certificates are printed-or-printable; those the recording had not committed are
  recorded now, as it would have recorded them (its own time, user and audit details);
- otherwise (no such file, or another one: an older PDF under the same name): the paper
  was never named, nothing is recorded, and the finished part left beside it is removed
  (it holds people's names and ID numbers, and is no file the clerk asked for);
- its folder not there (a USB drive not plugged in): the note waits for an opening that
  finds it.

So "recorded and not printed" stays impossible (nothing is recorded before the rename) and
"printed and not recorded" lasts only until the next opening. A note is the issues' JSON
(about 300 bytes a certificate: 600 KB for a batch of 2,000).
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.db.certificate_issues import record_issue
from desktop_app.db.models import AuditEntry
from desktop_app.db.models import Setting as SettingRow
from desktop_app.db.store import audit_entry

if TYPE_CHECKING:
    from desktop_app.db.database import Database

PENDING = "certificates_being_named"  # setting key: JSON {token: naming}
_log = logging.getLogger(__name__)


def issue_entry(uvci: str, person_id: str, dose_id: str, kid: str, at: datetime,
                user_id: str | None, details: dict[str, Any]) -> dict[str, Any]:
    """One certificate's issue as the recording writes it (``record_issue`` and its
    "certificate" audit entry), for a note."""
    return {"uvci": uvci, "person_id": person_id, "dose_id": dose_id, "kid": kid,
            "at": at.isoformat(), "user_id": user_id, "details": details}


@contextmanager
def noting(db: Database, issues: list[dict[str, Any]], part: Path, out: Path
           ) -> Iterator[None]:
    """The block renames the finished ``part`` to ``out`` and records ``issues`` (entries
    of ``issue_entry``): noted, committed, before it; the note dropped after it, whatever
    its outcome (see the module)."""
    token = secrets.token_hex(8)
    naming = {"out": str(out.absolute()), "part": str(part.absolute()),
              "sha256": file_digest(part), "issues": issues}
    with db.transaction() as s:
        pending = _pending(s)
        pending[token] = naming
        _write(s, pending)
    try:
        yield
    except BaseException:
        try:
            _drop(db, token)
        except Exception:  # the block's own failure is the one to raise; the next
            _log.exception("a naming's note not dropped: the next opening settles it")
        raise
    _drop(db, token)


def finish_interrupted_namings(s: Session) -> int:
    """Settle every note a killed process left (see the module); returns how many
    certificates were recorded now."""
    pending = _pending(s)
    if not pending:
        return 0
    recorded, unsettled = 0, {}
    for token, naming in pending.items():
        out, part = Path(naming["out"]), Path(naming["part"])
        if not out.parent.is_dir():  # a USB drive not plugged in: judged when it is
            unsettled[token] = naming
            continue
        if _digest_or_none(out) == naming["sha256"]:
            now_recorded = _record_missing(s, naming["issues"])
            _log.warning("%s was named, %d of its certificates not recorded: recorded now",
                         out.name, now_recorded)
            recorded += now_recorded
        elif _digest_or_none(part) == naming["sha256"]:
            part.unlink(missing_ok=True)  # finished, never named: nobody asked for it
    _write(s, unsettled)
    return recorded


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _digest_or_none(path: Path) -> str | None:
    try:
        return file_digest(path)
    except OSError:  # not there (or not readable: not ours to judge as the PDF)
        return None


def _record_missing(s: Session, issues: list[dict[str, Any]]) -> int:
    """The issues whose "certificate" audit entry (at their own time, of their UVCI) is not
    there: a recording commits each with its entry, so one without the other is not."""
    times = {datetime.fromisoformat(e["at"]) for e in issues}
    audited = {(person_id, json.loads(details or "{}").get("uvci"), at)
               for person_id, details, at in s.execute(
                   select(AuditEntry.entity_id, AuditEntry.details, AuditEntry.at)
                   .where(AuditEntry.action == "certificate", AuditEntry.at.in_(times)))}
    recorded = 0
    for e in issues:
        at = datetime.fromisoformat(e["at"])
        if (e["person_id"], e["uvci"], at) in audited:
            continue
        record_issue(s, e["uvci"], person_id=e["person_id"], dose_id=e["dose_id"],
                     kid=e["kid"], now=at, user_id=e["user_id"])
        s.add(audit_entry("certificate", "person", e["person_id"], e["details"], at,
                          e["user_id"]))
        recorded += 1
    return recorded


def _drop(db: Database, token: str) -> None:
    with db.transaction() as s:
        pending = _pending(s)
        if pending.pop(token, None) is not None:
            _write(s, pending)


def _pending(s: Session) -> dict[str, Any]:
    row = s.get(SettingRow, PENDING)
    return (json.loads(row.value) or {}) if row is not None else {}


def _write(s: Session, pending: dict[str, Any]) -> None:
    row = s.get(SettingRow, PENDING)
    if not pending:
        if row is not None:
            s.delete(row)
        return
    value = json.dumps(pending, ensure_ascii=False)
    if row is None:
        s.add(SettingRow(key=PENDING, value=value))
    else:
        row.value = value
