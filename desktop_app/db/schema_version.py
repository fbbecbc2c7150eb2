"""The schema revision this code expects, readable without importing Alembic.

Start-up compares the file's revision with ``HEAD_REVISION`` using plain sqlite3; Alembic
(a third of a second to import) is loaded only when a migration must actually run. A test
keeps ``HEAD_REVISION`` equal to the newest migration script.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

HEAD_REVISION = "0006"


def stored_revision(path: Path) -> str | None:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:  # no table yet, or unreadable: the integrity check decides
        return None
    finally:
        conn.close()
    return row[0] if row else None
