"""Backfill benchmark: 1,000,000 doses imported end to end beside the streaming-read floor
of the same file, in the same run, for the three shapes a province sends: a dose a row with
inline strings, the same with Excel's shared-strings table (as Excel saves it), and the
same doses as a wide template (one row per person, a merged "Mũi N" group per dose).

    python -m bench.bench_backfill [--rows 1000000] [--rounds 3] [--upstream]
                                   [--openpyxl-rows 200000] [--long-only]

Each round, for each file, two child processes back to back (each peak memory its own):
- the floor: the sheet streamed by python-calamine-plus and nothing else (what the
  importer's reading costs alone);
- the pipeline: the import end to end (size check, read, clean, check, store, report)
  into a fresh site database: seconds, peak RSS of the importer and of its writer process.
Each printed with the load average beside it, then the range over the rounds of the floor,
the pipeline and their ratio. On a shared machine the wall times measure the other
processes as much as ours, so the CPU seconds of each process are printed too: with two
cores the importer and its writer run side by side, and the busier one's CPU time over the
floor's is what the ratio comes to when the machine is ours. ``--upstream``:
python-calamine (which builds the whole sheet; the fork's fallback) read once per file
too. Then reading speeds: openpyxl (read-only, the naive way) on the first
``--openpyxl-rows`` rows beside the stream.
Targets: issue 6, ≤ 30 s and < 1 GB; issue 19, the wide template as fast; issue 21, ≤ 2x
the floor and ≤ 20 s, memory ≤ 1 GB, on inline and shared-strings files.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.make_backfill import default_path, write
from bench.synthetic import BENCH_PASSPHRASE, driver
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import CHUNK

SHAPES = (("long, inline strings", {}), ("long, shared strings", {"shared": True}),
          ("wide, a row a person", {"wide": True}))


def child(path: Path, db_path: Path) -> None:
    from desktop_app.db.database import open_database
    from desktop_app.progress import drain
    from desktop_app.services.backfill import import_file
    from desktop_app.services.backfill_report import save_reports

    with open_database(db_path, BENCH_PASSPHRASE) as db:
        t0 = time.perf_counter()
        report = drain(import_file(db, path, actor=AT_THIS_LAPTOP))
        save_reports(report, json_path=db_path.with_suffix(".json"))
        seconds = time.perf_counter() - t0
    writer = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "rows": report.rows_read, "counts": report.counts,
                      "people": report.people_created, "peak_mb": _peak_mb(),
                      "writer_mb": writer.ru_maxrss / 1024, "cpu": _cpu(),
                      "writer_cpu": writer.ru_utime + writer.ru_stime}))


def floor(path: Path, how: str) -> None:
    """The sheet read and nothing else: streamed (the floor) or built whole (upstream)."""
    t0 = time.perf_counter()
    if how == "stream":
        from python_calamine_plus import CalamineWorkbook as Streaming

        rows = sum(1 for _ in Streaming.from_path(str(path)).stream_sheet_by_index(0))
    else:
        from python_calamine import CalamineWorkbook

        rows = sum(1 for _ in CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
                   .iter_rows())
    print(json.dumps({"seconds": time.perf_counter() - t0, "rows": rows,
                      "peak_mb": _peak_mb(), "cpu": _cpu()}))


def write_floor(source: Path, db_path: Path, how: str) -> None:
    """The rows the pipeline stored (people, doses, an outbox row each) written again into a
    fresh database of the same schema and cipher, as bare ``executemany`` in the writer's
    chunks (the outbox rows as the writer adds them, one ``INSERT … SELECT`` a table), every
    trigger and the random-key indexes aside (rebuilt at the end, timed apart): what the
    database costs to hold them, with no reading, cleaning or checking and none of the
    derived tables (report tallies, name words, last doses). ``how`` "plain": the same into
    an unencrypted SQLite file (synthetic data), to show the cipher's share."""
    import sqlite3

    from desktop_app.db import bulk_process, bulk_sql, cipher
    from desktop_app.db.database import open_database
    from desktop_app.db.schema_snapshot import SNAPSHOT_PATH

    with open_database(source, BENCH_PASSPHRASE) as src:
        conn = src.engine.raw_connection().driver_connection
        people = conn.execute(f"SELECT {', '.join(bulk_sql.PERSON_COLUMNS)} FROM person"
                              " ORDER BY rowid").fetchall()
        doses = conn.execute(f"SELECT {', '.join(bulk_sql.DOSE_COLUMNS)} FROM dose"
                             " ORDER BY rowid").fetchall()
        site = conn.execute("SELECT * FROM site").fetchall()
    with open_database(db_path, BENCH_PASSPHRASE) as dst:
        key, now = dst.key, people[0][-3]
        with dst.transaction() as s:
            raw = s.connection().connection.driver_connection
            raw.executemany(f"INSERT INTO site VALUES ({', '.join('?' * len(site[0]))})", site)
            products = raw.execute("SELECT * FROM vaccine_product").fetchall()
    if how == "plain":
        conn = sqlite3.connect(db_path.with_name("plain.db"), isolation_level=None)
        conn.executescript(SNAPSHOT_PATH.read_text())
        for table, rows in (("site", site), ("vaccine_product", products)):
            conn.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})",
                             rows)
    else:
        conn = cipher.connect(str(db_path), key, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                   "cache_size=-65536", "temp_store=MEMORY"):
        conn.execute(f"PRAGMA {pragma}")
    triggers = [n for (n,) in conn.execute("SELECT name FROM sqlite_master WHERE type ="
                                           " 'trigger' AND tbl_name IN ('person', 'dose',"
                                           " 'sync_record')")]
    for name in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    deferred = bulk_process._drop_indexes(conn)
    where = {p[0]: i for i, p in enumerate(people)}
    t0, cpu0 = time.perf_counter(), _cpu()
    given = 0
    for start in range(0, len(doses) + CHUNK, CHUNK):  # a last chunk: people with no dose
        chunk = doses[start:start + CHUNK]
        upto = max((where.get(d[1], -1) for d in chunk), default=len(people) - 1) + 1
        new, given = people[given:max(given, upto)], max(given, upto)
        if not new and not chunk:
            break
        conn.execute("BEGIN IMMEDIATE")
        before = [conn.execute(bulk_sql.LAST_ROWID.format(table=t)).fetchone()[0]
                  for t in ("person", "dose")]
        conn.executemany(bulk_sql.PERSON_INSERT, new)
        conn.executemany(bulk_sql.DOSE_INSERT, chunk)
        bulk_sql.write_outbox(conn, now, len(new), before[0], len(chunk), before[1])
        conn.execute("COMMIT")
    rows_s, rows_cpu = time.perf_counter() - t0, _cpu() - cpu0
    conn.execute("BEGIN IMMEDIATE")
    for sql in deferred:
        conn.execute(sql)
    conn.execute("COMMIT")
    conn.close()
    print(json.dumps({"rows_seconds": rows_s, "rows_cpu": rows_cpu,
                      "seconds": time.perf_counter() - t0, "cpu": _cpu() - cpu0,
                      "people": len(people), "doses": len(doses)}))


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_SELF)
    return used.ru_utime + used.ru_stime


