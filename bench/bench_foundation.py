"""Foundation benchmarks on the 1,000,000-person database made by ``bench/make_db.py``.

    python -m bench.bench_foundation [--db bench/data/bench.db]

Prints median and p95 of: opening the database (lock, integrity check, migrations check),
name-prefix search typed without accents, ID-number lookup, and saving one dose for a
returning person (validation + dose + audit + outbox, committed with synchronous=FULL).
Targets (issue #2): name search <= 10 ms p95, ID lookup <= 1 ms p95, save <= 20 ms p95.
Then search as clerks speak (issue #19), each <= 10 ms p95: the given name alone ("nhung"),
the words reversed ("nhung nguyen"), given and middle name ("thi nhung"), a phone's last
4 to 6 digits, an ID's first 6 to 9 digits while it is typed. Then the hot reads beside
their own SQL alone, over ``--rounds`` rounds (bench/hot_reads.py; issue #21). Each line
carries the load average.

Re-runnable on the same database (issue #21): the saves go to people who may take their
next dose today (a dose number within the catalogue's, none given today), and each dose
saved is voided after the timing, so the next run finds the same people as eligible. It
prints how many saves were refused (should be 0: a refused save would time faster).

The database is encrypted (SQLCipher). ``--compare-plain`` instead runs the same work, in
the same run, on two fresh copies of it made the same way (``sqlcipher_export``, so both
have the same page layout): one encrypted, one plain. The plain one is timed through the
app's own driver with no key (the floor: all the same but the cipher) and, for reference,
through Python's sqlite3 module. The three are timed in turns, input by input (A B C,
B C A, ...), so a load that comes and goes on a shared machine falls on each alike; it
prints the cost of encryption per figure (target, issue #14: at most 30 %), with the load
average.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import text

from bench import hot_reads
from bench.synthetic import BENCH_PASSPHRASE, driver, eligible_now, raw_connect
from desktop_app.db.database import open_database
from desktop_app.rules.names import fold
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, record_dose, void_dose
from desktop_app.services.search import search_people

TARGETS_MS = {"name-prefix search": 10.0, "ID lookup": 1.0, "save one dose": 20.0,
              "given-name search": 10.0, "reversed-words search": 10.0,
              "middle+given search": 10.0, "phone-suffix search": 10.0,
              "ID-prefix search": 10.0}


def timed(
    label: str, inputs: list, run: Callable[[object], object], warm: bool = True
) -> dict[str, float]:
    for item in inputs[:20] if warm else ():  # warm page cache and SQLAlchemy's statements
        run(item)
    samples = []
    for item in inputs:
        t0 = time.perf_counter()
        run(item)
        samples.append((time.perf_counter() - t0) * 1000)
    return summarise(label, samples)


def summarise(label: str, samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    med = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    target = TARGETS_MS.get(label)
    verdict = "" if target is None else ("  OK" if p95 <= target else f"  OVER {target} ms")
    print(f"{label:<22} n={len(samples):<5} median {med:7.3f} ms   p95 {p95:7.3f} ms{verdict}"
          f"   load {os.getloadavg()[0]:.2f}")
    return {"median": med, "p95": p95}


def sample(path: Path, n: int, seed: int = 1) -> list[tuple[str, str, str]]:
    conn = raw_connect(path)
    (count,) = conn.execute("SELECT max(rowid) FROM person").fetchone()
    rng = random.Random(seed)
    rows = []
    for rowid in rng.sample(range(1, count + 1), n):
        rows.append(conn.execute(
            "SELECT id, full_name, id_number FROM person WHERE rowid = ?", (rowid,)).fetchone())
    conn.close()
    return rows


def typed_prefix(rng: random.Random, name: str) -> str:
    """What a clerk types: the name without accents, cut somewhere after the family name."""
    plain = fold(name)
    return plain[: rng.randrange(len(plain.split(" ")[0]) + 2, len(plain) + 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(__file__).parent / "data" / "bench.db")
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=6,
                        help="rounds of the hot reads beside their SQL (the first warms)")
    parser.add_argument("--compare-plain", action="store_true",
                        help="run the same on a plain SQLite copy and print the difference")
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} not found: run python -m bench.make_db first")

    people = sample(args.db, args.n)
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(driver())
    from desktop_app.db import cipher

    cipher.derive_key.cache_clear()  # sample() derived it: time the derivation too
    t0 = time.perf_counter()
    db = open_database(args.db, BENCH_PASSPHRASE, defer_integrity_check=True)
    t1 = time.perf_counter()
    db.check_integrity()  # the app runs it beside the window; timed apart
    print(f"open database with its key (Argon2id key derivation + lock + migration check): "
          f"{(t1 - t0) * 1000:.0f} ms (target 1000); "
          f"integrity check beside it: {(time.perf_counter() - t1) * 1000:.0f} ms")
    if not args.compare_plain:
        run_all(db, people)
        hot_reads.compare(db, people, args.rounds)
        db.close()
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return
    catalogue = db.catalogue
    db.close()
    encrypted_copy = export_copy(args.db, encrypted=True)
    plain, plain_stdlib = export_copy(args.db), export_copy(args.db, suffix="-plain-stdlib")
    dbs = {"encrypted copy (SQLCipher)": open_database(encrypted_copy, BENCH_PASSPHRASE),
           "plain copy, same driver (sqlcipher3, no key): the floor":
               plain_database(plain, catalogue),
           "plain copy, Python's sqlite3 module (reference only)":
               plain_database(plain_stdlib, catalogue, driver="sqlite3")}
    try:
        encrypted, floor, stdlib = run_interleaved(dbs, people).values()
    finally:
        for db in dbs.values():
            db.close()
    for label, figures in encrypted.items():
        extra = {k: 100 * (figures[k] / floor[label][k] - 1) for k in ("median", "p95")}
        verdict = "OK" if extra["p95"] <= 30 else "OVER 30 %"
        print(f"encryption costs {label:<20} median {extra['median']:+5.0f} %   "
              f"p95 {extra['p95']:+5.0f} %  {verdict}   (against sqlite3: median "
              f"{100 * (figures['median'] / stdlib[label]['median'] - 1):+.0f} %)")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def export_copy(source: Path, encrypted: bool = False, suffix: str = "-plain") -> Path:
    """A fresh copy of the benchmark database beside it, anew each run (the same rows, the
    saves made so far), encrypted under the benchmark passphrase or plain."""
    from desktop_app.db import cipher

    copy = source.with_name(source.stem + ("-encrypted" if encrypted else suffix) + ".db")
    for suffix in ("", "-wal", "-shm", ".lock"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    key = cipher.key_for(copy, BENCH_PASSPHRASE) if encrypted else None
    sql_key = f"\"x'{(key.key + key.salt).hex()}'\"" if key else "''"
    conn = raw_connect(source)
    conn.execute(f"ATTACH DATABASE ? AS copy KEY {sql_key}", (str(copy),))
    conn.execute("SELECT sqlcipher_export('copy')")
    conn.execute("DETACH DATABASE copy")
    conn.close()
    return copy


def plain_database(path: Path, catalogue, driver: str = "sqlcipher3"):  # noqa: ANN001, ANN201
    """A Database over a plain file with the app's own pragmas: what the services cost
    without encryption. Benchmark only: the app never opens a plain file.

    ``driver="sqlcipher3"`` (the floor the encryption cost is measured against) opens it
    through the app's own driver and SQLite build with no key: everything the same but the
    cipher. ``driver="sqlite3"`` is Python's own module (another SQLite release, another
    binding), shown for reference: between the two drivers alone the app's search differed
    by ~0.13 ms a call with every page cached, which is not encryption."""
    import sqlite3

    import sqlcipher3
    from sqlalchemy import create_engine, event

    from desktop_app.db import audit_chain
    from desktop_app.db.database import Database
    from desktop_app.db.engine import PRAGMAS

    if driver == "sqlcipher3":
        engine = create_engine(f"sqlite:///{path}", module=sqlcipher3, creator=lambda: (
            sqlcipher3.connect(str(path), check_same_thread=False)))
    else:
        engine = create_engine(f"sqlite:///{path}")

    @event.listens_for(engine, "connect")
    def _on_connect(conn: sqlite3.Connection, _record: object) -> None:
        conn.isolation_level = None
        for pragma in PRAGMAS:
            conn.execute(pragma)
        audit_chain.register(conn)

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        conn.exec_driver_sql("BEGIN")

    db = Database(path, engine, catalogue)
    db._checked.set()
    return db


Workload = tuple[list, Callable[[object], object], bool]  # inputs, one call, warm first


def workloads(db, people: list) -> dict[str, Workload]:  # noqa: ANN001
    """The three timed operations on ``db``, each with its inputs."""
    with db.engine.connect() as conn:
        n_people = conn.execute(text("SELECT count(*) FROM person")).scalar()
        n_doses = conn.execute(text("SELECT count(*) FROM dose")).scalar()
    print(f"database {db.path.name}: {n_people:,} people, {n_doses:,} doses, "
          f"{db.path.stat().st_size / 1e6:.0f} MB")
    rng = random.Random(2)
    prefixes = [typed_prefix(rng, name) for _, name, _ in people]
    assert all(search_people(db, q) for q in prefixes[:50]), "a typed prefix found no one"
    ids = [id_number for _, _, id_number in people]
    assert all(len(search_people(db, i)) == 1 for i in ids[:50])

    save = Saves(db, people)
    for pid in save.eligible[:20]:  # warm up on other people than the ones timed
        save(pid)
    find = lambda q: search_people(db, q)  # noqa: E731
    return {"name-prefix search": (prefixes, find, True),
            "ID lookup": (ids, find, True),
            "save one dose": (save.eligible[20:], save, False),
            **{label: (inputs, find, True) for label, inputs in spoken(db, people).items()}}


class Saves:
    """One dose for a returning person, each saved dose voided after the timing (``undo``)
    so runs on one database do not wear it out: the people saved for are those eligible
    now (their next dose number within the catalogue's, no dose today), 300 at most."""

    def __init__(self, db, people: list) -> None:  # noqa: ANN001
        self.db, self.made, self.refused = db, [], 0
        with db.rows() as conn:
            self.next_number = eligible_now(conn, [pid for pid, _, _ in people],
                                            db.catalogue.max_dose_number, 300)
        self.eligible = list(self.next_number)

    def __call__(self, person_id: str) -> None:
        dose = DoseInput("COMIRNATY", "FK1234", self.next_number[person_id], date.today(),
                         "Y tá Lan")
        outcome = record_dose(self.db, dose, person_id=person_id, confirm_warnings=True,
                              actor=AT_THIS_LAPTOP)
        if outcome.saved:
            self.made.append(outcome.dose_id)
        else:
            self.refused += 1

    def undo(self) -> None:
        for dose_id in self.made:
            void_dose(self.db, dose_id, "benchmark: undo", actor=AT_THIS_LAPTOP)
        print(f"save one dose: {len(self.eligible)} people eligible now, {self.refused} "
              f"saves refused (should be 0), {len(self.made)} saved and voided again   "
              f"load {os.getloadavg()[0]:.2f}")
        self.made = []


def spoken(db, people: list) -> dict[str, list[str]]:  # noqa: ANN001
    """What clerks type for the sampled people (issue #19), each checked to find someone."""
    rng = random.Random(3)
    words = [fold(name).split() for _, name, _ in people]
    with db.engine.connect() as conn:
        phones = [p for (p,) in conn.execute(text(
            "SELECT phone FROM person WHERE phone IS NOT NULL LIMIT :n"), {"n": len(people)})]
    inputs = {
        "given-name search": [w[-1] for w in words],
        "reversed-words search": [f"{w[-1]} {w[0]}" for w in words],
        "middle+given search": [" ".join(w[1:]) for w in words if len(w) > 2],
        "phone-suffix search": [p[-rng.randint(4, 6):] for p in phones],
        "ID-prefix search": [i[: rng.randint(6, 9)] for _, _, i in people if i],
    }
    for label, queries in inputs.items():
        assert all(search_people(db, q) for q in queries[:50]), f"{label} found no one"
    return inputs


def run_all(db, people: list) -> dict[str, dict[str, float]]:  # noqa: ANN001
    loads = workloads(db, people)
    try:
        return {label: timed(label, inputs, run, warm)
                for label, (inputs, run, warm) in loads.items()}
    finally:
        loads["save one dose"][1].undo()


def run_interleaved(dbs: dict[str, object], people: list) -> dict[str, dict[str, dict]]:
    """The same calls on every database, taken in turns (A B C, B C A, ...) input by input,
    so a load that comes and goes on a shared machine falls on each alike."""
    loads = {name: workloads(db, people) for name, db in dbs.items()}
    names = list(dbs)
    samples: dict[str, dict[str, list[float]]] = {n: {} for n in names}
    for label in loads[names[0]]:
        for name in names:
            inputs, run, warm = loads[name][label]
            for item in inputs[:20] if warm else ():
                run(item)
            samples[name][label] = []
        inputs = loads[names[0]][label][0]
        for i, item in enumerate(inputs):
            for name in names[i % len(names):] + names[:i % len(names)]:
                run = loads[name][label][1]
                t0 = time.perf_counter()
                run(item)
                samples[name][label].append((time.perf_counter() - t0) * 1000)
    for name in names:
        loads[name]["save one dose"][1].undo()
    figures: dict[str, dict[str, dict]] = {}
    for name in names:
        print(f"-- {name}")
        figures[name] = {label: summarise(label, xs) for label, xs in samples[name].items()}
    return figures


if __name__ == "__main__":
    main()
