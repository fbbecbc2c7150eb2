"""Backups that restore: encrypted copies in a second place, rotated, made while saves go
on, never half-written, each passing the check a restore makes (``test_restore.py``)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from desktop_app import settings
from desktop_app.db import cipher
from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.db.errors import DatabaseDamaged
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import backups, restore
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.keys import TEST_PASSPHRASE, raw_connect


def save(db, n: int, day: date = date(2022, 1, 5)) -> None:  # noqa: ANN001
    person = PersonInput(f"Người Sao Lưu {chr(65 + n % 26)}{chr(65 + n // 26 % 26)}",
                         date(1990, 1, 1), Sex.MALE, IdType.CCCD, f"001090{n:06d}")
    assert record_dose(db, DoseInput("COMIRNATY", "FK1", 1, day, "Lan"),
                       person=person, actor=AT_THIS_LAPTOP).saved


def count(path: Path) -> int:
    with raw_connect(path) as conn:
        return conn.execute("SELECT count(*) FROM dose").fetchone()[0]


@pytest.fixture
def usb(tmp_path):
    """The site's second place for copies (there: a drive plugged in)."""
    folder = tmp_path / "usb"
    folder.mkdir()
    settings.write_preference(settings.BACKUP_FOLDER, str(folder))
    settings.write_preference(settings.BACKUPS_KEPT, 3)
    return folder


def test_copies_go_to_the_second_place_encrypted_and_are_rotated(db, site, usb):
    for n in range(5):
        save(db, n)
        assert backups.changed_since_backup(db)
        made = backups.make_backup(db)
        assert made.path.parent == usb and not cipher.is_plain(made.path)
        assert not backups.changed_since_backup(db)
    copies = backups.available_backups(db.path)
    assert len([c for c in copies if c.parent == usb]) == 3  # the newest three kept
    assert count(copies[0]) == 5 and "Người Sao Lưu".encode() not in copies[0].read_bytes()


def test_a_copy_is_whole_while_saves_go_on(db, site, usb):
    for n in range(200):
        save(db, n)
    saved, stop = [], threading.Event()

    def desk():
        n = 1000
        while not stop.is_set():
            t0 = time.perf_counter()
            save(db, n)
            saved.append(time.perf_counter() - t0)
            n += 1

    clerk = threading.Thread(target=desk)
    clerk.start()
    try:
        made = backups.make_backup(db)
    finally:
        stop.set()
        clerk.join()
    assert saved, "the desk kept saving during the copy"
    assert count(made.path) >= 200  # a consistent snapshot: at least what was there before
    restore.check_backup(made.path, TEST_PASSPHRASE)


def test_sigkill_during_a_copy_leaves_the_database_and_the_last_copy_usable(db, site, tmp_path):
    for n in range(300):
        save(db, n)
    previous = backup_copy(db.path, "auto", db.key, tmp_path / "copies")
    db.close()
    child = textwrap.dedent(f"""
        import sys, time
        from pathlib import Path
        from desktop_app.db import backups, cipher
        path = Path({str(db_path_of(previous))!r})
        key = cipher.key_for(path, {TEST_PASSPHRASE!r})
        print("copying", flush=True)
        while True:
            backups.backup_copy(path, "auto", key, Path({str(tmp_path / 'copies')!r}))
    """)
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "copying"
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    restore.check_backup(previous, TEST_PASSPHRASE)  # untouched
    for copy in (tmp_path / "copies").iterdir():
        if ".part" in copy.name or copy.name.endswith(".about"):
            continue  # the copy cut short (and its journal), a sidecar: never a backup
        restore.check_backup(copy, TEST_PASSPHRASE)
    with open_database(db_path_of(previous), TEST_PASSPHRASE) as again:
        assert again.integrity_checked or again.check_integrity() is None
    assert count(db_path_of(previous)) == 300


def db_path_of(copy: Path) -> Path:
    return copy.parent.parent / "site.db"


def test_an_emptied_database_is_not_made_into_a_new_one(db, site):
    save(db, 1)
    backup_copy(db.path, "auto", db.key)
    path = db.path
    db.close()
    path.write_bytes(b"")
    with pytest.raises(DatabaseDamaged) as caught:
        open_database(path, TEST_PASSPHRASE)
    assert ".bak-auto-" in caught.value.message("en")
    assert path.stat().st_size == 0
