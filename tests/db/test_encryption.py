"""Encryption at rest: what a stolen file shows, wrong and missing passphrases, the safe
conversion of a plain database, and who may read the files."""

from __future__ import annotations

import os
import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest

from desktop_app.db import cipher
from desktop_app.db.backups import backup_copy, backups_of
from desktop_app.db.database import open_database
from desktop_app.db.errors import PassphraseMissing, WrongPassphrase
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.site import set_up_site
from tests import forked
from tests.keys import TEST_PASSPHRASE, key_of, raw_connect

NAME, CCCD, PHONE, TOKEN = "Trịnh Thị Bích Ngọc", "001190004321", "0912777888", "tok-8f3a9c"
SECRETS = [NAME.encode(), "Bích Ngọc".encode(), CCCD.encode(), PHONE.encode(),
           TOKEN.encode(), b"sync_token"]


def fill(db) -> None:  # noqa: ANN001
    set_up_site(db, "HN-0001", "Trạm Y tế Láng Hạ", actor=AT_THIS_LAPTOP)
    person = PersonInput(NAME, date(1990, 3, 4), Sex.FEMALE, IdType.CCCD, CCCD, phone=PHONE)
    assert record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                       person=person, actor=AT_THIS_LAPTOP).saved
    syncing.save_config(db, "https://host/fhir", TOKEN, actor=AT_THIS_LAPTOP)


def on_disk(path: Path) -> bytes:
    """Every byte a thief copying the folder gets: the file, its WAL, its backups."""
    parts = [path, Path(f"{path}-wal"), *backups_of(path)]
    return b"".join(p.read_bytes() for p in parts if p.exists())


def test_the_file_its_wal_and_its_backups_hold_no_name_id_phone_or_token(db_path):
    with open_database(db_path, TEST_PASSPHRASE) as db:
        fill(db)
        backup_copy(db_path, "manual", db.key)
        data = on_disk(db_path)  # with the WAL still holding the latest commits
    assert not cipher.is_plain(db_path)
    for secret in SECRETS:
        assert secret not in data, secret
    assert secret_readable_with_the_key(db_path)


def secret_readable_with_the_key(path: Path) -> bool:
    with raw_connect(path) as conn:
        return conn.execute("SELECT full_name FROM person").fetchone()[0] == NAME


def test_a_wrong_passphrase_is_refused_in_words_and_changes_nothing(db_path):
    with open_database(db_path, TEST_PASSPHRASE) as db:
        fill(db)
    before = db_path.read_bytes()
    with pytest.raises(WrongPassphrase) as caught:
        open_database(db_path, "not the passphrase")
    assert "Mật khẩu dữ liệu không đúng" in caught.value.message("vi")
    assert db_path.read_bytes() == before
    open_database(db_path, TEST_PASSPHRASE).close()  # no half-open file, no lock left


def test_no_database_is_opened_without_a_passphrase(db_path):
    for missing in (None, ""):
        with pytest.raises(PassphraseMissing) as caught:
            open_database(db_path, missing)
        assert "VAXDESK_DB_PASSPHRASE" in caught.value.message("en")
    assert not db_path.exists()


def make_plain_copy(encrypted: Path, plain: Path) -> None:
    """A database as VaxDesk kept it before encryption: the same schema and rows, in clear."""
    conn = raw_connect(encrypted)
    conn.execute("ATTACH DATABASE ? AS plain KEY ''", (str(plain),))
    conn.execute("SELECT sqlcipher_export('plain')")
    conn.execute("DETACH DATABASE plain")
    conn.close()


def plain_site(tmp_path: Path) -> tuple[Path, Path]:
    """A site's database as the version before encryption left it, plain, with one plain
    backup beside it: (the file, the backup)."""
    source = tmp_path / "source.db"
    with open_database(source, TEST_PASSPHRASE) as db:
        fill(db)
    old = tmp_path / "old" / "vaxdesk.db"
    old.parent.mkdir()
    make_plain_copy(source, old)
    copy = old.with_name("vaxdesk.db.bak-0005-20220101T000000000000Z")
    make_plain_copy(source, copy)
    return old, copy


