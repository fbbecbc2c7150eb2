"""The schema revision this code expects, readable without importing Alembic.

Start-up compares the file's revision with ``HEAD_REVISION`` over a bare connection; Alembic
(a third of a second to import) is loaded only when a migration must actually run. A test
keeps ``HEAD_REVISION`` equal to the newest migration script.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.db import cipher

HEAD_REVISION = "0033"


def stored_revision(path: Path, key: cipher.FileKey) -> str | None:
    conn = cipher.connect(path, key)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except cipher.DatabaseError:  # no table yet, or unreadable: the integrity check decides
        return None
    finally:
        conn.close()
    return row[0] if row else None
