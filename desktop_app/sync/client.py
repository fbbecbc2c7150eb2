"""The HTTP side of the sync: one small ``requests`` wrapper that survives bad networks.

Every call retries what is worth retrying (no connection, a timeout, 5xx, 429) with
exponential backoff and full jitter, waiting at least what a ``Retry-After`` asks; it gives
up with ``ServerUnavailable`` after ``max_attempts`` so the engine can stop the round and
try again later. Retrying a push is always safe: each entry is an idempotent PUT.
Bodies go gzip-compressed; TLS certificates are verified (``verify`` may name a CA bundle).
"""

from __future__ import annotations

import gzip
import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from desktop_app.progress import CancelToken

FHIR_JSON = "application/fhir+json"
RETRY_STATUSES = {429, 500, 502, 503, 504}


class SyncError(Exception):
    """Base of the sync's errors."""


class ServerUnavailable(SyncError):
    """The server could not be reached or kept failing; nothing was lost, try later."""


class AuthRefused(SyncError):
    """The token was refused (401/403): retrying will not help until it is fixed."""


class ProtocolError(SyncError):
    """The server answered something the protocol does not allow."""


@dataclass
class SyncClient:
    base_url: str  # ends with /fhir
    token: str
    verify: bool | str = True
    connect_timeout: float = 10.0
    # Between two bytes of the answer: a big batch on a slow link still flows, a dead one
    # is noticed.
    read_timeout: float = 120.0
    max_attempts: int = 6
    backoff_base: float = 1.0
    backoff_cap: float = 60.0
    retry_after_cap: float = 300.0
    sleep: Callable[[float], None] = time.sleep
    cancel: CancelToken = field(default_factory=CancelToken)  # the op's: Stop reaches here
    bytes_sent: int = 0
    last_server_time: datetime | None = None  # from the Date header of the last answer
    clock_offset: float | None = None  # server time - device time, seconds
    _session: requests.Session = field(default_factory=requests.Session, repr=False)
    _count_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        self.base_url = self.base_url.rstrip("/")
        self._session.headers.update({
            "Authorization": f"Bearer {self.token}", "Accept": FHIR_JSON,
            "Accept-Encoding": "gzip", "User-Agent": "VaxDesk/0.1",
        })

    # -- calls ----------------------------------------------------------------------------
    def reachable(self) -> bool:
        """One quick try of the capability statement, no retries (for the 'online' light)."""
        try:
            r = self._session.get(f"{self.base_url}/metadata", timeout=(3, 5), verify=self.verify)
        except requests.RequestException:
            return False
        self._note_clock(r)
        return r.ok

    def push(self, bundle: dict[str, Any]) -> dict[str, Any]:
        """POST a batch Bundle; return the batch-response Bundle."""
        body = gzip.compress(
            json.dumps(bundle, separators=(",", ":"), ensure_ascii=False).encode(), 6
        )
        headers = {"Content-Type": FHIR_JSON, "Content-Encoding": "gzip"}
        answer = self._call("POST", self.base_url, data=body, headers=headers)
        if answer.get("type") != "batch-response" or \
                len(answer.get("entry") or []) != len(bundle["entry"]):
            raise ProtocolError("the batch response does not answer every entry")
        return answer

    def get(self, url: str, params: dict[str, str] | None = None) -> dict[str, Any] | None:
        """GET a resource or a search (a path under the base, or a full ``next`` link);
        None if it does not exist."""
        full = url if url.startswith("http") else f"{self.base_url}/{url.lstrip('/')}"
        return self._call("GET", full, params=params, missing_ok=True)

    def catalogue(self) -> dict[str, Any]:
        return self._call("GET", f"{self.api_root}/catalogue") or {}

    @property
    def api_root(self) -> str:
        """The non-FHIR API beside the FHIR base (catalogue, signing, trust list)."""
        return self.base_url.rsplit("/fhir", 1)[0] + "/api"

    def api_response(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """A call under ``api_root`` with the usual retries, whose answer (any status but
        the retried ones) is left to the caller to judge."""
        return self._call(method, f"{self.api_root}/{path.lstrip('/')}", raw=True, **kwargs)

    # -- plumbing -------------------------------------------------------------------------
    def _call(self, method: str, url: str, *, missing_ok: bool = False, raw: bool = False,
              **kwargs: Any) -> Any:
        last_problem = ""
        for attempt in range(self.max_attempts):
            self.cancel.check()
            wait = self._backoff(attempt)
            try:
                if "data" in kwargs:
                    with self._count_lock:  # two pushes may be on the wire at once
                        self.bytes_sent += len(kwargs["data"])
                # verify per request: a session-level CA file would lose to REQUESTS_CA_BUNDLE.
                r = self._session.request(
                    method, url, timeout=(self.connect_timeout, self.read_timeout),
                    verify=self.verify, **kwargs
                )
            except requests.exceptions.SSLError as exc:
                raise ServerUnavailable(f"TLS: {exc}") from exc  # never retried insecurely
            except requests.RequestException as exc:
                last_problem = f"{type(exc).__name__}: {exc}"
            else:
                self._note_clock(r)
                if r.status_code in RETRY_STATUSES:
                    last_problem = f"HTTP {r.status_code}"
                    wait = max(wait, self._retry_after(r))
                elif raw:
                    return r
                elif r.status_code in (401, 403):
                    raise AuthRefused(_diagnostics(r))
                elif r.status_code == 404 and missing_ok:
                    return None
                elif not r.ok:
                    raise ProtocolError(f"HTTP {r.status_code}: {_diagnostics(r)}")
                else:
                    try:
                        return r.json()
                    except ValueError:
                        last_problem = "a truncated or non-JSON answer"
            if attempt + 1 < self.max_attempts:
                self._sleep(wait)
        raise ServerUnavailable(last_problem)

    def _backoff(self, attempt: int) -> float:
        """Full jitter (AWS architecture blog): spreads many sites' retries after an outage."""
        return random.uniform(0, min(self.backoff_cap, self.backoff_base * 2 ** attempt))

    def _retry_after(self, r: requests.Response) -> float:
        value = r.headers.get("Retry-After")
        if not value:
            return 0.0
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return 0.0
            seconds = (when - datetime.now(UTC)).total_seconds()
        return min(max(seconds, 0.0), self.retry_after_cap)

    def _sleep(self, seconds: float) -> None:
        # Wakes at once when cancelled, so "stop" never waits out a long backoff.
        if self.sleep is time.sleep:
            self.cancel.sleep(seconds)
        else:
            self.sleep(seconds)

    def _note_clock(self, r: requests.Response) -> None:
        date_header = r.headers.get("Date")
        if not date_header:
            return
        try:
            server = parsedate_to_datetime(date_header).astimezone(UTC)
        except (TypeError, ValueError):
            return
        self.last_server_time = server.replace(tzinfo=None)
        self.clock_offset = (server - datetime.now(UTC)).total_seconds()


def _diagnostics(r: requests.Response) -> str:
    try:
        issue = r.json()["issue"][0]
        return issue.get("diagnostics") or issue["details"]["text"]
    except (ValueError, KeyError, IndexError, TypeError):
        return r.text[:200]
