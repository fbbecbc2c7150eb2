"""Staff logins for the dashboard: commune, district, province and national officers, each
bound to one area (the national one's is ``NATION``), and their browser sessions.

Passwords are Argon2id hashes (argon2-cffi's defaults), as the desk's accounts are. A wrong
password makes the next attempt with that name wait 1, 2, 4… seconds (at most five minutes),
counted in the database, so guessing is slow whichever server process answers. A name no
staff user has is counted the same way, so the answers never tell which names exist. A
session is a random token in an HttpOnly cookie; only its SHA-256 is kept, and it expires
after ``SESSION_HOURS``. The dashboard's forms (an answer, signing out) carry a token made
from the session (``form_token``): a page elsewhere, which cannot read the cookie, cannot
make one, so a form it gets the officer's browser to post is refused.

The administrator disables a login (``disable``: its sessions end, and it signs in no
more, told so only once it typed the right password), enables it again, or sets a new
password (``reset_password``: its sessions end too), through ``vaxdesk-central staff``,
whose admin log names the operator. Every sign-in and every refusal is kept
(``StaffSignIn``, ``sign_ins``): the name when a staff user has it, else only its
fingerprint, keyed by a secret of the server (``login_names``); never the password.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Engine, delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from central_server.dashboard.login_names import login_name_key, name_key
from central_server.dashboard.scope import LEVELS, NATION, Scope
from central_server.db.models import (
    LoginFailure,
    StaffDisabled,
    StaffSession,
    StaffSignIn,
    StaffUser,
)
from central_server.fhir.store import utc_now
from desktop_app.rules import admin_units
from desktop_app.rules.passphrase import composed, typed_forms

SESSION_HOURS = 8
MAX_WAIT = timedelta(minutes=5)
CHECKING = timedelta(seconds=5)  # a name's hold while its password is checked (~0.3 s)
# The most names whose wrong passwords are counted: anyone can type new names, and each is a
# row, so without a bound a script could fill the database. Past it the oldest counts go,
# real and made-up names alike, so that tells nothing about which names exist either. To
# clear one name's count a script must first fail with 10 000 others, each a full password
# check: far slower than waiting out that name's lock.
MAX_FAILURE_ROWS = 10_000
MIN_PASSWORD = 8
SIGN_IN_DAYS = 180  # how long each sign-in and refusal is kept (pruned at a sign-in)
# What ``StaffSignIn.outcome`` says.
SIGNED_IN = "signed-in"
WRONG = "wrong-password"
DISABLED = "disabled"  # the right password of a disabled login
LOCKED = "locked"  # a try while the name waits after a wrong password: once per run
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


def area_refusal(level: str, area_code: str) -> str | None:
    """What is wrong with a login's area, None when nothing: the national level's is
    NATION and only its; a province or a commune is one of the GSO list's (a login scoped
    to a code no site carries would see nothing, and say nothing of it)."""
    area = area_code.strip()
    if not area:
        return "an area code is needed"
    if (level == "national") != (area == NATION):
        return f"the national level's area, and only its, is {NATION}"
    known = {"province": admin_units.province, "commune": admin_units.commune}.get(level)
    if known is not None and known(area) is None:
        return f"no {level} with code {area!r} in the GSO list"
    return None


def add_staff(engine: Engine, username: str, level: str, area_code: str, password: str
              ) -> None:
    """A new staff login; ValueError saying what is wrong with the input."""
    if not USERNAME.fullmatch(username):
        raise ValueError("a username is 2-64 of a-z 0-9 . _ -")
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}")
    problem = area_refusal(level, area_code)
    if problem is not None:
        raise ValueError(problem)
    if len(composed(password)) < MIN_PASSWORD:
        raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
    with Session(engine) as s, s.begin():
        if s.get(StaffUser, username) is not None:
            raise ValueError(f"{username} exists already")
        s.add(StaffUser(username=username, password_hash=_hasher.hash(composed(password)),
                        level=level, area_code=area_code.strip(), created_at=utc_now(),
                        failed=0))


def log_in(engine: Engine, username: str, password: str, now: datetime | None = None,
           names_key: str | None = None) -> str:
    """Check the password and open a session; returns the cookie's token. ``names_key``:
    the key of the names' fingerprints (``login_names.login_name_key``, as the server
    started with it); None, the database's.

    The slow hash check runs between two short transactions, not inside one: on SQLite a
    transaction holds the one write lock, and anonymous guesses held it for 0.3 s each
    while the sites' pushes waited. A wrong password's count and wait are committed before
    the refusal is raised (raised inside the transaction, they were rolled back with it:
    guessing was never slowed)."""
    now = now or utc_now()
    name = username.strip().lower()
    key = name_key(name, names_key or login_name_key(engine))
    try:
        digest, disabled = _claim(engine, name, key, now)
    except LoginRefused:
        _note(engine, key, name, LOCKED, now)
        raise
    # An unknown name is checked against a dummy hash (as slow as a real check) and counted
    # like a known one: neither the time nor the lock-out tells that the name is unknown.
    if not _verify(digest, password):
        _count_failure(engine, key, now)
        _note(engine, key, name, WRONG, now)
        raise LoginRefused("DASH_LOGIN_WRONG")
    if disabled:  # said only to whoever typed its password: the name's hold is freed
        with Session(engine) as s, s.begin():
            s.execute(delete(LoginFailure).where(LoginFailure.name_key == key))
        _note(engine, key, name, DISABLED, now)
        raise LoginRefused("DASH_LOGIN_DISABLED")
    token = secrets.token_urlsafe(32)
    with Session(engine) as s, s.begin():
        s.execute(delete(LoginFailure).where(LoginFailure.name_key == key))
        s.execute(delete(StaffSession).where(StaffSession.expires_at < now))
        s.execute(delete(StaffSignIn).where(StaffSignIn.at < now - timedelta(days=SIGN_IN_DAYS)))
        s.add(StaffSession(token_hash=_hash(token), username=name,
                           expires_at=now + timedelta(hours=SESSION_HOURS)))
        s.add(StaffSignIn(at=now, name_key=key, username=name, outcome=SIGNED_IN))
    return token


def _note(engine: Engine, key: str, name: str, outcome: str, now: datetime) -> None:
    """Keep a refusal: the name in full only if a staff user has it. A try while the name
    waits is kept once per run of them: a script hammering a locked name is seen without
    filling the table (each wrong password costs a full check, so those are kept each)."""
    with Session(engine) as s, s.begin():
        if outcome == LOCKED and s.scalar(
                select(StaffSignIn.outcome).where(StaffSignIn.name_key == key)
                .order_by(StaffSignIn.id.desc()).limit(1)) == LOCKED:
            return
        known = name if s.get(StaffUser, name) is not None else None
        s.add(StaffSignIn(at=now, name_key=key, username=known, outcome=outcome))


def disable(engine: Engine, username: str, now: datetime | None = None) -> int:
    """The login signs in no more; its sessions end. Returns how many ended; LookupError
    for a name no staff user has."""
    name = _known(engine, username)
    with Session(engine) as s, s.begin():
        if s.get(StaffDisabled, name) is None:
            s.add(StaffDisabled(username=name, at=now or utc_now()))
        return _end_sessions(s, name)


def enable(engine: Engine, username: str) -> bool:
    """The login may sign in again; False when it was not disabled."""
    name = _known(engine, username)
    with Session(engine) as s, s.begin():
        return (s.execute(delete(StaffDisabled).where(StaffDisabled.username == name))
                .rowcount or 0) > 0


def reset_password(engine: Engine, username: str, password: str,
                   names_key: str | None = None) -> int:
    """A new password; the login's sessions end and its wrong-password wait is cleared
    (``names_key`` as ``log_in``'s). Returns how many sessions ended; ValueError for a
    short password, LookupError for a name no staff user has."""
    if len(composed(password)) < MIN_PASSWORD:
        raise ValueError(f"a password has at least {MIN_PASSWORD} characters")
    name = _known(engine, username)
    digest = _hasher.hash(composed(password))
    key = name_key(name, names_key or login_name_key(engine))
    with Session(engine) as s, s.begin():
        s.execute(update(StaffUser).where(StaffUser.username == name)
                  .values(password_hash=digest))
        s.execute(delete(LoginFailure).where(LoginFailure.name_key == key))
        return _end_sessions(s, name)


def is_disabled(engine: Engine, username: str) -> bool:
    with Session(engine) as s:
        return s.get(StaffDisabled, username.strip().lower()) is not None


def sign_ins(engine: Engine, limit: int = 50) -> list[StaffSignIn]:
    """The latest first."""
    with Session(engine) as s:
        return list(s.scalars(select(StaffSignIn).order_by(StaffSignIn.id.desc())
                              .limit(limit)))


def _known(engine: Engine, username: str) -> str:
    name = username.strip().lower()
    with Session(engine) as s:
        if s.get(StaffUser, name) is None:
            raise LookupError(f"no staff login {name!r}")
    return name


def _end_sessions(s: Session, name: str) -> int:
    return s.execute(delete(StaffSession).where(StaffSession.username == name)).rowcount or 0


def _claim(engine: Engine, name: str, key: str, now: datetime) -> tuple[str | None, bool]:
    """Take the name's turn, or raise DASH_LOGIN_LOCKED; the user's hash (None: unknown)
    and whether the login is disabled.

    The turn is taken in the database before the slow check: read, checked and counted
    after it, thirty guesses sent at once were all checked and counted afterwards (a
    reviewer's burst), the lock-out stopping none. The name stays locked for CHECKING while
    its check runs; a wrong password then sets the real wait, a right one frees it."""
    with Session(engine) as s, s.begin():  # SQLite: BEGIN IMMEDIATE; PostgreSQL: FOR UPDATE
        failure = s.scalars(select(LoginFailure).where(LoginFailure.name_key == key)
                            .with_for_update()).first()
        if failure is not None and now < failure.locked_until:
            raise LoginRefused("DASH_LOGIN_LOCKED",
                               int((failure.locked_until - now).total_seconds()) + 1)
        if failure is None:
            _make_room(s)
            failure = LoginFailure(name_key=key, failed=0, locked_until=now)
            s.add(failure)
        failure.locked_until = max(now, utc_now()) + CHECKING
        try:
            s.flush()
        except IntegrityError:  # the same name's first try at the same moment elsewhere
            raise LoginRefused("DASH_LOGIN_LOCKED", int(CHECKING.total_seconds())) from None
        user = s.get(StaffUser, name)
        if user is None:
            return None, False
        return user.password_hash, s.get(StaffDisabled, name) is not None


def _count_failure(engine: Engine, key: str, now: datetime) -> None:
    try:
        _add_failure(engine, key, now)
    except IntegrityError:  # the same new name failed at the same moment elsewhere
        _add_failure(engine, key, now)


def _add_failure(engine: Engine, key: str, now: datetime) -> None:
    """One more wrong password: the next try waits 1, 2, 4 … s (at most MAX_WAIT), from
    when the (slow) hash check ended, not when the request began."""
    counted = LoginFailure.name_key == key
    with Session(engine) as s, s.begin():
        if s.scalar(select(LoginFailure.failed).where(counted)) is None:
            _make_room(s)
            s.add(LoginFailure(name_key=key, failed=0, locked_until=now))
            s.flush()
        s.execute(update(LoginFailure).where(counted).values(failed=LoginFailure.failed + 1))
        failed = s.scalar(select(LoginFailure.failed).where(counted)) or 1
        # The exponent is capped: past MAX_WAIT it changes nothing, and 2 ** 50 seconds
        # is more than a timedelta holds.
        wait = min(timedelta(seconds=2 ** min(failed - 1, 20)), MAX_WAIT)
        s.execute(update(LoginFailure).where(counted)
                  .values(locked_until=max(now, utc_now()) + wait))


def _make_room(s: Session) -> None:
    """Keep under MAX_FAILURE_ROWS by dropping the counts whose lock ended longest ago."""
    rows = s.scalar(select(func.count()).select_from(LoginFailure)) or 0
    if rows >= MAX_FAILURE_ROWS:
        oldest = (select(LoginFailure.name_key).order_by(LoginFailure.locked_until)
                  .limit(rows - MAX_FAILURE_ROWS + 1))
        s.execute(delete(LoginFailure).where(LoginFailure.name_key.in_(oldest)))


def staff_for(engine: Engine, token: str | None, now: datetime | None = None
              ) -> Staff | None:
    """Who holds this session cookie, or None (absent, unknown, expired, or its login
    disabled)."""
    if not token:
        return None
    with engine.connect() as conn:
        row = conn.execute(
            select(StaffUser.username, StaffUser.level, StaffUser.area_code,
                   StaffSession.expires_at)
            .join(StaffSession, StaffSession.username == StaffUser.username)
            .outerjoin(StaffDisabled, StaffDisabled.username == StaffUser.username)
            .where(StaffSession.token_hash == _hash(token),
                   StaffDisabled.username.is_(None))).first()
    if row is None or row.expires_at <= (now or utc_now()):
        return None
    return Staff(row.username, Scope(row.level, row.area_code))


def form_token(session: str) -> str:
    """The token the dashboard's forms carry for the session whose cookie holds ``session``:
    an HMAC keyed by it, so it tells nothing of the session and only its holder has it."""
    return hmac.new(session.encode(), b"vaxdesk dashboard form", hashlib.sha256).hexdigest()


def is_form_token(session: str | None, token: str) -> bool:
    """Whether a posted form's ``token`` is the one this session's pages gave.

    >>> is_form_token("s" * 43, form_token("s" * 43)), is_form_token("s" * 43, "A" * 32)
    (True, False)
    >>> is_form_token(None, form_token("")), is_form_token("s" * 43, "đ")
    (False, False)
    """
    return bool(session) and hmac.compare_digest(form_token(session or "").encode(),
                                                 token.encode())


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
    """Composed, then as typed (``desktop_app.rules.passphrase``: one kept before)."""
    for form in typed_forms(password):
        try:
            if _hasher.verify(digest or _dummy(), form) and digest is not None:
                return True
        except (VerificationError, InvalidHashError):
            pass
    return False
