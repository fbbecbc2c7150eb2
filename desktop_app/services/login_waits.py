"""How long a login waits after failed ones, for any name typed: an account's or not.

A failed login makes the next one with the same name wait 1, 2, 4… seconds (at most five
minutes), counted in the database, so neither a restart nor the CLI beside the desk starts
it over. An account's count is on its row (``app_user.failed_logins``, ``last_failed_at``);
a name no account has is counted the same way in ``login_name_wait``, under the keyed
fingerprint its audit entries give it (``who_tried``), never the name: it is often a
password typed into the wrong box. Both kinds wait alike, are told the same words and leave
audit entries of one shape, so "please wait" tells nobody whether an account has the name.
(A name that gets an account takes its count with it: ``carry_over``.)

Anyone may type new names, so the counts are bounded: at most ``MAX_COUNTED`` names have one
at a time, accounts and other names alike. A name's first failure past that forgets the
counts whose last failure is oldest, of both kinds (an account's as its next success would
clear it), so what is forgotten tells nothing either. A script trying a million names
leaves at most ``MAX_COUNTED`` rows (about a megabyte). To have one name's count forgotten
it must first fail with ``MAX_COUNTED`` other names, each a full password check (~0.1 s:
about twenty minutes in all), longer than the longest wait. Each of those failures is in
the audit trail, as every failed login is (one entry a password check, ~10 a second at
most): the trail is never pruned, so a supervisor sees the script there.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, union_all, update
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import AuditEntry, LoginNameWait, User
from desktop_app.rules.fingerprints import keyed_fingerprint

MAX_WAIT = timedelta(minutes=5)
MAX_COUNTED = 10_000
# The audit actions of a login refused: a wrong name or password (or a disabled account, a
# temporary password), and a try while the name waits after failed logins.
FAILED, WAITED = "login_failed", "login_wait"
# The audit entry's account for a login with a name no account has (user ids are UUIDs).
UNKNOWN_ACCOUNT = "unknown"


@dataclass(frozen=True)
class Count:
    """A name's failed logins since its last success, and when the last one was."""

    failed: int = 0
    last_failed_at: datetime | None = None


def wait_after(failed: int) -> timedelta:
    """How long the next login waits after ``failed`` failures in a row. The exponent is
    capped: past MAX_WAIT it changes nothing, and 2 ** 47 seconds is more than a timedelta
    holds (the 48th failure of a name raised OverflowError instead of a refusal).

    >>> [wait_after(n).total_seconds() for n in (1, 2, 3, 9, 10, 500)]
    [1.0, 2.0, 4.0, 256.0, 300.0, 300.0]
    """
    return min(timedelta(seconds=2 ** min(max(failed, 1) - 1, 20)), MAX_WAIT)


def count_of(s: Session, user: User | None, username: str) -> Count:
    """The count of the name tried: the account's, or that of a name no account has."""
    if user is not None:
        return Count(user.failed_logins or 0, user.last_failed_at)
    row = _row(s, username)
    return Count(row.failed_logins, row.last_failed_at) if row is not None else Count()


def seconds_to_wait(db: Database, user: User | None, username: str, count: Count,
                    now: datetime) -> int:
    """0 when the name may try now; else the seconds it still waits after its last failed
    login. The first refusal of each wait is audited ("login_wait"), as a failed login is
    (``who_tried``), so a supervisor sees that someone kept trying; the next ones of that
    wait are not: a refusal costs no password hash, and a script could write thousands a
    second, to a trail that is never pruned and is copied into every backup. A wait follows
    one failed login, itself audited and hashed, so the trail holds at most one wait entry
    per failed-login entry of a name (at most one per five minutes once the wait is
    capped)."""
    if not count.failed or count.last_failed_at is None:
        return 0
    # The clock set back since (a flat CMOS battery, a date typed by hand): the failure
    # counts from now, kept so, or the wait would last as long as the clock went back (a
    # year, with the only supervisor locked out).
    set_back = count.last_failed_at > now
    until = min(count.last_failed_at, now) + wait_after(count.failed)
    if until <= now:
        return 0
    with db.reading() as s:
        audited = _wait_audited(s, user, username, until)
    if set_back or not audited:
        with db.transaction() as s:
            row = s.get(User, user.id) if user is not None else _row(s, username)
            if set_back and row is not None:
                row.last_failed_at = now
            if not _wait_audited(s, user, username, until):  # another window's meanwhile
                said = {"failed_logins": count.failed, "wait_until": until}
                s.add(store.audit_entry(WAITED, "user", *who_tried(s, user, username, said),
                                        now, None))
                if isinstance(row, LoginNameWait):
                    row.wait_audited_until = until
    return int((until - now).total_seconds()) + 1


