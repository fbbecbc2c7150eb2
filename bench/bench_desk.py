"""Desk benchmarks on the 1,000,000-person database (bench/make_db.py), real widgets offscreen.

    python -m bench.bench_desk [--db bench/data/bench.db]

Prints: cold start to a ready search box (a fresh process each run, imports included);
search-as-you-type, from each keystroke to the results for that text on screen; Ctrl+S to
saved and cleared for a returning person. Targets (issue #3): 1.5 s, 50 ms p95, 50 ms.
Each figure with the load average. Re-runnable on one database: each dose it saves is
voided after its timing, so the same people are eligible next run.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.synthetic import BENCH_PASSPHRASE

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

CHILD = """
import sys, time
t0 = float(sys.argv[2])
from pathlib import Path
from desktop_app.ui.app import run_app
from PySide6.QtWidgets import QApplication

def ready(window):
    box = window.areas["record"].search.box
    QApplication.processEvents()
    assert box.hasFocus() and box.isVisible()
    print(f"READY {time.time() - t0:.3f}", flush=True)
    QApplication.quit()

sys.exit(run_app(Path(sys.argv[1]), lang="vi", ready=ready))
"""


def pct(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    return ordered[max(0, int(len(ordered) * p) - 1)]


def report(label: str, samples_ms: list[float], target_ms: float, p: float = 0.95) -> None:
    med = statistics.median(samples_ms)
    worst = pct(samples_ms, p)
    verdict = "OK" if worst <= target_ms else f"OVER {target_ms:g} ms"
    name = "p95" if p == 0.95 else "max"
    print(f"{label:<34} n={len(samples_ms):<5} median {med:8.1f} ms   {name} {worst:8.1f} ms"
          f"  {verdict}   load {os.getloadavg()[0]:.2f}")


def cold_start(db: Path, runs: int) -> None:
    samples = []
    # The app opens the encrypted benchmark database and logs in from the environment (the
    # first run makes the benchmark's supervisor), as a kiosk script would.
    env = dict(os.environ, VAXDESK_DATA_DIR=tempfile.mkdtemp(),
               VAXDESK_DB_PASSPHRASE=BENCH_PASSPHRASE, VAXDESK_USER="bench",
               VAXDESK_PASSWORD="mật khẩu đo hiệu năng")
    for _ in range(runs):
        t0 = time.time()
        out = subprocess.run([sys.executable, "-c", CHILD, str(db), repr(t0)], env=env,
                             capture_output=True, text=True, timeout=120)
        line = next((x for x in out.stdout.splitlines() if x.startswith("READY")), None)
        if line is None:
            raise SystemExit(f"child failed:\n{out.stderr[-2000:]}")
        samples.append(float(line.split()[1]) * 1000)
    report("cold start to ready search box", samples, 1500, p=1.0)


def typing_and_saving(db_path: Path, n_names: int) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from bench.synthetic import BENCH_PASSPHRASE, eligible_now, raw_connect
    from desktop_app.db.database import open_database
    from desktop_app.rules.names import fold
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.services.search import search_people
    from desktop_app.ui.context import AppContext
    from desktop_app.ui.desk.record_screen import RecordScreen
    from desktop_app.ui.tasks import TaskRunner
    from desktop_app.ui.widgets.problem_label import ERROR_STYLE

    app = QApplication.instance() or QApplication([])
    rng = random.Random(5)
    with open_database(db_path, BENCH_PASSPHRASE) as db:

        conn = raw_connect(db_path)
        top = conn.execute("SELECT max(rowid) FROM person").fetchone()[0]
        people = [conn.execute("SELECT full_name, id_number, id FROM person WHERE rowid = ?",
                               (rng.randrange(1, top),)).fetchone() for _ in range(n_names)]
        eligible = eligible_now(conn, [pid for _, _, pid in people],
                                db.catalogue.max_dose_number, len(people))
        conn.close()
        from desktop_app.services.day_defaults import set_day_defaults

        set_day_defaults(db, "COMIRNATY", "BENCH-LOT", "Y tá Lan", actor=AT_THIS_LAPTOP)
        ctx = AppContext(db, TaskRunner(), "vi")
        screen = RecordScreen(ctx)
        screen.resize(1100, 700)
        screen.show()
        screen.activateWindow()
        box = screen.search.box

        def wait_for(condition, timeout=10.0):
            end = time.perf_counter() + timeout
            while not condition():
                app.processEvents()
                if time.perf_counter() > end:
                    raise TimeoutError
            return time.perf_counter()

        wait_for(lambda: screen.isActiveWindow())
        search_people(db, "nguyen")  # warm SQLAlchemy's statement cache
        per_key = []
        for name, _, _ in people:
            if box.text():
                box.clear()
                wait_for(lambda: screen.search.shown_query == "")
            for char in fold(name):
                t0 = time.perf_counter()
                QTest.keyClick(box, char)
                typed = box.text()
                t1 = wait_for(lambda t=typed: screen.search.shown_query == t)
                per_key.append((t1 - t0) * 1000)
        report("keystroke to results on screen", per_key, 50)

        from desktop_app.rules.screening import Outcome
        from desktop_app.services.screening import ScreeningAnswers

        saves, refused = [], 0
        for _, id_number, _ in [p for p in people if p[2] in eligible][:60]:
            box.clear()
            QTest.keyClicks(box, id_number)
            QTest.keyClick(box, Qt.Key.Key_Return)
            wait_for(lambda: screen.entry.isVisible())
            # Screened already (as by F2), so Ctrl+S times the save, not the checklist, and
            # no screening row is left in the shared benchmark database.
            screen.screened = ScreeningAnswers.of([], Outcome.ELIGIBLE, None)
            done = []
            screen.saved.connect(done.append)
            t0 = time.perf_counter()
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S,
                           Qt.KeyboardModifier.ControlModifier)
            t1 = wait_for(lambda done=done: (bool(done) and not screen.entry.isVisible()
                          and box.text() == "") or screen.message.styleSheet() == ERROR_STYLE)
            screen.saved.disconnect()
            if not done:  # refused: not timed (it would time faster), counted
                refused += 1
                screen.back_to_search()
                continue
            saves.append((t1 - t0) * 1000)
            # keep the benchmark database as it was: void what we added
            from desktop_app.services.doses import void_dose
            void_dose(db, done[0].dose_id, "benchmark", actor=AT_THIS_LAPTOP)
        report("Ctrl+S to saved and cleared", saves, 50)
        print(f"  {len(eligible)} of {len(people)} people eligible now, {refused} saves "
              f"refused (should be 0), each saved dose voided again")
        ctx.runner.wait_idle()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path(__file__).parent / "data" / "bench.db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--names", type=int, default=60)
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db} not found: run python -m bench.make_db first")
    print(f"database: {args.db} ({args.db.stat().st_size / 1e6:.0f} MB)")
    cold_start(args.db, args.runs)
    typing_and_saving(args.db, args.names)


if __name__ == "__main__":
    main()
