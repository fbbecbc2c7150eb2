"""A new site database at the first start: made from the schema snapshot (now) against the
migrations replayed through Alembic (before), in the same run (issue #20's start time).

    python -m bench.bench_new_database [--rounds 8]

Each figure is one fresh process (Alembic's import counts, as at a real first start; the
app's own modules are imported before the clock starts), the two ways taken in turns so a
load that comes and goes falls on both. Both include the key's derivation (Argon2id, slow on
purpose) and the catalogue loaded by ``open_database``. Prints the range, the medians and
the load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

CHILD = """
import sys, tempfile, time
from pathlib import Path
from desktop_app.db.database import open_database
from desktop_app.db import cipher
from desktop_app.db.engine import make_engine
path = Path(tempfile.mkdtemp()) / "new.db"
t0 = time.perf_counter()
if sys.argv[1] == "migrations":
    from desktop_app.db.migrate import upgrade
    engine = make_engine(path, cipher.key_for(path, "p"))
    upgrade(engine)
    engine.dispose()
open_database(path, "p", defer_integrity_check=True).close()
print(time.perf_counter() - t0)
"""


def once(way: str) -> float:
    out = subprocess.run([sys.executable, "-c", CHILD, way], capture_output=True, text=True,
                         check=True, env=dict(os.environ, VAXDESK_DATA_DIR=tempfile.mkdtemp()))
    return float(out.stdout.strip())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=8)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"snapshot": [], "migrations": []}
    for n in range(args.rounds):
        for way in (("snapshot", "migrations") if n % 2 else ("migrations", "snapshot")):
            times[way].append(once(way))
    for way, label in (("migrations", "before: 17 migrations"), ("snapshot", "now: snapshot")):
        t = times[way]
        print(f"new database, {label:<22} median {statistics.median(t) * 1000:5.0f} ms  "
              f"range {min(t) * 1000:.0f}–{max(t) * 1000:.0f} ms  n={len(t)}  "
              f"(load average {os.getloadavg()[0]:.2f}, {os.cpu_count()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
