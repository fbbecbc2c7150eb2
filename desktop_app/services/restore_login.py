"""A restore's login: a supervisor of the file it would replace (or of the copy), checked
with the waits after failed logins that the login has (``login_waits``).

A restore replaces every record, so it asks for a supervisor's login; ``check_supervisor``
says whose accounts decide. Its password check is a login's: after a failed one the name
waits 1, 2, 4… seconds (at most five minutes), on the same count as the login screen's and
the CLI's, so neither ``vaxdesk restore`` nor the restore dialog tries passwords faster than
the login does. A failure counts for the name in the current file (the one the restore would
replace, and the one kept when it is refused), whichever file's accounts were asked; a name
no account has there is counted as the login counts it (its keyed fingerprint). A try while
the name waits is refused with the login's words before any password is checked, and the
right password clears the account's count, as at the login. Every refusal is audited as each
refused restore is (``restore_refused``); the first of a wait also as the login's is
(``login_wait``).

The count is the current file's whenever that file opens: with the passphrase given, or the
app has it open (the restore dialog, with the app's key). A file this version has not opened
yet (just installed over an older one, or a copy an older version made just restored) is
first opened as any first opening does, migrated, so it counts too: else ``vaxdesk restore``
run in a loop on it would check passwords at full speed until the app's first opening.
Nothing is counted when it does not open: no file (a new laptop), a file the passphrase does
not open (another database's, a damaged first page), one too damaged to read, write or
migrate (a restore mends those: counting never stands in its way), or one of a newer
version's schema (this one cannot write it). Then only the copy's accounts are asked, and
the copy is never written to count in: a restore leaves its copy as it was (on a read-only
drive, in a folder other laptops restore from, a count in it would come back with it); a
count in a copy would not slow a guesser anyway (whoever can run the restore can take a
fresh copy of the copy for each guess); and the copy opened with the passphrase given, so
whoever holds both holds its password hashes, to try offline at any speed. The current file
is the one that stays, and whose count a loop of restores cannot start over.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from desktop_app import clock
from desktop_app.db import cipher
from desktop_app.db.database import Database, open_beside, open_database
from desktop_app.db.errors import DatabaseDamaged, DatabaseError, DatabaseLocked, WrongPassphrase
from desktop_app.db.models import User
from desktop_app.db.schema_version import HEAD_REVISION, stored_revision
from desktop_app.rules.messages import UserError, text
from desktop_app.services import accounts, login_waits

# What keeps a count from being read or written in a file that opens: damage (the engine's
# errors, the raw driver's, the app's own file found damaged by its check).
_UNCOUNTABLE = (DBAPIError, cipher.Error, DatabaseDamaged)
_log = logging.getLogger(__name__)


class LoginRefused(UserError):
    """The login a restore asked for is not an active supervisor's of the file asked.
    ``why`` says what was wrong, for the audit entry ("login": no such name or a wrong
    password; "disabled"; "role"). The person is told a wrong login as the login window
    tells it (never which of the two was wrong); the rest only with the right password."""

    def __init__(self, code: str, why: str) -> None:
        super().__init__(code)
        self.why = why

    def message(self, lang: str = "vi") -> str:
        """A wrong login first says so, as the login window does: the supervisor's rule
        alone read as the cause, and the manager retried with the same password."""
        said = super().message(lang)
        return f"{text('LOGIN_REFUSED', lang)} {said}" if self.why == "login" else said


def check_supervisor(copy: Path, passphrase: str, username: str | None,
                     password: str | None, current: Path | None = None, *,
                     app_db: Database | None = None) -> str | None:
    """A restore replaces every record: it needs an active supervisor of the ``current``
    file, whenever that file opens with the passphrase and has accounts. A supervisor
    disabled there, or made a clerk, is refused, whatever the copy says of them (the copy
    would bring their account back as it was). The copy's accounts are asked only when the
    current file is not there, is too damaged to read them (a damaged first page reads as
    another passphrase's file: ``_this_database`` tells them apart) or has none; never when
    it is another passphrase's whole file. A copy with no account either (from before
    accounts, or emptied of them by someone who knew the passphrase) needs a supervisor of
    a current file that opens; only when neither file has an account is the passphrase the
    proof. Returns the supervisor's user id (None then).

    The password is checked as the login checks it, with its waits, counted in the current
    file (``app_db`` when the app has it open): the module's docstring says which file
    counts when. A try while the name waits raises the login's ``LOGIN_WAIT``."""
    with _counts_of(current, passphrase, app_db) as counts:
        here = None  # whether the current file opened with this passphrase
        if current is not None and current.is_file():
            try:
                supervisor = _supervisor_of(current, passphrase, username, password, counts,
                                            "RESTORE_NEEDS_CURRENT_SUPERVISOR")
            except WrongPassphrase:  # another passphrase's file, or a damaged first page
                here = None if _this_database(current, copy, passphrase) else False
            except cipher.DatabaseError:  # too damaged to ask
                here = None
            else:
                if supervisor is not None:
                    return supervisor
                here = True  # it has no account: the copy's are asked
        if here is False:  # another passphrase's whole file: nobody here has agreed to it
            # Said as the passphrase that differs: no login was checked, and one blamed
            # sent a helper who set a replacement up under their own passphrase retrying it.
            raise UserError("RESTORE_CURRENT_OTHER_PASSPHRASE", db=current)
        return _supervisor_of(copy, passphrase, username, password, counts) or None


