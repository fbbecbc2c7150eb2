"""Who is doing a thing: every service that changes data takes an ``Actor``, so the check of
their role and the audit entry naming them happen in the service, whatever shell called it.

Until local accounts exist (accounts issue), the app and the CLI act as ``AT_THIS_LAPTOP``:
whoever is at this laptop, with a supervisor's reach, as before accounts. The services
already receive the actor, so accounts only change who is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


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
