"""The issue's hostile files at their real sizes (issue #18), each imported by a real
``vaxdesk import`` process while the summed memory of its process tree is sampled:

    python -m bench.bench_hostile_imports [--folder /tmp/hostile] [--only NAME]

- a 4 GB sheet XML in a few MB of .xlsx (refused before anything is written);
- a 2 GB shared string in a 2 MB .xlsx (refused: the part is over its limit);
- a 100 MB inline cell in the sheet XML (clipped: that row rejected, the others imported);
- a 200 MB CSV cell (that row rejected, the others imported).

Prints each outcome, the peak memory and the time beside the load average; exits 1 if any
peak reaches 1 GB or any outcome is not the one expected. Building the files takes a few
minutes (zlib at level 9 over gigabytes); they are deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.importers.hostile import (
    copy_env,
    huge_cell_csv,
    huge_cell_xlsx,
    run_measured,
    zip_bomb_xlsx,
)
from tests.keys import ensure_test_supervisor

GB = 1 << 30
# The test suite's credentials (tests/conftest.py): each case runs on a fresh data folder.
os.environ.setdefault("VAXDESK_DB_PASSPHRASE", "mật khẩu thử nghiệm")
os.environ.setdefault("VAXDESK_USER", "kiemthu")
os.environ.setdefault("VAXDESK_PASSWORD", "mật khẩu người kiểm thử")
CASES = {  # name -> (build, expected exit code)
    "4 GB sheet XML": (lambda d: zip_bomb_xlsx(d, 4 * GB), 2),
    "2 GB shared string": (lambda d: huge_cell_xlsx(d, 2 * GB), 2),
    "100 MB inline cell": (lambda d: huge_cell_xlsx(d, 100 << 20, shared=False), 1),
    "200 MB CSV cell": (lambda d: huge_cell_csv(d, 200 << 20), 1),
}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--only", choices=sorted(CASES))
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="hostile-", dir=args.folder))
    failed = False
    try:
        for name, (build, expected) in CASES.items():
            if args.only and name != args.only:
                continue
            folder = root / name.replace(" ", "-")
            folder.mkdir()
            started = time.perf_counter()
            path = build(folder)
            built = time.perf_counter() - started
            data = folder / "data"
            ensure_test_supervisor(data / "vaxdesk.db")
            started = time.perf_counter()
            run, peak_mb = run_measured(["import", str(path), "--report",
                                         str(folder / "report.json")], copy_env(data))
            took = time.perf_counter() - started
            ok = run.returncode == expected and "Traceback" not in run.stderr and peak_mb < 1024
            failed |= not ok
            print(f"{name}: {path.stat().st_size / (1 << 20):,.1f} MB on disk (built in "
                  f"{built:.0f} s); exit {run.returncode} (expected {expected}); peak RSS of "
                  f"the process tree {peak_mb} MB; {took:.1f} s; load "
                  f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}"
                  f"{'' if ok else '  <-- FAILED'}")
            print("   ", run.stderr.strip().splitlines()[-1] if run.stderr.strip() else "")
            shutil.rmtree(folder)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