def _this_database(current: Path, copy: Path, passphrase: str) -> bool:
    """Whether the current file, which does not open with ``passphrase``, is damaged rather
    than another passphrase's: it has the copy's salt (a database's copies keep it, and so
    does a change of passphrase), or its pages verify under the passphrase (the salt itself
    damaged). A database made for the purpose under a passphrase of its maker's, holding a
    supervisor of their own, once replaced the site's healthy file as if it were damaged.
    (A file made to carry the site's salt passes: whoever can write one can as well move
    the site's file aside, which no check here can stop.)"""
    salt = cipher.file_salt(current)
    if salt is not None and salt == cipher.file_salt(copy):
        return True
    return cipher.pages_verify(current, cipher.key_for(copy, passphrase))


def _supervisor_of(path: Path, passphrase: str, username: str | None, password: str | None,
                   counts: _Counts, refusal: str = "RESTORE_NEEDS_SUPERVISOR") -> str | None:
    """The id of ``username`` if a supervisor of the file at ``path`` with this password;
    None if the file has no account; else the ``refusal`` (a ``LoginRefused``), or the
    login's refusal while the name waits. The password is checked, and its outcome
    counted, whether or not an account has the name (the login's way: how long it takes,
    and whether it waits after, tells nothing)."""
    conn = cipher.connect(path, cipher.key_for(path, passphrase))
    try:
        row = conn.execute("SELECT password_hash, role, active, id FROM app_user"
                           " WHERE username = ?", (_name(username),)).fetchone()
        anyone = conn.execute("SELECT count(*) FROM app_user").fetchone()[0]
    except cipher.OperationalError:  # a file from before accounts
        return None
    finally:
        conn.close()
    if not anyone:
        return None
    counts.wait(username)  # before the password is checked: a wait costs no hash
    right = accounts._verify(row[0] if row is not None else None, password or "")
    counts.outcome(username, right)
    if not right:
        raise LoginRefused(refusal, "login")
    if not row[2] or row[1] != "supervisor":
        raise LoginRefused(refusal, "disabled" if not row[2] else "role")
    return row[3]


@dataclass(frozen=True)
class _Counts:
    """The failed logins counted in the current file, ``db`` (None: nothing is counted),
    read and written as of ``now``, one moment for the whole restore's check as for a
    login's."""

    db: Database | None
    now: datetime

    def wait(self, username: str | None) -> None:
        """Raise the login's refusal while the name waits after failed logins (the first
        try of each wait audited as the login's is: ``login_waits.seconds_to_wait``)."""
        name = _name(username)
        if self.db is None or not name:
            return
        try:
            with self.db.reading() as s:
                user = _account(s, name)
                count = login_waits.count_of(s, user, name)
            left = login_waits.seconds_to_wait(self.db, user, name, count, self.now)
        except _UNCOUNTABLE:
            _log.exception("a restore's login: the wait of its name not read in %s",
                           self.db.path.name)
            return
        if left:
            raise accounts.waiting(left)

    def outcome(self, username: str | None, right: bool) -> None:
        """A password checked for the name: the right one clears the count of its account
        here; a wrong one, or a name no account has, adds one (``record_outcome``). The right
        password of an account only the copy has clears nothing here."""
        name = _name(username)
        if self.db is None or not name:
            return
        try:
            with self.db.transaction() as s:
                user = _account(s, name)
                if right and user is None:
                    return
                login_waits.record_outcome(s, user, name, right, self.now)
        except _UNCOUNTABLE:
            _log.exception("a restore's login: its outcome not counted in %s",
                           self.db.path.name)


@contextmanager
def _counts_of(current: Path | None, passphrase: str, app_db: Database | None
               ) -> Iterator[_Counts]:
    """Where this restore's login is counted: the app's open database, else the current
    file opened beside whatever has it open (``open_beside``), if it opens at this
    version's schema; else nowhere."""
    now = clock.utc_now()
    if app_db is not None:
        yield _Counts(app_db, now)
        return
    db = _beside(current, passphrase)
    try:
        yield _Counts(db, now)
    finally:
        if db is not None:
            db.close()


def _beside(current: Path | None, passphrase: str) -> Database | None:
    if current is None or not current.is_file():
        return None
    try:
        key = cipher.key_for(current, passphrase)
        revision = stored_revision(current, key)
        if revision is not None and revision < HEAD_REVISION:
            revision = _migrated(current, passphrase)
        if revision != HEAD_REVISION:
            return None  # no schema of ours, a newer version's, or not migrated
        return open_beside(current, key)
    except (WrongPassphrase, cipher.Error, OSError):
        return None


def _migrated(current: Path, passphrase: str) -> str | None:
    """The current file opened once, as the app's or any command's first opening of it
    does (checked whole, a copy kept, migrated): a file this version never opened yet (the
    version just installed, or a copy of an older one just restored) has no count of its
    own until then, and ``vaxdesk restore`` opens nothing. Too damaged to open is counted
    nowhere, as before. Held open by VaxDesk (an older version's, which has not migrated
    it) is refused now, before a password is checked: the restore would be refused at its
    lock after the check, and the check would have told a guesser whether the password
    was right, uncounted."""
    try:
        open_database(current, passphrase).close()
    except DatabaseLocked:
        raise
    except (DatabaseError, OSError, *_UNCOUNTABLE) as exc:
        _log.warning("a restore's login: %s not migrated (%s): not counted there",
                     current.name, exc)
        return None
    return HEAD_REVISION


def _account(s: Session, name: str) -> User | None:
    return s.scalar(select(User).where(User.username == name))


def _name(username: str | None) -> str:
    """The name as the accounts keep it (``accounts.given_username``, none refused)."""
    return (username or "").strip().lower()
