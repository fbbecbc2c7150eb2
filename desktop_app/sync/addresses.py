"""Where the records go: a platform's address judged before anything is sent (https, or
this machine only), its origin (the access code goes nowhere else), the VaxDesk API beside
a FHIR base, and what its CapabilityStatement says it does beyond plain FHIR R4."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from desktop_app.rules.platform_address import address_problem
from desktop_app.wire.fhir import EXT_VAXDESK_API


@dataclass(frozen=True)
class Capabilities:
    """What the server says it does, beyond reads, searches and PUT of one resource."""

    batch: bool = False  # takes a batch Bundle POSTed to the base
    source_search: bool = False  # searches by ``_source``
    id_search: bool = False  # searches by ``_id`` (``read_back``: records asked together)
    api_root: str | None = None  # the VaxDesk API (catalogue, signing, complaints, ...)
    # Creates a record by PUT to the id its client chose (FHIR "update as create"), as the
    # laptop makes every record; False when the statement says ``updateCreate: false`` of
    # a type the laptop sends. Only a hint: Medplum says false to every client, yet lets a
    # super administrator do it; what a PUT answers decides (``push``).
    update_create: bool = True


def origin(url: str) -> tuple[str, str, int | None]:
    """(scheme, host, port) with the scheme's default port filled in.

    >>> origin("https://FHIR.example.org/baseR4") == origin("https://fhir.example.org:443/x")
    True
    """
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def in_clear_over_a_network(url: str) -> bool:
    """Whether records and the access code would cross a network unencrypted: http:// to
    anything but this machine (a test server, a tunnel's end).

    >>> [in_clear_over_a_network(u) for u in ("http://192.0.2.2/fhir", "https://h/fhir",
    ...     "http://127.0.0.1:8000/fhir", "http://localhost/fhir", "http://[::1]/fhir")]
    [True, False, False, False, False]
    """
    scheme, host, _port = origin(url)
    if scheme != "http":
        return False
    if host == "localhost":
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True


def address_refused(url: str) -> str | None:
    """The catalogue entry saying why records may not go to ``url``, or None: an address
    without https:// (typed as people say it, ``central.vn/fhir``) or that names no place
    (``rules/platform_address.py``) reaches no platform, and every round after it would
    blame the network.

    >>> [address_refused(u) for u in ("https://h/fhir", "http://127.0.0.1:8000/fhir",
    ...     "127.0.0.1:8000/fhir", "ftp://h/fhir", "https:///fhir", "http://192.0.2.2/fhir")]
    [None, None, 'SYNC_NOT_HTTPS', 'SYNC_NOT_HTTPS', 'SYNC_ADDRESS_MALFORMED', 'SYNC_IN_CLEAR']
    """
    if (problem := address_problem(url)) is not None:
        return problem
    return "SYNC_IN_CLEAR" if in_clear_over_a_network(url) else None


def derived_api_root(base_url: str) -> str:
    """The VaxDesk API beside a FHIR base ending in the path segment ``fhir``: that segment
    replaced by ``api``; only the path is looked at, never the host or a substring.

    >>> derived_api_root("https://central.example.vn/fhir")
    'https://central.example.vn/api'
    >>> derived_api_root("https://fhir.example.org/baseR4")
    'https://fhir.example.org/baseR4/api'
    >>> derived_api_root("http://127.0.0.1:8000/vaxdesk/fhir/")
    'http://127.0.0.1:8000/vaxdesk/api'
    """
    parts = urlsplit(base_url)
    segments = parts.path.rstrip("/").split("/")
    if segments[-1] == "fhir":
        segments = segments[:-1]
    path = "/".join([*segments, "api"])
    return parts._replace(path=path, query="", fragment="").geturl()


def capabilities_of(statement: dict[str, Any] | None, base_url: str) -> Capabilities:
    """Read a CapabilityStatement: batch, ``_source`` and ``_id`` searches, and the VaxDesk
    API extension (its ``valueUrl`` resolved against the base). Only ``batch`` will do for
    the push: in a ``transaction`` one refused record would refuse every other.

    >>> capabilities_of({"rest": [{"interaction": [{"code": "transaction"}]}]}, "http://h/r4")
    Capabilities(batch=False, source_search=False, id_search=False, api_root=None, \
update_create=True)
    >>> capabilities_of({"rest": [{"interaction": [{"code": "batch"}]}]}, "http://h/r4").batch
    True
    >>> capabilities_of({"rest": [{"resource": [{"type": "Patient", "updateCreate": False}]}]},
    ...                 "http://h/r4").update_create
    False
    """
    rest = next((r for r in (statement or {}).get("rest") or ()
                 if r.get("mode", "server") == "server"), {})
    codes = {i.get("code") for i in rest.get("interaction") or ()}
    params = {p.get("name") for res in rest.get("resource") or ()
              for p in res.get("searchParam") or ()}
    api = next((e.get("valueUrl") for e in (statement or {}).get("extension") or ()
                if e.get("url") == EXT_VAXDESK_API and e.get("valueUrl")), None)
    refused = {res.get("type") for res in rest.get("resource") or ()
               if res.get("updateCreate") is False} & {"Patient", "Immunization"}
    return Capabilities(batch="batch" in codes, source_search="_source" in params,
                        id_search="_id" in params,
                        api_root=urljoin(base_url.rstrip("/") + "/", api).rstrip("/")
                        if api else None, update_create=not refused)
