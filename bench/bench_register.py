"""Population-register benchmark (issue 15): load, check cost on a sync, cross-site lookup.

    python -m bench.bench_register [--rows 10000000] [--people 50000] [--lookups 200]

1. Load: a synthetic register of ``--rows`` rows (generated once into ``bench/data/``,
   gitignored; the site's own people in it, 2 % with another birth date, 1 % missing) is
   loaded through the real ``vaxdesk-central load-register`` into a SQLite central store.
   A naive row-by-row insert (one transaction per row) of a small sample is timed beside it
   and extrapolated.
2. Check cost: the same site database (~2 doses per person, so ~100,000 doses for 50,000
   people) is pushed over loopback, like ``bench_sync``, to a server without a register and
   to one with the register loaded. Prints both times and the overhead.
3. Cross-site lookup: a second site pushes the same people (new record ids), so every
   citizen is linked across two sites (≥ 100,000 Patients); then ``Patient?identifier=`` and
   ``Immunization?patient.identifier=`` for random ID numbers, by a third site's token.
Targets: load ≤ 5 min; check overhead ≤ 20 %; lookup ≤ 300 ms. Every figure is printed with
``os.getloadavg()`` beside it: the machine is shared, and a figure means little without it.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import requests
from sqlalchemy import create_engine, text

from bench.bench_sync import _count
from bench.make_db import build
from bench.synthetic import (
    BENCH_PASSPHRASE,
    FAMILY,
    GIVEN_F,
    GIVEN_M,
    MIDDLE_F,
    MIDDLE_M,
    provinces,
    raw_connect,
)
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import sync as syncing
from desktop_app.sync.engine import run_sync
from desktop_app.wire import fhir
from tests.live_server import LiveServer

DATA = Path(__file__).parent / "data"


def load_avg() -> str:
    return "load avg " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def site_people(db_path: Path) -> list[tuple[str, str, str, str]]:
    with raw_connect(db_path) as conn:
        return conn.execute("SELECT id_number, full_name, dob, sex FROM person").fetchall()


def make_register(path: Path, rows: int, people: list[tuple[str, str, str, str]]) -> None:
    """The site's people (a few wrong or missing, as a real register meets), then synthetic
    fillers whose (birth year, serial) are unique by construction."""
    rng = random.Random(15)
    plist = provinces()
    taken = {p[0] for p in people}
    started = time.monotonic()
    part = path.with_suffix(".part")
    with part.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(("id_number", "full_name", "dob", "sex"))
        written = 0
        for number, name, dob, sex in people:
            roll = rng.random()
            if roll < 0.01:
                continue
            if roll < 0.03:
                dob = (date.fromisoformat(dob) + timedelta(days=1)).isoformat()
            out.writerow((number, name, dob, sex))
            written += 1
        k, chunk = 0, []
        while written < rows:
            year = 1940 + k // 1_000_000
            sex = Sex.MALE if rng.random() < 0.5 else Sex.FEMALE
            number = make_cccd(rng.choice(plist), sex, year, k % 1_000_000)
            k += 1
            if number in taken:
                continue
            male = sex is Sex.MALE
            name = (f"{rng.choice(FAMILY)[0]} {rng.choice(MIDDLE_M if male else MIDDLE_F)} "
                    f"{rng.choice(GIVEN_M if male else GIVEN_F)}")
            born = date(year, 1, 1) + timedelta(days=rng.randrange(365))
            # a tenth as spreadsheets in Vietnam write them: dd/mm/yyyy and Nam/Nữ
            if k % 10 == 0:
                chunk.append((number, name, born.strftime("%d/%m/%Y"), "Nam" if male else "Nữ"))
            else:
                chunk.append((number, name, born.isoformat(), sex.value))
            written += 1
            if len(chunk) == 100_000:
                out.writerows(chunk)
                chunk = []
        out.writerows(chunk)
    part.rename(path)
    print(f"generated {rows:,} register rows in {time.monotonic() - started:.0f} s -> {path}")


def naive_load(folder: Path, register: Path, sample: int, rows: int) -> None:
    """What the obvious code would do: one INSERT and one commit per row."""
    engine = create_engine(f"sqlite:///{folder / 'naive.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE reg (id_number TEXT PRIMARY KEY, name TEXT, dob TEXT, "
                          "sex TEXT)"))
    with register.open(encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        started = time.perf_counter()
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")
            conn.exec_driver_sql("PRAGMA synchronous=FULL")
            for i, row in enumerate(reader):
                if i == sample:
                    break
                conn.execute(text("INSERT INTO reg VALUES (:a, :b, :c, :d)"),
                             dict(zip("abcd", row, strict=True)))
                conn.commit()
        took = time.perf_counter() - started
    print(f"naive (row by row, a commit each): {sample:,} rows in {took:.1f} s -> "
          f"{took * rows / sample / 60:.0f} min extrapolated to {rows:,}  [{load_avg()}]")


def push(db_path: Path, server: LiveServer, site: str, token: str) -> float:
    with open_database(db_path, BENCH_PASSPHRASE) as db:
        client = syncing.make_client(syncing.SyncConfig(server.url, token))
        started = time.perf_counter()
        summary = drain(run_sync(db, client, site))
        took = time.perf_counter() - started
    synced = _count(db_path, "SELECT count(*) FROM sync_record WHERE state = 'synced'")
    print(f"  {site}: synced {synced:,} records, rejected {summary.rejected}, {took:.1f} s "
          f"[{load_avg()}]")
    return took


def central(folder: Path, name: str) -> LiveServer:
    return LiveServer(f"sqlite:///{folder / f'{name}.db'}", folder / f"{name}.log")


def lookups(server: LiveServer, numbers: list[str], count: int) -> None:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {server.cli('create-site', 'BENCH-03', 'Thứ ba')}"
    rng = random.Random(3)
    for kind, param in (("Patient", "identifier"), ("Immunization", "patient.identifier")):
        times, found = [], 0
        for number in rng.sample(numbers, min(count, len(numbers))):
            started = time.perf_counter()
            r = s.get(f"{server.url}/{kind}", params={param: f"{fhir.SYSTEM_CCCD}|{number}"})
            times.append((time.perf_counter() - started) * 1000)
            assert r.status_code == 200, r.text
            found += len(r.json()["entry"])
        times.sort()
        print(f"lookup {kind}?{param}=: median {statistics.median(times):.1f} ms, "
              f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, max {times[-1]:.1f} ms "
              f"over {len(times)} ({found / len(times):.1f} resources each)  [{load_avg()}]")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--naive-sample", type=int, default=3_000)
    parser.add_argument("--rounds", type=int, default=2, help="pushes without/with, alternated")
    args = parser.parse_args()
    # a throw-away server's signing authority: encrypted, as the server insists
    os.environ.setdefault("VAXDESK_CENTRAL_CSCA_PASSPHRASE", BENCH_PASSPHRASE)
    DATA.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(dir=DATA) as tmp:
        folder = Path(tmp)
        template = folder / "site-template.db"
        build(template, args.people)
        people = site_people(template)
        register = DATA / f"register-{args.rows}-{args.people}.csv"
        if not register.exists():
            make_register(register, args.rows, people)
        doses = _count(template, "SELECT count(*) FROM dose")
        print(f"\n== {len(people):,} people + {doses:,} doses; register {args.rows:,} rows ==")

        # 1. Load through the real CLI; keep a copy of the loaded store for each push.
        loaded = folder / "loaded.db"
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "central_server.cli", "--database-url",
                              f"sqlite:///{loaded}", "load-register", str(register)],
                             capture_output=True, text=True, check=True)
        took = time.perf_counter() - started
        print(f"load-register (real CLI, SQLite): {took:.1f} s = "
              f"{args.rows / took:,.0f} rows/s  [{load_avg()}]")
        print("  " + out.stdout.splitlines()[0])
        if args.naive_sample:
            naive_load(folder, register, args.naive_sample, args.rows)
        with create_engine(f"sqlite:///{loaded}").connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

        # 2. The check's cost: the same push without and with the register, alternated so
        # both meet the same load on a shared machine.
        times: dict[bool, list[float]] = {False: [], True: []}
        for round_ in range(args.rounds):
            for with_register in (False, True):
                name = f"{'full' if with_register else 'bare'}-{round_}"
                if with_register:
                    shutil.copy(loaded, folder / f"{name}.db")
                server = central(folder, name)
                token = server.cli("create-site", "BENCH-01", "Điểm tiêm thử nghiệm")
                shutil.copy(template, folder / "site-a.db")
                # The copies' dirty pages must not be written back inside the timed push:
                # the server's first fsync would wait for a gigabyte of the register's copy.
                os.sync()
                server.start()
                try:
                    print(f"push, {'with' if with_register else 'without'} the register:")
                    times[with_register].append(push(folder / "site-a.db", server, "BENCH-01",
                                                     token))
                finally:
                    server.stop()
                if round_ < args.rounds - 1 or not with_register:
                    for suffix in ("", "-wal", "-shm"):
                        Path(f"{folder / name}.db{suffix}").unlink(missing_ok=True)
        without, with_register = (statistics.median(times[k]) for k in (False, True))
        print(f"check overhead: {100 * (with_register / without - 1):+.1f} % "
              f"(median {without:.1f} s -> {with_register:.1f} s over {args.rounds} round(s))")

        full = central(folder, f"full-{args.rounds - 1}")
        full.start()
        try:
            # 3. The same people at a second site: every citizen linked across two sites.
            token_b = full.cli("create-site", "BENCH-02", "Điểm tiêm thứ hai")
            build(folder / "site-b.db", args.people)
            print("second site, same people (links made while pushing):")
            push(folder / "site-b.db", full, "BENCH-02", token_b)
            with create_engine(full.database_url).connect() as conn:
                patients = conn.execute(text(
                    "SELECT count(*) FROM fhir_resource WHERE type = 'Patient'")).scalar()
                linked = conn.execute(text(
                    "SELECT count(DISTINCT patient_id) FROM patient_link"
                    " WHERE citizen_id <> patient_id")).scalar()  # a row per identifier
            print(f"{patients:,} Patients on the server, {linked:,} linked to another site's")
            lookups(full, [p[0] for p in people], args.lookups)
        finally:
            full.stop()


if __name__ == "__main__":
    main()
