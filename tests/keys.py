"""The passphrase every test database is encrypted with, and the supervisor every test
database has. conftest puts them in the environment too, so the app and CLI processes that
tests start open the same files and log in as the same person."""

import os

TEST_PASSPHRASE = os.environ.get("VAXDESK_DB_PASSPHRASE") or "mật khẩu thử nghiệm"
TEST_USER = "kiemthu"
TEST_PASSWORD = "mật khẩu người kiểm thử"


def add_test_supervisor(db):  # noqa: ANN001, ANN201
    """The test supervisor in ``db``; its Actor."""
    from desktop_app.services import accounts
    from desktop_app.services.actor import AT_THIS_LAPTOP

    account = accounts.add_user(db, TEST_USER, "Người kiểm thử", "supervisor", TEST_PASSWORD,
                                actor=AT_THIS_LAPTOP)
    from desktop_app.services.actor import Actor, Role

    return Actor(account.id, account.full_name, Role.SUPERVISOR)


def key_of(path):  # noqa: ANN001, ANN201 - a test helper
    """The key of a test database file (new or existing)."""
    from desktop_app.db import cipher

    return cipher.key_for(path, TEST_PASSPHRASE)


def raw_connect(path):  # noqa: ANN001, ANN201
    """A bare connection to a test database, for tests that look beneath the services."""
    from desktop_app.db import cipher

    return cipher.connect(path, key_of(path))


def ensure_test_supervisor(path):  # noqa: ANN001, ANN201
    """Give the database at ``path`` (made if new) the test supervisor, as a site's first
    `vaxdesk user add … --role supervisor` does, so CLI processes can log in."""
    from desktop_app.db.database import open_database
    from desktop_app.db.errors import DatabaseLocked
    from desktop_app.services import accounts

    try:
        db = open_database(path, TEST_PASSPHRASE)
    except DatabaseLocked:
        return  # open in the test itself: made by the db fixture, which adds the account
    with db:
        if not accounts.has_accounts(db):
            add_test_supervisor(db)
