"""The police round trip at 10,000 people (issue #15 targets).

    python -m bench.bench_cleaning [-n 10000] [--runs 3]

Makes a fresh encrypted site database with ``n`` people whose CCCD contradicts their sex
(on the worklist), then times, beside the load average, over several runs:
- writing the verification list for all of them (and marking them sent): target <= 3 s;
- reading the returned file (the police's columns filled in) with its differences: <= 3 s;
and, once, applying it (every row a correction through the record window's rules).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

import openpyxl

from bench.synthetic import BENCH_PASSPHRASE
from desktop_app.db import store
from desktop_app.db.database import open_database
from desktop_app.importers.police_file import WRITTEN
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import accounts, police_apply, police_export, police_returned
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor, Role
from desktop_app.services.site import set_up_site


def people(db, n: int) -> None:  # noqa: ANN001
    site = set_up_site(db, "HN-BENCH", "Trạm đo", province_code="01", actor=AT_THIS_LAPTOP)
    now = datetime(2026, 11, 1)
    with db.transaction() as s:
        for i in range(n):
            dob = date(1950 + i % 50, 1 + i % 12, 1 + i % 28)
            store.add_person(s, site.id, {
                "full_name": f"Nguyễn Thị Bench {i}", "dob": dob, "sex": "F",
                "id_type": "CCCD", "id_number": make_cccd("001", Sex.MALE, dob.year, i),
                "address": f"{i} Láng Hạ, Phường Láng"}, now=now)
        s.execute(store.Person.__table__.update().values(cleaning_reason="ID_SEX_MISMATCH"))


def fill_in(sent: Path, back: Path) -> None:
    book = openpyxl.load_workbook(sent)
    sex, result = WRITTEN.index("Giới tính (xác minh)"), WRITTEN.index("Kết quả xác minh")
    for row in book.active.iter_rows(min_row=2):
        row[sex].value, row[result].value = "Nam", "sai thông tin"
    book.save(back)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        db = open_database(work / "site.db", BENCH_PASSPHRASE)
        boss = accounts.add_user(db, "bench", "Bench", "supervisor", "mật khẩu đo hiệu năng",
                                 actor=AT_THIS_LAPTOP)
        actor = Actor(boss.id, boss.full_name, Role.SUPERVISOR)
        people(db, args.n)
        sent = work / "xac-minh.xlsx"
        exports, reads = [], []
        for _ in range(args.runs):
            t0 = time.perf_counter()
            count = police_export.export_for_police(db, sent, actor=actor)
            exports.append(time.perf_counter() - t0)
            assert count == args.n
        back = work / "tra-ve.xlsx"
        fill_in(sent, back)
        for _ in range(args.runs):
            t0 = time.perf_counter()
            returned = police_returned.read_returned(db, back)
            reads.append(time.perf_counter() - t0)
            assert len(returned.rows) == args.n
        t0 = time.perf_counter()
        outcome = police_apply.apply_returned(db, returned, actor=actor)
        applied = time.perf_counter() - t0
        db.close()
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"{args.n:,} people, {args.runs} runs, load average {load}")
    for label, times in (("write the list (and mark sent)", exports),
                         ("read the returned file + diff", reads)):
        verdict = "OK" if max(times) <= 3 else "OVER 3 s"
        print(f"{label:<32} {min(times):6.2f}–{max(times):6.2f} s  target <= 3 s  {verdict}")
    print(f"{'apply (' + str(outcome.corrected) + ' corrections)':<32} {applied:6.2f} s"
          "  (no target: each row is a correction through the record window's rules)")


if __name__ == "__main__":
    main()
