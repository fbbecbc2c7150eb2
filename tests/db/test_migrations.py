"""Schema changes go through Alembic; an old database is upgraded with its data kept."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from desktop_app.db.backups import backups_of
from desktop_app.db.database import open_database
from desktop_app.db.migrate import current_revision, head_revision
from desktop_app.db.models import Base
from desktop_app.db.schema_version import HEAD_REVISION
from tests.first_release import FIRST_RELEASE_AT, first_release_database
from tests.keys import TEST_PASSPHRASE, raw_connect


def test_a_new_database_is_created_at_head_without_a_backup(db_path):
    with open_database(db_path, TEST_PASSPHRASE) as db:
        assert current_revision(db.engine) == head_revision()
        assert db.backup_made is None
    assert backups_of(db_path) == []


def test_the_migrations_build_exactly_the_models(db_path):
    with open_database(db_path, TEST_PASSPHRASE) as db, db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_an_old_database_is_backed_up_then_upgraded_with_its_data_kept(db_path):
    engine = first_release_database(db_path, lot_number="L1")
    with engine.begin() as conn:  # audit entries as that release wrote them, unchained
        for entity, record in (("person", "p1"), ("dose", "d1")):
            conn.execute(text(
                "INSERT INTO audit_entry (at, action, entity, entity_id, details) VALUES "
                "(:at, 'create', :e, :r, '{}')"),
                {"at": FIRST_RELEASE_AT, "e": entity, "r": record})
    engine.dispose()

    with open_database(db_path, TEST_PASSPHRASE) as db:
        assert current_revision(db.engine) == head_revision()
        assert db.backup_made is not None and db.backup_made.exists()
        # the entries written before the chain existed are chained by the upgrade
        from desktop_app.services.audit import verify_audit

        check = verify_audit(db)
        assert check.intact and check.entries == 2
        with db.engine.connect() as conn:
            assert conn.execute(text("SELECT full_name FROM person")).scalar() == "Lê Thị Hoa"
            assert conn.execute(text("SELECT lot_number FROM dose")).scalar() == "L1"
            # doses recorded before the sync existed must still be queued for upload
            assert conn.execute(text(
                "SELECT entity, record_id, state FROM sync_record ORDER BY entity")).all() == [
                ("dose", "d1", "pending"), ("person", "p1", "pending")]
            # the catalogue was refreshed from resources/ over the old row
            assert conn.execute(text(
                "SELECT eu_vp FROM vaccine_product WHERE code='VAXZEVRIA'")).scalar() != "J07BX03"

    # the backup is a complete, openable copy of the old schema and data
    with raw_connect(backups_of(db_path)[0]) as old:
        assert old.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert old.execute("SELECT count(*) FROM dose").fetchone() == (1,)


def test_reopening_at_head_makes_no_new_backup(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()
    with open_database(db_path, TEST_PASSPHRASE) as db:
        assert db.backup_made is None
    assert backups_of(db_path) == []


def test_the_start_up_revision_constant_is_the_newest_migration():
    assert head_revision() == HEAD_REVISION
