"""Write desktop_app/db/migrations/head_schema.sql: a new database migrated to the head, as SQL.

    python scripts/make_schema_snapshot.py

Run it after adding a migration (tests/db/test_schema_snapshot.py fails until then). The app
makes every new database from this file in one step instead of replaying the migrations
(db/schema_snapshot.py says why).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from desktop_app.db import cipher
from desktop_app.db.engine import make_engine
from desktop_app.db.schema_snapshot import SNAPSHOT_PATH, dump


def migrated_dump() -> str:
    """The SQL of a new file brought to the head by the migrations themselves."""
    from desktop_app.db.migrate import upgrade

    with tempfile.TemporaryDirectory(prefix="vaxdesk-snapshot-") as folder:
        path = Path(folder) / "head.db"
        key = cipher.derive_key("snapshot", b"\0" * cipher.SALT_BYTES)
        engine = make_engine(path, key)
        try:
            upgrade(engine)
        finally:
            engine.dispose()
        conn = cipher.connect(path, key)
        try:
            return dump(conn)
        finally:
            conn.close()


def main() -> int:
    SNAPSHOT_PATH.write_text(migrated_dump(), encoding="utf-8")
    print(f"wrote {SNAPSHOT_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
