"""Open a site database safely: one instance, an intact file, the current schema, the catalogue.

``open_database`` is the only way the app, the CLI, the tests and the benchmarks get at a
database file, so every one of them gets the same guarantees.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from desktop_app.db.catalogue_sync import load_catalogue
from desktop_app.db.engine import make_engine, quick_check
from desktop_app.db.errors import DatabaseDamaged, DatabaseLocked
from desktop_app.db.migrate import backups_of, migrate_to_head
from desktop_app.rules.catalogue import Catalogue, default_catalogue


@dataclass
class Database:
    path: Path
    engine: Engine
    catalogue: Catalogue = field(repr=False)
    backup_made: Path | None = None
    _lock: FileLock | None = field(default=None, repr=False)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work commits together at the end of the block, or not at all."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with Session(self.engine) as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_database(
    path: Path, catalogue: Catalogue | None = None, *, check_integrity: bool = True
) -> Database:
    """Open (creating if needed) the database at ``path``.

    Raises DatabaseLocked if another instance has it open, DatabaseDamaged if the file fails
    its integrity check (it is then left untouched), DatabaseTooNew for a newer schema.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(f"{path}.lock", is_singleton=False)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise DatabaseLocked(path) from None
    try:
        if check_integrity and path.exists() and path.stat().st_size > 0:
            problem = quick_check(path)
            if problem is not None:
                raise DatabaseDamaged(path, problem, backups_of(path))
        engine = make_engine(path)
        backup = migrate_to_head(engine, path)
        catalogue = catalogue or default_catalogue()
        with Session(engine) as session, session.begin():
            load_catalogue(session, catalogue)
    except BaseException:
        lock.release()
        raise
    return Database(path, engine, catalogue, backup, lock)
