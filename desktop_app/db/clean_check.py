"""Remember that a database file passed its integrity check, so an unchanged file is not
read end to end again at every start (7–8 s for 1,000,000 people).

The record, ``<file>-checked`` beside it, holds what the file looked like when VaxDesk last
closed it (size, modification and change times to the nanosecond, inode) and when it last
passed a full ``PRAGMA quick_check``. It is written only at a clean close of a file that
passed its check in that session, or was trusted from such a record and found intact:
then the file is what a checked file plus SQLite's own transactions made of it. At the next
start, a file that still looks exactly so, with no write-ahead log left behind and a full
check passed within ``RECHECK_AFTER``, is trusted at once; anything else (a crash, a copy
or restore put in its place, a write by another program, an edited modification time — the
change time moves with it) is checked in full before the first save, as before.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path

from desktop_app.clock import utc_now
from desktop_app.paths import private_output

# A full check at least this often even of a trusted file: bit rot in a page nothing read
# does not move the file's times.
RECHECK_AFTER = timedelta(days=7)


def record_path(path: Path) -> Path:
    return Path(f"{path}-checked")


def _look(path: Path) -> dict[str, int] | None:
    """The file as the OS sees it; None while a write-ahead log holds unmerged pages."""
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return None
    st = path.stat()
    # st_ctime_ns is the inode change time on POSIX (no program can set it back); on
    # Windows it is the creation time, and size + mtime + file id carry the weight.
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns, "ctime_ns": st.st_ctime_ns,
            "ino": st.st_ino}


def trusted_since(path: Path) -> datetime | None:
    """When ``path`` last passed a full check, if it is exactly as VaxDesk closed it since
    and that was within ``RECHECK_AFTER``; else None (check it before any save)."""
    try:
        record = json.loads(record_path(path).read_text(encoding="utf-8"))
        checked = datetime.fromisoformat(record["checked_at"])
        looks = _look(path)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if looks is None or record.get("file") != looks or utc_now() - checked > RECHECK_AFTER:
        return None
    return checked


def remember(path: Path, checked_at: datetime) -> None:
    """Record the file as it is now (just closed), checked in full at ``checked_at``."""
    looks = _look(path)
    if looks is None:  # another connection still open: the next start checks
        forget(path)
        return
    with private_output(record_path(path)) as part:
        part.write_text(json.dumps({"file": looks, "checked_at": checked_at.isoformat()}),
                        encoding="utf-8")


def forget(path: Path) -> None:
    record_path(path).unlink(missing_ok=True)
