"""Build the benchmark database: 1,000,000 people and 2,000,000 doses, on the real schema.

    python bench/make_db.py [--people 1000000] [--out bench/data/bench.db]

The schema comes from the app's own migrations (``open_database``); rows are bulk-loaded with
sqlite-utils with the secondary indexes dropped and rebuilt afterwards, as a bulk import should.
Every person and dose gets its sync outbox row, as the app's own saves would leave them.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import sqlite_utils

from bench.synthetic import BENCH_PASSPHRASE, PRODUCTS, dose_dates, person, provinces, raw_connect
from desktop_app.db.database import open_database
from desktop_app.db.ids import new_id
from desktop_app.rules.names import search_key
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import set_up_site

BATCH = 20_000


def build(path: Path, people: int, seed: int = 7) -> None:
    if path.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    with open_database(path, BENCH_PASSPHRASE) as db:
        site_id = set_up_site(db, "BENCH-01", "Điểm tiêm thử nghiệm", actor=AT_THIS_LAPTOP).id
    conn = raw_connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL "
        "AND tbl_name IN ('person', 'dose', 'sync_record')"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    store = sqlite_utils.Database(conn)
    rng = random.Random(seed)
    now = datetime(2022, 12, 1, 8, 0)
    doses_total = 0

    def rows() -> Iterator[tuple[dict, list[dict]]]:
        plist = provinces()
        # 2,000,000 doses for 1,000,000 people: a mix of 1, 2 and 3 doses averaging 2
        for serial in range(people):
            p = person(rng, serial, plist)
            p.update(id=new_id(), site_id=site_id, name_key=search_key(p["full_name"]),
                     created_at=now, updated_at=now)
            count = rng.choices((1, 2, 3), weights=(25, 50, 25))[0]
            product = rng.choice(PRODUCTS)
            doses = [
                {"id": new_id(), "person_id": p["id"], "site_id": site_id,
                 "product_code": product, "lot_number": f"L{rng.randrange(1000, 9999)}",
                 "dose_number": n, "dose_date": when, "vaccinator": "Y tá Lan",
                 "source": "desk", "status": "active", "entered_at": now, "updated_at": now}
                for n, when in dose_dates(rng, count)
            ]
            yield p, doses

    started = time.perf_counter()
    batch_p: list[dict] = []
    batch_d: list[dict] = []
    for p, doses in rows():
        batch_p.append(p)
        batch_d.extend(doses)
        if len(batch_p) >= BATCH:
            doses_total += _flush(store, batch_p, batch_d, now)
            batch_p, batch_d = [], []
            print(f"\r{store['person'].count:>9,} people", end="", flush=True)
    doses_total += _flush(store, batch_p, batch_d, now)
    print(f"\rloaded {people:,} people and {doses_total:,} doses in "
          f"{time.perf_counter() - started:.0f} s; rebuilding indexes...", flush=True)
    for _, sql in indexes:
        conn.execute(sql)
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    print(f"done in {time.perf_counter() - started:.0f} s: {path} "
          f"({path.stat().st_size / 1e6:.0f} MB)")


def _flush(store: sqlite_utils.Database, people: list[dict], doses: list[dict],
           now: datetime) -> int:
    if not people:
        return 0
    with store.conn:
        store["person"].insert_all(people, batch_size=2000)
        store["dose"].insert_all(doses, batch_size=2000)
        outbox = [{"entity": "person", "record_id": p["id"]} for p in people] + [
            {"entity": "dose", "record_id": d["id"]} for d in doses
        ]
        for row in outbox:
            row.update(state="pending", local_version=1, synced_version=0, attempts=0,
                       changed_at=now)
        store["sync_record"].insert_all(outbox, batch_size=2000)
    return len(doses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "data" / "bench.db")
    args = parser.parse_args()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    build(args.out, args.people)


if __name__ == "__main__":
    main()
