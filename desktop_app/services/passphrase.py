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
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from desktop_app.db.cipher import JOURNALS, file_salt, is_plain
from desktop_app.db.database import Database
from desktop_app.db.interrupted_restore import left_by_restore
from desktop_app.rules.messages import UserError
from desktop_app.rules.passphrase import MIN_LENGTH as MIN_LENGTH
from desktop_app.rules.passphrase import check_new_passphrase as check_new_passphrase
from desktop_app.rules.problems import Problem

ENV = "VAXDESK_DB_PASSPHRASE"
KEYRING_SERVICE = "VaxDesk database"


def from_environment() -> str | None:
    return os.environ.get(ENV) or None


def is_new_database(path: Path) -> bool:
    """True if opening ``path`` will create the database (so the passphrase is being chosen
    now, and should be asked twice). Not where a restore was stopped after its copy was
    whole: opening finishes it with the site's passphrase. A copy cut short (no database
    beside it) is set aside at opening: a first run (db/interrupted_restore.py)."""
    return file_salt(path) is None and not is_plain(path) and not left_by_restore(path)


def check_given(path: Path, given: str) -> list[Problem]:
    """What the passphrase rule says of ``given`` (the environment's, the keyring's) as the
    passphrase of the database at ``path``: for a new one it is being chosen, as at the
    dialog or the terminal (``check_new_passphrase``: "a" made a site's database under one
    letter); a database that exists keeps the one it was made under, short or not.
    """
    return check_new_passphrase(given, given) if is_new_database(path) else []


# A first run is unfinished from the passphrase chosen until the site is set up: quit in
# between, it left an encrypted file with no site, and a passphrase typed once and perhaps
# forgotten. A file beside the database says so, and only then may the person start again
# (the file deleted). The marker alone proved nothing: the CLI (``user add``, ``setup-site``,
# ``import``), a restore or a copy put in place write without the app's set-up, and a file
# with people and doses in it was deleted as "empty". Nor does the file's size tell (a new
# file's pages hold the first records without growing). So the marker carries a seal: the
# size and SHA-256 of the file as it was closed right after VaxDesk, holding the passphrase,
# read it and found nothing recorded. Any later write by anyone changes those bytes (every
# page SQLCipher writes gets a fresh IV); only that very file may be deleted, and a log of
# writes not yet merged into it refuses too.
UNFINISHED = "-unfinished"
_NOT_SEALED = "set-up not finished\n"
# Rows in these are no record: what a new file holds, and the accounts, log-ins and backups
# a first start makes before its site is set up. A table added later counts as a record.
_BOOKKEEPING = frozenset({"alembic_version", "vaccine_product", "sync_counter", "audit_head",
                          "audit_entry", "app_user", "setting"})
_FIRST_RUN_AUDIT = "entity = 'user' OR action = 'backup'"


def mark_unfinished(path: Path) -> None:
    _marker(path).write_text(_NOT_SEALED, encoding="utf-8")


def is_unfinished(path: Path) -> bool:
    """True only for the very file VaxDesk last closed with nothing recorded in it."""
    seal = _seal(path)
    if seal is None or is_new_database(path) or _writes_pending(path):
        return False
    try:
        return path.stat().st_size == seal["size"] and _sha256(path) == seal["sha256"]
    except OSError:
        return False


def mark_finished(path: Path) -> None:
    _marker(path).unlink(missing_ok=True)


@contextlib.contextmanager
def watch_first_run(db: Database) -> Iterator[Database]:
    """Work with ``db``, closed at the end of the block; if its first run is unfinished, its
    marker is then sealed (nothing recorded yet) or removed (something is)."""
    try:
        yield db
    finally:
        marked = _marker(db.path).exists()
        empty = marked and _holds_nothing(db)
        db.close()
        if marked and empty:
            _write_seal(db.path)
        elif marked:
            mark_finished(db.path)


def start_over(path: Path) -> None:
    """Delete a database whose first run was never finished (nothing recorded in it), so its
    passphrase may be chosen again. ``StartOverRefused`` for any other file, and while
    another VaxDesk or ``vaxdesk`` command has it open (it could write meanwhile)."""
    from desktop_app.db import clean_check
    from desktop_app.db.database import lock_file

    lock = lock_file(path)
    try:
        if not is_unfinished(path):
            raise StartOverRefused(path)
        for suffix in ("", *JOURNALS):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    finally:
        lock.release()
    clean_check.forget(path)
    forget_in_keyring(path)
    mark_finished(path)


class StartOverRefused(UserError):
    def __init__(self, path: Path) -> None:
        super().__init__("START_OVER_REFUSED", path=path)


def _marker(path: Path) -> Path:
    return Path(f"{path}{UNFINISHED}")


def _seal(path: Path) -> dict | None:
    try:
        seal = json.loads(_marker(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None  # none, or not sealed (a first run cut short): never offered
    return seal if isinstance(seal, dict) and {"size", "sha256"} <= seal.keys() else None


def _write_seal(path: Path) -> None:
    if _writes_pending(path):  # another connection still open: judged at a later close
        mark_unfinished(path)
        return
    seal = {"size": path.stat().st_size, "sha256": _sha256(path)}
    _marker(path).write_text(json.dumps(seal), encoding="utf-8")


def _writes_pending(path: Path) -> bool:
    wal = Path(f"{path}-wal")
    return (wal.exists() and wal.stat().st_size > 0) or Path(f"{path}-journal").exists()


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _holds_nothing(db: Database) -> bool:
    """Nothing but bookkeeping in ``db``; any doubt (a damaged file) counts as something."""
    from sqlalchemy import text

    try:
        with db.reading() as s:
            tables = s.execute(text("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%'")).scalars().all()
            return not any(s.execute(text(f'SELECT 1 FROM "{t}" LIMIT 1')).first()
                           for t in tables if t not in _BOOKKEEPING) and \
                not s.execute(text(f"SELECT 1 FROM audit_entry WHERE NOT ({_FIRST_RUN_AUDIT}) "
                                   "LIMIT 1")).first()
    except Exception:  # noqa: BLE001 - unreadable: never judged empty
        return False


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
