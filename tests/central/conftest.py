"""Central-server fixtures: the server on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.live_server import LiveServer


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL server: $DATABASE_URL if set, else a private one from the pgserver wheel."""
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        yield os.environ["DATABASE_URL"]
        return
    import pgserver

    # Not under pytest's temp folder: run as root, PostgreSQL runs as another user, and every
    # pytest process that starts (an xdist worker, another run) resets that folder to 0700,
    # which locks the server out of its own data mid-run.
    data = Path(tempfile.mkdtemp(prefix="vaxdesk-pg-"))
    server = pgserver.get_server(data, cleanup_mode="stop")
    try:
        yield server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    finally:
        server.cleanup()
        shutil.rmtree(data, ignore_errors=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty central database on each backend the platform supports, as its URL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'central.db'}"
    import sqlalchemy

    base = request.getfixturevalue("postgres_url")
    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    return sqlalchemy.make_url(base).set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def any_central(any_store: str, tmp_path: Path) -> Iterator[LiveServer]:
    """The server on each backend it supports, each test on an empty database."""
    server = LiveServer(any_store, tmp_path / "central.log")
    server.start()
    yield server
    server.stop()
