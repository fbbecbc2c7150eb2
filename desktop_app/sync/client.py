"""The HTTP side of the sync: one small ``requests`` wrapper that survives bad networks.

Every call retries what is worth retrying (no connection, a timeout, 5xx, 429) with
exponential backoff and full jitter, waiting at least what a ``Retry-After`` asks (but a
kept-alive connection the server closed under the request is retried at once); it gives
up with ``ServerUnavailable`` after ``max_attempts`` so the engine can stop the round and
try again later. Retrying a push is always safe: each entry is an idempotent PUT. A batch
left unanswered a whole read timeout is the exception: not sent again as it was
(``Unanswered``), since a proxy that drops big requests without a word would swallow it
again; the engine sends its records again in smaller batches.
Bodies go gzip-compressed; TLS certificates are verified (``verify`` may name a CA bundle).

The bearer token goes only to the configured origin (scheme, host, port): a ``next`` link or
an API URL elsewhere is refused, and redirects are not followed (requests would re-send to
the new place). What the server offers beyond plain FHIR R4 is read once from its
CapabilityStatement (``capabilities``); the VaxDesk-only API is used only when it says so.

Whatever answers (the platform, a captive portal, a proxy in between), an answer is read
at most ``LIMIT_*`` bytes for its kind and decoded one way, ``answer_json``; what the
client cannot use becomes ``BadAnswer``, whose code says what came (a web page, an answer
too large, unreadable or of the wrong shape), never a traceback.
"""

from __future__ import annotations

import gzip
import http.client
import ipaddress
import json
import logging
import math
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from desktop_app.progress import CancelToken
from desktop_app.rules.messages import text
from desktop_app.rules.platform_address import address_problem
from desktop_app.rules.text_fields import all_digits
from desktop_app.wire.fhir import EXT_VAXDESK_API

log = logging.getLogger(__name__)

FHIR_JSON = "application/fhir+json"
RETRY_STATUSES = {429, 500, 502, 503, 504}
# The most an answer of each kind may be, decompressed: generous for what the protocol
# sends, far below what a laptop with 4 GB can hold once parsed (Python's objects take
# about ten times the text).
MB = 1 << 20
LIMIT_RESOURCE = 4 * MB  # one resource, or an error's OperationOutcome
LIMIT_STATEMENT = 8 * MB  # a CapabilityStatement (HAPI's is about half a megabyte)
LIMIT_PAGE = 32 * MB  # a search page or a batch-response (500 records: about 1 MB)
LIMIT_API = 16 * MB  # a VaxDesk API answer (1000 verdicts: about 0.3 MB)
MAX_DEPTH = 64  # nesting of a JSON answer: a FHIR resource in a Bundle is about 12 deep
# What reading a decoded answer of the wrong shape raises (a list for an object, a missing
# key, a number for a text, ``null``): turned into ``BadAnswer`` by ``answer_shape``.
SHAPE_ERRORS = (AttributeError, IndexError, KeyError, StopIteration, TypeError, ValueError)


class SyncError(Exception):
    """Base of the sync's errors."""


