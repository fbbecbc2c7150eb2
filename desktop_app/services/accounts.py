"""Local accounts: who may log in to this laptop's VaxDesk, with which role.

Passwords are kept as Argon2id hashes (argon2-cffi's defaults: 64 MiB, 3 passes). A failed
login makes the next one with that name wait 1, 2, 4… seconds (at most five minutes),
counted in the database, so neither the login screen, the CLI nor a restore's login
(``restore_login.py``) can be used to guess quickly; a name no account has waits, costs a
password check and is audited just as an account's does (``login_waits.py``), so no answer
tells which names exist. The first account of a laptop must be a supervisor, and anyone may
create it; after that only a supervisor adds accounts (and manages them:
``accounts_admin.py``).

A disabled account cannot log in. A password a supervisor reset is temporary: the login
refuses it (``PasswordChangeNeeded``) until the person chooses their own, which the same
login does when given ``new_password``. Whether it is temporary is read from the audit trail
(the account's last password entry: a reset, or a change by its owner), which keeps it.
"""

from __future__ import annotations

import base64
import os
import re
from dataclasses import dataclass
from datetime import datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import ARGON2_VERSION
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.ids import new_id
from desktop_app.db.models import AuditEntry, User
from desktop_app.rules.messages import UserError, text
from desktop_app.rules.names import same_spelling
from desktop_app.rules.numbers import Count
from desktop_app.rules.passphrase import composed, same_secret, typed_forms
from desktop_app.services import login_waits
from desktop_app.services.actor import AT_THIS_LAPTOP, SUPERVISORS, Actor, Role, refusal, require
from desktop_app.services.login_waits import FAILED

MIN_PASSWORD = 8
USERNAME = re.compile(r"[a-z0-9._-]{2,64}")
_hasher = PasswordHasher()

# The audit actions that set an account's password: by its owner, or by a supervisor (a
# temporary one, to be replaced at the next login).
PASSWORD_CHANGED, PASSWORD_RESET = "password", "password_reset"


class LoginRefused(UserError):
    """Unknown user, wrong password, disabled account, or too soon after a failure."""


class PasswordChangeNeeded(LoginRefused):
    """The right password, but a temporary one: the login needs a new one too."""


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    full_name: str
    role: Role
    active: bool
    last_login: datetime | None = None
    must_change_password: bool = False
    # Other accounts of the same full name when this one was added (add_user): a warning.
    namesakes: tuple[str, ...] = ()


def has_accounts(db: Database) -> bool:
    with db.reading() as s:
        return bool(s.scalar(select(func.count()).select_from(User)))


def add_user(db: Database, username: str, full_name: str, role: Role | str, password: str,
             *, actor: Actor) -> Account:
    """Create an account. The first one must be a supervisor and needs no login; after it,
    only a supervisor may add accounts. A full name another account has is taken, not
    refused (two people may share one), and said in ``namesakes`` (``namesakes_warning``)."""
    role = Role(role)
    username = given_username(username)
    if has_accounts(db):  # before the transaction: a refusal writes its own audit entry
        require(actor, *SUPERVISORS)
    if not USERNAME.fullmatch(username):
        raise UserError("USERNAME_INVALID", username=username)
    check_password(password)
    digest = hash_password(password)  # ~0.1 s: outside the transaction
    now = utc_now()
    with db.transaction() as s:
        first = not s.scalar(select(func.count()).select_from(User))
        if first and role is not Role.SUPERVISOR:
            raise UserError("FIRST_USER_SUPERVISOR")
        if not first and actor.role is not Role.SUPERVISOR:
            raise refusal(actor, *SUPERVISORS)  # the first account came meanwhile
        if s.scalar(select(User.id).where(User.username == username)):
            raise UserError("USER_EXISTS", username=username)
        namesakes = tuple(sorted(login for login, name in s.execute(
            select(User.username, User.full_name)) if full_name.strip()
            and same_spelling(name, full_name)))
        user = User(id=new_id(), username=username, full_name=full_name.strip() or username,
                    role=role.value, active=True, created_at=now, password_hash=digest,
                    failed_logins=0)
        login_waits.carry_over(s, user)
        s.add(user)
        s.flush()
        s.add(store.audit_entry("create", "user", user.id,
                                {"username": username, "role": role.value}, now,
                                None if first else actor.user_id))
    return Account(user.id, username, user.full_name, role, True, namesakes=namesakes)


