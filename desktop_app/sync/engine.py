"""A sync round: catalogue down, every queued record up, central edits down.

``run_sync`` is a generator that yields ``Progress`` and returns a ``SyncSummary``, so the
app runs it on its network worker with a progress bar and the CLI runs it in a loop; both
can stop it between batches. Only one round runs at a time per database file, whoever
starts it (the button, the timer, a reconnect, the CLI): a second caller gets
``SyncAlreadyRunning`` at once instead of a second stream of the same records.

The records' push and pull are plain FHIR R4 and work with any server. The VaxDesk-only
steps (catalogue, verdicts, revocations, complaints, site report) run only when the server
says it has the VaxDesk API, and a failure of one is told in ``SyncSummary.skipped``, never
stopping the round (a Stop still stops it).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Generator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db.database import Database
from desktop_app.db.models import SyncCounter
from desktop_app.sync import outbox
from desktop_app.rules.messages import text
from desktop_app.sync.client import AuthRefused, ServerUnavailable, SyncClient, SyncError
from desktop_app.sync.complaints import sync_complaints
from desktop_app.sync.inbox import Applied
from desktop_app.sync.outbox import Ack, Adopt, Refused
from desktop_app.sync.pull import pull_catalogue, pull_changes
from desktop_app.sync.push import ReadBudget, push_batch
from desktop_app.sync.revocations import push_revocations
from desktop_app.sync.site_report import push_report
from desktop_app.sync.verdicts import pull_verdicts

CLOCK_WARNING_SECONDS = 300
IN_FLIGHT = 2  # batches on the wire at once
log = logging.getLogger(__name__)
T = TypeVar("T")


class SyncAlreadyRunning(RuntimeError):
    """Another sync round of this database is under way."""


@dataclass(frozen=True)
class Progress:
    phase: str  # catalogue | push | pull | signing (the last from services.sync)
    done: int
    total: int


@dataclass
class SyncSummary:
    sent: int = 0
    synced: int = 0
    rejected: int = 0
    conflicts: int = 0  # records in conflict after the round (new or still unresolved)
    recovered: int = 0  # lost answers recovered from the server's copy
    pulled: int = 0
    verdicts: int = 0  # population-register verdicts on our people, new this round
    complaints_new: int = 0  # citizens' complaints routed here, new this round
    complaints_sent: int = 0  # hotline entries and resolutions central accepted
    revocations: int = 0  # certificate revocations the central platform now has
    lots: int = 0
    waiting: int = 0  # doses whose person is not on the server yet (rejected or conflict)
    bytes_sent: int = 0
    seconds: float = 0.0
    clock_offset: float | None = None
    signer_enrolled: bool = False  # the central platform (re)certified our signing key
    signer_revoked: bool = False
    signer_pending: bool = False  # a replacement key waits for central approval
    site_report: bool | None = None  # the figures sent; None: the server takes none
    # VaxDesk-only steps that failed this round: (step, problem code); the records still
    # synced. The technical detail goes to the log, not to the clerk.
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def skipped_messages(self, lang: str) -> list[str]:
        return [text("SYNC_STEP_SKIPPED", lang, step=text(f"SYNC_STEP_{name.upper()}", lang),
                     problem=text(problem, lang)) for name, problem in self.skipped]

    @property
    def clock_warning(self) -> bool:
        return self.clock_offset is not None and abs(self.clock_offset) > CLOCK_WARNING_SECONDS


_running: dict[Path, threading.Lock] = {}
_registry = threading.Lock()


def _lock_for(db: Database) -> threading.Lock:
    with _registry:
        return _running.setdefault(Path(db.path).resolve(), threading.Lock())


@dataclass
class BatchSizer:
    """Batches sized so one request carries about ``target_seconds`` of upload: round trips
    stay a small share of a slow link's time, and a fast link gets few, large requests."""

    size: int = 500
    low: int = 50
    high: int = 2000
    target_seconds: float = 8.0

    def after(self, entries: int, seconds: float) -> None:
        if entries < self.size:
            return  # a short last batch says nothing about the link
        wanted = int(entries * self.target_seconds / max(seconds, 1e-3))
        self.size = max(self.low, min(self.high, wanted, self.size * 4))


def run_sync(db: Database, client: SyncClient, site_code: str, *,
             sizer: BatchSizer | None = None) -> Generator[Progress, None, SyncSummary]:
    lock = _lock_for(db)
    if not lock.acquire(blocking=False):
        raise SyncAlreadyRunning()
    try:
        return (yield from _round(db, client, site_code, sizer or BatchSizer()))
    finally:
        lock.release()


