"""What SQLCipher's page HMAC costs a lookup that misses the page cache, per algorithm.

    python -m bench.bench_cipher_hmac [--rows 400000] [--lookups 20000] [--rounds 2]

The app's files use SQLCipher 4's default, HMAC-SHA512. On a CPU with SHA extensions,
HMAC-SHA256 is cheaper per page. Three files of the same synthetic rows are timed turn
about, with random primary-key lookups and a 2 MB page cache, so nearly every lookup
decrypts and authenticates pages it reads from the OS cache: plain (the floor), SHA-512
and SHA-256. Each line carries the load average. The README cites the figures; switching
would be a file format change (not done).
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from pathlib import Path

import sqlcipher3

from bench.synthetic import driver

KEY = "PRAGMA key = \"x'" + "11" * 32 + "'\""  # synthetic rows only
KINDS = {"plain": None, "HMAC-SHA512 (the app's)": "SHA512", "HMAC-SHA256": "SHA256"}


def connect(path: Path, algorithm: str | None) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path), isolation_level=None)
    if algorithm:
        conn.execute(KEY)
        conn.execute(f"PRAGMA cipher_hmac_algorithm = HMAC_{algorithm}")
        conn.execute(f"PRAGMA cipher_kdf_algorithm = PBKDF2_HMAC_{algorithm}")
    return conn


def build(path: Path, algorithm: str | None, rows: int) -> None:
    conn = connect(path, algorithm)
    conn.execute("CREATE TABLE t (id TEXT PRIMARY KEY, name TEXT, a TEXT, b TEXT)")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO t VALUES (?, ?, ?, ?)", (
        (f"{i:012d}", "Nguyễn Văn An " * 3, "x" * 60, "y" * 40) for i in range(rows)))
    conn.execute("COMMIT")
    conn.close()


def per_lookup_us(path: Path, algorithm: str | None, keys: list[str]) -> float:
    conn = connect(path, algorithm)
    conn.execute("PRAGMA cache_size = -2000")
    conn.execute("SELECT count(*) FROM t").fetchone()
    t0 = time.perf_counter()
    for key in keys:
        conn.execute("SELECT * FROM t WHERE id = ?", (key,)).fetchone()
    spent = time.perf_counter() - t0
    conn.close()
    return spent / len(keys) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=400_000)
    parser.add_argument("--lookups", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    print(driver())
    with tempfile.TemporaryDirectory() as tmp:
        paths = {kind: Path(tmp) / f"{i}.db" for i, kind in enumerate(KINDS)}
        for kind, algorithm in KINDS.items():
            build(paths[kind], algorithm, args.rows)
        rng = random.Random(7)
        for round_ in range(1, args.rounds + 1):
            keys = [f"{rng.randrange(args.rows):012d}" for _ in range(args.lookups)]
            kinds = list(KINDS)[round_ % len(KINDS):] + list(KINDS)[:round_ % len(KINDS)]
            times = {kind: per_lookup_us(paths[kind], KINDS[kind], keys) for kind in kinds}
            floor = times["plain"]
            for kind in KINDS:
                extra = "" if kind == "plain" else f"   cipher +{times[kind] - floor:.1f} µs"
                print(f"round {round_}  {kind:24s} {times[kind]:6.1f} µs a lookup{extra}"
                      f"   (load {' '.join(f'{x:.2f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
