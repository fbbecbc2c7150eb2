"""What a restore takes out of use for good: the records the current file changed and never
sent to the central platform (``local_version`` above ``synced_version``: pending, on the
wire unanswered, refused, in conflict) that the copy lacks, or holds only at an older
version. Once the copy is in place they are only in the file set aside: the platform never
had them, so no sync brings them back (``sync/own_records.py`` brings back only what was
sent). A restore says how many, before (the app's confirmation) and after (its notice, the
CLI's line)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.db import cipher
from desktop_app.db.errors import WrongPassphrase
from desktop_app.rules.numbers import Count

_UNSENT = ("SELECT entity, record_id, local_version FROM sync_record"
           " WHERE local_version > synced_version AND entity IN ('person', 'dose')")
_CHUNK = 500  # ids a query names at a time (well under SQLite's limit on parameters)
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Unsent:
    """People and doses changed here, never sent, that the copy lacks."""

    people: int = 0
    doses: int = 0

    def __bool__(self) -> bool:
        return bool(self.people or self.doses)

    @property
    def counts(self) -> dict[str, Count]:
        """As the messages take them (``RESTORED_UNSENT``, ``RESTORE_UNSENT_WARNING``)."""
        return {"people": Count(self.people), "doses": Count(self.doses)}


def unsent_lacking(current: Path, opener: str | cipher.FileKey, copy: Path,
                   passphrase: str) -> Unsent:
    """What restoring ``copy`` (opened with ``passphrase``) over ``current`` (opened with
    ``opener``: the passphrase, or the key the app has it open with) would take out of use
    unsent. Nothing when the current file is not there or cannot be read."""
    try:
        conn = cipher.connect(copy, cipher.key_for(copy, passphrase))
    except (WrongPassphrase, cipher.Error):
        return Unsent()
    try:
        return unsent_in(current, opener, conn)
    finally:
        conn.close()


def unsent_in(current: Path, opener: str | cipher.FileKey, copy: Any) -> Unsent:
    """``unsent_lacking`` with the copy open on the DB-API connection ``copy``."""
    unsent = _unsent_of(current, opener)
    if not unsent:
        return Unsent()
    held: dict[tuple[str, str], int] = {}
    try:
        if copy.execute("SELECT 1 FROM sqlite_master WHERE type = 'table'"
                        " AND name = 'sync_record'").fetchone():
            for kind in ("person", "dose"):
                # By the whole key (entity, record_id): the record id alone is no index's
                # first column, and would scan the copy's table once a chunk.
                ids = sorted(record_id for entity, record_id in unsent if entity == kind)
                for at in range(0, len(ids), _CHUNK):
                    chunk = ids[at:at + _CHUNK]
                    held.update(((entity, record_id), version) for entity, record_id, version
                                in copy.execute(
                                    "SELECT entity, record_id, local_version FROM sync_record"
                                    " WHERE entity = ? AND record_id IN"
                                    f" ({', '.join('?' * len(chunk))})", [kind, *chunk]))
    except cipher.Error:
        _log.exception("the copy's records could not be compared with the unsent ones")
        return Unsent()
    lost = [entity for (entity, record_id), version in unsent.items()
            if held.get((entity, record_id), 0) < version]
    return Unsent(people=lost.count("person"), doses=lost.count("dose"))


def _unsent_of(current: Path, opener: str | cipher.FileKey) -> dict[tuple[str, str], int]:
    if not current.is_file():
        return {}
    try:
        key = opener if isinstance(opener, cipher.FileKey) else cipher.key_for(current, opener)
        conn = cipher.connect(current, key)
    except (WrongPassphrase, cipher.Error, OSError):
        return {}
    try:
        return {(entity, record_id): version
                for entity, record_id, version in conn.execute(_UNSENT)}
    except cipher.Error:  # too damaged to read (what a restore often mends), or too old
        return {}
    finally:
        conn.close()
