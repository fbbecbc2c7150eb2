"""Where a user's data lives: the platform's user-data folder (platformdirs), overridable.

``VAXDESK_DATA_DIR`` moves everything (tests, portable installs, a second site on one laptop).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "VaxDesk"
DB_FILENAME = "vaxdesk.db"


def data_dir() -> Path:
    override = os.environ.get("VAXDESK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` readable by this user only (0700 on POSIX); an existing folder the
    user chose (``--db``) is left as it is. Whatever comes first makes it so: the log
    started before the database once made the data folder 0755."""
    if folder.exists():
        return
    folder.mkdir(parents=True, mode=0o700)
    if os.name == "posix":
        folder.chmod(0o700)  # mkdir's mode is masked by the umask
