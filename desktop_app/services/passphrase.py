"""Where the site database's passphrase comes from, in the order the shells try them:

1. ``VAXDESK_DB_PASSPHRASE`` in the environment (scripts, kiosks, the test suite);
2. the OS keyring (Windows Credential Manager, macOS Keychain, the Secret Service on Linux),
   if the site chose to keep it there;
3. the person at the laptop, asked by the app or the CLI.

The keyring is reached through the ``keyring`` library; a machine without one (a bare Linux,
CI) simply has no keyring, never an error.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from desktop_app.db.cipher import JOURNALS, file_salt, is_plain
from desktop_app.rules.passphrase import MIN_LENGTH as MIN_LENGTH
from desktop_app.rules.passphrase import check_new_passphrase as check_new_passphrase

ENV = "VAXDESK_DB_PASSPHRASE"
KEYRING_SERVICE = "VaxDesk database"


def from_environment() -> str | None:
    return os.environ.get(ENV) or None


def is_new_database(path: Path) -> bool:
    """True if opening ``path`` will create the database (so the passphrase is being chosen
    now, and should be asked twice)."""
    return file_salt(path) is None and not is_plain(path)


# A first run is unfinished from the passphrase chosen until the site is set up: quit in
# between, it left an encrypted file with no account and no site, and a passphrase typed
# once and perhaps forgotten. A file beside the database says so, and only then may the
# person start again (the file, with nothing in it yet, deleted).
UNFINISHED = "-unfinished"


def mark_unfinished(path: Path) -> None:
    Path(f"{path}{UNFINISHED}").write_text("set-up not finished\n", encoding="utf-8")


def is_unfinished(path: Path) -> bool:
    return Path(f"{path}{UNFINISHED}").exists() and not is_new_database(path)


def mark_finished(path: Path) -> None:
    Path(f"{path}{UNFINISHED}").unlink(missing_ok=True)


def start_over(path: Path) -> None:
    """Delete a database whose first run was never finished (no site: nothing was ever
    recorded in it), so its passphrase may be chosen again. Refused for any other file."""
    if not is_unfinished(path):
        raise ValueError(f"{path} is not a database whose first run was left unfinished")
    from desktop_app.db import clean_check

    for suffix in ("", *JOURNALS):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    clean_check.forget(path)
    forget_in_keyring(path)
    mark_finished(path)


def keyring_usable() -> bool:
    try:
        import keyring
        from keyring.backends import fail

        return not isinstance(keyring.get_keyring(), fail.Keyring)
    except Exception:  # noqa: BLE001 - no keyring on this machine is an ordinary case
        return False


def from_keyring(path: Path) -> str | None:
    if not keyring_usable():
        return None
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, _account(path))
    except Exception:  # noqa: BLE001 - a locked or broken keyring: ask the person instead
        return None


def remember_in_keyring(path: Path, passphrase: str) -> bool:
    """Keep the passphrase in the OS keyring for this database; False if there is none."""
    if not keyring_usable():
        return False
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, _account(path), passphrase)
    except Exception:  # noqa: BLE001
        return False
    return True


def forget_in_keyring(path: Path) -> None:
    if keyring_usable():
        import keyring

        with contextlib.suppress(Exception):
            keyring.delete_password(KEYRING_SERVICE, _account(path))


def _account(path: Path) -> str:
    return str(Path(path).resolve())
