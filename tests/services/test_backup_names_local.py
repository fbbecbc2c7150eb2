"""A backup's name says when it was made in the laptop's own time, as the restore list does:
a clerk in Vietnam who made a copy at 09:00 finds it named 09:00 in the data folder, not
02:00. Copies named in UTC by earlier versions stay listed, dated and rotated with them. So
is the file a restore sets aside, which the restore's notice names."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta

import pytest

from desktop_app import settings
from desktop_app.clock import local_now, local_time, utc_now
from desktop_app.db.backups import backup_copy, label_of, made_at
from desktop_app.services import backups, restore
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER
from tests.services.test_backups import save

SECOND = timedelta(seconds=1)


@pytest.fixture(params=["Asia/Ho_Chi_Minh", "America/Sao_Paulo"])
def zone(request, monkeypatch):
    """Vietnam (UTC+7), and a zone west of UTC (its offset written with a minus sign)."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def _named_at(copy) -> datetime:
    """The wall time a person reads in the copy's name."""
    stamp = copy.name.split(".bak-", 1)[1].split("-", 1)[1]
    return datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S")


def test_a_copy_is_named_in_the_laptops_own_time(db, site, zone):
    save(db, 1)
    before, before_utc = local_now() - SECOND, utc_now() - SECOND
    made = backups.make_backup(db, backups.ON_REQUEST).path
    after, after_utc = local_now() + SECOND, utc_now() + SECOND
    assert before <= _named_at(made) <= after, made.name
    assert label_of(made) == backups.ON_REQUEST
    info, = backups.own_copies(db)  # the restore list: the same moment, read back in UTC
    assert before_utc <= info.made <= after_utc
    assert local_time(info.made) == local_time(made_at(made))


def _as_named_before(copy):
    """The copy renamed as a version naming copies in UTC named it (sidecar and all)."""
    utc = made_at(copy).strftime("%Y%m%dT%H%M%S%fZ")
    old = copy.with_name(f"{copy.name.split('.bak-')[0]}.bak-{label_of(copy)}-{utc}")
    os.replace(copy, old)
    if os.path.exists(f"{copy}.about"):
        os.replace(f"{copy}.about", f"{old}.about")
    return old


def test_copies_named_in_utc_are_listed_dated_and_rotated_beside_new_ones(db, site, in_vietnam):
    settings.write_preference(settings.BACKUPS_KEPT, 3)
    save(db, 1)
    unnumbered = _as_named_before(backup_copy(db.path, "auto", db.key))
    os.unlink(f"{unnumbered}.about")  # made before copies had numbers
    past = time.time() - 3600
    os.utime(unnumbered, (past, past))
    save(db, 2)
    numbered = _as_named_before(backups.make_backup(db).path)
    save(db, 3)
    new = backups.make_backup(db).path
    assert backups.available_backups(db.path) == [new, numbered, unnumbered]
    listed = backups.describe_backups(db.path)
    assert [c.path for c in listed] == [new, numbered, unnumbered]
    # The old name's UTC time is shown in Vietnam time, as the new name's own time is.
    named = datetime.strptime(numbered.name.rsplit("-", 1)[1], "%Y%m%dT%H%M%S%fZ")
    assert listed[1].made == named
    assert local_time(listed[1].made) == (named + timedelta(hours=7)).strftime("%d/%m/%Y %H:%M")
    assert listed[0].made.replace(tzinfo=UTC) >= listed[1].made.replace(tzinfo=UTC)
    save(db, 4)
    newest = backups.make_backup(db)
    assert newest.removed == 1 and not unnumbered.exists()  # the oldest goes first
    assert backups.available_backups(db.path) == [newest.path, new, numbered]
    save(db, 5)
    assert backups.make_backup(db).removed == 1 and not numbered.exists()


def test_the_file_a_restore_sets_aside_is_named_in_the_laptops_own_time(db, site, zone):
    """A restore at 09:00 in Vietnam set the data in use aside as
    "vaxdesk.db.before-restore-…T020000Z", and its notice named it so: the supervisor,
    looking for the file of this morning's mistake, read 02:00. It reads 09:00 now, and the
    files set aside by earlier versions, named in UTC, are offered in the order they were
    made."""
    save(db, 1)
    copy = backups.make_backup(db, backups.ON_REQUEST).path
    path = db.path
    older = path.with_name(f"{path.name}.before-restore-"
                           f"{(utc_now() - timedelta(hours=1)):%Y%m%dT%H%M%SZ}")
    older.write_bytes(b"")
    db.close()
    before = local_now() - SECOND
    aside = restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                                   password=TEST_PASSWORD).aside
    after = local_now() + SECOND
    named = datetime.strptime(aside.name.split(".before-restore-")[1][:15], "%Y%m%dT%H%M%S")
    assert before <= named <= after, aside.name
    assert restore.set_aside_files(path) == [older, aside]