def record_outcome(s: Session, user: User | None, username: str, right: bool,
                   now: datetime) -> None:
    """The login's outcome on its name's count, in the login's transaction: the right
    password clears an account's count, anything else adds one (a name's first failure
    making room first)."""
    if user is not None:
        row = s.get(User, user.id)
        if right:
            row.failed_logins, row.last_failed_at = 0, None
            return
        if not row.failed_logins:
            _make_room(s)
        row.failed_logins = (row.failed_logins or 0) + 1
        row.last_failed_at = now
        return
    key = name_key(s, username, make=True)
    kept = s.get(LoginNameWait, key)
    if kept is None:
        _make_room(s)
        s.add(LoginNameWait(name_key=key, failed_logins=1, last_failed_at=now))
    else:
        kept.failed_logins += 1
        kept.last_failed_at = now


def carry_over(s: Session, user: User) -> None:
    """A new account takes the count its name had while no account had it: to whoever
    tries it, the name goes on waiting as it did (forgotten, it would tell that the name
    had just become an account)."""
    kept = _row(s, user.username)
    if kept is not None:
        user.failed_logins, user.last_failed_at = kept.failed_logins, kept.last_failed_at
        s.delete(kept)


def who_tried(s: Session, user: User | None, username: str, said: dict) -> tuple[str, dict]:
    """The audit entry's account and details for a login. A name no account has is kept
    only as a fingerprint: it is often the password, typed into the wrong box, and the
    trail is never edited, is copied into every backup and is exported to supervisors.
    Equal fingerprints still tell that one name was tried again and again."""
    if user is None:
        return UNKNOWN_ACCOUNT, {"username_fingerprint": name_key(s, username, make=True),
                                 **said}
    return user.id, {"username": username, **said}


def name_key(s: Session, username: str, *, make: bool = False) -> str | None:
    """What the trail and ``login_name_wait`` keep of a name no account has: its
    fingerprint keyed with a secret this database keeps (made at its first use, when
    ``make``; None before), so an exported trail gives nobody a hash to test password
    guesses against."""
    key = settings.read(s, settings.LOGIN_NAME_KEY)
    if key is None:
        if not make:
            return None
        key = os.urandom(32).hex()
        settings.write(s, settings.LOGIN_NAME_KEY, key)
    return keyed_fingerprint(username, key)


def _row(s: Session, username: str) -> LoginNameWait | None:
    key = name_key(s, username)
    return s.get(LoginNameWait, key) if key is not None else None


def _wait_audited(s: Session, user: User | None, username: str, until: datetime) -> bool:
    """Whether the wait ending at ``until`` already has its entry. A name no account has
    keeps it on its row. An account's is its latest failed or waited login (a new failure
    starts a new wait; entries of other kinds between them do not count): a few steps back
    along the entity index, however long the account's trail."""
    if user is None:
        row = _row(s, username)
        return row is not None and row.wait_audited_until == until
    last = s.execute(select(AuditEntry.action, AuditEntry.details).where(
        AuditEntry.entity == "user", AuditEntry.entity_id == user.id,
        AuditEntry.action.in_((FAILED, WAITED))).order_by(AuditEntry.id.desc()).limit(1)).first()
    return last is not None and last.action == WAITED \
        and json.loads(last.details or "{}").get("wait_until") == until.isoformat()


def _make_room(s: Session) -> None:
    """Keep the names with a count under MAX_COUNTED, accounts' and others' alike, by
    forgetting the counts whose last failure is oldest (the module's docstring says why
    both kinds)."""
    counted = union_all(
        select(LoginNameWait.last_failed_at.label("at")),
        select(User.last_failed_at.label("at")).where(User.failed_logins > 0,
                                                      User.last_failed_at.is_not(None)),
    ).subquery()
    total = s.scalar(select(func.count()).select_from(counted)) or 0
    if total < MAX_COUNTED:
        return
    cutoff = s.scalar(select(counted.c.at).order_by(counted.c.at)
                      .offset(total - MAX_COUNTED).limit(1))
    s.execute(delete(LoginNameWait).where(LoginNameWait.last_failed_at <= cutoff))
    s.execute(update(User).where(User.failed_logins > 0, User.last_failed_at <= cutoff)
              .values(failed_logins=0, last_failed_at=None))
