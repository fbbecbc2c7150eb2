"""A new database is made from head_schema.sql in one step; it must be the very file the
migrations make, so the two ways can never drift apart."""

import subprocess
import sys

from desktop_app.db import cipher
from desktop_app.db.database import open_database
from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import upgrade
from desktop_app.db.schema_snapshot import SNAPSHOT_PATH, create_from_snapshot
from desktop_app.db.schema_version import HEAD_REVISION
from scripts.make_schema_snapshot import migrated_dump
from tests.keys import TEST_PASSPHRASE, key_of


def _everything(path, key):
    """sqlite_master (SQLite's own tables too) and every table's rows."""
    conn = cipher.connect(path, key)
    try:
        master = sorted(conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=repr)
        rows = {name: sorted(conn.execute(f'SELECT * FROM "{name}"').fetchall(), key=repr)
                for _type, name, _tbl, _sql in master if _type == "table"}
        return master, rows
    finally:
        conn.close()


def test_the_snapshot_is_what_the_migrations_make_now():
    # Fails after a new migration until scripts/make_schema_snapshot.py is run.
    assert SNAPSHOT_PATH.read_text(encoding="utf-8") == migrated_dump()


def test_a_file_made_from_the_snapshot_equals_a_migrated_one(tmp_path):
    slow, fast = tmp_path / "migrated.db", tmp_path / "snapshot.db"
    key = key_of(slow)
    engine = make_engine(slow, key)
    upgrade(engine)
    engine.dispose()
    create_from_snapshot(fast, key)

    slow_master, slow_rows = _everything(slow, key)
    fast_master, fast_rows = _everything(fast, key)
    assert [m[:2] for m in fast_master] == [m[:2] for m in slow_master]
    assert fast_master == slow_master  # the same tables, indexes, triggers, views, SQL
    assert fast_rows == slow_rows  # and the same seeded rows
    assert fast_rows["alembic_version"] == [(HEAD_REVISION,)]
    assert any(m[0] == "trigger" for m in fast_master)  # the comparison saw the triggers


def test_open_database_seeds_the_same_catalogue_either_way(tmp_path):
    slow, fast = tmp_path / "migrated.db", tmp_path / "snapshot.db"
    engine = make_engine(slow, key_of(slow))
    upgrade(engine)
    engine.dispose()
    for path in (slow, fast):
        open_database(path, TEST_PASSPHRASE).close()
    slow_master, slow_rows = _everything(slow, key_of(slow))
    fast_master, fast_rows = _everything(fast, key_of(fast))
    assert fast_master == slow_master
    assert fast_rows["vaccine_product"] and fast_rows == slow_rows


def test_a_new_database_opens_without_importing_alembic(tmp_path):
    code = ("import sys; from pathlib import Path; "
            "from desktop_app.db.database import open_database; "
            f"db = open_database(Path({str(tmp_path / 'new.db')!r}), 'p'); db.close(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
