"""Sync benchmark: push a 100,000-dose backlog, and keep a slow rural link full.

    python -m bench.bench_sync [--people 50000] [--slow-people 1500] [--rounds 3]

1. Throughput: a site database with ~100,000 queued doses (and their ~50,000 people) is
   pushed to the reference server (SQLite backend) on loopback, through a pass-through proxy
   that counts the bytes on the wire. Prints the time and the bytes per dose (compressed
   request bytes, the Patient share included; answers are printed apart).
2. Slow link: the same through a proxy limited to 256 kbit/s each way with 300 ms one-way
   latency, ``--rounds`` times, each round pushing the same backlog twice in turns: as the
   push does now (``LinkPacer``: batch size and requests in flight from the measured rate
   and turn-around) and as it did before (issue 4's sizer: about 8 s of upload per batch,
   two in flight). Per push it prints the utilisation: every byte that went up the link
   during the push phase, HTTP headers included, over what the link could carry in that
   time; and the payload share (request bodies only), with the load average. Then the range
   of each over the rounds.
Targets: ≤ 60 s; ≤ 300 B/dose; slow-link utilisation ≥ 85 % (issue 21).
"""

from __future__ import annotations

import argparse
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.make_db import build
from bench.synthetic import BENCH_PASSPHRASE, raw_connect
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.rules.sync_pacing import LinkPacer
from desktop_app.services import sync as syncing
from desktop_app.sync.engine import Progress, run_sync
from tests.fault_proxy import FaultProxy
from tests.live_server import LiveServer

KBIT, LATENCY_MS = 256, 300


@dataclass
class BeforeSizer(LinkPacer):
    """The push as it was before issue 21: batches grown to about 8 s of upload each, two in
    flight, whatever the round trip. (It timed a batch up to when the engine took its
    answer, a little later than ``answered_at``; the difference is the recording of the
    batch before it, milliseconds.)"""

    size: int = 500
    window: int = 2
    min_window: int = 2
    max_window: int = 2

    def next_size(self, remaining: int) -> int:
        return self.size

    def answered(self, records: int, sent_at: float, answered_at: float) -> None:
        if records < self.size:
            return
        seconds = (answered_at - sent_at) / 2
        self.size = max(self.low, min(self.high, int(records * 8.0 / max(seconds, 1e-3)),
                                      self.size * 4))


@dataclass
class Pushed:
    records: int
    synced: int
    rejected: int
    seconds: float
    push_seconds: float
    payload: int  # request bodies sent in the push phase
    wire_up: int  # every byte up the link in the push phase
    proxy_up: int
    proxy_down: int
    bytes_sent: int
    load: tuple[float, float, float]

    def utilisation(self, kbit: float) -> float:
        return self.wire_up / (kbit * 1000 / 8 * self.push_seconds)

    def payload_share(self, kbit: float) -> float:
        return self.payload / (kbit * 1000 / 8 * self.push_seconds)


def _count(path: Path, sql: str) -> int:
    with raw_connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def push(folder: Path, source: Path, kbit: float | None, pacer: LinkPacer, tag: str) -> Pushed:
    """Push a fresh copy of ``source`` to a fresh central server."""
    db_path = folder / f"site-{tag}.db"
    shutil.copy(source, db_path)
    records = _count(db_path, "SELECT count(*) FROM sync_record")
    server = LiveServer(f"sqlite:///{folder / f'central-{tag}.db'}", folder / "central.log")
    token = server.cli("create-site", "BENCH-01", "Điểm tiêm thử nghiệm")
    server.start()
    proxy = FaultProxy(server.port)
    if kbit:
        proxy.slow_link(kbit, LATENCY_MS)
    try:
        with open_database(db_path, BENCH_PASSPHRASE) as db:
            client = syncing.make_client(syncing.SyncConfig(proxy.url(), token))
            started = time.perf_counter()
            marks: dict[str, tuple[float, int, int]] = {}

            def mark(p: Progress) -> None:
                # first push progress = push begins; first pull progress = push is over
                marks.setdefault(p.phase, (time.perf_counter(), client.bytes_sent,
                                           proxy.up.bytes))

            summary = drain(run_sync(db, client, "BENCH-01", pacer=pacer), mark)
            total = time.perf_counter() - started
        (t0, payload0, wire0), (t1, payload1, wire1) = marks["push"], marks["pull"]
        synced = _count(db_path, "SELECT count(*) FROM sync_record WHERE state = 'synced'")
        return Pushed(records, synced, summary.rejected, total, t1 - t0, payload1 - payload0,
                      wire1 - wire0, proxy.up.bytes, proxy.down.bytes, client.bytes_sent,
                      os.getloadavg())
    finally:
        proxy.close()
        server.stop()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)


