"""Shared fixtures: a real SQLite file per test, with a site set up."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Real Qt widgets run without a display; set before any test imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Every database is encrypted; the app and CLI processes tests start open them with this,
# and log in as the supervisor the db fixture makes (tests/keys.py).
os.environ["VAXDESK_DB_PASSPHRASE"] = "mật khẩu thử nghiệm"
os.environ["VAXDESK_USER"] = "kiemthu"
os.environ["VAXDESK_PASSWORD"] = "mật khẩu người kiểm thử"
# Tests run on the machine's zone (UTC on CI), not at a site: the desk, the Sync area and the
# CLI do not say in every test that it is not Vietnam's. The tests of that check turn it on.
os.environ["VAXDESK_ZONE_CHECK"] = "off"
# The central servers tests start keep their signing authority's key encrypted, as required.
os.environ["VAXDESK_CENTRAL_CSCA_PASSPHRASE"] = "mật khẩu csca thử nghiệm"

from desktop_app.db.database import Database, open_database  # noqa: E402
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor
from desktop_app.services.site import SiteInfo, set_up_site  # noqa: E402
from desktop_app.ui.tasks import wait_all_idle  # noqa: E402
from tests.certificates.signed import signed  # noqa: E402, F401 - fixtures for every package
from tests.keys import TEST_PASSPHRASE, add_test_supervisor
from tests.live_server import LiveServer  # noqa: E402
from tests.wired import wired, wired_b  # noqa: E402, F401


@pytest.fixture(autouse=True)
def _english_ui() -> Iterator[None]:
    """Every test starts and ends with the English source strings: Qt's translator belongs to
    the worker's one QApplication, so a test that set Vietnamese (in any folder, UI or review
    tests beside the services they check) would otherwise leave it to the next one."""

    def reset() -> None:
        if "PySide6.QtCore" not in sys.modules:
            return  # no Qt in this worker yet: nothing can have been translated
        from PySide6.QtCore import QCoreApplication

        if QCoreApplication.instance() is not None:
            from desktop_app.ui.i18n import set_language

            set_language("en")

    reset()
    yield
    reset()


@pytest.fixture(autouse=True)
def _gc_on_the_gui_thread(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test with widgets runs with the app's own collector (``ui/main_thread_gc``): the
    automatic one, firing in a task runner's worker, destroyed an earlier test's QLabel
    there and froze the worker's CI run for good (a Qt lock against the GIL). At its end
    the automatic one comes back for the tests without widgets."""
    if "qtbot" not in request.fixturenames and "qapp" not in request.fixturenames:
        yield
        return
    from desktop_app.ui import main_thread_gc

    collector = main_thread_gc.install(request.getfixturevalue("qapp"))
    yield
    collector.stop()


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does may touch the real user-data folder."""
    monkeypatch.setenv("VAXDESK_DATA_DIR", str(tmp_path / "userdata"))


# The salts the new database files of one test take, in turn (see ``_known_salts``).
_SALTS = [bytes([n]) * 16 for n in range(1, 33)]


@pytest.fixture(autouse=True)
def _known_salts(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each new database file a test makes in this process takes the next of a few fixed
    salts, whose keys this process derives once (``cipher.derive_key`` keeps them): Argon2
    at its real cost, 0.13 s a new file, was two minutes of a run. The files of one test
    still differ in key and in identity (``db/backups.identity``); files made by the app
    and CLI processes tests start take random salts, and ``random_salts`` tests too."""
    import secrets

    from desktop_app.db import cipher

    if request.node.get_closest_marker("random_salts"):
        return
    salts = iter(_SALTS)
    monkeypatch.setattr(cipher, "new_salt",
                        lambda: next(salts, None) or secrets.token_bytes(cipher.SALT_BYTES))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "site.db"


@pytest.fixture(autouse=True)
def _quick_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Account passwords hashed at Argon2's lowest cost in-process (the hash records its
    parameters, so CLI processes still verify them); the real cost is the default's."""
    from argon2 import PasswordHasher

    from desktop_app.services import accounts

    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024,
                                                            parallelism=1))


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A site database with the test supervisor's account in it (``db.supervisor``)."""
    database = open_database(db_path, TEST_PASSPHRASE)
    database.supervisor = add_test_supervisor(database)  # type: ignore[attr-defined]
    yield database
    wait_all_idle()  # a screen's read still in flight as the file closes hung a teardown
    database.close()



@pytest.fixture
def boss(db: Database) -> Actor:
    """The test supervisor, logged in: what an audited change records as its author."""
    return db.supervisor  # type: ignore[attr-defined]


@pytest.fixture
def clerk(db: Database, boss: Actor) -> Actor:
    """A clerk's account ("lan", Y tá Lan), logged in: records doses, corrects nothing."""
    from desktop_app.services import accounts
    from desktop_app.services.actor import Role

    accounts.add_user(db, "lan", "Y tá Lan", Role.CLERK, "mật khẩu 123", actor=boss)
    return accounts.login(db, "lan", "mật khẩu 123")


@pytest.fixture
def site(db: Database) -> SiteInfo:
    return set_up_site(db, "HN-0001", "Trạm Y tế Phường Láng Hạ", province_code="01",
                       actor=AT_THIS_LAPTOP)


@pytest.fixture
def usb(tmp_path: Path) -> Path:
    """The site's second place for backup copies, chosen in the settings: a drive plugged
    in (a test unplugs it by renaming the folder). The backup and bad-day tests share it."""
    from desktop_app import settings

    folder = tmp_path / "usb"
    folder.mkdir()
    settings.write_preference(settings.BACKUP_FOLDER, str(folder))
    return folder


@pytest.fixture
def central(tmp_path: Path) -> Iterator[LiveServer]:
    """A real central server process on 127.0.0.1 over a fresh SQLite file."""
    server = LiveServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central.log")
    server.start()
    yield server
    server.stop(wait=False)


@pytest.fixture
def in_vietnam(monkeypatch):
    """The process on Vietnam time (UTC+7), whatever the test machine's zone."""
    monkeypatch.setenv("TZ", "Asia/Ho_Chi_Minh")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()
