"""The passphrase every test database is encrypted with. conftest puts it in the environment
too, so the app and CLI processes that tests start open the same files."""

import os

TEST_PASSPHRASE = os.environ.get("VAXDESK_DB_PASSPHRASE") or "mật khẩu thử nghiệm"


def key_of(path):  # noqa: ANN001, ANN201 - a test helper
    """The key of a test database file (new or existing)."""
    from desktop_app.db import cipher

    return cipher.key_for(path, TEST_PASSPHRASE)


def raw_connect(path):  # noqa: ANN001, ANN201
    """A bare connection to a test database, for tests that look beneath the services."""
    from desktop_app.db import cipher

    return cipher.connect(path, key_of(path))