def _peak_mb() -> float:
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child started
    # by a big parent would report the parent's peak.
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmHWM"))) / 1024


def read_rates(path: Path, openpyxl_rows: int) -> None:
    from openpyxl import load_workbook
    from python_calamine_plus import CalamineWorkbook as Streaming

    t0 = time.perf_counter()
    book = load_workbook(path, read_only=True)
    n = 0
    for _row in book.active.iter_rows(values_only=True):
        n += 1
        if n >= openpyxl_rows:
            break
    naive = n / (time.perf_counter() - t0)
    book.close()
    t0 = time.perf_counter()
    k = sum(1 for _ in Streaming.from_path(str(path)).stream_sheet_by_index(0))
    streamed = k / (time.perf_counter() - t0)
    print(f"reading alone: openpyxl {naive:,.0f} rows/s (first {n:,} rows); "
          f"streamed (ours) {streamed:,.0f} rows/s = {streamed / naive:.0f}x openpyxl   "
          f"(load {_load()})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--upstream", action="store_true")
    parser.add_argument("--openpyxl-rows", type=int, default=200_000)
    parser.add_argument("--long-only", action="store_true")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--write-floor", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if args.floor:
        floor(Path(args.floor[0]), args.floor[1])
        return
    if args.write_floor:
        write_floor(Path(args.write_floor[0]), Path(args.write_floor[1]), args.write_floor[2])
        return
    files = []
    for label, shape in SHAPES[:1] if args.long_only else SHAPES:
        path = default_path(args.rows, **shape)
        if not path.exists():
            write(path, args.rows, wide=shape.get("wide", False),
                  shared_strings=shape.get("shared", False))
        files.append((label, path))
    results: dict[str, list[tuple[float, ...]]] = {f[0]: [] for f in files}
    print(driver())
    for round_ in range(1, args.rounds + 1):
        for label, path in files:
            results[label].append(_round(round_, label, path))
    if args.upstream:
        for label, path in files:
            load = _load()
            up = _run(["--floor", str(path), "whole"])
            print(f"{label}: python-calamine (whole sheet, the fallback) read alone "
                  f"{up['seconds']:.1f} s, peak {up['peak_mb']:,.0f} MB   (load {load})")
    print(f"\nover {args.rounds} rounds, {args.rows:,} doses "
          f"(targets: ≤ 2x the floor, ≤ 20 s, ≤ 1 GB):")
    for label, runs in results.items():
        floors, pipes = [r[0] for r in runs], [r[1] for r in runs]
        ratios = [p / f for f, p in zip(floors, pipes, strict=True)]
        cpu_ratios = [r[5] / r[4] for r in runs]
        print(f"  {label:21s} floor {min(floors):5.1f}-{max(floors):5.1f} s   pipeline "
              f"{min(pipes):5.1f}-{max(pipes):5.1f} s   ratio {min(ratios):.2f}-"
              f"{max(ratios):.2f}x (by CPU {min(cpu_ratios):.2f}-{max(cpu_ratios):.2f}x)   "
              f"peak {max(r[3] for r in runs):,.0f} MB   load "
              f"{', '.join(f'{r[2]:.1f}' for r in runs)}")
        writes = [r[6] for r in runs]
        print(f"  {'':21s} write floor {min(writes):5.1f}-{max(writes):5.1f} s (CPU "
              f"{min(r[7] for r in runs):.1f}-{max(r[7] for r in runs):.1f} s): the pipeline "
              f"{min(p / w for p, w in zip(pipes, writes, strict=True)):.2f}-"
              f"{max(p / w for p, w in zip(pipes, writes, strict=True)):.2f}x it; the 20 s "
              f"target is {'below' if min(writes) > 20 else 'above'} the write floor")
    if args.openpyxl_rows:
        read_rates(files[0][1], args.openpyxl_rows)