class ServerUnavailable(SyncError):
    """The server could not be reached or kept failing; nothing was lost, try later.
    ``status``: the last answer's (a 5xx, a 429), None when none came (no connection)."""

    def __init__(self, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.status = status


class Unanswered(ServerUnavailable):
    """A batch the server, or a proxy on the way, took and never answered within the read
    timeout. Not sent again as it was: some proxies (a provincial office's, a 3G
    operator's) drop every request over some size without a word, so the engine sends its
    records again in smaller batches (``LinkPacer.unanswered``). ``answered``: an answer
    came earlier in the same call (a 503), so this silence follows an answer, not another
    silence."""

    def __init__(self, detail: str, answered: bool) -> None:
        super().__init__(detail)
        self.answered = answered


class RateLimited(ServerUnavailable):
    """The server said "too many" (429) and to wait ``seconds``: raised at once when that is
    longer than the client waits (``retry_after_cap``), since asking sooner is refused again,
    or when the last attempt was still refused."""

    def __init__(self, detail: str, seconds: float) -> None:
        super().__init__(detail, 429)
        self.seconds = seconds


class AuthRefused(SyncError):
    """The token was refused (401/403): retrying will not help until it is fixed."""


class ProtocolError(SyncError):
    """The server answered something the protocol does not allow. ``str()`` is the detail,
    for the log; ``message(lang)`` what a person can act on (``code`` in the catalogue)."""

    def __init__(self, detail: str, code: str = "SYNC_UNREADABLE", **params: Any) -> None:
        super().__init__(detail)
        self.code, self.params = code, params

    def message(self, lang: str = "vi") -> str:
        return text(self.code, lang, **self.params)


class RequestRefused(ProtocolError):
    """The server refused the whole request for what it carries (400, 413, 422): a body it
    cannot parse or take, which may be one record's doing (``push._pushed`` finds which).
    ``outcome``: the OperationOutcome it answered with, if any."""

    def __init__(self, detail: str, status: int, outcome: dict[str, Any] | None) -> None:
        super().__init__(detail, "SYNC_HTTP_FAILED", status=status)
        self.status, self.outcome = status, outcome


# What a server answers a request refused for its body (RFC 9110: 400 Bad Request, 413
# Content Too Large, 422 Unprocessable Content), as opposed to its address or credentials.
REFUSED_BODY = frozenset({400, 413, 422})


class ForeignOrigin(ProtocolError):
    """A URL outside the configured server: the token is not sent there."""


class BadAnswer(ProtocolError):
    """An answer the client cannot use; ``code`` says what came, in words that fit both a
    stopped round and a skipped step: ``SYNC_ANSWER_WEB_PAGE`` (a captive portal's or a
    proxy's page), ``_TOO_LARGE``, ``_UNREADABLE`` (not JSON, or cut off), ``_MALFORMED``
    (JSON of the wrong shape)."""


def web_page(r: requests.Response, start: bytes) -> bool:
    """Whether an answer beginning ``start`` is a web page (a captive portal's sign-in, a
    proxy's error), not the platform's data."""
    return "html" in (r.headers.get("Content-Type") or "").lower() or \
        start.lstrip()[:1] == b"<"


def answer_json(r: requests.Response, expect: type | tuple[type, ...] = dict, *,
                empty_ok: bool = False) -> Any:
    """The one way a platform's answer is decoded: a JSON value of type ``expect`` (None for
    an empty body when ``empty_ok``), else ``BadAnswer``. A deeply nested answer (100,000
    ``[``) is refused, never a RecursionError."""
    body = r.content
    if empty_ok and not body.strip():
        return None
    if web_page(r, body):
        raise BadAnswer(f"HTTP {r.status_code}: a web page, not data: {body[:120]!r}",
                        "SYNC_ANSWER_WEB_PAGE")
    try:
        data = json.loads(body)
    except RecursionError:
        raise BadAnswer(f"JSON nested too deep to read ({len(body)} bytes)",
                        "SYNC_ANSWER_MALFORMED") from None
    except ValueError as exc:  # UnicodeDecodeError too
        raise BadAnswer(f"HTTP {r.status_code}: not JSON: {exc}",
                        "SYNC_ANSWER_UNREADABLE") from exc
    if _deeper_than(data, MAX_DEPTH):
        raise BadAnswer(f"JSON nested more than {MAX_DEPTH} deep", "SYNC_ANSWER_MALFORMED")
    if not isinstance(data, expect):
        raise BadAnswer(f"a JSON {type(data).__name__} where {expect} was expected",
                        "SYNC_ANSWER_MALFORMED")
    return data


@contextmanager
def answer_shape(what: str) -> Iterator[None]:
    """Around the reading of a decoded answer: one of the wrong shape is a ``BadAnswer``.

    >>> with answer_shape("a page"):
    ...     {}["entry"]
    Traceback (most recent call last):
    ...
    desktop_app.sync.client.BadAnswer: a page of an unexpected shape: KeyError('entry')
    """
    try:
        yield
    except SHAPE_ERRORS as exc:
        raise BadAnswer(f"{what} of an unexpected shape: {exc!r}",
                        "SYNC_ANSWER_MALFORMED") from exc


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether JSON nests more than ``limit`` deep; walked with a list, not recursion."""
    stack = [(data, 1)] if isinstance(data, (dict, list)) else []
    while stack:
        item, depth = stack.pop()
        if depth > limit:
            return True
        children = item.values() if isinstance(item, dict) else item
        stack.extend((c, depth + 1) for c in children if isinstance(c, (dict, list)))
    return False


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


@dataclass
class SyncClient:
    base_url: str  # the FHIR base, e.g. https://central.example.vn/fhir
    token: str
    # The VaxDesk API root when configured; else the CapabilityStatement says (or not).
    api_url: str | None = None
    verify: bool | str = True
    connect_timeout: float = 10.0
    # Between two bytes of the answer: a big batch on a slow link still flows, a dead one
    # is noticed.
    read_timeout: float = 120.0
    max_attempts: int = 6
    # A server that took the request and said nothing for a whole read timeout, this many
    # times in a row, is given up on: six such waits were 12 minutes of "Syncing…" for a
    # hung server.
    silent_attempts: int = 2
    # A server not reached at all (the connection refused, the name not found, no route, no
    # handshake within connect_timeout), this many times in a row, is given up on: the
    # laptop is offline or the address wrong, and six tries with their waits kept "Syncing…"
    # on screen for ~20 s before saying so (the records stay queued for the next round).
    unreached_attempts: int = 2
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    retry_after_cap: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    cancel: CancelToken = field(default_factory=CancelToken)  # the op's: Stop reaches here
    bytes_sent: int = 0
    # A batch-response came this round: the server takes batch requests, so one refused
    # whole is refused for what it carries (``push._pushed``).
    batch_answered: bool = False
    # Batches go gzipped until the server answers 415 to one (``push``).
    gzip_bodies: bool = True
    last_server_time: datetime | None = None  # from the Date header of the last answer
    clock_offset: float | None = None  # server time - device time, seconds
    _session: requests.Session = field(default_factory=requests.Session, repr=False)
    _count_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _capabilities: Capabilities | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        # The token is added per request, after the URL's origin was checked.
        self._session.headers.update({
            "Accept": FHIR_JSON, "Accept-Encoding": "gzip", "User-Agent": "VaxDesk/0.1",
        })
        # The environment (proxies, a CA bundle) read once, not on every request: requests
        # scans all of os.environ per call, a millisecond each, most of a small PUT's cost.
        # Only one origin is ever called, so its proxy settings are all there is to know.
        self._session.trust_env = False
        self._session.proxies = requests.utils.get_environ_proxies(self.base_url)
        if self.verify is True:
            self.verify = os.environ.get("REQUESTS_CA_BUNDLE") or \
                os.environ.get("CURL_CA_BUNDLE") or True

    # -- calls ----------------------------------------------------------------------------
    def reachable(self) -> bool:
        """One quick try of the capability statement, no retries (for the 'online' light)."""
        try:
            r = self._session.get(f"{self.base_url}/metadata", timeout=(3, 5),
                                  verify=self.verify, allow_redirects=False, stream=True)
        except requests.RequestException:
            return False
        try:  # a captive portal answers 200 with its sign-in page: its first bytes say so
            start = next(r.iter_content(64), b"") if r.ok else b""  # no more of it is read
        except requests.RequestException:
            return False
        finally:
            r.close()
        self._note_clock(r)
        return r.ok and not web_page(r, start)

    @property
    def capabilities(self) -> Capabilities:
        """Read once per client (a round): a server with no usable statement is taken as
        plain FHIR R4 (one PUT per resource, no VaxDesk API unless configured)."""
        if self._capabilities is None:
            try:
                statement = self._call("GET", f"{self.base_url}/metadata", missing_ok=True,
                                       limit=LIMIT_STATEMENT)
                with answer_shape("a CapabilityStatement"):
                    found = capabilities_of(statement, self.base_url)
            except (ProtocolError, AuthRefused) as exc:
                if isinstance(exc, BadAnswer) and exc.code == "SYNC_ANSWER_WEB_PAGE":
                    raise  # a captive portal's: no FHIR server would be found behind it
                log.warning("no usable CapabilityStatement, taken as plain FHIR: %s", exc)
                found = capabilities_of(None, self.base_url)
            if self.api_url:
                found = replace(found, api_root=self.api_url.rstrip("/"))
            if found.api_root and origin(found.api_root) != origin(self.base_url):
                found = replace(found, api_root=None)  # not our host
            self._capabilities = found
        return self._capabilities

    def put(self, type_: str, id_: str, resource: dict[str, Any], if_match: str | None
            ) -> requests.Response:
        """PUT one resource (the plain-FHIR push); the answer is left to the caller."""
        body = json.dumps(resource, separators=(",", ":"), ensure_ascii=False).encode()
        headers = {"Content-Type": FHIR_JSON}
        if if_match:
            headers["If-Match"] = if_match
        return self._call("PUT", f"{self.base_url}/{type_}/{id_}", raw=True, data=body,
                          headers=headers)

    def read(self, type_: str, id_: str) -> dict[str, Any] | None:
        """The server's current copy, its version from the ``ETag`` (else ``meta.versionId``)
        put into ``meta.versionId``; None if it is not there."""
        r = self._call("GET", f"{self.base_url}/{type_}/{id_}", raw=True)
        if r.status_code in (404, 410):
            return None
        if r.status_code in (401, 403):
            raise AuthRefused(_diagnostics(r))
        if not r.ok:
            raise ProtocolError(f"HTTP {r.status_code}: {_diagnostics(r)}", "SYNC_HTTP_FAILED",
                                status=r.status_code)
        resource = answer_json(r)
        with answer_shape(f"{type_}/{id_}"):
            if (resource["resourceType"], resource["id"]) != (type_, id_):
                raise ValueError(f"{resource['resourceType']}/{resource['id']} came instead")
            version = version_from(r.headers.get("ETag"), resource)
            if version is not None:
                resource.setdefault("meta", {})["versionId"] = version
        return resource

    def push(self, bundle: dict[str, Any]) -> dict[str, Any]:
        """POST a batch Bundle; return the batch-response Bundle. Gzipped, unless the server
        answered 415 to a gzipped body (RFC 7694: FHIR asks no server to take one): then,
        for the rest of the round, as it is. Left unanswered a whole read timeout, it is
        not sent again: ``Unanswered``."""
        plain = json.dumps(bundle, separators=(",", ":"), ensure_ascii=False).encode()
        answer = None
        if self.gzip_bodies:
            try:
                answer = self._call("POST", self.base_url, data=gzip.compress(plain, 6),
                                    headers={"Content-Type": FHIR_JSON,
                                             "Content-Encoding": "gzip"}, limit=LIMIT_PAGE,
                                    resend_silent=False)
            except ProtocolError as exc:
                if exc.params.get("status") != 415:
                    raise
                log.info("the server takes no gzip body (415): sent as it is from now on")
                self.gzip_bodies = False
        if answer is None:
            answer = self._call("POST", self.base_url, data=plain,
                                headers={"Content-Type": FHIR_JSON}, limit=LIMIT_PAGE,
                                resend_silent=False)
        entries = answer.get("entry")
        if entries is None and not bundle["entry"]:
            entries = answer["entry"] = []  # FHIR's JSON leaves an empty array out
        if answer.get("type") != "batch-response" or not isinstance(entries, list) or \
                len(entries) != len(bundle["entry"]) or \
                not all(isinstance(e, dict) and isinstance(e.get("response"), dict)
                        for e in entries):
            raise BadAnswer("the batch response does not answer every entry",
                            "SYNC_ANSWER_MALFORMED")
        self.batch_answered = True
        return answer

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any] | None:
        """GET a resource or a search (a path under the base, or a full ``next`` link);
        None if it does not exist, or no longer (410 Gone: a deleted resource, or a search
        whose paging cursor the server let expire)."""
        full = url if url.startswith(("http:", "https:")) \
            else f"{self.base_url}/{url.lstrip('/')}"
        return self._call("GET", full, params=params, missing_ok=True, limit=LIMIT_PAGE)

    def catalogue(self) -> dict[str, Any]:
        return self._call("GET", f"{self.api_root}/catalogue", limit=LIMIT_API) or {}

    @property
    def has_api(self) -> bool:
        """The server says it has the VaxDesk API (or one was configured)."""
        return self.capabilities.api_root is not None

    @property
    def api_root(self) -> str:
        """The VaxDesk API (catalogue, signing, trust list, ...): configured, or as the
        CapabilityStatement names it, or derived from the base by path."""
        return self.capabilities.api_root or derived_api_root(self.base_url)

    def api_response(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A call under ``api_root`` with the usual retries, whose answer (any status but
        the retried ones) is left to the caller to judge, its body decoded by
        ``answer_json``."""
        return self._call(method, f"{self.api_root}/{path.lstrip('/')}", raw=True,
                          limit=LIMIT_API, **kwargs)

    # -- plumbing -------------------------------------------------------------------------
    def _call(self, method: str, url: str, *, missing_ok: bool = False, raw: bool = False,
              limit: int = LIMIT_RESOURCE, resend_silent: bool = True, **kwargs: Any) -> Any:
        if origin(url) != origin(self.base_url):
            raise ForeignOrigin(f"{urlsplit(url).netloc} is not the configured server")
        headers = {**(kwargs.pop("headers", None) or {}), "Authorization": f"Bearer {self.token}"}
        last_problem = ""
        stale_retried = False
        limited: float | None = None  # the last answer was 429, asking to wait this long
        unreadable: BadAnswer | None = None  # the last answer was not JSON (cut off?)
        status: int | None = None  # the last answer's, when one came
        silent = 0  # attempts the server let time out without a word
        answered = False  # an answer came to an earlier attempt
        unreached = 0  # attempts in a row that reached no server
        for attempt in range(self.max_attempts):
            self.cancel.check()
            wait = self._backoff(attempt)
            limited = unreadable = status = None
            try:
                if "data" in kwargs:
                    with self._count_lock:  # two pushes may be on the wire at once
                        self.bytes_sent += len(kwargs["data"])
                # verify per request: a session-level CA file would lose to REQUESTS_CA_BUNDLE.
                r = self._session.request(
                    method, url, timeout=(self.connect_timeout, self.read_timeout),
                    verify=self.verify, headers=headers, allow_redirects=False, stream=True,
                    **kwargs
                )
                _read_body(r, limit)
            except requests.exceptions.SSLError as exc:
                raise ServerUnavailable(f"TLS: {exc}") from exc  # never retried insecurely
            except requests.RequestException as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
                if isinstance(exc, requests.exceptions.ReadTimeout):
                    silent += 1
                    if silent >= self.silent_attempts:
                        break
                    if not resend_silent:
                        raise Unanswered(last_problem, answered) from exc
                if not _never_connected(exc):
                    unreached = 0  # it was reached: refusals count only one after another
                elif (unreached := unreached + 1) >= self.unreached_attempts:
                    break
                if not stale_retried and _closed_under_us(exc):
                    # A server closes a connection left idle past its keep-alive (uvicorn
                    # after 5 s, Apache 5 s); a request already on its way over a slow link
                    # then meets the close. Nothing is wrong with the server: go again at
                    # once on a new connection, as browsers do, not after a backoff (traced:
                    # up to a second of the link idle at the end of a push).
                    stale_retried, wait = True, 0.0
            else:
                self._note_clock(r)
                silent = unreached = 0  # it answered: these count only one after the other
                answered = True
                if r.status_code in RETRY_STATUSES:
                    last_problem, status = f"HTTP {r.status_code}", r.status_code
                    asked = self._asked_wait(r)
                    if r.status_code == 429:
                        limited = asked
                        if asked > self.retry_after_cap:
                            raise RateLimited(f"HTTP 429: {_diagnostics(r)}", asked)
                    wait = max(wait, min(asked, self.retry_after_cap))
                elif r.is_redirect or _moved(r.status_code):  # followed, the token too
                    raise ProtocolError(
                        f"HTTP {r.status_code} to {r.headers.get('Location')}: "
                        "set that address as the server URL", "SYNC_MOVED",
                        location=r.headers.get("Location") or "?")
                elif raw:
                    return r
                elif r.status_code in (401, 403):
                    raise AuthRefused(_diagnostics(r))
                elif r.status_code in (404, 410) and missing_ok:
                    return None
                elif r.status_code in REFUSED_BODY:
                    raise RequestRefused(f"HTTP {r.status_code}: {_diagnostics(r)}",
                                         r.status_code, _outcome(r))
                elif not r.ok:
                    raise ProtocolError(f"HTTP {r.status_code}: {_diagnostics(r)}",
                                        "SYNC_WRONG_ADDRESS" if r.status_code in (404, 405)
                                        else "SYNC_HTTP_FAILED", status=r.status_code)
                else:
                    try:
                        return answer_json(r)
                    except BadAnswer as exc:
                        if exc.code != "SYNC_ANSWER_UNREADABLE":
                            raise  # a web page, a wrong shape: asking again gets the same
                        unreadable, last_problem = exc, f"a truncated answer? {exc}"
            if attempt + 1 < self.max_attempts:
                self._sleep(wait)
        if limited is not None:
            raise RateLimited(last_problem, limited)
        if unreadable is not None:
            raise unreadable
        raise ServerUnavailable(last_problem, status)

    def pause(self, attempt: int) -> None:
        """Wait before trying again what the server had no time for (a batch entry answered
        429 or 503), as long as a refused whole request would wait; a Stop ends it."""
        self._sleep(self._backoff(attempt))

    def _backoff(self, attempt: int) -> float:
        """Full jitter (AWS architecture blog): spreads many sites' retries after an outage."""
        return random.uniform(0, min(self.backoff_cap, self.backoff_base * 2 ** attempt))

    def _asked_wait(self, r: requests.Response) -> float:
        """The seconds a ``Retry-After`` asks for (0 if none or unreadable), not capped. A
        date is measured from the answer's own ``Date`` (RFC 9110, 10.2.3), both the
        server's clock: a laptop's clock an hour off would otherwise wait an hour too long,
        or not at all. The laptop's clock only for an answer without a readable date."""
        value = r.headers.get("Retry-After")
        if not value:
            return 0.0
        try:
            seconds = float(value)
        except ValueError:
            when = _http_date(value)
            if when is None:
                return 0.0
            now = _http_date(r.headers.get("Date")) or datetime.now(UTC)
            seconds = (when - now).total_seconds()
        return max(seconds, 0.0) if math.isfinite(seconds) else 0.0

    def _sleep(self, seconds: float) -> None:
        # Wakes at once when cancelled, so "stop" never waits out a long backoff.
        if self.sleep is time.sleep:
            self.cancel.sleep(seconds)
        else:
            self.sleep(seconds)

    def _note_clock(self, r: requests.Response) -> None:
        server = _http_date(r.headers.get("Date"))
        if server is None:
            return
        self.last_server_time = server.replace(tzinfo=None)
        self.clock_offset = (server - datetime.now(UTC)).total_seconds()


def version_from(etag: str | None, resource: dict[str, Any] | None = None) -> str | None:
    """A resource's version: the ``ETag`` (``W/"3"``) first, then ``meta.versionId``.

    >>> version_from('W/"3"'), version_from(None, {"meta": {"versionId": 4}})
    ('3', '4')
    """
    if etag:
        return etag.strip().removeprefix("W/").strip('"')
    found = ((resource or {}).get("meta") or {}).get("versionId")
    return str(found) if found is not None else None


def _http_date(value: str | None) -> datetime | None:
    """An HTTP date header as an aware UTC time; None if absent or unreadable.

    >>> _http_date("Sun, 06 Nov 1994 08:49:37 GMT").isoformat()
    '1994-11-06T08:49:37+00:00'
    >>> _http_date("soon") is None
    True
    """
    if not value:
        return None
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": UTC, said without a zone (RFC 5322)
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC)


