"""Why a site database could not be opened, said so that a site manager knows what to do."""

from __future__ import annotations

from pathlib import Path

from desktop_app.rules.messages import UserError


class DatabaseError(UserError):
    """Base of the errors ``open_database`` raises; ``message(lang)`` is for people."""

    def __init__(self, code: str, path: Path, detail: str = "", **params: object) -> None:
        super().__init__(code, path=path, detail=detail, **params)
        self.path = path
        self.detail = detail


class DatabaseLocked(DatabaseError):
    def __init__(self, path: Path) -> None:
        super().__init__("DB_LOCKED", path)


class DatabaseDamaged(DatabaseError):
    """The file failed its integrity check. We never re-create it: it may hold the only copy."""

    def __init__(self, path: Path, detail: str, backups: list[Path]) -> None:
        if backups:
            super().__init__("DB_DAMAGED", path, detail, backup=backups[0])
        else:
            super().__init__("DB_DAMAGED_NO_BACKUP", path, detail)
        self.backups = backups


class WrongPassphrase(DatabaseError):
    """The passphrase does not open this file. Nothing was changed."""

    def __init__(self, path: Path) -> None:
        super().__init__("DB_WRONG_PASSPHRASE", path)


class PassphraseReplaced(WrongPassphrase):
    """A passphrase the site changed since (``db/retired_keys.py``): not a damaged file."""

    def __init__(self, path: Path) -> None:
        DatabaseError.__init__(self, "DB_PASSPHRASE_REPLACED", path)


class PassphraseMissing(DatabaseError):
    """No passphrase was given, and the database is never opened without one."""

    def __init__(self, path: Path) -> None:
        super().__init__("DB_PASSPHRASE_MISSING", path)


class NotADatabasePath(DatabaseError):
    """A folder given for the database file, or a file where its folder should be (a
    mistyped ``VAXDESK_DATA_DIR``): the OS says "permission denied" or "file exists", which
    sends a manager to ask for rights they already have."""

    def __init__(self, path: Path, file: Path | None = None) -> None:
        if file is None:
            super().__init__("DB_PATH_IS_A_FOLDER", path)
        else:
            super().__init__("DB_FOLDER_IS_A_FILE", path, file=file)


class DatabaseTooNew(DatabaseError):
    def __init__(self, path: Path, detail: str) -> None:
        super().__init__("DB_TOO_NEW", path, detail)