def _load() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def _run(args: list[str]) -> dict:
    out = subprocess.run([sys.executable, "-m", "bench.bench_backfill", *args],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _round(round_: int, label: str, path: Path) -> tuple[float, ...]:
    """A file's floors and pipeline, back to back: (read floor s, pipeline s, load average,
    peak MB of importer + writer, read floor CPU s, the busier process's CPU s, write
    floor s, write floor CPU s)."""
    load = _load()
    low = _run(["--floor", str(path), "stream"])
    with tempfile.TemporaryDirectory() as tmp:
        result = _run(["--child", str(path), str(Path(tmp) / "site.db")])
        load_write = _load()
        stored = _run(["--write-floor", str(Path(tmp) / "site.db"), str(Path(tmp) / "w.db"),
                       "encrypted"])
        plain = _run(["--write-floor", str(Path(tmp) / "site.db"), str(Path(tmp) / "p.db"),
                      "plain"])
    doses = sum(result["counts"].values())
    peak = result["peak_mb"] + result["writer_mb"]
    ratio = result["seconds"] / low["seconds"]
    print(f"round {round_} {label}: floor {low['seconds']:.1f} s ({low['peak_mb']:,.0f} MB), "
          f"pipeline {result['seconds']:.1f} s = {ratio:.2f}x the floor; {doses:,} doses "
          f"from {result['rows']:,} rows, {result['people']:,} people; peak "
          f"{result['peak_mb']:,.0f} + writer {result['writer_mb']:,.0f} = {peak:,.0f} MB   "
          f"(load before {load}, after {_load()})", flush=True)
    busier = max(result["cpu"], result["writer_cpu"])
    print(f"  CPU: floor {low['cpu']:.1f} s; importer {result['cpu']:.1f} s, writer "
          f"{result['writer_cpu']:.1f} s: the busier {busier / low['cpu']:.2f}x the floor",
          flush=True)
    print(f"  write floor (the same {stored['people']:,} people and {stored['doses']:,} doses"
          f" with an outbox row each, bare inserts into the same encrypted schema): rows "
          f"{stored['rows_seconds']:.1f} s, with the set-aside indexes built "
          f"{stored['seconds']:.1f} s (CPU {stored['cpu']:.1f} s); the pipeline is "
          f"{result['seconds'] / stored['seconds']:.2f}x it; the same unencrypted "
          f"{plain['seconds']:.1f} s   (load {load_write})", flush=True)
    print(f"  outcomes {result['counts']}", flush=True)
    return (low["seconds"], result["seconds"], float(load.split("/")[0]), peak, low["cpu"],
            busier, stored["seconds"], stored["cpu"])


if __name__ == "__main__":
    main()