def _outcome(r: requests.Response) -> dict[str, Any] | None:
    """The answer's OperationOutcome, or None (a proxy's page, another body, none)."""
    try:
        body = answer_json(r)
    except BadAnswer:
        return None
    return body if body.get("resourceType") == "OperationOutcome" else None


def _diagnostics(r: requests.Response) -> str:
    try:
        with answer_shape("an OperationOutcome"):
            issue = answer_json(r)["issue"][0]
            return str(issue.get("diagnostics") or issue["details"]["text"])[:200]
    except BadAnswer:
        return r.text[:200]


def _moved(status: int) -> bool:
    """A redirect even without a ``Location`` (304 answers a conditional GET: not moved)."""
    return 300 <= status < 400 and status != 304


def _read_body(r: requests.Response, limit: int) -> None:
    """Read the answer, at most ``limit`` bytes decompressed, into ``r.content``; a larger
    one is refused as soon as it shows (``Content-Length``, or the bytes so far)."""
    declared = r.headers.get("Content-Length") or ""
    if all_digits(declared) and int(declared) > limit:
        r.close()
        raise _too_large(r, f"{declared} bytes announced")
    body = bytearray()
    for chunk in r.iter_content(256 * 1024):
        body += chunk
        if len(body) > limit:
            r.close()
            raise _too_large(r, f"over {len(body)} bytes")
    r._content = bytes(body)  # what requests' own reading sets: .json() and .text read it


