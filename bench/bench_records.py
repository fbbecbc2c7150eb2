"""Records-list benchmarks on the 1,000,000-person database (bench/make_db.py).

    python -m bench.bench_records [--db bench/data/bench.db] [--runs 7]

Prints: the first page (200 rows) of "All" sorted by date, each following keyset page, the
same with each filter and sort, the background count, and the time from creating the
Records screen offscreen to its first rows on screen. Target (issue #3): a few ms a page.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.hot_reads import load  # noqa: E402
from bench.synthetic import BENCH_PASSPHRASE  # noqa: E402
from desktop_app.db.database import Database, open_database  # noqa: E402
from desktop_app.services.records import (  # noqa: E402
    DoseFilter,
    DoseSort,
    SortKey,
    count_doses,
    list_doses,
)

PAGES = 50


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * p + 0.5) - 1)]


def report(label: str, samples_ms: list[float]) -> None:
    print(f"{label:<44} n={len(samples_ms):<4} median {statistics.median(samples_ms):8.2f} ms"
          f"   p95 {pct(samples_ms, 0.95):8.2f} ms   (load {load()})")


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = fn()
    return (time.perf_counter() - t0) * 1000, out


def pages(db: Database, label: str, f: DoseFilter, sort: DoseSort, runs: int) -> None:
    firsts = [timed(lambda: list_doses(db, f, sort))[0] for _ in range(runs)]
    report(f"{label}: first page", firsts)
    page = list_doses(db, f, sort)
    nexts = []
    for _ in range(PAGES):
        if page.after is None:
            break
        ms, page = timed(lambda p=page: list_doses(db, f, sort, after=p.after))
        nexts.append(ms)
    if nexts:
        report(f"{label}: next pages (keyset)", nexts)


def screen_to_first_rows(db: Database) -> None:
    from PySide6.QtWidgets import QApplication

    from desktop_app.ui.context import AppContext
    from desktop_app.ui.records.records_screen import RecordsScreen
    from desktop_app.ui.tasks import TaskRunner

    app = QApplication.instance() or QApplication([])
    ctx = AppContext(db, TaskRunner(), "en")
    samples, scrolls = [], []
    for _ in range(5):
        t0 = time.perf_counter()
        screen = RecordsScreen(ctx)
        screen.all.setChecked(True)
        screen.resize(1100, 700)
        screen.show()
        screen.activate()
        while screen.model.rowCount() == 0:
            app.processEvents()
        app.processEvents()  # the rows painted
        samples.append((time.perf_counter() - t0) * 1000)
        for _ in range(10):  # scroll to the end of what is loaded: the view fetches more
            before = screen.model.rowCount()
            t1 = time.perf_counter()
            screen.table.scrollToBottom()
            while screen.model.rowCount() == before:
                app.processEvents()
            scrolls.append((time.perf_counter() - t1) * 1000)
        ctx.runner.wait_idle()
        screen.close()
        screen.deleteLater()
        app.processEvents()
    report("RecordsScreen created -> first rows shown", samples)
    report("scroll to bottom -> next page shown", scrolls)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("bench/data/bench.db"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    t0 = time.perf_counter()
    db = open_database(args.db, BENCH_PASSPHRASE, defer_integrity_check=True)
    print(f"opened {args.db} in {time.perf_counter() - t0:.1f} s"
          f"{' (migrated, backup ' + str(db.backup_made) + ')' if db.backup_made else ''}")
    try:
        today = date(2026, 11, 23) if date.today() > date(2026, 11, 23) else date.today()
        newest = DoseSort()
        cases = [
            ("All, newest first", DoseFilter(), newest),
            ("All, oldest first", DoseFilter(), DoseSort(descending=False)),
            ("All, by name", DoseFilter(), DoseSort(SortKey.NAME, False)),
            ("All, by vaccine", DoseFilter(), DoseSort(SortKey.VACCINE, False)),
            ("Today", DoseFilter.today(today), newest),
            ("Last 30 days", DoseFilter(today - timedelta(days=30), today), newest),
            ("Vaccine VEROCELL", DoseFilter(product_code="VEROCELL"), newest),
            ("Sync state pending (common)", DoseFilter(sync_state="pending"), newest),
            ("Sync state conflict (rare)", DoseFilter(sync_state="conflict"), newest),
            ("Needs cleaning", DoseFilter(needs_cleaning=True), newest),
        ]
        for label, f, sort in cases:
            pages(db, label, f, sort, args.runs)
        for label, f in (("All", DoseFilter()), ("Today", DoseFilter.today(today)),
                         ("Vaccine VEROCELL", DoseFilter(product_code="VEROCELL")),
                         ("Sync state pending", DoseFilter(sync_state="pending"))):
            ms, n = timed(lambda f=f: count_doses(db, f))
            print(f"count {label:<38} {n:>10,} rows in {ms:8.1f} ms (background)   "
                  f"(load {load()})")
        screen_to_first_rows(db)
    finally:
        db.close()


if __name__ == "__main__":
    main()
