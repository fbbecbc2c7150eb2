"""Whether a central platform's address, as a person typed it, names a place at all.

An address that names none (a space in it, no host, a port that is no number) went to the
network and came back as "cannot reach the platform", sending the manager to check the
3G link, or stopped the command on the connection library's own error.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

MALFORMED = "SYNC_ADDRESS_MALFORMED"
NOT_HTTPS = "SYNC_NOT_HTTPS"

# One part of a host name once IDNA-encoded (a Vietnamese name becomes xn--…); the
# underscore is no DNS name's, yet a container's or a LAN's name may carry it.
_LABEL = re.compile(r"[A-Za-z0-9_-]{1,63}")


def address_problem(url: str) -> str | None:
    """The catalogue entry saying why ``url`` is no platform's address, or None.

    >>> [address_problem(u) for u in ("https://central.vn/fhir", "https://trạm.vn/fhir",
    ...     "http://127.0.0.1:8000/fhir", "https://[::1]:8443/fhir")]
    [None, None, None, None]
    >>> [address_problem(u) for u in ("central.vn/fhir", "htp:/x", "ftp://h/fhir")]
    ['SYNC_NOT_HTTPS', 'SYNC_NOT_HTTPS', 'SYNC_NOT_HTTPS']
    >>> [address_problem(u) for u in ("https://", "https:///fhir", "https://cen tral.vn",
    ...     "https://h:abc/fhir", "https://h:99999/fhir", "https://[::1/fhir",
    ...     "https://a..b/fhir", "https://a/b\\tc", "")]  # doctest: +NORMALIZE_WHITESPACE
    ['SYNC_ADDRESS_MALFORMED', 'SYNC_ADDRESS_MALFORMED', 'SYNC_ADDRESS_MALFORMED',
     'SYNC_ADDRESS_MALFORMED', 'SYNC_ADDRESS_MALFORMED', 'SYNC_ADDRESS_MALFORMED',
     'SYNC_ADDRESS_MALFORMED', 'SYNC_ADDRESS_MALFORMED', 'SYNC_ADDRESS_MALFORMED']
    """
    if not url or any(c.isspace() or not c.isprintable() for c in url):
        return MALFORMED
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - read for its ValueError: no number, or out of range
    except ValueError:  # an unclosed [IPv6 bracket, a port that is no port
        return MALFORMED
    if parts.scheme.lower() not in ("http", "https"):
        return NOT_HTTPS
    return None if _host_is_a_name(parts.hostname or "") else MALFORMED


def _host_is_a_name(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
        return True
    except ValueError:
        pass
    try:
        ascii_host = host.encode("idna").decode("ascii")
    except UnicodeError:  # an empty part (a..b), one too long
        return False
    return bool(host) and all(_LABEL.fullmatch(label)
                              for label in ascii_host.removesuffix(".").split("."))