def _too_large(r: requests.Response, size: str) -> BadAnswer:
    return BadAnswer(f"HTTP {r.status_code} from {r.url}: {size}, more than this kind of "
                     "answer may be", "SYNC_ANSWER_TOO_LARGE")


def _never_connected(exc: requests.RequestException) -> bool:
    """No connection was made: refused, the name not resolved, no route, or no handshake in
    time (urllib3's NewConnectionError, NameResolutionError among them, or a ConnectTimeout).
    Nothing was sent, so nothing can have been half done."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return True
    reason = exc.args[0] if exc.args else None
    return (isinstance(exc, requests.exceptions.ConnectionError)
            and isinstance(reason, urllib3.exceptions.MaxRetryError)
            and isinstance(reason.reason, urllib3.exceptions.NewConnectionError))


def _closed_under_us(exc: requests.RequestException) -> bool:
    """An established connection ended before any answer came: urllib3 calls that
    "Connection aborted." (a refused or unreachable server fails before, differently)."""
    reason = exc.args[0] if exc.args else None
    return (isinstance(exc, requests.exceptions.ConnectionError)
            and isinstance(reason, urllib3.exceptions.ProtocolError)
            and isinstance(reason.args[-1] if reason.args else None,
                           (http.client.RemoteDisconnected, ConnectionResetError,
                            BrokenPipeError)))
