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