def namesakes_warning(account: Account, lang: str) -> str:
    """What the CLI and the accounts dialog say of an account added with a full name others
    have; "" when none has. The trail tells them apart by login (``account_words``)."""
    if not account.namesakes:
        return ""
    return text("ACCOUNT_NAMESAKES", lang, name=account.full_name, username=account.username,
                others=", ".join(account.namesakes), n=Count(len(account.namesakes)))


def login(db: Database, username: str, password: str, *, new_password: str | None = None,
          now: datetime | None = None) -> Actor:
    """The actor for these credentials, or LoginRefused. Every outcome is audited, but for
    no user name at all: nothing was tried, and that is said as such. ``new_password``
    replaces the password as the login succeeds (required when it is a temporary one).
    A name no account has is refused as a wrong password is, after the same password
    check, and waits after it as an account does (``login_waits``)."""
    now = now or utc_now()
    username = given_username(username)
    if new_password is not None:
        check_new_password(password, new_password)
    with db.reading() as s:
        user = s.scalar(select(User).where(User.username == username))
        temporary = user is not None and must_change_password(s, user.id)
        count = login_waits.count_of(s, user, username)
    left = login_waits.seconds_to_wait(db, user, username, count, now)
    if left:
        raise waiting(left)
    checked = _verify(user.password_hash if user is not None else None, password)
    right = user is not None and checked
    refused, said = _refusal(user, username, right, temporary and new_password is None)
    digest = hash_password(new_password) if refused is None and new_password else None
    with db.transaction() as s:
        login_waits.record_outcome(s, user, username, right, now)
        if digest is not None:
            s.get(User, user.id).password_hash = digest
            s.add(store.audit_entry(PASSWORD_CHANGED, "user", user.id,
                                    {"username": username}, now, user.id))
        s.add(store.audit_entry("login" if refused is None else FAILED, "user",
                                *login_waits.who_tried(s, user, username, said), now,
                                user.id if refused is None else None))
    if refused is not None:
        raise refused
    return Actor(user.id, user.full_name, Role(user.role), db)


