"""Who is doing a thing: every service that changes data takes an ``Actor`` and calls
``require`` for the roles allowed to do it, so the check and the audit entry naming them
happen in the service, whatever shell called it (the app after its login screen, the CLI
after ``--user`` or ``VAXDESK_USER``).

``AT_THIS_LAPTOP`` is the actor of code that runs with no person behind it: the test suite,
the benchmarks and the screen renderer. The app and the CLI never use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desktop_app.rules.messages import Part, UserError


class Role(StrEnum):
    CLERK = "clerk"  # records doses and prints certificates
    VOLUNTEER = "volunteer"  # backfills historical doses only
    SUPERVISOR = "supervisor"  # corrects, voids, cleans, answers complaints, settings


@dataclass(frozen=True)
class Actor:
    user_id: str | None  # app_user.id, what audit entries record; None before accounts
    name: str
    role: Role


AT_THIS_LAPTOP = Actor(None, "", Role.SUPERVISOR)

# Who may do what (the roles): clerks record and print, volunteers backfill,
# supervisors do everything, including what changes or removes recorded data.
RECORDERS = (Role.CLERK, Role.SUPERVISOR)
BACKFILLERS = (Role.VOLUNTEER, Role.SUPERVISOR)
SUPERVISORS = (Role.SUPERVISOR,)


class NotAllowed(UserError):
    """The actor's role may not do this."""


def require(actor: Actor, *roles: Role) -> None:
    """Raise NotAllowed unless ``actor`` has one of ``roles``.

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
    if actor.role not in roles:
        named = [Part(f"ROLE_{r.name}") for r in roles]
        raise NotAllowed("ROLE_REQUIRED", name=actor.name or actor.user_id or "?",
                         roles=named[0] if len(named) == 1 else Part(
                             "ROLES_EITHER", first=named[0], second=named[1]),
                         role=Part(f"ROLE_{actor.role.name}"))
