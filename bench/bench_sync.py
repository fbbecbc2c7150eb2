"""Sync benchmark: push a 100,000-dose backlog, and use a slow rural link well.

    python -m bench.bench_sync [--people 50000] [--slow-people 1500]

1. Throughput: a site database with ~100,000 queued doses (and their ~50,000 people) is
   pushed to the reference server (SQLite backend) on loopback, through a pass-through proxy
   that counts the bytes on the wire. Prints the time and the bytes per dose (compressed
   request bytes, the Patient share included; answers are printed apart).
2. Slow link: the same through a proxy limited to 256 kbit/s each way with 300 ms one-way
   latency. Prints the payload bytes sent over the push phase divided by what the link
   could have carried in that time.
Targets (issue 4): ≤ 60 s; ≤ 300 B/dose; ≥ 70 % of the slow link's capacity.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.make_db import build
from bench.synthetic import BENCH_PASSPHRASE, raw_connect
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.services import sync as syncing
from desktop_app.sync.engine import Progress, run_sync
from tests.fault_proxy import FaultProxy
from tests.live_server import LiveServer


def _count(path: Path, sql: str) -> int:
    with raw_connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def push(folder: Path, people: int, kbit: float | None) -> None:
    db_path = folder / f"site-{people}.db"
    build(db_path, people)
    doses = _count(db_path, "SELECT count(*) FROM dose")
    persons = _count(db_path, "SELECT count(*) FROM person")
    server = LiveServer(f"sqlite:///{folder / f'central-{people}.db'}", folder / "central.log")
    token = server.cli("create-site", "BENCH-01", "Điểm tiêm thử nghiệm")
    server.start()
    proxy = FaultProxy(server.port)
    if kbit:
        proxy.slow_link(kbit, 300)
    try:
        with open_database(db_path, BENCH_PASSPHRASE) as db:
            client = syncing.make_client(syncing.SyncConfig(proxy.url(), token))
            started = time.perf_counter()
            marks: dict[str, tuple[float, int]] = {}

            def mark(p: Progress) -> None:
                # first push progress = push begins; first pull progress = push is over
                marks.setdefault(p.phase, (time.perf_counter(), client.bytes_sent))

            summary = drain(run_sync(db, client, "BENCH-01"), mark)
            push_started, up_at_push = marks["push"]
            push_ended = marks["pull"][0]
            total = time.perf_counter() - started
        synced = _count(db_path, "SELECT count(*) FROM sync_record WHERE state = 'synced'")
        label = f"{kbit:.0f} kbit/s, 300 ms" if kbit else "loopback"
        print(f"\n== {label}: {persons:,} people + {doses:,} doses ==")
        print(f"synced {synced:,} of {persons + doses:,} records; rejected {summary.rejected}")
        print(f"round: {total:.1f} s; push phase: {push_ended - push_started:.1f} s "
              f"({(persons + doses) / (push_ended - push_started):,.0f} records/s)")
        print(f"request bytes (gzip, on the wire as HTTP bodies): {client.bytes_sent:,} = "
              f"{client.bytes_sent / doses:.0f} B per dose, Patient share included")
        print(f"all bytes through the proxy: up {proxy.up.bytes:,} "
              f"({proxy.up.bytes / doses:.0f} B/dose with HTTP headers), "
              f"down {proxy.down.bytes:,} (answers)")
        if kbit:
            capacity = kbit * 1000 / 8 * (push_ended - push_started)
            payload = client.bytes_sent - up_at_push
            print(f"slow link: payload {payload:,} B in {push_ended - push_started:.1f} s; "
                  f"link capacity {capacity:,.0f} B -> {100 * payload / capacity:.0f} % used")
    finally:
        proxy.close()
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--slow-people", type=int, default=1_500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        push(Path(tmp), args.people, None)
        if args.slow_people:
            push(Path(tmp), args.slow_people, 256)


if __name__ == "__main__":
    main()
