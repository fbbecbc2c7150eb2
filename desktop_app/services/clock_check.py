"""Whether the laptop's clock may date what is saved and signed now, by what the platform
told the laptop of its time at the last round.

The platform's latest time seen (``LAST_SERVER_TIME``) is a floor the clock cannot be
under: a clock below it was set back (a flat CMOS battery boots the laptop a year back), and
whatever it dates (a dose, a certificate) takes a day that never was. The offset the last
round measured (``CLOCK_OFFSET``) says whether the clock ran ahead then: a certificate it
signs would be "not yet valid" to every verifier until the world caught up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from desktop_app import settings
from desktop_app.certificates.verify import CLOCK_SKEW
from desktop_app.clock import local_time, utc_now, utc_to_local
from desktop_app.db.database import Database
from desktop_app.rules.problems import Problem, error, warning

# Server and laptop clocks differ by seconds even when both are right; beyond this, the
# laptop clock has gone back.
CLOCK_TOLERANCE = timedelta(minutes=2)


@dataclass(frozen=True)
class ClockBehind:
    """The laptop's time (``now``) under the platform's last time seen (``seen``), both
    naive UTC."""

    now: datetime
    seen: datetime

    def params(self) -> dict[str, str]:
        """``now`` and ``seen`` as the clerk reads times, for the messages that say it."""
        return {"now": local_time(self.now), "seen": local_time(self.seen)}


def clock_behind(db: Database, now: datetime | None = None) -> ClockBehind | None:
    """The clock's reading (``now``, else the clock's) if it is under the platform's last
    time seen by more than ``CLOCK_TOLERANCE``; None if it is not, or no time was seen."""
    now = now or utc_now()
    with db.reading() as s:
        seen = settings.read(s, settings.LAST_SERVER_TIME)
    if not seen or now >= datetime.fromisoformat(seen) - CLOCK_TOLERANCE:
        return None
    return ClockBehind(now, datetime.fromisoformat(seen))


@dataclass(frozen=True)
class ClockAhead:
    """What the clock read at the last round (``laptop``) and the platform's time then
    (``platform``), both naive UTC."""

    laptop: datetime
    platform: datetime

    def params(self) -> dict[str, str]:
        return {"laptop": local_time(self.laptop), "platform": local_time(self.platform)}


def clock_ahead(db: Database, now: datetime | None = None) -> ClockAhead | None:
    """What the last round found, if it found the clock ahead of the platform's by more
    than verifiers allow a certificate's issue time (``verify.CLOCK_SKEW``) and the clock
    (``now``, else the clock's) has not been set back since; else None.

    A clock that reads earlier than it read at that round was set back since: it is no
    longer the clock measured (once set right, it signs without waiting for a round, which
    a site offline for days would not have), and the floor (``clock_behind``) keeps it from
    going back too far."""
    now = now or utc_now()
    with db.reading() as s:
        offset = settings.read(s, settings.CLOCK_OFFSET)  # platform minus laptop, seconds
        at = settings.read(s, settings.LAST_SYNC)
    if offset is None or not at or -offset <= CLOCK_SKEW.total_seconds():
        return None
    laptop = datetime.fromisoformat(at)
    if now < laptop:
        return None
    return ClockAhead(laptop, laptop + timedelta(seconds=offset))


def desk_clock_problems(db: Database, now: datetime | None) -> list[Problem]:
    """For a desk save timed by the laptop's clock (``now`` None): DESK_CLOCK_BEHIND (an
    error) while that clock is under the platform's time seen; DESK_CLOCK_AHEAD (a warning
    the clerk confirms, audited with the dose) while the clock the last round found ahead
    gives today a later date than the platform's, so the dose would be dated a day that has
    not come. A clock ahead within the day dates the dose right and says nothing here (a
    warning at every save would teach clerks to click through it). A warning, not an
    error: the offset is the last round's, and a clock set right since without a round
    must not stop the desk. A caller's own time (tests, the demo's history) is its own to
    answer for."""
    if now is not None:
        return []
    behind = clock_behind(db)
    if behind:
        return [error("DESK_CLOCK_BEHIND", "clock", **behind.params())]
    ahead = clock_ahead(db)
    if ahead is None:
        return []
    now = utc_now()
    platform_now = now + (ahead.platform - ahead.laptop)
    laptop_day, platform_day = utc_to_local(now).date(), utc_to_local(platform_now).date()
    if laptop_day <= platform_day:
        return []
    return [warning("DESK_CLOCK_AHEAD", "clock", today=f"{laptop_day:%d/%m/%Y}",
                    platform_today=f"{platform_day:%d/%m/%Y}", **ahead.params())]
