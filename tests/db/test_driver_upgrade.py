"""A laptop's file written through the SQLCipher build the app shipped before (the
``sqlcipher3-binary`` 0.6.0 wheel) opens, upgrades and reads through the build it ships now.

The file in ``data/`` was written by that wheel: ``first_release_database`` (schema 0001,
person p1 with dose d1, lot OLDLIB1) under the test passphrase, synthetic data only. It
cannot be made again here (the two wheels install the same ``sqlcipher3`` module), so it is
kept as bytes."""

import shutil
from pathlib import Path

from sqlalchemy import text

from desktop_app.db.database import open_database
from desktop_app.db.migrate import current_revision, head_revision

WRITTEN_BY_OLD_BUILD = Path(__file__).parent / "data" / "first_release_sqlcipher3_binary_0_6_0.db"
ITS_PASSPHRASE = "mật khẩu thử nghiệm"  # as tests/conftest.py sets it, fixed with the file


def test_a_file_written_by_the_previous_sqlcipher_build_opens_upgrades_and_reads(tmp_path):
    path = tmp_path / "vaxdesk.db"
    shutil.copyfile(WRITTEN_BY_OLD_BUILD, path)
    with open_database(path, ITS_PASSPHRASE) as db:
        assert current_revision(db.engine) == head_revision()
        with db.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("SELECT full_name, id_number FROM person")).one() == (
                "Lê Thị Hoa", "001170000001")
            assert conn.execute(text("SELECT lot_number FROM dose WHERE id = 'd1'")).scalar() \
                == "OLDLIB1"
        assert db.backup_made is not None  # the upgrade kept a copy of the old file first
