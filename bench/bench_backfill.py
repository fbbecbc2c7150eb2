"""Backfill benchmark: a 1,000,000-row .xlsx imported end to end, the same doses as a wide
template (one row per person, a merged "Mũi N" column group per dose) beside it in the same
run, and reading speeds.

    python -m bench.bench_backfill [--rows 1000000] [--openpyxl-rows 200000] [--long-only]

2. Reading alone, rows per second: openpyxl (read-only mode, the naive way) on the first
   ``--openpyxl-rows`` rows; python-calamine loading the whole sheet; python-calamine-plus
   streaming it (what the importer uses for .xlsx).
1. The import end to end (read, clean, check, store, report) into a fresh site database,
   in a child process so its peak memory is its own: seconds, rows/s, peak RSS.
Targets (issue 6): ≤ 30 s for 1,000,000 rows; memory under 1 GB. Issue 19: the wide
template's 1,000,000 doses ≤ 30 s like the long one.
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

from bench.make_backfill import write
from bench.synthetic import BENCH_PASSPHRASE
from desktop_app.services.actor import AT_THIS_LAPTOP

DEFAULT = Path("bench/data/backfill-1m.xlsx")
DEFAULT_WIDE = Path("bench/data/backfill-wide-1m.xlsx")


def read_rates(path: Path, openpyxl_rows: int) -> None:
    from openpyxl import load_workbook
    from python_calamine import CalamineWorkbook
    from python_calamine_plus import CalamineWorkbook as StreamingWorkbook

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
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    m = sum(1 for _ in sheet.iter_rows())
    whole = m / (time.perf_counter() - t0)
    del sheet
    t0 = time.perf_counter()
    k = sum(1 for _ in StreamingWorkbook.from_path(str(path)).stream_sheet_by_index(0))
    streamed = k / (time.perf_counter() - t0)
    print(f"reading alone: openpyxl {naive:,.0f} rows/s (first {n:,} rows); "
          f"python-calamine {whole:,.0f} rows/s; streamed (ours) {streamed:,.0f} rows/s "
          f"= {streamed / naive:.0f}x openpyxl")


def child(path: Path, db_path: Path) -> None:
    from desktop_app.db.database import open_database
    from desktop_app.progress import drain
    from desktop_app.services.backfill import import_file, save_reports

    with open_database(db_path, BENCH_PASSPHRASE) as db:
        t0 = time.perf_counter()
        report = drain(import_file(db, path, actor=AT_THIS_LAPTOP))
        save_reports(report, json_path=db_path.with_suffix(".json"))
        seconds = time.perf_counter() - t0
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child started
    # by a big parent would report the parent's peak.
    status = Path("/proc/self/status").read_text()
    peak = int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmHWM"))) / 1024
    writer = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "rows": report.rows_read, "counts": report.counts,
                      "people": report.people_created, "peak_mb": peak,
                      "writer_mb": writer}))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--file", type=Path)
    parser.add_argument("--openpyxl-rows", type=int, default=200_000)
    parser.add_argument("--long-only", action="store_true")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    path = args.file or (DEFAULT if args.rows == 1_000_000 else
                         Path(f"bench/data/backfill-{args.rows}.xlsx"))
    if not path.exists():
        write(path, args.rows)
    runs = [("long (a dose a row)", path)]
    if not args.long_only and args.file is None:
        wide = DEFAULT_WIDE if args.rows == 1_000_000 else \
            Path(f"bench/data/backfill-wide-{args.rows}.xlsx")
        if not wide.exists():
            write(wide, args.rows, wide=True)
        runs.append(("wide (a row a person)", wide))
    for label, file in runs:
        _import_once(label, file)
    read_rates(path, args.openpyxl_rows)


def _import_once(label: str, path: Path) -> None:
    load = "/".join(f"{x:.1f}" for x in os.getloadavg())
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-m", "bench.bench_backfill", "--child",
                              str(path), str(Path(tmp) / "site.db")],
                             capture_output=True, text=True, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    doses = sum(result["counts"].values())
    print(f"{label}: {result['rows']:,} rows = {doses:,} doses in {result['seconds']:.1f} s = "
          f"{doses / result['seconds']:,.0f} doses/s   (target ≤ 30 s for 1,000,000; "
          f"load average before {load})")
    print(f"  outcomes {result['counts']}, {result['people']:,} people")
    print(f"  peak memory {result['peak_mb']:,.0f} MB, writer process "
          f"{result['writer_mb']:,.0f} MB, together "
          f"{result['peak_mb'] + result['writer_mb']:,.0f} MB   (target < 1 GB)")


if __name__ == "__main__":
    main()
