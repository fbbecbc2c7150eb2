"""The desk's hot reads through the app beside their own SQL alone, in the same run (issue #21).

For each input the app's call (``search_people``, ``load_desk_person``) runs once with its
connection recorded: the SQL texts and parameters it sent. The floor is those same
statements replayed on a bare long-lived connection of the same driver, fetching every
row and shaping none: what SQLite (and the cipher) cost alone. App and floor then take
turns input by input (A B, B A, ...) so a load that comes and goes falls on both alike,
over several rounds; each round prints median and p95 of both, their ratio and the load
average, and the last lines the range over the rounds against the targets:
ID lookup p95 <= 0.2 ms, name search p95 <= 0.5 ms, each <= 10x its SQL.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial

from desktop_app.db import cipher
from desktop_app.db.database import Database
from desktop_app.db.engine import PRAGMAS
from desktop_app.rules.names import fold
from desktop_app.services.desk import load_desk_person
from desktop_app.services.search import search_people

TARGET_P95_MS = {"ID lookup": 0.2, "name-prefix search": 0.5}
MAX_RATIO = 10.0


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class _Recorder:
    """Stands in for the DB-API connection: passes every statement on and notes it."""

    def __init__(self, conn: cipher.Connection, sent: list) -> None:  # type: ignore[type-arg]
        self._conn, self._sent = conn, sent

    def execute(self, sql: str, params: tuple = ()):  # type: ignore[no-untyped-def, type-arg]
        if sql not in ("BEGIN", "ROLLBACK"):
            self._sent.append((sql, params))
        return self._conn.execute(sql, params)


def recorded(db: Database, call: Callable[[], object]) -> list[tuple[str, tuple]]:  # type: ignore[type-arg]
    """The statements ``call`` sends through ``db.rows()``."""
    sent: list = []  # type: ignore[type-arg]
    plain = db.rows

    @contextmanager
    def recording() -> Iterator[_Recorder]:
        with plain() as conn:
            yield _Recorder(conn, sent)

    db.rows = recording  # type: ignore[method-assign]
    try:
        call()
    finally:
        del db.rows
    return sent


def inputs(db: Database, people: list, rng: random.Random) -> dict[str, list[str]]:  # type: ignore[type-arg]
    """Per read, what is asked: sampled people's IDs, phones, typed name prefixes, given
    names, person ids (the card)."""
    def typed(name: str) -> str:  # the name without accents, cut after the family name
        plain = fold(name)
        return plain[: rng.randrange(len(plain.split(" ")[0]) + 2, len(plain) + 1)]

    with db.rows() as conn:
        phones = [conn.execute("SELECT phone FROM person WHERE id = ?", (pid,)).fetchone()[0]
                  for pid, _, _ in people]
    return {"ID lookup": [i for _, _, i in people if i],
            "phone lookup": [p for p in phones if p],
            "name-prefix search": [typed(name) for _, name, _ in people],
            "given-name search": [fold(name).split()[-1] for _, name, _ in people],
            "person card": [pid for pid, _, _ in people]}


def compare(db: Database, people: list, rounds: int) -> None:  # type: ignore[type-arg]
    """Print app and floor per read and round, then the range over the rounds."""
    rng = random.Random(4)
    asks = inputs(db, people, rng)
    calls: dict[str, Callable[[str], object]] = {
        label: (lambda p: load_desk_person(db, p)) if label == "person card"
        else (lambda q: search_people(db, q)) for label in asks}
    floor = cipher.connect(db.path, db.key, cached_statements=512)
    floor.isolation_level = None
    for pragma in PRAGMAS:
        floor.execute(pragma)
    print(f"\nhot reads: the app beside its own SQL alone (same run, turn about), "
          f"{rounds} rounds; load average {load()}")
    worst: dict[str, list[tuple[float, ...]]] = {label: [] for label in asks}
    try:
        for label, items in asks.items():
            call = calls[label]
            sql = [recorded(db, partial(call, x)) for x in items]
            assert all(call(x) for x in items[:50]), f"{label}: an input found no one"
            for r in range(rounds):
                app, raw = [], []
                for i, (x, statements) in enumerate(zip(items, sql, strict=True)):
                    for is_app in (True, False) if (i + r) % 2 else (False, True):
                        t0 = time.perf_counter()
                        if is_app:
                            call(x)
                        else:
                            replay(floor, statements)
                        (app if is_app else raw).append((time.perf_counter() - t0) * 1000)
                if r == 0:
                    continue  # the first round warms the page cache and the prepared statements
                a, f = _p(app), _p(raw)
                ratio = a[1] / f[1]
                worst[label].append((a[0], f[0], a[0] / f[0], a[1], f[1], ratio))
                print(f"  {label:<20} round {r}  app median {a[0]:6.3f} p95 {a[1]:6.3f} ms   "
                      f"SQL alone median {f[0]:6.3f} p95 {f[1]:6.3f} ms   "
                      f"p95 ratio {ratio:4.1f}x   load {load()}")
    finally:
        floor.close()
    print(f"hot reads over rounds 1-{rounds - 1} (round 0 warms), ranges over the rounds; "
          f"load average {load()}")
    for label, figures in worst.items():
        am, fm, mr, ap, fp, pr = (_range(column) for column in zip(*figures, strict=True))
        target = TARGET_P95_MS.get(label)
        over = ([f"p95 over {target} ms"] if target and ap[1] > target else []) + \
            ([f"p95 over {MAX_RATIO:g}x its SQL"] if pr[1] > MAX_RATIO else [])
        print(f"  {label:<20} app median {am[0]:.3f}-{am[1]:.3f} p95 {ap[0]:.3f}-{ap[1]:.3f} ms"
              f"   SQL alone median {fm[0]:.3f}-{fm[1]:.3f} p95 {fp[0]:.3f}-{fp[1]:.3f} ms"
              f"   ratio median {mr[0]:.1f}-{mr[1]:.1f}x p95 {pr[0]:.1f}-{pr[1]:.1f}x   "
              + ("OK" if not over else "OVER: " + ", ".join(over)))


def _range(values: tuple[float, ...]) -> tuple[float, float]:
    return min(values), max(values)


def replay(conn: cipher.Connection, statements: list[tuple[str, tuple]]) -> None:  # type: ignore[type-arg]
    for sql, params in statements:
        conn.execute(sql, params).fetchall()


def _p(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(len(ordered) * 0.95) - 1]
