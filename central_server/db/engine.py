"""The engine for the central store: a SQLite file by default, PostgreSQL by URL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from central_server.db.models import Base, VoidedOnArrivalDay


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        engine = create_engine(url, pool_pre_ping=True, pool_size=5)
        _create(engine)
        return engine
    if parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_conn.isolation_level = None
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "busy_timeout=30000",
                       "foreign_keys=ON"):
            dbapi_conn.execute(f"PRAGMA {pragma}")

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        # IMMEDIATE takes the write lock at once: two batches never deadlock upgrading a
        # read lock, and the time taken inside the transaction orders versions correctly.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    _create(engine)
    return engine


def _create(engine: Engine) -> None:
    """The tables, made where missing. ``patient_link`` is derived from the Patients: a
    store from before old CMNDs linked (one row per Patient, no ``old`` column) has it
    made again and filled (``load.rebuild_links``). An index added since a store was made
    is made too (create_all makes a missing table's, not a missing index of a table). A
    store from before the platform told sites of their people's records elsewhere has
    each citizen of two sites told once (``elsewhere.tell_all``), and one from before it
    counted the doses that arrived voided, or counted them under the rule before a restore
    took one out (its table ``voided_on_arrival_day``, dropped), has them counted from
    their first versions (``tally.count_voided_on_arrival``)."""
    untold = not inspect(engine).has_table("elsewhere_news")
    uncounted = not inspect(engine).has_table(VoidedOnArrivalDay.__tablename__)
    Base.metadata.create_all(engine)
    for table in Base.metadata.sorted_tables:
        for index in table.indexes:
            index.create(engine, checkfirst=True)
    if links_are_stale(engine):
        from central_server.register.load import rebuild_links  # it needs the tables made

        rebuild_links(engine)
    if untold:  # a store from before sites were told: its citizens of two sites, told once
        from central_server.fhir.store import utc_now
        from central_server.register.elsewhere import tell_all

        tell_all(engine, utc_now())
    if uncounted:  # a store from before doses voided on the laptop were counted as now
        from central_server.dashboard.tally import count_voided_on_arrival

        count_voided_on_arrival(engine)
        with engine.begin() as conn:  # the old rule's counts: a restored dose in them
            conn.exec_driver_sql("DROP TABLE IF EXISTS voided_on_arrival_day")


def links_are_stale(bind: Engine | Connection) -> bool:
    return "old" not in {c["name"] for c in inspect(bind).get_columns("patient_link")}
