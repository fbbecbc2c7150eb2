"""Provincial dashboard benchmark (issue 16): page times on PostgreSQL, and the ingest cost
of keeping the aggregates.

    python -m bench.bench_dashboard [--sites 1000] [--doses 20000000] [--runs 5] [--ingest 20000]

1. Pages: a private PostgreSQL (the pgserver wheel, or $DATABASE_URL) holds ``--sites`` sites
   in ~100 communes of four provinces, and the aggregates that ingesting ``--doses`` doses
   over a year would have left: ``received_day`` (what the FHIR write path
   keeps), ``site_day``, ``backlog_point`` and ``site_problem`` (what the sites' reports
   keep), filled in bulk with COPY. The raw resources are not loaded: no page reads them
   (``central_server/dashboard/figures.py`` reads only these tables). Each page, and the
   sites table as .xlsx, is fetched from the real server process over loopback (the
   real routes, login and templates) for a province officer (250 sites) and a commune officer
   (10 sites), over the whole year. Median and max of ``--runs``. Target: ≤ 1 s.
2. Ingest: ``--ingest`` new Immunizations pushed through the real write path
   (``fhir.store.write``, batches of 500 as a sync sends them) with the tally step on and
   off (monkeypatched off here only), alternating, five rounds each, after an untimed round
   and ANALYZE. Target: ≤ 10 % slower.
Every figure is printed with ``os.getloadavg()`` beside it: the machine is shared.
"""

from __future__ import annotations

import argparse
import io
import os
import random
import statistics
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import sqlalchemy

from central_server.dashboard import tally
from central_server.dashboard.staff import add_staff
from central_server.db.engine import make_engine
from desktop_app.rules import admin_units
from desktop_app.wire import fhir

YEAR_START = date(2021, 7, 1)
DAYS = 365
PROVINCES = ("01", "79", "48", "31")
PROBLEMS = ("ID_NUMBER_REQUIRED", "DOB_REQUIRED", "ID_WRONG_LENGTH", "SEX_REQUIRED")
PASSWORD = "bench-password-1"


def load_avg() -> str:
    return "load avg " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def postgres_url(folder: Path) -> tuple[str, object | None]:
    if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        base = os.environ["DATABASE_URL"]
        server = None
    else:
        import pgserver

        server = pgserver.get_server(folder, cleanup_mode="stop")
        base = server.get_uri().replace("postgresql://", "postgresql+psycopg://", 1)
    name = f"bench_{uuid.uuid4().hex[:8]}"
    admin = sqlalchemy.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    admin.dispose()
    url = sqlalchemy.make_url(base).set(database=name).render_as_string(hide_password=False)
    return url, server


def _copy(engine: sqlalchemy.Engine, table: str, columns: str, rows) -> int:  # noqa: ANN001
    buffer = io.StringIO()
    n = 0
    for row in rows:
        buffer.write("\t".join(str(v) for v in row) + "\n")
        n += 1
    buffer.seek(0)
    raw = engine.raw_connection()
    try:
        with raw.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            while chunk := buffer.read(1 << 20):
                copy.write(chunk)
        raw.commit()
    finally:
        raw.close()
    return n