def waiting(seconds: int) -> LoginRefused:
    """The refusal of a login tried while its name waits ``seconds`` more (a restore's
    login too: ``restore_login``), in seconds up to a minute, then in minutes and seconds.

    >>> waiting(4).params, waiting(125).code
    ({'seconds': 4}, 'LOGIN_WAIT_MINUTES')
    """
    if seconds <= 60:
        return LoginRefused("LOGIN_WAIT", seconds=seconds)
    return LoginRefused("LOGIN_WAIT_MINUTES", minutes=seconds // 60, seconds=seconds % 60)


def _refusal(user: User | None, username: str, right: bool, temporary: bool
             ) -> tuple[LoginRefused | None, dict]:
    """Why this login is refused, if it is, and what its audit entry adds. Only a person
    who knows the password learns that the account is disabled or the password temporary."""
    if not right:
        return LoginRefused("LOGIN_REFUSED"), {}
    if not user.active:
        return LoginRefused("ACCOUNT_DISABLED", username=username), {"active": False}
    if temporary:
        return PasswordChangeNeeded("PASSWORD_MUST_CHANGE", username=username), \
            {"must_change_password": True}
    return None, {}


def check_password(password: str) -> None:
    """The one rule for an account's password, whoever sets it."""
    if len(composed(password)) < MIN_PASSWORD:
        raise UserError("PASSWORD_SHORT", min=MIN_PASSWORD)


def check_new_password(old: str, new: str) -> None:
    """A password replacing ``old``: the rule, and not the same one again (a temporary
    password kept would stay known to whoever set it)."""
    check_password(new)
    if same_secret(new, old):
        raise UserError("PASSWORD_SAME")


def hash_password(password: str) -> str:
    """The Argon2id hash kept for ``password``, composed (``rules.passphrase``): ~0.1 s,
    outside any transaction."""
    return _hasher.hash(composed(password))


def must_change_password(s: Session, user_id: str) -> bool:
    """Whether the account's password is a temporary one a supervisor set."""
    last = s.scalar(select(AuditEntry.action).where(
        AuditEntry.entity == "user", AuditEntry.entity_id == user_id,
        AuditEntry.action.in_((PASSWORD_CHANGED, PASSWORD_RESET)))
        .order_by(AuditEntry.id.desc()).limit(1))
    return last == PASSWORD_RESET


def idle_lock_minutes(db: Database) -> float:
    with db.reading() as s:
        return float(settings.read(s, settings.IDLE_LOCK_MINUTES))


def set_idle_lock_minutes(db: Database, minutes: float, *, actor: Actor) -> None:
    """How long the app waits without input before it locks (a supervisor's setting)."""
    require(actor, Role.SUPERVISOR)
    if not 1 <= minutes <= 240:
        raise UserError("IDLE_LOCK_RANGE", minutes=f"{minutes:g}")  # 0, not 0.0
    with db.transaction() as s:
        before = settings.read(s, settings.IDLE_LOCK_MINUTES)
        if before is not None and float(before) == float(minutes):
            return  # the same again: no change to audit ("10.0" -> "10.0" was)
        settings.write(s, settings.IDLE_LOCK_MINUTES, float(minutes))
        s.add(store.audit_entry("update", "setting", settings.IDLE_LOCK_MINUTES.key,
                                {"idle_lock_minutes": [_whole(before), _whole(minutes)]},
                                utc_now(), actor.user_id))


def _whole(minutes: float | None) -> float | int | None:
    """10, not 10.0, in the trail."""
    return int(minutes) if minutes is not None and float(minutes).is_integer() else minutes


def login_from_environment(db: Database) -> Actor | None:
    """For scripts and kiosks: ``VAXDESK_USER`` / ``VAXDESK_PASSWORD`` log in (making the
    first supervisor on a laptop with none, as ``vaxdesk user add`` would). None if unset."""
    username, password = os.environ.get("VAXDESK_USER"), os.environ.get("VAXDESK_PASSWORD")
    if not username or password is None:
        return None
    if not has_accounts(db):
        add_user(db, username, "", Role.SUPERVISOR, password, actor=AT_THIS_LAPTOP)
    return login(db, username, password)


def list_accounts(db: Database) -> list[Account]:
    """Every account, by user name, with its last login and whether its password is a
    temporary one (both from the audit trail: the model keeps neither)."""
    with db.reading() as s:
        users = s.scalars(select(User).order_by(User.username)).all()
        last = dict(s.execute(select(AuditEntry.entity_id, func.max(AuditEntry.at)).where(
            AuditEntry.entity == "user", AuditEntry.action == "login")
            .group_by(AuditEntry.entity_id)).all())
        return [Account(u.id, u.username, u.full_name, Role(u.role), u.active, last.get(u.id),
                        must_change_password(s, u.id)) for u in users]


def given_username(username: str) -> str:
    """The user name as stored (trimmed, lower case). An empty one is said to be missing,
    not to have the wrong letters (“” may only have…) or to be a wrong login."""
    username = username.strip().lower()
    if not username:
        raise UserError("USERNAME_REQUIRED")
    return username


def _verify(digest: str | None, password: str) -> bool:
    """Whether ``password`` is the one ``digest`` keeps. Without a digest (a name no account
    has) it is checked all the same, against one no password matches, at the cost of the
    accounts' own: how long a login takes tells nothing of whether the name exists. Tried
    composed, then as typed (a password kept before passwords were composed)."""
    for form in typed_forms(password):
        try:
            if _hasher.verify(digest or _digest_of_no_password(), form) and digest:
                return True
        except (VerificationError, InvalidHashError):
            pass
    return False


def _digest_of_no_password() -> str:
    """A digest with the accounts' parameters (``_hasher``'s) and random bytes for its
    salt and hash: checking a password against it costs a real check, made at no cost here
    (hashing a dummy password would make the first check of a process cost two)."""
    def b64(size: int) -> str:
        return base64.b64encode(os.urandom(size)).decode("ascii").rstrip("=")

    h = _hasher
    return (f"$argon2{h.type.name.lower()}$v={ARGON2_VERSION}$m={h.memory_cost},"
            f"t={h.time_cost},p={h.parallelism}${b64(h.salt_len)}${b64(h.hash_len)}")
