"""A new site database made in one step from the SQL of a freshly migrated one.

Replaying the migrations on a new file costs half a second at the first start (Alembic's
import and seventeen scripts); the file they make is always the same. ``head_schema.sql``
beside the migration scripts is that file written out: its tables, the rows the migrations
seed, then its indexes, triggers and views, and ``alembic_version`` at the head. It is made
by ``scripts/make_schema_snapshot.py`` from the migrations themselves and never edited by
hand; tests/db/test_schema_snapshot.py migrates a new file the slow way and compares the two
(schema and rows), so a new migration without a new snapshot fails there.

Existing files still go through the migrations (db/migrate.py), with their backup first.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.db import cipher

SNAPSHOT_PATH = Path(__file__).parent / "migrations" / "head_schema.sql"
# Tables first (rows need them), then the rows, then what would fire on or index the rows.
_ORDER = {"table": 0, "index": 2, "trigger": 3, "view": 4}


def dump(conn: cipher.Connection) -> str:
    """The SQL that makes a file like the one ``conn`` is open on: schema and every row, in
    a stable order (sqlite_master's), so the same migrations always write the same text."""
    entries = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
        "AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall()
    lines = [f"{sql};" for kind, _name, sql in entries if kind == "table"]
    for kind, name, _sql in entries:
        if kind != "table":
            continue
        rows = [", ".join(conn.execute("SELECT quote(?)", (v,)).fetchone()[0] for v in row)
                for row in conn.execute(f'SELECT * FROM "{name}"')]
        # sorted: some tables are WITHOUT ROWID, and the text must not depend on page order
        lines += [f'INSERT INTO "{name}" VALUES ({values});' for values in sorted(rows)]
    lines += [f"{sql};" for kind, _name, sql in sorted(entries, key=lambda e: _ORDER[e[0]])
              if kind != "table"]
    return "\n".join(lines) + "\n"


def create_from_snapshot(path: Path, key: cipher.FileKey) -> None:
    """Make the new database at ``path`` (absent or empty) from the snapshot."""
    script = SNAPSHOT_PATH.read_text(encoding="utf-8")
    conn = cipher.connect(path, key)
    try:
        # WAL before the first table, as the engine's pragmas would set it (it is kept in
        # the file); the script in one transaction, so a start killed half-way leaves a
        # file with no schema, which the next start migrates the slow way.
        conn.execute("PRAGMA journal_mode=WAL")
        conn.executescript(f"BEGIN;\n{script}COMMIT;")
    finally:
        conn.close()
