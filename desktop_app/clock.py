"""The device clock, in one place, so services can be given a fixed time in tests.

"Local" is the laptop's own time zone, the one every screen shows times in
(``astimezone()``); at the sites that is Vietnam time (UTC+7). Local times are read from the
same UTC clock, so a local date and a local hour never come from two clocks. A laptop whose
zone is not Vietnam's is said (``zone_off``): its dates are not the site's.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from desktop_app.wire.instants import VIETNAM_OFFSET
from desktop_app.wire.instants import read_instant as read_instant  # for the shells

# "off": a machine not at a site (a test run, a trainer abroad) is not told its zone is
# not Vietnam's.
ZONE_CHECK = "VAXDESK_ZONE_CHECK"


def utc_now() -> datetime:
    """Naive UTC, as stored in SQLite (which has no time-zone type)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_now() -> datetime:
    """Naive local wall time, read from ``utc_now``."""
    return utc_now().replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def local_today() -> date:
    return local_now().date()


def utc_to_local(at: datetime) -> datetime:
    """A stored naive UTC time as naive local wall time (its local day, its local hour)."""
    return local_with_offset(at).replace(tzinfo=None)


def local_with_offset(at: datetime) -> datetime:
    """A stored naive UTC time as local wall time that keeps its offset from UTC: what a
    name a person reads (a backup's) writes, read back as the same moment wherever the
    laptop's zone goes, or its clock falls back an hour."""
    return at.replace(tzinfo=UTC).astimezone()


# A file's time in its name (a backup, a file a restore set aside): local wall time and its
# offset, as a person reads it; a name in UTC of an earlier version ends "Z", which ``%z``
# reads too.
FILE_STAMP = "%Y%m%dT%H%M%S%f%z"


def file_stamp(at: datetime | None = None) -> str:
    """``at`` (naive UTC, else now) for a file's name, read back by ``read_file_stamp``."""
    return local_with_offset(at or utc_now()).strftime(FILE_STAMP)


def read_file_stamp(stamp: str) -> datetime | None:
    """A file name's time (``file_stamp``, or an earlier version's UTC) as naive UTC; None
    if it is not one.

    >>> read_file_stamp("20261206T090000000000+0700"), read_file_stamp("20261206T020000Z")
    (datetime.datetime(2026, 12, 6, 2, 0), datetime.datetime(2026, 12, 6, 2, 0))
    """
    for shape in (FILE_STAMP, "%Y%m%dT%H%M%S%z"):  # sessions before 46 named restores so
        try:
            return datetime.strptime(stamp, shape).astimezone(UTC).replace(tzinfo=None)
        except ValueError:
            continue
    return None


def local_time(at: datetime) -> str:
    """A stored UTC time as the laptop's local time, dd/mm/yyyy hh:mm."""
    return utc_to_local(at).strftime("%d/%m/%Y %H:%M")


def local_to_utc(local: datetime) -> datetime:
    """A naive local wall time as naive UTC, to be stored."""
    return local.astimezone(UTC).replace(tzinfo=None)


def utc_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Local days ``start``..``end`` as [start 00:00 local, the day after end 00:00 local)
    in naive UTC, for the columns that keep UTC (a day in Vietnam starts at 17:00 UTC)."""
    return (local_to_utc(datetime.combine(start, time())),
            local_to_utc(datetime.combine(end + timedelta(days=1), time())))


@dataclass(frozen=True)
class ZoneOff:
    """The laptop's zone, off Vietnam's: its offset from UTC, and now on it and in Vietnam
    (naive wall times)."""

    offset: timedelta
    laptop: datetime
    vietnam: datetime

    def params(self) -> dict[str, str]:
        """As the messages say it (``CLOCK_ZONE_OFF``).

        >>> ZoneOff(timedelta(hours=-8), datetime(2026, 12, 6, 19, 5),
        ...         datetime(2026, 12, 7, 10, 5)).params()["zone"]
        'UTC-8'
        """
        minutes = int(self.offset.total_seconds() // 60)
        hours, rest = divmod(abs(minutes), 60)
        zone = "UTC" + (f"{'-' if minutes < 0 else '+'}{hours}" if minutes else "") \
            + (f":{rest:02d}" if rest else "")
        return {"zone": zone, "laptop": self.laptop.strftime("%d/%m/%Y %H:%M"),
                "vietnam": self.vietnam.strftime("%d/%m/%Y %H:%M")}


def zone_off() -> ZoneOff | None:
    """The laptop's zone now, if its offset is not Vietnam's (UTC+7 all year, no summer
    time): every date and hour the desk fills in and saves is the laptop's, a day off
    Vietnam's for part of each day. None when it is Vietnam's, or when the check is off
    (``VAXDESK_ZONE_CHECK=off``)."""
    if os.environ.get(ZONE_CHECK) == "off":
        return None
    now = utc_now().replace(tzinfo=UTC)
    local = now.astimezone()
    offset = local.utcoffset() or timedelta(0)
    if offset == VIETNAM_OFFSET:
        return None
    return ZoneOff(offset, local.replace(tzinfo=None),
                   (now + VIETNAM_OFFSET).replace(tzinfo=None))
