"""Migration 0022: a laptop upgraded keeps its complaints, gains where the province's reply
is kept, and pulls its complaints again from the start: a reply made while it ran the
release before came down then and was dropped, as that desk did not know it."""

from sqlalchemy import text

from desktop_app import settings
from desktop_app.db.database import open_database
from desktop_app.db.engine import make_engine
from desktop_app.db.migrate import upgrade
from tests.keys import TEST_PASSPHRASE, key_of


def test_the_complaints_are_pulled_again_and_keep_what_they_had(db_path):
    engine = make_engine(db_path, key_of(db_path))
    upgrade(engine, "0021")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO complaint (local_id, code, kind, id_number, full_name, phone, place,"
            " text, channel, received_at, status, escalated, changed_at, send_state)"
            " VALUES ('c1', 'PA-7K3M9Q2X', 'dose_missing', '001185012345', 'Phạm Thị Lan',"
            " '', '', '', 'web', '2026-12-01 08:00:00', 'open', 1, '2026-12-03 09:00:00',"
            " 'none')"))
        conn.execute(text("INSERT INTO setting (key, value) VALUES"
                          " ('complaint_cursor', '\"2026-12-03T09:00:00Z\"'),"
                          " ('register_verdict_cursor', '\"2026-12-03T09:00:00Z\"')"))
    engine.dispose()

    with open_database(db_path, TEST_PASSPHRASE) as db:
        with db.reading() as s:
            assert settings.read(s, settings.COMPLAINT_CURSOR) == settings.PULL_CURSOR_DEFAULT
            # Only the complaints' cursor: nothing else is pulled again.
            assert settings.read(s, settings.REGISTER_VERDICT_CURSOR) == "2026-12-03T09:00:00Z"
        with db.engine.connect() as conn:
            assert conn.execute(text(
                "SELECT code, status, province_reply FROM complaint")).all() == [
                ("PA-7K3M9Q2X", "open", None)]
