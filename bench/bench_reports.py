"""The Reports area's reports on the 1,000,000-person / 2,000,000-dose database.

    python -m bench.bench_reports [--db bench/data/bench.db] [--runs 5] [--no-naive]

Times every report of ``services.reports.REPORTS`` over a 30-day and a 365-day range in the
busiest stretch of the file (median and max of ``--runs``), with the load average beside
each (the machine is shared); target (issue #16): each <= 1 s. In the same run, once per
range, the naive way the tallies (migration 0013) replace: the doses joined to their people
and to their outbox rows. Opening the file migrates it if it is older (minutes, once).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import text

from bench.synthetic import BENCH_PASSPHRASE
from desktop_app.db.database import Database, open_database
from desktop_app.services import reports
from desktop_app.services.actor import AT_THIS_LAPTOP

TARGET_S = 1.0
RANGES = {"30 days": (date(2021, 10, 1), date(2021, 10, 30)),
          "365 days": (date(2021, 6, 1), date(2022, 5, 31))}
AGE = ("(CAST(substr(d.dose_date,1,4) AS INT) - CAST(substr(p.dob,1,4) AS INT)"
       " - (substr(d.dose_date,6,5) < substr(p.dob,6,5)))")
NAIVE = {
    "doses": "SELECT d.dose_date, d.product_code, d.dose_number, " + AGE + ", count(*)"
             " FROM dose d JOIN person p ON p.id = d.person_id WHERE d.status = 'active'"
             " AND d.dose_date BETWEEN :a AND :b GROUP BY 1, 2, 3, 4",
    "completeness": "SELECT d.dose_date, s.state, count(*) FROM dose d JOIN sync_record s"
                    " ON s.entity = 'dose' AND s.record_id = d.id WHERE d.status = 'active'"
                    " AND d.dose_date BETWEEN :a AND :b GROUP BY 1, 2",
}


def load() -> str:
    return "load {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def timed(run: Callable[[], object], runs: int) -> tuple[float, float, object]:
    result = run()  # warm: the page cache and SQLAlchemy's statement cache
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = run()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples), max(samples), result


def naive(db: Database, key: str, start: date, end: date) -> tuple[float, int]:
    t0 = time.perf_counter()
    with db.reading() as s:
        rows = s.execute(text(NAIVE[key]), {"a": start.isoformat(), "b": end.isoformat()}).all()
    return time.perf_counter() - t0, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(__file__).parent / "data" / "bench.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-naive", action="store_true", help="skip the naive queries")
    args = parser.parse_args()
    t0 = time.perf_counter()
    db = open_database(args.db, BENCH_PASSPHRASE)
    print(f"opened (migrated if older) in {time.perf_counter() - t0:.1f} s   [{load()}]")
    with db:
        with db.reading() as s:
            active = s.execute(text("SELECT count(*) FROM dose WHERE status = 'active'")).scalar()
            tallied = s.execute(text("SELECT sum(n) FROM report_dose_day")).scalar()
            synced = s.execute(text("SELECT sum(n) FROM report_sync_day")).scalar()
        print(f"active doses {active:,}; in the tallies: {tallied:,} by age, {synced:,} by state"
              f"{'  OK' if active == tallied == synced else '  MISMATCH'}")
        for label, (start, end) in RANGES.items():
            for key in reports.REPORTS:
                med, worst, report = timed(lambda k=key, a=start, b=end: reports.build(
                    db, k, a, b, actor=AT_THIS_LAPTOP),
                                           args.runs)
                verdict = "OK" if worst <= TARGET_S else f"OVER {TARGET_S:g} s"
                print(f"{key:<13} {label:<9} rows={len(report.rows):<6} median {med * 1000:8.1f} ms"
                      f"  max {worst * 1000:8.1f} ms  {verdict}   [{load()}]")
            if not args.no_naive:
                for key in NAIVE:
                    seconds, rows = naive(db, key, start, end)
                    print(f"  naive {key:<13} {label:<9} rows={rows:<6} once {seconds:8.1f} s"
                          f"   [{load()}]")


if __name__ == "__main__":
    main()
