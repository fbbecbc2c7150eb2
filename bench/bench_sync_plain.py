"""Sync throughput against a plain FHIR R4 server beside our own, in the same run.

    python -m bench.bench_sync_plain [--people 5000]

The same site database (``--people`` people, about two doses each, all queued) is pushed
once to the reference server (``central_server``, SQLite), once to the plain FHIR server of
the tests (``tests/plain_fhir/server.py``) offering batch, as most FHIR servers do, and once
to the same server without batch (the client then PUTs each resource), all on loopback.
Prints records/s of each push phase, the ratios, and the load average beside them.
Target (issue #17): the plain server within 2x of ours.
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.make_db import build
from bench.synthetic import BENCH_PASSPHRASE, raw_connect
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.services import sync as syncing
from desktop_app.sync.engine import Progress, run_sync
from tests.live_server import LiveServer
from tests.plain_fhir.live import PlainServer


def _count(path: Path, sql: str) -> int:
    with raw_connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def push(db_path: Path, url: str, token: str) -> tuple[float, int]:
    """(seconds of the push phase, records synced)."""
    with open_database(db_path, BENCH_PASSPHRASE) as db:
        client = syncing.make_client(syncing.SyncConfig(url, token))
        marks: dict[str, float] = {}

        def mark(p: Progress) -> None:
            marks.setdefault(p.phase, time.perf_counter())

        summary = drain(run_sync(db, client, "BENCH-01"), mark)
        assert summary.rejected == 0 and summary.conflicts == 0, summary
    synced = _count(db_path, "SELECT count(*) FROM sync_record WHERE state = 'synced'")
    return marks["pull"] - marks["push"], synced


def run(folder: Path, people: int) -> None:
    original = folder / "site.db"
    build(original, people)
    records = _count(original, "SELECT count(*) FROM sync_record")
    copies = {}
    for name in ("central", "plain-batch", "plain-put"):
        copies[name] = folder / f"site-{name}.db"
        shutil.copy(original, copies[name])
    central = LiveServer(f"sqlite:///{folder / 'central.db'}", folder / "central.log")
    central_token = central.cli("create-site", "BENCH-01", "Điểm tiêm thử nghiệm")
    (folder / "batch").mkdir()
    (folder / "put").mkdir()
    plain = PlainServer(folder / "batch", batch=True)
    plain_put = PlainServer(folder / "put", batch=False)
    servers: dict[str, tuple[Callable[[], object], str, str]] = {
        "central (ours, batch)": (central.start, central.url, central_token),
        "plain FHIR (batch)": (plain.start, plain.url, plain.token),
        "plain FHIR (no batch: PUT each)": (plain_put.start, plain_put.url, plain_put.token),
    }
    rates = {}
    try:
        for (label, (start, url, token)), db_path in zip(servers.items(), copies.values(),
                                                          strict=True):
            start()
            seconds, synced = push(db_path, url, token)
            rates[label] = synced / seconds
            print(f"{label}: {synced:,} of {records:,} records in {seconds:.1f} s = "
                  f"{rates[label]:,.0f} records/s; load average "
                  f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        central.stop()
        plain.stop()
        plain_put.stop()
    ours, batch, each = rates.values()
    print(f"ratio ours / plain with batch: {ours / batch:.2f} (target <= 2.00); "
          f"ours / plain without batch: {ours / each:.2f}; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}, "
          f"{os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=5_000)
    args = parser.parse_args()
    os.environ.setdefault("VAXDESK_CENTRAL_ALLOW_PLAIN_CSCA", "1")  # a throw-away server
    with tempfile.TemporaryDirectory() as tmp:
        run(Path(tmp), args.people)


if __name__ == "__main__":
    main()
