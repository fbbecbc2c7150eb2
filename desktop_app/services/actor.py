"""Who is doing a thing: every service that changes data takes an ``Actor`` and calls
``require`` for the roles allowed to do it, so the check and the audit entry naming them
happen in the service, whatever shell called it (the app after its login screen, the CLI
after ``--user`` or ``VAXDESK_USER``).

``AT_THIS_LAPTOP`` is the actor of code that runs with no person behind it: the test suite,
the benchmarks and the screen renderer. The app and the CLI never use it.

A refusal leaves a trace: the actor a login made knows the database it logged in to, and
``require`` writes an audit entry ("refused": who, what was asked, the roles it needs) in a
transaction of its own before raising, so the caller's rollback cannot take it away.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.rules.messages import Part, UserError

if TYPE_CHECKING:
    from desktop_app.db.database import Database

_log = logging.getLogger(__name__)


class Role(StrEnum):
    CLERK = "clerk"  # records doses and prints certificates
    VOLUNTEER = "volunteer"  # backfills historical doses only
    SUPERVISOR = "supervisor"  # corrects, voids, cleans, answers complaints, settings


@dataclass(frozen=True)
class Actor:
    user_id: str | None  # app_user.id, what audit entries record; None before accounts
    name: str
    role: Role
    # Where a refusal of this actor is audited: the database the login was checked against
    # (accounts.login). None for an actor made by hand (tests, AT_THIS_LAPTOP).
    db: Database | None = field(default=None, compare=False, repr=False)


AT_THIS_LAPTOP = Actor(None, "", Role.SUPERVISOR)

# Between a sign-out and the next login nobody is at the laptop, yet its own work goes on
# (an automatic sync round with the saved settings needs no role): audited under no one's
# name (the person who signed out had left), with the least a role allows.
SIGNED_OUT = Actor(None, "", Role.VOLUNTEER)

# Who may do what (the roles): clerks record and print, volunteers backfill,
# supervisors do everything, including what changes or removes recorded data.
RECORDERS = (Role.CLERK, Role.SUPERVISOR)
BACKFILLERS = (Role.VOLUNTEER, Role.SUPERVISOR)
SUPERVISORS = (Role.SUPERVISOR,)


class NotAllowed(UserError):
    """The actor's role may not do this."""


def require(actor: Actor, *roles: Role, asked: str | None = None) -> None:
    """Raise NotAllowed unless ``actor`` has one of ``roles``; the refusal is audited (see
    the module's words), ``asked`` naming what was asked (by default the calling service
    function, e.g. ``doses.record_dose``). Call it before the service's own transaction:
    the refusal's entry waits for the write lock a caller's open transaction would hold.

    >>> require(Actor("u1", "Lan", Role.CLERK), Role.SUPERVISOR)
    Traceback (most recent call last):
    ...
    desktop_app.services.actor.NotAllowed: This needs the role of supervisor; Lan is a clerk.
    >>> try:
    ...     require(Actor("u2", "Hà", Role.VOLUNTEER), *RECORDERS)
    ... except NotAllowed as refused:
    ...     print(refused.message("vi"))
    Việc này cần vai trò nhân viên ghi nhận hoặc người giám sát; Hà có vai trò tình nguyện viên.
    """
    if actor.role in roles:
        return
    if actor.db is not None:
        _audit_refusal(actor, roles, asked or _caller())
    raise refusal(actor, *roles)


def refusal(actor: Actor, *roles: Role) -> NotAllowed:
    """The refusal ``require`` raises, unaudited: for a check made inside a transaction."""
    named = [Part(f"ROLE_{r.name}") for r in roles]
    return NotAllowed("ROLE_REQUIRED", name=actor.name or actor.user_id or "?",
                      roles=named[0] if len(named) == 1 else Part(
                          "ROLES_EITHER", first=named[0], second=named[1]),
                      role=Part(f"ROLE_{actor.role.name}"))


def _caller() -> str:
    """The service function that called ``require``, as ``module.function``."""
    frame = sys._getframe(2)  # _caller <- require <- the service
    return f"{frame.f_globals.get('__name__', '?').rsplit('.', 1)[-1]}.{frame.f_code.co_name}"


def _audit_refusal(actor: Actor, roles: tuple[Role, ...], asked: str) -> None:
    """The refusal's audit entry, in its own transaction. Failing to write it (a file that
    cannot be written, the write lock held too long) must not hide the refusal itself:
    logged, and the refusal is raised all the same."""
    try:
        with actor.db.transaction() as s:  # type: ignore[union-attr]
            s.add(store.audit_entry(
                "refused", "user", actor.user_id or "",
                {"asked": asked, "roles": [r.value for r in roles], "role": actor.role.value},
                utc_now(), actor.user_id))
    except Exception:  # noqa: BLE001 - the refusal matters more than its trace
        _log.exception("the refusal of %s could not be audited", asked)
