"""A sync round: catalogue down, every queued record up, central edits down. While this
site's own records are to be brought back (after a restore, or on a replacement laptop
started fresh: ``own_records``), they come down first, before anything goes up.

``run_sync`` is a generator that yields ``Progress`` and returns a ``SyncSummary``, so the
app runs it on its network worker with a progress bar and the CLI runs it in a loop; both
can stop it between batches. Only one round runs at a time per database file, whoever
starts it (the button, the timer, a reconnect, the CLI): a second caller gets
``SyncAlreadyRunning`` at once instead of a second stream of the same records.

The records' push and pull are plain FHIR R4 and work with any server. The VaxDesk-only
steps (catalogue, verdicts, dose clashes, revocations, complaints, site report, audit
anchor) run only
when the server says it has the VaxDesk API, and a failure of one is told in
``SyncSummary.skipped``, never stopping the round (a Stop still stops it).
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable, Generator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path
from typing import TypeVar

from sqlalchemy import select

from desktop_app import settings
from desktop_app.clock import utc_now, zone_off
from desktop_app.db.database import Database
from desktop_app.db.models import SyncCounter, SyncRecord
from desktop_app.rules.sync_pacing import LinkPacer
from desktop_app.sync import outbox, own_records, refused_flagged
from desktop_app.sync.answers import answer_shape
from desktop_app.sync.audit_anchor import push_anchor
from desktop_app.sync.client import SyncClient
from desktop_app.sync.complaints import sync_complaints
from desktop_app.sync.dose_clashes import pull_clashes
from desktop_app.sync.errors import (
    AuthRefused,
    BadAnswer,
    RateLimited,
    ServerUnavailable,
    SyncError,
    Unanswered,
)
from desktop_app.sync.inbox import Applied, keep_foreign
from desktop_app.sync.outbox import Adopt, Refused
from desktop_app.sync.pull import pull_catalogue, pull_changes
from desktop_app.sync.push import RESOURCE_TYPE, RoundBudget, push_batch
from desktop_app.sync.revocations import push_revocations
from desktop_app.sync.site_report import push_report
from desktop_app.sync.summary import Progress, SyncSummary
from desktop_app.sync.verdicts import pull_verdicts

log = logging.getLogger(__name__)
T = TypeVar("T")


class SyncAlreadyRunning(RuntimeError):
    """Another sync round of this database is under way."""


_running: dict[Path, threading.Lock] = {}
_registry = threading.Lock()


def _lock_for(db: Database) -> threading.Lock:
    with _registry:
        return _running.setdefault(Path(db.path).resolve(), threading.Lock())


def run_sync(db: Database, client: SyncClient, site_code: str, *,
             pacer: LinkPacer | None = None) -> Generator[Progress, None, SyncSummary]:
    lock = _lock_for(db)
    if not lock.acquire(blocking=False):
        raise SyncAlreadyRunning()
    try:
        return (yield from _round(db, client, site_code, pacer or LinkPacer()))
    finally:
        lock.release()


def _round(db: Database, client: SyncClient, site_code: str, pacer: LinkPacer
           ) -> Generator[Progress, None, SyncSummary]:
    started = time.monotonic()
    summary = SyncSummary()
    yield Progress("catalogue", 0, 1)
    vaxdesk = client.has_api  # reads the CapabilityStatement once, before the pool needs it
    if vaxdesk:
        summary.lots = step(summary, "catalogue", lambda: pull_catalogue(db, client), 0)
    if bringing_back(db):
        # This site's own records a restored copy, or a replacement started fresh, lacks
        # come back before anything is pushed: a person recorded here meanwhile under a
        # brought-back person's ID number is flagged beside them (``own_records``) before
        # it goes up, and nothing is sent the platform already holds. A failure is said and
        # the push goes on: no dose waits on the search (the ordinary pull searches again,
        # and a person brought back later is flagged beside a copy sent meanwhile).
        try:
            yield from _pull(db, client, site_code, summary, own_only=True)
        except SyncError as exc:
            log.warning("own records not brought back before the push: %s: %s",
                        type(exc).__name__, exc)
            summary.skipped.append(("pull", problem_of(exc)))
    outbox.requeue_unanswered(db)
    refused_flagged.requeue(db)
    _learn_foreign(db, client, summary)
    total = _queued(db)
    yield Progress("push", 0, total)
    budget = RoundBudget()
    if pacer.ceiling is None:  # what earlier rounds learned of the link's batches
        with db.reading() as s:
            pacer.ceiling = settings.read(s, settings.SYNC_BATCH_CEILING)
    if not client.capabilities.batch:
        # One PUT a record, several at once per batch already: a server we do not run is
        # not sent more at once than before.
        pacer.max_requests = pacer.max_window = pacer.window = pacer.min_window
    with ThreadPoolExecutor(max_workers=pacer.max_requests,
                            thread_name_prefix="sync-push") as pool:
        yield from _push(db, client, site_code, pacer, pool, summary, total, budget)
    yield from _pull(db, client, site_code, summary)
    if vaxdesk:
        summary.verdicts = step(summary, "verdicts",
                                lambda: max(pull_verdicts(db, client), default=0), 0)
        summary.clashes = step(summary, "dose_clashes",
                               lambda: max(pull_clashes(db, client), default=0), 0)
        summary.revocations = push_revocations(db, client, site_code)  # never raises
        complaints = step(summary, "complaints", lambda: sync_complaints(db, client), None)
        if complaints is not None:
            summary.complaints_new, summary.complaints_sent = complaints.new, complaints.sent
            summary.complaints_refused = complaints.refused
        summary.site_report = step(summary, "site_report", lambda: push_report(db, client),
                                   False)
        summary.audit_anchor = step(summary, "audit_anchor",
                                    lambda: push_anchor(db, client), False)
    # Both as the outbox holds them after the round (the list and the status bar show
    # those): a record refused yesterday and not fixed is still refused today.
    summary.rejected = _count(db, "rejected")
    summary.conflicts = _count(db, "conflict")
    summary.waiting = _queued(db)
    summary.bytes_sent = client.bytes_sent
    summary.clock_offset = client.clock_offset
    summary.zone = zone_off()
    summary.seconds = time.monotonic() - started
    with db.transaction() as s:
        settings.write(s, settings.LAST_SYNC, utc_now().isoformat())
        settings.write(s, settings.SYNC_BATCH_CEILING, pacer.next_ceiling())
        if client.clock_offset is not None:
            settings.write(s, settings.CLOCK_OFFSET, round(client.clock_offset, 1))
        if client.last_server_time is not None:
            seen = settings.read(s, settings.LAST_SERVER_TIME)
            now_seen = client.last_server_time.isoformat()
            settings.write(s, settings.LAST_SERVER_TIME, max(seen or now_seen, now_seen))
    return summary


def _learn_foreign(db: Database, client: SyncClient, summary: SyncSummary) -> None:
    """What other systems wrote on a queued record the platform had before the laptop kept
    such elements (``outbox.FOREIGN_UNKNOWN``): its server copy read once, so that the
    update keeps them (``wire/foreign.py``). A copy no longer there has none. A read that
    fails is said, and the records not read yet wait for the next round (``outbox.claim``
    leaves them); the rest of the round goes on."""
    for entity, record_id in outbox.foreign_unknown(db):
        try:
            copy = client.read(RESOURCE_TYPE[entity], record_id)
        except SyncError as exc:
            log.warning("%s %s not read for what others wrote: %s", entity, record_id, exc)
            summary.skipped.append(("foreign", problem_of(exc)))
            return
        with db.transaction() as s:
            sync = s.get(SyncRecord, (entity, record_id))
            if copy is None:
                sync.foreign_body = None
            else:
                keep_foreign(sync, copy)


def bringing_back(db: Database) -> bool:
    """Whether this site's own records are to be searched for those the laptop lacks
    (``own_records``: a restore's mark, or a fresh database's once its sync is set up)."""
    with db.reading() as s:
        return own_records.bringing_back(s)


def _pull(db: Database, client: SyncClient, site_code: str, summary: SyncSummary, *,
          own_only: bool = False) -> Generator[Progress, None, None]:
    """The pull (``pull_changes``), its counts added to the round's: ``own_only``, the
    search of this site's own records alone, made before the push."""
    yield Progress("pull", 0, 0)
    pulled_before, brought_before = summary.pulled, summary.brought_back
    pulling = pull_changes(db, client, site_code, own_only=own_only)
    while True:
        try:
            counts = next(pulling)
        except StopIteration as pulled:
            expired = ("pull", "SYNC_STEP_PROBLEM_PAGES_EXPIRED")
            if pulled.value and expired not in summary.skipped:  # the rest waits a round:
                summary.skipped.append(expired)  # said, not only logged
            break
        summary.pulled = pulled_before + counts[Applied.APPLIED]
        summary.brought_back = brought_before + counts[Applied.BROUGHT_BACK]
        yield Progress("pull", summary.pulled + summary.brought_back,
                       summary.pulled + summary.brought_back)


