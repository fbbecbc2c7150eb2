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
at most ``LIMIT_*`` bytes for its kind and decoded one way, ``answer_json``
(sync/answers.py); what the client cannot use becomes ``BadAnswer``, whose code says what
came (a web page, an answer too large, unreadable or of the wrong shape), never a
traceback. What can go wrong is in sync/errors.py, the address and the server's
capabilities in sync/addresses.py.
"""

from __future__ import annotations

import gzip
import http.client
import json
import logging
import math
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import requests
import urllib3

from desktop_app.progress import CancelToken
from desktop_app.sync.addresses import Capabilities, capabilities_of, derived_api_root, origin
from desktop_app.sync.answers import (
    LIMIT_API,
    LIMIT_PAGE,
    LIMIT_RESOURCE,
    LIMIT_STATEMENT,
    answer_json,
    answer_shape,
    diagnostics,
    http_date,
    outcome_of,
    read_body,
    version_from,
    web_page,
)
from desktop_app.sync.errors import (
    REFUSED_BODY,
    AuthRefused,
    BadAnswer,
    ForeignOrigin,
    ProtocolError,
    RateLimited,
    RequestRefused,
    ServerUnavailable,
    Unanswered,
)

log = logging.getLogger(__name__)

FHIR_JSON = "application/fhir+json"
RETRY_STATUSES = {429, 500, 502, 503, 504}


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
            raise AuthRefused(diagnostics(r))
        if not r.ok:
            raise ProtocolError(f"HTTP {r.status_code}: {diagnostics(r)}", "SYNC_HTTP_FAILED",
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
                read_body(r, limit)
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
                            raise RateLimited(f"HTTP 429: {diagnostics(r)}", asked)
                    wait = max(wait, min(asked, self.retry_after_cap))
                elif r.is_redirect or _moved(r.status_code):  # followed, the token too
                    raise ProtocolError(
                        f"HTTP {r.status_code} to {r.headers.get('Location')}: "
                        "set that address as the server URL", "SYNC_MOVED",
                        location=r.headers.get("Location") or "?")
                elif raw:
                    return r
                elif r.status_code in (401, 403):
                    raise AuthRefused(diagnostics(r))
                elif r.status_code in (404, 410) and missing_ok:
                    return None
                elif r.status_code in REFUSED_BODY:
                    raise RequestRefused(f"HTTP {r.status_code}: {diagnostics(r)}",
                                         r.status_code, outcome_of(r))
                elif not r.ok:
                    raise ProtocolError(f"HTTP {r.status_code}: {diagnostics(r)}",
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
            when = http_date(value)
            if when is None:
                return 0.0
            now = http_date(r.headers.get("Date")) or datetime.now(UTC)
            seconds = (when - now).total_seconds()
        return max(seconds, 0.0) if math.isfinite(seconds) else 0.0

    def _sleep(self, seconds: float) -> None:
        # Wakes at once when cancelled, so "stop" never waits out a long backoff.
        if self.sleep is time.sleep:
            self.cancel.sleep(seconds)
        else:
            self.sleep(seconds)

    def _note_clock(self, r: requests.Response) -> None:
        server = http_date(r.headers.get("Date"))
        if server is None:
            return
        self.last_server_time = server.replace(tzinfo=None)
        self.clock_offset = (server - datetime.now(UTC)).total_seconds()


def _moved(status: int) -> bool:
    """A redirect even without a ``Location`` (304 answers a conditional GET: not moved)."""
    return 300 <= status < 400 and status != 304


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
