"""Certificates whose PDF took its name but whose recording a kill cut off: recorded when the
database is next opened, so no paper exists that the database does not know was issued;
and certificate batches a kill stopped: their recorded parts joined, and kept to be said.

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

A batch (``services/certificates.write_certificates``) is noted the same way, as a whole
(``noting_batch``): the file asked for, its parts' names ("<file> (51-100).pdf", each
named and recorded as above), how many people, who, when; each part's naming, once over
and recorded, adds the part (its name, SHA-256, certificates) to it. Killed anywhere
between its start and its end (dropped once the batch is over and its outcome said), it
is settled at the next opening (``finish_interrupted_batches``, after the namings, which
add the part a kill cut off once it is recorded):

- the parts' drawn, never named ``.part`` files are removed (names and ID numbers);
- the parts recorded, all still there (their SHA-256): joined into the file asked for
  (which the batch was to replace; a kill while joining left it whole or untouched), and
  removed once this opening is committed; one missing (moved, deleted): left as they are;
- the note is kept, ``stopped``, for the app to say at its start to the next clerk or
  supervisor (``services/stopped_batches.py``): the batch, N of its M people recorded,
  the files their paper is in. Its folder not there: it waits, as a naming does.

A batch that fails in the running process after a part was recorded (the disk full or the
USB drive pulled out while a later part is written, any unexpected error) keeps its note
the same way, marked ``failed``, and is settled by the next opening as after a kill; the
clerk is told at once how many were recorded and that they are put together then, unless
the clerk makes a batch for the same file before and it records a part: the note is then
dropped, its recorded parts left as the failure named them (joined, they would replace the
file made again). A batch made again that records nothing leaves the promise standing.
Failed before any part was recorded, it recorded nothing and its note is dropped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop_app.certificates.pdfium_calls import join_into
from desktop_app.db.certificate_issues import record_issue
from desktop_app.db.models import AuditEntry
from desktop_app.db.models import Setting as SettingRow
from desktop_app.db.store import audit_entry

if TYPE_CHECKING:
    from desktop_app.db.database import Database

PENDING = "certificates_being_named"  # setting key: JSON {token: naming}
BATCHES = "certificate_batches_being_made"  # setting key: JSON {token: batch}
_log = logging.getLogger(__name__)


def issue_entry(uvci: str, person_id: str, dose_id: str, kid: str, at: datetime,
                user_id: str | None, details: dict[str, Any]) -> dict[str, Any]:
    """One certificate's issue as the recording writes it (``record_issue`` and its
    "certificate" audit entry), for a note."""
    return {"uvci": uvci, "person_id": person_id, "dose_id": dose_id, "kid": kid,
            "at": at.isoformat(), "user_id": user_id, "details": details}


@contextmanager
def noting(db: Database, issues: list[dict[str, Any]], part: Path, out: Path,
           batch: str | None = None) -> Iterator[None]:
    """The block renames the finished ``part`` to ``out`` and records ``issues`` (entries
    of ``issue_entry``): noted, committed, before it; the note dropped after it, whatever
    its outcome (see the module). ``batch``: the ``noting_batch`` token of the batch
    ``out`` is a part of, which the part joins once the block has recorded it."""
    token = secrets.token_hex(8)
    naming = {"out": str(out.absolute()), "part": str(part.absolute()),
              "sha256": file_digest(part), "issues": issues, "batch": batch}
    with db.transaction() as s:
        pending = _notes(s, PENDING)
        pending[token] = naming
        _write(s, PENDING, pending)
    try:
        yield
    except BaseException:
        try:
            _drop(db, PENDING, token)
        except Exception:  # the block's own failure is the one to raise; the next
            _log.exception("a naming's note not dropped: the next opening settles it")
        raise
    _drop(db, PENDING, token, naming)


@contextmanager
def noting_batch(db: Database, out: Path, parts: list[Path], people: int,
                 user_id: str | None, at: datetime) -> Iterator[str]:
    """The block makes a batch of ``people`` certificates for ``out`` in ``parts`` (the
    names they take, ``out`` itself for a batch of one part): noted, committed, before it;
    dropped after it if it ends, or fails before any part is recorded (the batch says
    either itself). A failure after a part was recorded (a full disk, a USB drive pulled
    out, a bug) keeps it, marked ``failed``: the next opening settles it as after a kill
    and the next start says it; a block that settles and says such a failure itself (its
    recorded parts joined) drops it first (``drop_batch``). Yields the token its parts'
    namings give (``noting``)."""
    token = secrets.token_hex(8)
    batch = {"out": str(out.absolute()), "parts": [str(p.absolute()) for p in parts],
             "people": people, "user_id": user_id, "at": at.isoformat(), "recorded": []}
    with db.transaction() as s:
        batches = _notes(s, BATCHES)
        batch["supersedes"] = _failed_for(batches, batch["out"])
        batches[token] = batch
        _write(s, BATCHES, batches)
    try:
        yield token
    except BaseException:
        try:
            _failed(db, token)
        except Exception:  # as in ``noting``
            _log.exception("a batch's note not settled: the next opening says it stopped")
        raise
    _drop(db, BATCHES, token)


def _failed_for(batches: dict[str, Any], out: str) -> list[str]:
    """The batches for ``out`` that failed in a running process, not yet settled: the
    clerk makes the batch again, as the failure said to. Once the new batch has recorded
    a part, the next opening must not join the old parts over the file made now, so
    their notes are dropped then (``_add_to_batch``; their certificates stay recorded, in
    the part files the failure named); a new batch that records nothing keeps them."""
    return [t for t, b in batches.items()
            if b.get("failed") and "stopped" not in b and b["out"] == out]


def drop_batch(db: Database, token: str) -> None:
    """The batch ``token`` over and its outcome said by the batch itself: its note dropped."""
    _drop(db, BATCHES, token)


def _failed(db: Database, token: str) -> None:
    """The batch ``token`` failed: its note dropped if nothing of it was recorded (not a
    part, nor a naming of one the next opening may find recorded), else kept ``failed``."""
    with db.transaction() as s:
        batches = _notes(s, BATCHES)
        batch = batches.get(token)
        if batch is None:
            return
        if batch["recorded"] or any(naming.get("batch") == token
                                    for naming in _notes(s, PENDING).values()):
            batch["failed"] = True
            _log.warning("the batch for %s failed after %d of its parts were recorded: "
                         "the next opening settles it", batch["out"], len(batch["recorded"]))
        else:
            del batches[token]
        _write(s, BATCHES, batches)


def finish_interrupted_namings(s: Session) -> int:
    """Settle every note a killed process left (see the module); returns how many
    certificates were recorded now."""
    pending = _notes(s, PENDING)
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
            _add_to_batch(s, naming)
        elif _digest_or_none(part) == naming["sha256"]:
            part.unlink(missing_ok=True)  # finished, never named: nobody asked for it
    _write(s, PENDING, unsettled)
    return recorded


def finish_interrupted_batches(s: Session) -> list[Path]:
    """Settle every batch a killed process left (see the module), after
    ``finish_interrupted_namings``; returns the parts to remove once ``s`` is committed
    (joined into the file asked for: until then the parts are what the note names)."""
    batches = _notes(s, BATCHES)
    remove: list[Path] = []
    for batch in batches.values():
        if "stopped" in batch or not Path(batch["out"]).parent.is_dir():
            continue  # said at a start still to come; a USB drive not plugged in
        batch["stopped"], joined = _stopped(batch)
        remove += joined
        _log.warning("the batch for %s stopped: %d of %d certificates recorded, in %s",
                     batch["out"], batch["stopped"]["count"], batch["people"],
                     batch["stopped"]["files"])
    if batches:
        _write(s, BATCHES, batches)
    return remove


def stopped_batches(s: Session) -> dict[str, dict[str, Any]]:
    """The batches settled as stopped (``finish_interrupted_batches``) not yet said, by
    token: ``out``, ``people``, ``user_id``, ``at``, ``failed`` if it failed in the running
    process (not killed), and ``stopped`` (``count`` certificates recorded, the ``files``
    their pages were put in, in order, those of them ``missing`` now, whether the parts
    were ``joined`` into ``out``)."""
    return {token: batch for token, batch in _notes(s, BATCHES).items()
            if "stopped" in batch}


def forget_stopped(s: Session, tokens: Iterable[str]) -> None:
    """These stopped batches said: their notes dropped."""
    batches = _notes(s, BATCHES)
    for token in tokens:
        if "stopped" in batches.get(token, {}):
            del batches[token]
    _write(s, BATCHES, batches)


def remove_quietly(path: Path) -> None:
    """``path`` removed if it can be: one a viewer holds open (Windows) stays, and the
    opening goes on."""
    try:
        path.unlink(missing_ok=True)
    except OSError:
        _log.warning("%s could not be removed", path, exc_info=True)


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


def _stopped(batch: dict[str, Any]) -> tuple[dict[str, Any], list[Path]]:
    """What a stopped batch left, its leftovers removed and its parts joined if they can
    be; and the parts joined, to remove."""
    out = Path(batch["out"])
    for name in {*batch["parts"], batch["out"]}:  # drawn or being joined, never named
        remove_quietly(Path(name + ".part"))
    recorded = batch["recorded"]
    files = [r["file"] for r in recorded]  # in the batch's order
    missing = [r["file"] for r in recorded if _digest_or_none(Path(r["file"])) != r["sha256"]]
    joined: list[Path] = []
    if files and not missing and files != [str(out)]:
        try:
            join_into([Path(f) for f in files], out)
            joined, files = [Path(f) for f in files], [str(out)]
        except Exception:  # noqa: BLE001 - the opening goes on; the parts are said instead
            _log.exception("the parts of %s not joined", out)
    return {"count": sum(r["count"] for r in recorded), "files": files, "missing": missing,
            "joined": bool(joined)}, joined


def _add_to_batch(s: Session, naming: dict[str, Any]) -> None:
    """A batch's part, named and recorded: added to its batch's note (if it has one)."""
    batches = _notes(s, BATCHES)
    batch = batches.get(naming.get("batch") or "")
    if batch is None:
        return
    batch["recorded"] = [r for r in batch["recorded"] if r["file"] != naming["out"]] + [
        {"file": naming["out"], "sha256": naming["sha256"], "count": len(naming["issues"])}]
    for old in batch.pop("supersedes", ()):  # made again: see ``_failed_for``
        if batches.pop(old, None) is not None:
            _log.warning("a failed batch for %s made again: its note dropped", batch["out"])
    _write(s, BATCHES, batches)


def _drop(db: Database, key: str, token: str,
          recorded: dict[str, Any] | None = None) -> None:
    """The note ``token`` under ``key`` dropped; ``recorded``: a naming whose block
    recorded it, added to its batch in the same transaction."""
    with db.transaction() as s:
        notes = _notes(s, key)
        if notes.pop(token, None) is not None:
            _write(s, key, notes)
        if recorded is not None:
            _add_to_batch(s, recorded)


def _notes(s: Session, key: str) -> dict[str, Any]:
    row = s.get(SettingRow, key)
    return (json.loads(row.value) or {}) if row is not None else {}


def _write(s: Session, key: str, notes: dict[str, Any]) -> None:
    row = s.get(SettingRow, key)
    if not notes:
        if row is not None:
            s.delete(row)
        return
    value = json.dumps(notes, ensure_ascii=False)
    if row is None:
        s.add(SettingRow(key=key, value=value))
    else:
        row.value = value