def fill(engine: sqlalchemy.Engine, sites: int, doses: int) -> tuple[str, str]:
    """Sites and aggregates; returns (a province code, a commune code) to read as."""
    rng = random.Random(16)
    communes = [c for p in PROVINCES for c in admin_units.communes(p)[:25]]
    per_commune = max(1, sites // len(communes))
    placed = [(f"S{i:05d}", communes[min(i // per_commune, len(communes) - 1)])
              for i in range(sites)]
    _copy(engine, "site", "code, name, created_at",
          ((code, f"Trạm Y tế {code}", "2021-06-01 00:00:00") for code, _ in placed))
    _copy(engine, "site_area", "site_code, province_code, commune_code",
          ((code, c.province_code, c.code) for code, c in placed))
    per_site_day = doses / (sites * DAYS)
    days = [YEAR_START + timedelta(d) for d in range(DAYS)]

    received = {(code, day): max(0, round(rng.gauss(per_site_day, per_site_day / 4)))
                for code, _ in placed for day in days}
    t0 = time.monotonic()
    _copy(engine, "received_day", "site_code, day, count",
          ((c, d, n) for (c, d), n in received.items()))
    total = sum(received.values())
    _copy(engine, "site_day", "site_code, day, recorded, synced, rejected, pending, reported_at",
          ((c, d, n + (extra := rng.randrange(0, 4)), n, 0, extra, f"{d} 20:00:00")
           for (c, d), n in received.items()))
    _copy(engine, "backlog_point", "site_code, day, pending, not_clean",
          ((c, d, rng.randrange(0, 40), rng.randrange(0, 200)) for (c, d) in received))
    _copy(engine, "site_problem", "site_code, problem_code, count",
          ((c, p, rng.randrange(1, 50)) for c, _ in placed for p in PROBLEMS))
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    print(f"filled {sites:,} sites, {total:,} doses as "
          f"{len(received):,} site-days in {time.monotonic() - t0:.0f} s  ({load_avg()})")
    return placed[0][1].province_code or "01", placed[0][1].code


def time_pages(url: str, province: str, commune: str, runs: int) -> None:
    import requests

    from tests.live_server import LiveServer

    engine = make_engine(url)
    add_staff(engine, "bench-province", "province", province, PASSWORD)
    add_staff(engine, "bench-commune", "commune", commune, PASSWORD)
    engine.dispose()
    os.environ.setdefault("VAXDESK_CENTRAL_ALLOW_PLAIN_CSCA", "1")  # a throw-away server
    server = LiveServer(url, Path(tempfile.gettempdir()) / "bench_dashboard_server.log")
    server.start()
    base = server.url.rsplit("/fhir", 1)[0]
    span = f"from={YEAR_START}&to={YEAR_START + timedelta(DAYS - 1)}"
    pages = ("/dashboard", "/dashboard/backlog", "/dashboard/cleaning",
             "/dashboard?format=xlsx&table=sites")
    print(f"\npage times over a year, {runs} runs (target ≤ 1 s)")
    try:
        for who in ("bench-province", "bench-commune"):
            client = requests.Session()
            assert client.post(f"{base}/login", data={"username": who, "password": PASSWORD},
                               allow_redirects=False).status_code == 303
            for path in pages:
                full = f"{path}{'&' if '?' in path else '?'}{span}"
                times = []
                for _ in range(runs + 1):  # the first warms the caches and is not counted
                    t0 = time.perf_counter()
                    answer = client.get(f"{base}{full}")
                    times.append(time.perf_counter() - t0)
                    assert answer.status_code == 200, answer.text[:300]
                times = times[1:]
                print(f"  {who:15} {path:38} median {statistics.median(times) * 1000:6.0f} ms"
                      f"  max {max(times) * 1000:6.0f} ms  {len(answer.content):8,} bytes"
                      f"  ({load_avg()})")
    finally:
        server.stop()


def time_ingest(url: str, count: int, rounds: int = 5) -> None:
    from central_server.auth import create_site
    from central_server.fhir.store import Principal, WriteRequest, write
    from desktop_app.rules.catalogue import default_catalogue

    engine = make_engine(url)
    catalogue = default_catalogue()
    site = "INGEST-1"
    create_site(engine, site, "Ingest bench site")
    rng = random.Random(7)
    serials = iter(range(10**6))

    def people(n: int) -> list[dict]:
        """``n`` Patients, written (untimed): the platform refuses a Patient's dose number
        twice, so each round's doses are new people's first doses, as a sync sends them."""
        made = [fhir.patient({"id": uuid.uuid4().hex, "full_name": "Lê Văn Tám",
                              "dob": "1990-01-01", "sex": "M", "id_type": "CCCD",
                              "id_number": f"001090{next(serials):06d}",
                              "phone": "0912345678"}, site, 1) for _ in range(n)]
        for i in range(0, n, 500):
            write(engine, catalogue, Principal(site),
                  [WriteRequest("Patient", p["id"], p) for p in made[i:i + 500]])
        return made

    def one_round(days: int) -> float:
        doses = [fhir.immunization({
            "id": uuid.uuid4().hex, "person_id": person["id"],
            "product_code": "COMIRNATY", "lot_number": "FK1234", "dose_number": 1,
            "dose_date": (YEAR_START + timedelta(rng.randrange(days))).isoformat(),
            "vaccinator": "Nguyễn Thị Hoa", "source": "desk", "status": "active",
            "entered_at": "2021-09-01T02:10:00"}, site, 1, "EU/1/20/1528")
            for person in people(count)]
        t0 = time.perf_counter()
        for i in range(0, count, 500):
            results = write(engine, catalogue, Principal(site), [
                WriteRequest("Immunization", d["id"], d) for d in doses[i:i + 500]])
            assert {r.status for r in results} == {201}, results[0]
        return time.perf_counter() - t0

    # Untimed: one round to grow the table, then fresh statistics. Timed from an empty table
    # instead, the first rounds ran on plans made for a few hundred rows (a scan per batch
    # that grew with each round) until autovacuum analysed it, and whichever mode ran then
    # looked several times slower (measured: the plan, not the tally, took the time).
    one_round(DAYS)
    with engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
        conn.commit()
    real = tally.record
    # A sync round sends a few days' doses (few tally keys a batch); a backfill spreads a
    # year (almost one key per dose): the worst case.
    for profile, days in (("sync, 3 days", 3), ("backfill, 365 days", DAYS)):
        times: dict[str, list[float]] = {"off": [], "on": []}
        inside: list[float] = []  # seconds spent in tally.record, per "on" round
        print(f"\ningest of {count:,} Immunizations ({profile}), batches of 500 "
              "(target ≤ 10 % slower)")

        def timed_record(conn, changes, inside=inside) -> None:  # noqa: ANN001
            t0 = time.perf_counter()
            real(conn, changes)
            inside[-1] += time.perf_counter() - t0

        for n in range(rounds):
            for mode in (("off", "on") if n % 2 == 0 else ("on", "off")):
                if mode == "on":
                    inside.append(0.0)
                tally.record = timed_record if mode == "on" else (lambda _conn, _changes: None)
                try:
                    times[mode].append(one_round(days))
                finally:
                    tally.record = real
                print(f"  round {n + 1} tally {mode:3}: {times[mode][-1]:6.2f} s  "
                      + (f"(of which in the tally {inside[-1]:.2f} s)  " if mode == "on" else "")
                      + f"({load_avg()})")
        off, on = statistics.median(times["off"]), statistics.median(times["on"])
        own = statistics.median(inside)
        # The second figure is steadier on a shared machine: the tally's own time against
        # the same round without it, where the first compares two rounds' noise as well.
        print(f"  median off {off:.2f} s, on {on:.2f} s: the tally costs "
              f"{(on - off) / off * 100:+.1f} %; its own time {own:.2f} s a round is "
              f"{own / off * 100:.1f} % of an ingest without it  ({load_avg()})")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sites", type=int, default=1000)
    parser.add_argument("--doses", type=int, default=20_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--ingest", type=int, default=20_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url, server = postgres_url(Path(folder))
        try:
            engine = make_engine(url)
            province, commune = fill(engine, args.sites, args.doses)
            engine.dispose()
            time_pages(url, province, commune, args.runs)
            time_ingest(url, args.ingest)
        finally:
            if server is not None:
                server.cleanup()


if __name__ == "__main__":
    main()
