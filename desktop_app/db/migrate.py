"""Schema migrations (Alembic), run at start-up after a backup copy of the file.

A site database may hold the only copy of thousands of doses, so before any migration the file
is copied with SQLite's online backup API (consistent even with a WAL) next to the original.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from desktop_app.db.backups import backup_copy
from desktop_app.db.cipher import FileKey
from desktop_app.db.errors import DatabaseTooNew

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def migrate_to_head(engine: Engine, path: Path, key: FileKey) -> Path | None:
    """Bring the schema to the code's head; return the backup made, if any was needed."""
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return None
    known = {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseTooNew(path, f"schema {current}")
    backup = backup_copy(path, current, key) if current is not None else None
    upgrade(engine)
    return backup
