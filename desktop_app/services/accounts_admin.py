"""A supervisor manages the laptop's accounts: disables and enables them, changes their role,
sets a temporary password for someone who forgot theirs. Anyone changes their own password.

Each change is audited with who made it. Two guard rails keep the site manageable: the last
active supervisor is never disabled or made another role (no one could manage the accounts
after), and a supervisor changes neither their own state nor their own role (another
supervisor does: the person at the laptop keeps acting as who they logged in as).

A disabled account's sessions end with the change: only one VaxDesk opens a database file at
a time (``db/instance_lock.py``) and the supervisor making the change is the one logged in
there, so the next session of that account would be a login, which refuses it.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.db.models import User
from desktop_app.rules.messages import UserError
from desktop_app.services.accounts import (
    PASSWORD_RESET,
    LoginRefused,
    check_password,
    given_username,
    hash_password,
    login,
)
from desktop_app.services.actor import SUPERVISORS, Actor, Role, require


def set_active(db: Database, username: str, active: bool, *, actor: Actor) -> None:
    """Disable an account (it can no longer log in) or enable it again."""
    require(actor, *SUPERVISORS)
    with db.transaction() as s:
        user = _account(s, username)
        if user.active == active:
            return  # as asked already: nothing to audit
        if not active:
            _not_oneself(user, actor, "SELF_DISABLE")
            _not_the_last_supervisor(s, user, "LAST_SUPERVISOR_DISABLE")
        user.active = active
        s.add(store.audit_entry("enable" if active else "disable", "user", user.id,
                                {"username": user.username}, utc_now(), actor.user_id))


def set_role(db: Database, username: str, role: Role | str, *, actor: Actor) -> None:
    """Give an account another role; it acts with it from its next login."""
    require(actor, *SUPERVISORS)
    role = Role(role)
    with db.transaction() as s:
        user = _account(s, username)
        if user.role == role.value:
            return
        _not_oneself(user, actor, "SELF_ROLE")
        if role is not Role.SUPERVISOR:
            _not_the_last_supervisor(s, user, "LAST_SUPERVISOR_ROLE")
        s.add(store.audit_entry("role", "user", user.id,
                                {"username": user.username, "role": [user.role, role.value]},
                                utc_now(), actor.user_id))
        user.role = role.value


def reset_password(db: Database, username: str, temporary: str, *, actor: Actor) -> None:
    """Set a temporary password for someone who forgot theirs: they must choose their own at
    their next login (accounts.login). The pause after their failed logins is lifted."""
    require(actor, *SUPERVISORS)
    check_password(temporary)
    digest = hash_password(temporary)
    with db.transaction() as s:
        user = _account(s, username)
        _not_oneself(user, actor, "SELF_RESET")
        user.password_hash, user.failed_logins, user.last_failed_at = digest, 0, None
        s.add(store.audit_entry(PASSWORD_RESET, "user", user.id, {"username": user.username},
                                utc_now(), actor.user_id))


def change_own_password(db: Database, old: str, new: str, *, actor: Actor) -> None:
    """The logged-in person replaces their password, giving the current one: checked as a
    login checks it (the pause after failures, the audit), which also replaces it."""
    require(actor, *Role)
    with db.reading() as s:
        user = s.get(User, actor.user_id) if actor.user_id else None
    if user is None:
        raise UserError("USER_NOT_FOUND", username=actor.name or "?")
    try:
        login(db, user.username, old, new_password=new)
    except LoginRefused as exc:  # the user name is not in doubt here: only the password
        if exc.code != "LOGIN_REFUSED":
            raise
        raise UserError("PASSWORD_CURRENT_WRONG") from None


def _account(s: Session, username: str) -> User:
    name = given_username(username)
    user = s.scalar(select(User).where(User.username == name))
    if user is None:
        raise UserError("USER_NOT_FOUND", username=name)
    return user


def _not_oneself(user: User, actor: Actor, code: str) -> None:
    refused = oneself_refused(user.id, actor, code)
    if refused is not None:
        raise refused


def oneself_refused(user_id: str, actor: Actor, code: str) -> UserError | None:
    """The refusal ``code`` when ``user_id`` is the actor's own account (no one disables,
    demotes or resets themselves: another supervisor does), else None; the dialog says it
    before asking anything."""
    return UserError(code) if user_id == actor.user_id else None


def _not_the_last_supervisor(s: Session, user: User, code: str) -> None:
    """Counted in the change's own transaction: two supervisors disabling each other at
    once cannot both succeed."""
    if user.role != Role.SUPERVISOR.value or not user.active:
        return
    others = s.scalar(select(func.count()).select_from(User).where(
        User.role == Role.SUPERVISOR.value, User.active.is_(True), User.id != user.id))
    if not others:
        raise UserError(code, username=user.username)
