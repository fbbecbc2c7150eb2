"""A restore does not forget the certificates handed out since its copy was made.

``certificate_issue`` is this laptop's alone (the platform learns of a certificate only if
it is revoked), so no sync brings back a certificate printed after the copy: restored as
the copy has it, a citizen's paper of that morning was unknown here, and a void of its dose
revoked nothing; the paper stayed valid, here and at every laptop. So each certificate the
replaced file recorded and the copy lacks is written into the copy as it was (who issued
it, when, printed last, revoked or not and whether that was sent), and each revocation the
copy lacks is put on its row, in the restore's transaction. A certificate of a dose the
copy lacks (entered after it) cannot be recorded there yet: it is noted for the sync round
that brings the dose back (``db/restored_issues.py``); a dose never sent stays only in the
file set aside, and so does its certificate, named in the restore's audit entry. With no
replaced file to ask (a disk that died: the copy restored on a new laptop), those
certificates are lost to the site: README, *Known limits*, and docs/lost-laptop.md say what
a site does then.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.db import cipher
from desktop_app.db.restored_issues import AWAITING, COLUMNS

_CHUNK = 500  # ids a query names at a time


@dataclass(frozen=True)
class KeptIssues:
    """What a restore kept of the certificates the copy lacked, by UVCI."""

    issued: tuple[str, ...] = ()  # recorded in the copy as the replaced file had them
    revoked: tuple[str, ...] = ()  # revocations the copy lacked (new rows' included)
    awaiting: tuple[str, ...] = ()  # of doses the copy lacks: noted, recorded with the dose

    def __bool__(self) -> bool:
        return bool(self.issued or self.revoked or self.awaiting)

    def details(self) -> dict[str, str]:
        """For the restore's audit entry (each a FIELD_ label)."""
        said = {"certificates_kept": self.issued, "revocations_kept": self.revoked,
                "certificates_awaiting_dose": self.awaiting}
        return {k: ", ".join(v) for k, v in said.items() if v}


def issues_of(path: Path, passphrase: str) -> list[dict[str, Any]] | None:
    """The certificates recorded in the file at ``path``, each a row of ``COLUMNS``; None
    when there is no file, it does not open with this passphrase, or is too damaged or too
    old to read them."""
    return cipher.read_other(path, passphrase, _issues)


def _issues(conn: Any) -> list[dict[str, Any]] | None:
    there = _columns(conn)
    if not there:
        return None
    rows = conn.execute(f"SELECT {', '.join(there)} FROM certificate_issue"
                        " ORDER BY issued_at").fetchall()
    return [dict(zip(there, row, strict=True)) for row in rows]


def keep(conn: Any, issues: Sequence[dict[str, Any]], users: Mapping[str, str | None]
         ) -> KeptIssues:
    """Write into the copy open on ``conn`` (in the caller's transaction) the certificates
    of ``issues`` it lacks, and their revocations it lacks. ``users``: an account's id in
    the replaced file -> its id in the copy (accounts are carried first)."""
    columns = _columns(conn)
    if not columns or not issues:
        return KeptIssues()  # a copy from before certificates: it had none to forget
    here = _rows(conn, "SELECT uvci, revoked_at, printed_at FROM certificate_issue"
                 " WHERE uvci IN ({})", [i["uvci"] for i in issues])
    doses = {r[0] for r in _rows(conn, "SELECT id FROM dose WHERE id IN ({})",
                                 [i["dose_id"] for i in issues])}
    people = {r[0] for r in _rows(conn, "SELECT id FROM person WHERE id IN ({})",
                                  [i["person_id"] for i in issues])}
    known = {uvci: (revoked, printed) for uvci, revoked, printed in here}
    issued, revoked, awaiting = [], [], []
    for issue in issues:
        uvci = issue["uvci"]
        issue = dict(issue, issued_by=users.get(issue.get("issued_by") or ""))
        if uvci in known:
            was_revoked, printed = known[uvci]
            if issue.get("revoked_at") and not was_revoked:
                conn.execute("UPDATE certificate_issue SET revoked_at = ?, revoke_reason = ?,"
                             " revocation_sent_at = ? WHERE uvci = ?",
                             (issue["revoked_at"], issue["revoke_reason"],
                              issue.get("revocation_sent_at"), uvci))
                revoked.append(uvci)
            if "printed_at" in columns and (issue.get("printed_at") or "") > (printed or ""):
                conn.execute("UPDATE certificate_issue SET printed_at = ? WHERE uvci = ?",
                             (issue["printed_at"], uvci))  # printed again since the copy
        elif issue["dose_id"] in doses and issue["person_id"] in people:
            values = {k: v for k, v in issue.items() if k in columns}
            conn.execute(f"INSERT INTO certificate_issue ({', '.join(values)}) VALUES"
                         f" ({', '.join('?' * len(values))})", tuple(values.values()))
            issued.append(uvci)
            if issue.get("revoked_at"):
                revoked.append(uvci)
        else:
            awaiting.append(issue)
    if awaiting:
        _note(conn, awaiting)
    return KeptIssues(tuple(issued), tuple(revoked), tuple(i["uvci"] for i in awaiting))


def _note(conn: Any, awaiting: list[dict[str, Any]]) -> None:
    """Add ``awaiting`` to the copy's note of certificates waiting for their dose."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (AWAITING,)).fetchone()
    noted = (json.loads(row[0]) if row else None) or []
    ids = {n["uvci"] for n in noted}
    noted += [{k: v for k, v in i.items() if k in COLUMNS} for i in awaiting
              if i["uvci"] not in ids]
    conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key)"
                 " DO UPDATE SET value = excluded.value", (AWAITING, json.dumps(noted)))


def _columns(conn: Any) -> list[str]:
    """The ``COLUMNS`` the file's certificate_issue has (none: no such table)."""
    there = {row[1] for row in conn.execute("PRAGMA table_info(certificate_issue)")}
    return [c for c in COLUMNS if c in there]


def _rows(conn: Any, sql: str, ids: Sequence[str]) -> list[tuple]:  # type: ignore[type-arg]
    """``sql`` (its ``IN ({})`` filled) over ``ids``, ``_CHUNK`` at a time."""
    unique = sorted(set(ids))
    found = []
    for at in range(0, len(unique), _CHUNK):
        chunk = unique[at:at + _CHUNK]
        found += conn.execute(sql.format(", ".join("?" * len(chunk))), chunk).fetchall()
    return found
