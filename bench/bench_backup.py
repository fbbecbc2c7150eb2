"""A backup of the 1,000,000-person database (~2 GB) while the desk keeps saving.

    python -m bench.bench_backup [--db bench/data/bench.db]

Prints, beside the load average: save latency with no backup running (the floor, same
run), then save latency while an online encrypted backup is made, and how long the copy
took. Target (issue #14): save p95 stays at most 20 ms during the backup.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

from bench.synthetic import BENCH_PASSPHRASE
from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose


def figures(label: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    verdict = "OK" if p95 <= 20 else "OVER 20 ms"
    print(f"{label:<34} n={len(samples):<5} median {statistics.median(samples):6.2f} ms   "
          f"p95 {p95:6.2f} ms  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(__file__).parent / "data" / "bench.db")
    parser.add_argument("--seconds", type=float, default=10.0, help="floor measured this long")
    args = parser.parse_args()
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    counter = iter(range(10**9))
    with open_database(args.db, BENCH_PASSPHRASE) as db:
        def save() -> float:
            n = next(counter)
            # New people, each their own: the benchmark never wears out the same ones.
            person = PersonInput(f"Người Sao Lưu {n}", date(1980, 1, 1), Sex.MALE, IdType.CCCD,
                                 make_cccd("001", Sex.MALE, 1980, 900000 + n % 99999))
            t0 = time.perf_counter()
            record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date.today(), "Y tá Lan"),
                        person=person, confirm_warnings=True, actor=AT_THIS_LAPTOP)
            return (time.perf_counter() - t0) * 1000

        floor, end = [], time.monotonic() + args.seconds
        while time.monotonic() < end:
            floor.append(save())
        figures("save, no backup running", floor)
        during, done = [], threading.Event()

        def desk() -> None:
            while not done.is_set():
                during.append(save())
                time.sleep(0.05)  # a clerk saves every few seconds; many clerks, every 50 ms

        clerk = threading.Thread(target=desk)
        clerk.start()
        with tempfile.TemporaryDirectory(dir=args.db.parent) as folder:
            t0 = time.perf_counter()
            copy = backup_copy(args.db, "bench", db.key, Path(folder))
            took = time.perf_counter() - t0
            size = copy.stat().st_size / 1e9
            done.set()
            clerk.join()
        figures("save, during the backup", during)
        print(f"online backup of {size:.2f} GB: {took:.1f} s")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
