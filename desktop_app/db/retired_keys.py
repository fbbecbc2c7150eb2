"""The keys a passphrase change retired, beside the database (``<name>-retired-keys``).

After a change the old passphrase still opens what was not re-encrypted (a backup on a drive
that was not plugged in), and to SQLCipher a file its key does not open looks like a file
whose first page is damaged. Without this record, typing the old passphrase would say
"damaged, restore the newest backup" and put a copy under the old passphrase back in place:
the change undone. With it, the old passphrase is told as replaced, and no restore takes a
copy under it. Each key is kept as its SHA-256 only, which gives the key back to no one.
Written before the database is re-encrypted, so a crash in between is known too; a change
that did not happen (refused by a full disk, or killed before the rekey) takes it back: the
key still opens the file, and every backup since is under it.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from desktop_app.db.cipher import FileKey
from desktop_app.paths import private_output

SUFFIX = "-retired-keys"


def retire(db_path: Path, key: FileKey) -> None:
    """Record ``key`` as replaced for the database at ``db_path`` (on disk when this returns)."""
    record = Path(f"{db_path}{SUFFIX}")
    known = _read(record)
    if _fingerprint(key) not in known:
        _write(record, [*known, _fingerprint(key)])  # on disk before the database changes key


def unretire(db_path: Path, key: FileKey) -> None:
    """Take ``key`` off the record: the change that retired it did not happen, and ``key``
    still opens the database at ``db_path``."""
    record = Path(f"{db_path}{SUFFIX}")
    known = _read(record)
    if _fingerprint(key) in known:
        _write(record, [k for k in known if k != _fingerprint(key)])


def is_retired(db_path: Path, key: FileKey) -> bool:
    return _fingerprint(key) in _read(Path(f"{db_path}{SUFFIX}"))


def _fingerprint(key: FileKey) -> str:
    return hashlib.sha256(key.key + key.salt).hexdigest()


def _write(record: Path, known: list[str]) -> None:
    with private_output(record) as part, open(part, "w", encoding="utf-8") as f:
        json.dump(known, f)
        f.flush()
        os.fsync(f.fileno())


def _read(record: Path) -> list[str]:
    try:
        known = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [k for k in known if isinstance(k, str)] if isinstance(known, list) else []
