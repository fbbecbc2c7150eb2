"""Staff logins for the dashboard: commune, district and province officers, each bound to
one area, and their browser sessions.

Passwords are Argon2id hashes (argon2-cffi's defaults), as the desk's accounts are. A wrong
password makes the next attempt wait 1, 2, 4… seconds (at most five minutes), counted in the
database, so guessing is slow whichever server process answers. A session is a random token
in an HttpOnly cookie; only its SHA-256 is kept, and it expires after ``SESSION_HOURS``.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from central_server.dashboard.scope import LEVELS, Scope
from central_server.db.models import StaffSession, StaffUser
from central_server.fhir.store import utc_now

SESSION_HOURS = 8
MAX_WAIT = timedelta(minutes=5)
MIN_PASSWORD = 8
USERNAME = re.compile(r"[a-z0-9._-]{2,64}")
_hasher = PasswordHasher()


@dataclass(frozen=True)
class Staff:
    username: str
    scope: Scope


class LoginRefused(Exception):
    """``code`` names the catalogue message to show; ``seconds`` to wait, when locked."""

    def __init__(self, code: str, seconds: int = 0) -> None:
        super().__init__(code)
        self.code = code
        self.seconds = seconds


def add_staff(engine: Engine, username: str, level: str, area_code: str, password: str
              ) -> None:
    """A new staff login; ValueError saying what is wrong with the input."""
    if not USERNAME.fullmatch(username):
        raise ValueError("a username is 2-64 of a-z 0-9 . _ -")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    if not area_code.strip():
        raise ValueError("an area code is needed")
    if len(password) < MIN_PASSWORD:
        raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
    with Session(engine) as s, s.begin():
        if s.get(StaffUser, username) is not None:
            raise ValueError(f"{username} exists already")
        s.add(StaffUser(username=username, password_hash=_hasher.hash(password), level=level,
                        area_code=area_code.strip(), created_at=utc_now(), failed=0))


def log_in(engine: Engine, username: str, password: str, now: datetime | None = None
           ) -> str:
    """Check the password and open a session; returns the cookie's token.

    The slow hash check runs between two short transactions, not inside one: on SQLite a
    transaction holds the one write lock, and anonymous guesses held it for 0.3 s each
    while the sites' pushes waited. A wrong password's count and wait are committed before
    the refusal is raised (raised inside the transaction, they were rolled back with it:
    guessing was never slowed)."""
    now = now or utc_now()
    name = username.strip().lower()
    with Session(engine) as s:
        user = s.get(StaffUser, name)
        known = (user.password_hash, user.locked_until) if user is not None else None
    if known is not None and known[1] is not None and now < known[1]:
        raise LoginRefused("DASH_LOGIN_LOCKED", int((known[1] - now).total_seconds()) + 1)
    if known is None:
        _verify(None, password)  # as slow as a real check: names are not probed
        raise LoginRefused("DASH_LOGIN_WRONG")
    if not _verify(known[0], password):
        _count_failure(engine, name, now)
        raise LoginRefused("DASH_LOGIN_WRONG")
    token = secrets.token_urlsafe(32)
    with Session(engine) as s, s.begin():
        s.execute(update(StaffUser).where(StaffUser.username == name)
                  .values(failed=0, locked_until=None))
        s.execute(delete(StaffSession).where(StaffSession.expires_at < now))
        s.add(StaffSession(token_hash=_hash(token), username=name,
                           expires_at=now + timedelta(hours=SESSION_HOURS)))
    return token


def _count_failure(engine: Engine, name: str, now: datetime) -> None:
    """One more wrong password: the next try waits 1, 2, 4 … s (at most MAX_WAIT), from
    when the (slow) hash check ended, not when the request began."""
    with Session(engine) as s, s.begin():
        s.execute(update(StaffUser).where(StaffUser.username == name)
                  .values(failed=StaffUser.failed + 1))
        user = s.get(StaffUser, name)
        if user is not None:
            wait = min(timedelta(seconds=2 ** (user.failed - 1)), MAX_WAIT)
            user.locked_until = max(now, utc_now()) + wait


def staff_for(engine: Engine, token: str | None, now: datetime | None = None
              ) -> Staff | None:
    """Who holds this session cookie, or None (absent, unknown or expired)."""
    if not token:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(StaffUser.username, StaffUser.level, StaffUser.area_code,
                   StaffSession.expires_at)
            .join(StaffSession, StaffSession.username == StaffUser.username)
            .where(StaffSession.token_hash == _hash(token))).first()
    if row is None or row.expires_at <= (now or utc_now()):
        return None
    return Staff(row.username, Scope(row.level, row.area_code))


def log_out(engine: Engine, token: str | None) -> None:
    if token:
        with engine.begin() as conn:
            conn.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@cache
def _dummy() -> str:
    return _hasher.hash("not a password")


def _verify(digest: str | None, password: str) -> bool:
    try:
        return _hasher.verify(digest or _dummy(), password) and digest is not None
    except (VerificationError, InvalidHashError):
        return False