def test_a_plain_database_and_its_backups_are_encrypted_in_place(tmp_path):
    old, _copy = plain_site(tmp_path)
    assert cipher.is_plain(old) and NAME.encode() in old.read_bytes()

    with open_database(old, TEST_PASSPHRASE) as db, db.reading() as s:
        from sqlalchemy import text

        assert s.execute(text("SELECT full_name, id_number FROM person")).one() == (NAME, CCCD)
    assert not cipher.is_plain(old)
    for copy in backups_of(old):
        assert not cipher.is_plain(copy)
    assert all(secret not in on_disk(old) for secret in SECRETS)
    assert sorted(p.name for p in old.parent.iterdir() if "encrypting" in p.name) == []


def test_a_conversion_that_does_not_verify_leaves_the_plain_file_as_it_was(tmp_path,
                                                                            monkeypatch):
    source = tmp_path / "source.db"
    with open_database(source, TEST_PASSPHRASE) as db:
        fill(db)
    plain = tmp_path / "plain.db"
    make_plain_copy(source, plain)
    before = plain.read_bytes()
    counts = iter([{"person": 1}, {"person": 0}])  # the copy "lost" a row
    monkeypatch.setattr(cipher, "_row_counts", lambda conn: next(counts))
    with pytest.raises(cipher.DatabaseError, match="differs"):
        cipher.encrypt_plain_file(plain, cipher.key_for(plain, TEST_PASSPHRASE))
    assert plain.read_bytes() == before
    assert not list(tmp_path.glob("*.encrypting"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_the_data_folder_and_files_are_private(tmp_path):
    folder = tmp_path / "userdata"
    path = folder / "vaxdesk.db"
    with open_database(path, TEST_PASSPHRASE) as db:
        fill(db)
        backup = backup_copy(path, "manual", db.key)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for f in (path, backup):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f


def run_cli(*args: str, data: Path, passphrase: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "VAXDESK_DB_PASSPHRASE"}
    env["VAXDESK_DATA_DIR"] = str(data)
    if passphrase is not None:
        env["VAXDESK_DB_PASSPHRASE"] = passphrase
    return forked.vaxdesk(*args, env=env, timeout=120)


def test_the_cli_needs_the_passphrase_and_says_so(tmp_path):
    data = tmp_path / "data"
    missing = run_cli("info", data=data, passphrase=None)
    assert missing.returncode == 2
    assert "VAXDESK_DB_PASSPHRASE" in missing.stderr and "Traceback" not in missing.stderr
    assert not (data / "vaxdesk.db").exists()
    # a new data folder: the first supervisor, from VAXDESK_USER / VAXDESK_PASSWORD
    first = run_cli("user", "add", "kiemthu", "--role", "supervisor", data=data,
                    passphrase=TEST_PASSPHRASE)
    assert first.returncode == 0, first.stderr
    assert run_cli("info", data=data, passphrase=TEST_PASSPHRASE).returncode == 0
    wrong = run_cli("info", data=data, passphrase="sai mật khẩu")
    assert wrong.returncode == 2 and "không đúng" in wrong.stderr


def test_opening_costs_one_key_derivation_and_the_key_is_never_printed(db_path):
    open_database(db_path, TEST_PASSPHRASE).close()
    key = key_of(db_path)
    assert repr(key) == "FileKey(…)" and key.key.hex() not in repr(key)
    assert len(key.key) == cipher.KEY_BYTES and key.salt == db_path.read_bytes()[:16]


@pytest.mark.random_salts
def test_every_new_database_has_a_random_salt_of_its_own(tmp_path):
    """Two files made with one passphrase: different salts (random, not the tests' fixed
    ones), so different keys, and each its own identity among backup copies."""
    from desktop_app.db import backups

    paths = [tmp_path / "a.db", tmp_path / "b.db"]
    for path in paths:
        open_database(path, TEST_PASSPHRASE).close()
    salts = [path.read_bytes()[:16] for path in paths]
    assert salts[0] != salts[1] and len(set(salts[0])) > 1 and len(set(salts[1])) > 1
    assert key_of(paths[0]).key != key_of(paths[1]).key
    assert backups.identity(paths[0]) != backups.identity(paths[1])
