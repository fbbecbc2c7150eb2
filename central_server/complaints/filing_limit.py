"""How many complaints one client, and about one ID number, may be filed in an hour: through
the public form (``web/complaint_pages.py``), and by a site's access code through
``/api/complaints`` (``api/complaint_routes.py``).

The form needs no account and every filing is a real complaint in a site's 48-hour queue, so
a script could fill the queues (or probe ID numbers) without end. Each client gets
``per_hour`` filings in an hour counted from its first, the fixed window the signing-key
enrolment already uses (``signing/authority.py``); a form sent back with mistakes, and the
pages themselves, count nothing. The same count is kept per ID number (``id_key``): many
phones share one address on a mobile network, so the address's limit is generous, and one
number's complaints are what a script would repeat. A site's access code files by the API:
there the count is per site and ID number (``site_id_key``), so one site's script neither
fills another site's queue about one citizen without end nor uses up the citizen's own
filings on the form.

The counts live in this process, not the database: ``serve`` runs one process; no client
address is ever written down; and a restart that forgets them only gives a prober another
hour's handful. (The dashboard's sign-in counts in the database because it slows guessing
of one name from anywhere; this bounds one address, which only the live process sees.)
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
from dataclasses import dataclass
from typing import Any

from desktop_app.rules.identity import clean_id_number

WINDOW_SECONDS = 3600
# The most clients counted at once, so a spray of addresses cannot grow memory without end.
# Past it the oldest window goes first; a script with that many addresses is not slowed by
# a per-address count anyway.
MAX_CLIENTS = 100_000


@dataclass
class _Window:
    start: float  # time.monotonic() of the client's first filing in it
    filed: int = 0


class FilingLimit:
    """Filings per client in the current window. Used on the event loop only (the form's
    route and the API's are ``async``), so no lock: nothing else runs between a check and its count.

    >>> limit = FilingLimit(per_hour=2)
    >>> [limit.admit("203.0.113.7", now=t) for t in (0, 10, 20)]
    [0, 0, 3580]
    >>> limit.admit("203.0.113.8", now=30), limit.admit("203.0.113.7", now=3600)
    (0, 0)
    """

    def __init__(self, per_hour: int) -> None:
        self.per_hour = per_hour
        # Insertion order is window-start order: a window is only added (never restarted in
        # place), and only after the expired ones ahead of it are gone.
        self._windows: dict[str, _Window] = {}

    def admit(self, client: str, now: float) -> int:
        """Count one filing by ``client`` and return 0; past the limit, count nothing and
        return the seconds until its window ends."""
        self._forget_before(now - WINDOW_SECONDS)
        window = self._windows.get(client)
        if window is None:
            if len(self._windows) >= MAX_CLIENTS:
                del self._windows[next(iter(self._windows))]
            window = self._windows[client] = _Window(now)
        if window.filed >= self.per_hour:
            return max(1, math.ceil(window.start + WINDOW_SECONDS - now))
        window.filed += 1
        return 0

    def _forget_before(self, moment: float) -> None:
        while self._windows:
            oldest = next(iter(self._windows))
            if self._windows[oldest].start > moment:
                return
            del self._windows[oldest]


def id_key(id_number: str) -> str:
    """What filings about one ID number are counted by: its digest, so the process holds no
    citizen's number; what routing and storage strip too (spaces, dots, dashes, "CCCD")
    does not make it another.

    >>> id_key("001 190 000 123") == id_key("001190000123") != id_key("001190000124")
    True
    >>> id_key("Số CCCD: 001.192.000.123") == id_key("001-192-000-123")
    True
    """
    folded = clean_id_number(id_number).upper()
    return "id:" + hashlib.sha256(folded.encode()).hexdigest()


def site_id_key(site_code: str, id_number: str) -> str:
    """What one site's filings about one ID number are counted by.

    >>> site_id_key("HN-0002", "001190000123") != site_id_key("HN-0001", "001190000123")
    True
    """
    return f"{site_code}|{id_key(id_number)}"


def limit_of(holder: Any, name: str, per_hour: int) -> FilingLimit:
    """The count kept on ``holder`` (the app's ``state``) under ``name``, made with the
    first filing it counts: ``create_app`` builds the state every area shares, and each
    count is one route's alone."""
    if not hasattr(holder, name):
        setattr(holder, name, FilingLimit(per_hour))
    return getattr(holder, name)


def client_key(host: str | None) -> str:
    """What a client is counted by: its IPv4 address, or its IPv6 /64, since one home or
    phone is given a whole /64 and may send from any address in it.

    >>> client_key("2001:db8:1:2:aaaa::1") == client_key("2001:db8:1:2:bbbb::9")
    True
    >>> client_key("203.0.113.7"), client_key("::ffff:203.0.113.7"), client_key(None)
    ('203.0.113.7', '203.0.113.7', '')
    """
    try:
        address = ipaddress.ip_address(host or "")
    except ValueError:
        return host or ""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)
