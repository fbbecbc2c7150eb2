"""Opening the site database, as the app and the CLI do it: the one door to ``db/`` for the
shells (``ui/`` and ``cli*.py`` import services only)."""

from __future__ import annotations

from desktop_app.db.database import Database as Database
from desktop_app.db.database import open_database as open_database
from desktop_app.db.errors import DatabaseDamaged as DatabaseDamaged
from desktop_app.db.errors import DatabaseError as DatabaseError
from desktop_app.db.errors import WrongPassphrase as WrongPassphrase
