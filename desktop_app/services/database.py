"""Opening the site database, as the app and the CLI do it: the one door to ``db/`` for the
shells (``ui/`` and ``cli*.py`` import services only)."""

from __future__ import annotations

from desktop_app.db.database import Database as Database
from desktop_app.db.database import open_database as open_database
from desktop_app.db.errors import DatabaseDamaged as DatabaseDamaged
from desktop_app.db.errors import DatabaseError as DatabaseError
from desktop_app.db.errors import WrongPassphrase as WrongPassphrase
from desktop_app.db.faults import Fault as Fault
from desktop_app.db.faults import FaultError as FaultError
from desktop_app.db.faults import Kind as Kind
from desktop_app.db.faults import classify as classify
from desktop_app.db.faults import explained as explained
from desktop_app.db.schema_version import HEAD_REVISION as HEAD_REVISION