def step(summary: SyncSummary, name: str, run: Callable[[], T], failed: T) -> T:
    """Run a VaxDesk-only step; its failure is noted in the summary and the round goes on."""
    try:
        with answer_shape(f"an answer to the {name} step"):  # said as the answer's fault
            return run()
    except SyncError as exc:
        log.warning("sync step %s skipped: %s: %s", name, type(exc).__name__, exc)
        summary.skipped.append((name, problem_of(exc)))
        return failed


def problem_of(exc: BaseException) -> str:
    """The kind of failure, as a clerk can act on it: also what a stopped round says."""
    if isinstance(exc, BadAnswer):  # what came instead: a web page, too much, ...
        return exc.code
    if isinstance(exc, RateLimited):
        return "SYNC_STEP_PROBLEM_BUSY"
    if isinstance(exc, Unanswered):
        return "SYNC_STEP_PROBLEM_UNANSWERED"
    if isinstance(exc, ServerUnavailable):
        return "SYNC_STEP_PROBLEM_UNREACHABLE"
    if isinstance(exc, AuthRefused):
        return "SYNC_STEP_PROBLEM_REFUSED"
    return "SYNC_STEP_PROBLEM_UNEXPECTED"


def _push(
    db: Database, client: SyncClient, site_code: str, pacer: LinkPacer,
    pool: ThreadPoolExecutor, summary: SyncSummary, total: int, budget: RoundBudget,
) -> Generator[Progress, None, None]:
    """Keep ``pacer.window`` batches on the wire: while one waits for its answer (a round
    trip and the server's work, seconds on a rural link) the next are already uploading, so
    the link never idles. Each answer's timing sizes what is claimed next (``LinkPacer``).
    The next batch is claimed while the answers are awaited and goes the moment one comes,
    before that answer is recorded: on a loaded laptop claiming and recording take tenths
    of a second, which the link would otherwise spend idle. Database work stays on this
    thread; only HTTP runs on the pool.

    Several batches at once keep every guarantee of one: a new person's doses go in the
    person's own batch (``outbox.claim``), a record is on the wire in one version at a time
    (only 'pending' is claimed), and every entry is an idempotent PUT; so answers are
    recorded in the order they come, not the order the batches went.

    A batch left unanswered a whole read timeout (``Unanswered``: a proxy may drop every
    request over some size without a word) lowers the pacer's ceiling to half its size; its
    records, and those claimed at the old size, are queued again (``outbox.release``) and
    go in batches of the new size, each recognised on the server if it got there. The
    round stops after ``client.silent_attempts`` such silences with no batch answered
    between them, as a call stops after as many silences."""
    in_flight: list[tuple[list[outbox.Outgoing], float, Future]] = []
    claimed = 0
    silences = 0  # batches unanswered one after the other, each lowering the ceiling

    def claim() -> list[outbox.Outgoing]:
        nonlocal claimed
        batch = outbox.claim(db, pacer.next_size(max(0, total - claimed)), site_code)
        claimed += len(batch)
        return batch

    def may_send(batch: list[outbox.Outgoing]) -> bool:
        return bool(batch) and pacer.may_send(
            len(in_flight) + 1, len(batch) + sum(len(b) for b, _w, _f in in_flight))

    def send(batch: list[outbox.Outgoing]) -> None:
        in_flight.append((batch, time.monotonic(),
                          pool.submit(_timed, client, batch, site_code, budget)))

    def unanswered(batch: list[outbox.Outgoing], went: float, silence: Unanswered) -> None:
        nonlocal silences, claimed, ready
        if silence.answered:
            silences = 0
        if pacer.unanswered(len(batch), went, time.monotonic()):
            with db.transaction() as s:  # kept at once: the round may stop here
                settings.write(s, settings.SYNC_BATCH_CEILING, pacer.ceiling)
            silences += 1
            if silences >= client.silent_attempts:
                raise silence
            batch, ready = batch + ready, []
        outbox.release(db, batch)
        claimed -= len(batch)

    ready = claim()
    try:
        while True:
            while may_send(ready):
                send(ready)
                ready = claim()
            if not in_flight:
                return
            # Whichever answer comes first: a big batch the server is slow on must not hold
            # back the link behind it.
            wait([f for _b, _w, f in in_flight], return_when=FIRST_COMPLETED)
            batch, went, future = in_flight.pop(next(
                i for i, (_b, _w, f) in enumerate(in_flight) if f.done()))
            try:
                results, sent_at, answered_at = future.result()
            except Unanswered as silence:
                unanswered(batch, went, silence)
                ready = ready or claim()
            else:
                silences = 0
                pacer.answered(len(batch), sent_at, answered_at)
                if may_send(ready):
                    send(ready)
                    ready = []
                _record(db, results, summary, len(batch))
                # Recorded answers may have queued records again (a recovered lost answer is
                # sent again as an update), unless the server settled nothing: then wait a
                # round.
                if results and not ready:
                    ready = claim()
            yield Progress("push", summary.sent, max(total, summary.sent))
    finally:
        # A failure stops the round, but answers already on their way are still recorded:
        # what the server acknowledged is not sent again. A batch claimed but not sent stays
        # 'sending' and is queued first thing next round, as after a crash.
        for batch, _went, future in in_flight:
            with contextlib.suppress(Exception):  # the first failure is the one reported
                _record(db, future.result()[0], summary, len(batch))


def _timed(client: SyncClient, batch: list[outbox.Outgoing], site_code: str,
           budget: RoundBudget) -> tuple[list, float, float]:
    """A batch's answers with when it went and when they came, timed on the worker: the
    engine may be busy recording another answer when this one arrives."""
    sent_at = time.monotonic()
    results = push_batch(client, batch, site_code, budget)
    return results, sent_at, time.monotonic()


def _record(db: Database, results: list, summary: SyncSummary, sent: int) -> None:
    summary.synced += outbox.record(db, results)  # a record edited on the wire: once
    summary.sent += sent
    for _out, outcome in results:
        if isinstance(outcome, Refused):
            summary.rejected += 1
        elif isinstance(outcome, Adopt):
            summary.recovered += 1


def _queued(db: Database) -> int:
    return _count(db, "pending") + _count(db, "sending")


def _count(db: Database, state: str) -> int:
    with db.reading() as s:  # trigger-kept counters: exact, and cheap at any backlog
        return s.execute(select(SyncCounter.n).where(SyncCounter.state == state)).scalar() or 0