def _load(p: Pushed) -> str:
    return "load " + " ".join(f"{x:.2f}" for x in p.load)


def throughput(folder: Path, people: int) -> None:
    source = folder / f"source-{people}.db"
    build(source, people)
    doses = _count(source, "SELECT count(*) FROM dose")
    persons = _count(source, "SELECT count(*) FROM person")
    p = push(folder, source, None, LinkPacer(), "loopback")
    print(f"\n== loopback: {persons:,} people + {doses:,} doses ==")
    print(f"synced {p.synced:,} of {p.records:,} records; rejected {p.rejected}")
    print(f"round: {p.seconds:.1f} s; push phase: {p.push_seconds:.1f} s "
          f"({p.records / p.push_seconds:,.0f} records/s); {_load(p)}")
    print(f"request bytes (gzip, on the wire as HTTP bodies): {p.bytes_sent:,} = "
          f"{p.bytes_sent / doses:.0f} B per dose, Patient share included")
    print(f"all bytes through the proxy: up {p.proxy_up:,} "
          f"({p.proxy_up / doses:.0f} B/dose with HTTP headers), "
          f"down {p.proxy_down:,} (answers)")


def slow_link(folder: Path, people: int, rounds: int) -> None:
    source = folder / f"source-{people}.db"
    build(source, people)
    records = _count(source, "SELECT count(*) FROM sync_record")
    print(f"\n== {KBIT} kbit/s each way, {LATENCY_MS} ms one way: {records:,} records, "
          f"{rounds} rounds, {os.cpu_count()} cores ==")
    seen: dict[str, list[Pushed]] = {"now": [], "before": []}
    for r in range(rounds):
        # Turns alternate, so a load that comes and goes falls on both alike.
        order = ("now", "before") if r % 2 == 0 else ("before", "now")
        for name in order:
            pacer = LinkPacer() if name == "now" else BeforeSizer()
            p = push(folder, source, KBIT, pacer, f"{name}-{r}")
            seen[name].append(p)
            print(f"round {r + 1} {name:>6}: synced {p.synced:,}/{p.records:,}, "
                  f"push {p.push_seconds:5.1f} s, up {p.wire_up:,} B -> utilisation "
                  f"{100 * p.utilisation(KBIT):.0f} % (payload {100 * p.payload_share(KBIT):.0f}"
                  f" %); {_load(p)}")
    for name, runs in seen.items():
        used = sorted(100 * p.utilisation(KBIT) for p in runs)
        payload = sorted(100 * p.payload_share(KBIT) for p in runs)
        secs = sorted(p.push_seconds for p in runs)
        print(f"{name:>6}: utilisation {used[0]:.0f}–{used[-1]:.0f} % (payload "
              f"{payload[0]:.0f}–{payload[-1]:.0f} %), push {secs[0]:.1f}–{secs[-1]:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000, help="0: no loopback run")
    parser.add_argument("--slow-people", type=int, default=1_500, help="0: no slow link")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("VAXDESK_CENTRAL_ALLOW_PLAIN_CSCA", "1")  # a throw-away server
    with tempfile.TemporaryDirectory() as tmp:
        if args.people:
            throughput(Path(tmp), args.people)
        if args.slow_people:
            slow_link(Path(tmp), args.slow_people, args.rounds)


if __name__ == "__main__":
    main()
