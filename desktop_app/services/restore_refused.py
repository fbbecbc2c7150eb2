"""A restore refused leaves a trace: someone trying to roll a laptop back to an older copy
(a clerk, a supervisor disabled since, with a copy of another site, or one under another
passphrase) is named in the audit trail of the file they tried to replace, the one kept.

The entry ("restore_refused", about the copy by its file name, never a path of this laptop)
says who tried as a failed login does (``accounts``): the user name of an account the file
has, or of a name it has none of, only a keyed fingerprint (often the password, typed into
the wrong box); why it was refused (the refusal's code); and for a login refused, what was
wrong with it. Its user is a supervisor whose login was checked and passed (a copy of
another database not confirmed, the database open in VaxDesk); else nobody: no one logged in.

Written in plain SQL, as a restore runs before the database is opened (it may be too
damaged to open), and only where it can be: not on a new laptop (no file), not with a
passphrase that does not open the current file (the old passphrase of a replaced copy;
a copy and a file both under a passphrase nobody here gave), not into a file too damaged
to take it. Failing to write it never hides the refusal: logged, and the refusal is raised
all the same, as ``actor.require``'s are.
"""

from __future__ import annotations

import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop_app import settings
from desktop_app.db import cipher
from desktop_app.db.bulk_sql import AUDIT_INSERT, stored_time
from desktop_app.db.errors import WrongPassphrase
from desktop_app.rules.fingerprints import keyed_fingerprint
from desktop_app.rules.messages import UserError

ACTION = "restore_refused"
# As long as the app's own connections wait for the write lock (db/engine.py): the app may
# have the file open (a check in the Backups dialog, ``vaxdesk restore`` beside it).
WAIT_SECONDS = 15.0
_log = logging.getLogger(__name__)


def audit_refused(db_path: Path, copy: Path, opener: str | cipher.FileKey,
                  refused: UserError, *, username: str | None, user_id: str | None = None,
                  why: str | None = None) -> bool:
    """Write the entry of a restore of ``copy`` over ``db_path`` refused as ``refused``
    (``why``: what was wrong with a login refused), opening the file with ``opener``: the
    passphrase given, or the file's key (the app has it open). ``user_id``: the supervisor
    whose login passed, if it did. True once written; False (and logged) where it cannot
    be."""
    if not db_path.is_file():
        return False  # a new laptop: no trail to write in
    try:
        key = opener if isinstance(opener, cipher.FileKey) else cipher.key_for(db_path, opener)
        conn = cipher.connect(db_path, key, isolation_level=None, timeout=WAIT_SECONDS)
    except WrongPassphrase:
        _log.warning("a restore of %s refused (%s): the passphrase given does not open %s,"
                     " so no audit entry says it", copy.name, refused.code, db_path.name)
        return False
    except (cipher.Error, OSError):
        _log.exception("a restore of %s refused (%s) could not be audited", copy.name,
                       refused.code)
        return False
    try:
        conn.execute("BEGIN IMMEDIATE")
        named, who = _who_tried(conn, username, user_id)
        details = {"copy": copy.name, "why": refused.code,
                   **({"login": why} if why else {}), **named}
        conn.execute(AUDIT_INSERT, (stored_time(datetime.now(UTC)), who,
                                    ACTION, "file", copy.name,
                                    json.dumps(details, ensure_ascii=False)))
        conn.execute("COMMIT")
    except cipher.Error:  # too damaged to take it, the write lock held too long
        _log.exception("a restore of %s refused (%s) could not be audited", copy.name,
                       refused.code)
        return False
    finally:
        conn.close()  # a transaction left open is rolled back
    return True


def _who_tried(conn: Any, username: str | None, user_id: str | None
               ) -> tuple[dict[str, str], str | None]:
    """The entry's words for who tried, and its user: the account's name, and its id if
    that is the supervisor whose login passed; a name no account has as its fingerprint,
    keyed as a failed login's is (the same name tried at both gives the same one)."""
    name = (username or "").strip().lower()
    if not name:
        return {}, None
    try:
        row = conn.execute("SELECT id FROM app_user WHERE username = ?", (name,)).fetchone()
    except cipher.OperationalError:  # a file from before accounts
        row = None
    if row is not None:
        return {"username": name}, row[0] if row[0] == user_id else None
    return {"username_fingerprint": keyed_fingerprint(name, _name_key(conn))}, None


def _name_key(conn: Any) -> str:
    """The file's key for fingerprints of names (settings.LOGIN_NAME_KEY), made if new."""
    key = settings.LOGIN_NAME_KEY.key
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    if row is not None and json.loads(row[0]):
        return json.loads(row[0])
    made = os.urandom(32).hex()
    conn.execute("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key)"
                 " DO UPDATE SET value = excluded.value", (key, json.dumps(made)))
    return made