def _round(db: Database, client: SyncClient, site_code: str, sizer: BatchSizer
           ) -> Generator[Progress, None, SyncSummary]:
    started = time.monotonic()
    summary = SyncSummary()
    yield Progress("catalogue", 0, 1)
    vaxdesk = client.has_api  # reads the CapabilityStatement once, before the pool needs it
    if vaxdesk:
        summary.lots = step(summary, "catalogue", lambda: pull_catalogue(db, client), 0)
    outbox.requeue_unanswered(db)
    total = _queued(db)
    yield Progress("push", 0, total)
    budget = ReadBudget()
    with ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="sync-push") as pool:
        yield from _push(db, client, site_code, sizer, pool, summary, total, budget)
    yield Progress("pull", 0, 0)
    for counts in pull_changes(db, client):
        summary.pulled = counts[Applied.APPLIED]
        yield Progress("pull", summary.pulled, summary.pulled)
    if vaxdesk:
        summary.verdicts = step(summary, "verdicts",
                                lambda: max(pull_verdicts(db, client), default=0), 0)
        summary.revocations = push_revocations(db, client, site_code)  # never raises
        complaints = step(summary, "complaints", lambda: sync_complaints(db, client), None)
        if complaints is not None:
            summary.complaints_new, summary.complaints_sent = complaints.new, complaints.sent
        summary.site_report = push_report(db, client)  # never stops the round
    summary.conflicts = _count(db, "conflict")
    summary.waiting = _queued(db)
    summary.bytes_sent = client.bytes_sent
    summary.clock_offset = client.clock_offset
    summary.seconds = time.monotonic() - started
    with db.transaction() as s:
        settings.write(s, settings.LAST_SYNC, utc_now().isoformat())
        if client.clock_offset is not None:
            settings.write(s, settings.CLOCK_OFFSET, round(client.clock_offset, 1))
        if client.last_server_time is not None:
            seen = settings.read(s, settings.LAST_SERVER_TIME)
            now_seen = client.last_server_time.isoformat()
            settings.write(s, settings.LAST_SERVER_TIME, max(seen or now_seen, now_seen))
    return summary


def step(summary: SyncSummary, name: str, run: Callable[[], T], failed: T) -> T:
    """Run a VaxDesk-only step; its failure is noted in the summary and the round goes on."""
    try:
        return run()
    except (SyncError, ValueError, KeyError, TypeError) as exc:
        log.warning("sync step %s skipped: %s: %s", name, type(exc).__name__, exc)
        summary.skipped.append((name, _problem(exc)))
        return failed


def _problem(exc: Exception) -> str:
    """The kind of failure, as a clerk can act on it."""
    if isinstance(exc, ServerUnavailable):
        return "SYNC_STEP_PROBLEM_UNREACHABLE"
    if isinstance(exc, AuthRefused):
        return "SYNC_STEP_PROBLEM_REFUSED"
    return "SYNC_STEP_PROBLEM_UNEXPECTED"


def _push(
    db: Database, client: SyncClient, site_code: str, sizer: BatchSizer,
    pool: ThreadPoolExecutor, summary: SyncSummary, total: int, budget: ReadBudget,
) -> Generator[Progress, None, None]:
    """Keep ``IN_FLIGHT`` batches on the wire: while one waits for its answer (a round trip
    and the server's work, seconds on a rural link) the next is already uploading, so the
    link never idles. Database work stays on this thread; only HTTP runs on the pool."""
    in_flight: deque[tuple[list[outbox.Outgoing], Future, float]] = deque()
    claiming = True
    try:
        while True:
            while claiming and len(in_flight) < IN_FLIGHT:
                batch = outbox.claim(db, sizer.size, site_code)
                if not batch:
                    claiming = False
                    break
                future = pool.submit(push_batch, client, batch, site_code, budget)
                in_flight.append((batch, future, time.monotonic()))
            if not in_flight:
                return
            batch, future, t0 = in_flight.popleft()
            results = future.result()
            sizer.after(len(batch), (time.monotonic() - t0) / IN_FLIGHT)
            _record(db, results, summary, len(batch))
            # Recorded answers may have queued records again (a recovered lost answer is sent
            # again as an update), unless the server settled nothing: then wait a round.
            claiming = bool(results)
            yield Progress("push", summary.sent, max(total, summary.sent))
    finally:
        # A failure stops the round, but answers already on their way are still recorded:
        # what the server acknowledged is not sent again.
        for batch, future, _t0 in in_flight:
            with contextlib.suppress(Exception):  # the first failure is the one reported
                _record(db, future.result(), summary, len(batch))


def _record(db: Database, results: list, summary: SyncSummary, sent: int) -> None:
    outbox.record(db, results)
    summary.sent += sent
    for _out, outcome in results:
        if isinstance(outcome, Ack):
            summary.synced += 1
        elif isinstance(outcome, Refused):
            summary.rejected += 1
        elif isinstance(outcome, Adopt):
            summary.recovered += 1


def _queued(db: Database) -> int:
    return _count(db, "pending") + _count(db, "sending")


def _count(db: Database, state: str) -> int:
    with db.reading() as s:  # trigger-kept counters: exact, and cheap at any backlog
        return s.execute(select(SyncCounter.n).where(SyncCounter.state == state)).scalar() or 0
