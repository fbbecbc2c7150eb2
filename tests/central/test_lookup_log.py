"""A site's lookups of other sites' people (by a citizen's ID number) are recorded for the
province and limited per site and hour; a site's own records are neither. Through a real
central server process, with two laptops' real sync clients and raw HTTP."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, select, update

from central_server.db.engine import make_engine
from central_server.db.models import SiteLookup
from central_server.fhir.store import utc_now
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync.lookup import identifier_token
from tests import forked
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import rows
from tests.wired import bearer, lookups_logged

LIMIT = 3


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setenv("VAXDESK_CENTRAL_LOOKUPS_PER_HOUR", str(LIMIT))


@pytest.fixture
def central(small_limit, central):
    """The platform with a small hourly limit, so a test reaches it in a few requests."""
    return central


@pytest.fixture
def known_at_a(wired):
    """Site A's person with two doses, on the platform; their CCCD."""
    (pid,) = make_people(wired.db, 1, doses_each=2)
    assert wired.sync().synced == 3
    return pid, rows(wired.db, "SELECT id_number FROM person WHERE id = :p", p=pid)[0][0]


def test_each_lookup_across_sites_is_recorded_a_sites_own_records_are_not(
        wired, wired_b, known_at_a):
    pid, cccd = known_at_a
    asked = identifier_token(cccd)
    citizen = lookup.look_up(wired_b.db, cccd, actor=AT_THIS_LAPTOP)
    assert citizen is not None and len(citizen.doses) == 2
    # One citizen, one lookup: the person, then their doses (records found: 1 + 2).
    assert lookups_logged(wired.server) == [("HN-0002", "Patient", asked, 3, False)]
    # Site A's own: a sync's pulls, a read by id, a search by date; central staff's search.
    wired.sync()
    own = bearer(wired.token)
    assert own.get(f"{wired.server.url}/Patient/{pid}", timeout=10).status_code == 200
    assert own.get(f"{wired.server.url}/Immunization",
                   params={"_lastUpdated": "gt2000-01-01T00:00:00Z"}, timeout=10).ok
    assert bearer(wired.central_token).get(f"{wired.server.url}/Patient",
                                           params={"identifier": asked}, timeout=10).ok
    # Another site's Patient read by id is not shown at all: nothing to record.
    assert bearer(wired_b.token).get(f"{wired.server.url}/Patient/{pid}",
                                     timeout=10).status_code == 404
    assert len(lookups_logged(wired.server)) == 1

    [printed] = wired.server.cli("lookup-log").splitlines()
    assert "HN-0002  Patient" in printed and f"{asked}  3 found" in printed
    assert wired.server.cli("lookup-log", "--site", "HN-0001") == ""


def others(count):
    """ID numbers of ``count`` citizens nobody has: a lookup of each counts all the same."""
    return [make_cccd("001", Sex.MALE, 1990, 900 + n) for n in range(count)]


def test_one_citizen_looked_up_is_one_lookup_whatever_its_searches_and_pages(
        wired, wired_b, known_at_a):
    """Counted per search, a citizen read as two lookups on the dashboard and used two of
    the hour's: a site at its limit was given the person, then refused their doses."""
    _pid, cccd = known_at_a
    asked = identifier_token(cccd)
    for number in others(LIMIT - 1):
        assert lookup.look_up(wired_b.db, number, actor=AT_THIS_LAPTOP) is None
    # the hour's last: the person and the doses
    citizen = lookup.look_up(wired_b.db, cccd, actor=AT_THIS_LAPTOP)
    assert citizen is not None and len(citizen.doses) == 2
    # Their doses again, a page at a time: the same lookup still.
    b = bearer(wired_b.token)
    page = b.get(f"{wired.server.url}/Immunization",
                 params={"patient.identifier": asked, "_count": "1"}, timeout=10).json()
    [next_page] = [link["url"] for link in page["link"] if link["relation"] == "next"]
    assert b.get(next_page, timeout=10).status_code == 200
    assert lookups_logged(wired.server)[-1] == ("HN-0002", "Patient", asked, 1 + 2 + 1 + 1,
                                                False)
    assert len(lookups_logged(wired.server)) == LIMIT
    # Another citizen is one more: over the limit.
    [one_more] = others(LIMIT)[-1:]
    assert b.get(f"{wired.server.url}/Patient", params={"identifier": identifier_token(
        one_more)}, timeout=10).status_code == 429


def test_past_the_hours_limit_a_site_is_answered_429_and_its_own_work_goes_on(
        wired, wired_b, known_at_a):
    pid, cccd = known_at_a
    asked = identifier_token(cccd)
    b = bearer(wired_b.token)
    url = f"{wired.server.url}/Patient"
    *first, next_one, after = [identifier_token(n) for n in [cccd, *others(LIMIT + 1)]]
    for citizen in first:
        assert b.get(url, params={"identifier": citizen}, timeout=10).status_code == 200
    refused = b.get(url, params={"identifier": next_one}, timeout=10)
    assert refused.status_code == 429
    assert 3500 < int(refused.headers["Retry-After"]) <= 3600
    body = refused.json()
    assert body["resourceType"] == "OperationOutcome"
    [issue] = body["issue"]
    assert issue["code"] == "throttled"
    assert issue["details"]["coding"][0]["code"] == "LOOKUPS_TOO_MANY"
    assert "3 lần trong một giờ qua" in issue["details"]["text"]
    assert "60 phút" in issue["details"]["text"]
    # Immunizations by another citizen's ID are the same reach: refused as well.
    assert b.get(f"{wired.server.url}/Immunization", params={"patient.identifier": after},
                 timeout=10).status_code == 429
    # A run of refusals is one entry, the first; the answered ones each have theirs.
    assert lookups_logged(wired.server)[LIMIT:] == [("HN-0002", "Patient", next_one, 0, True)]
    assert "refused: over the hourly limit" in wired.server.cli("lookup-log").splitlines()[0]

    # Site B's own records still sync; site A's lookups are counted apart.
    assert wired_b.sync().rejected == 0
    assert bearer(wired.token).get(url, params={"identifier": asked}, timeout=10).ok

    # An hour later the oldest lookups have left the window: B may ask again.
    engine = make_engine(wired.server.database_url)
    try:
        with engine.begin() as conn:
            for entry in conn.execute(select(SiteLookup.id, SiteLookup.at)).all():
                conn.execute(update(SiteLookup).where(SiteLookup.id == entry.id)
                             .values(at=entry.at - timedelta(hours=1)))
    finally:
        engine.dispose()
    assert b.get(url, params={"identifier": asked}, timeout=10).status_code == 200


def test_the_desk_client_says_the_limit_in_vietnamese_at_once(wired, wired_b, known_at_a):
    import time

    from desktop_app.rules.messages import UserError
    from desktop_app.sync.lookup import LookupsLimited

    _pid, cccd = known_at_a
    *before, one_more, another = others(LIMIT + 1)
    for number in [*before, cccd]:  # the hour's three citizens
        lookup.look_up(wired_b.db, number, actor=AT_THIS_LAPTOP)
    with pytest.raises(LookupsLimited):
        lookup.look_up(wired_b.db, one_more, actor=AT_THIS_LAPTOP)
    started = time.monotonic()
    with pytest.raises(LookupsLimited) as caught:
        # the desk's call: not taken for "nobody"
        lookup.find_elsewhere(wired_b.db, another, actor=AT_THIS_LAPTOP)
    assert time.monotonic() - started < 3  # the Retry-After's hour is never waited out
    assert isinstance(caught.value, UserError)
    assert caught.value.message("vi").startswith(
        "Hệ thống trung tâm tạm ngừng tra cứu người ở điểm tiêm khác cho điểm tiêm này")
    assert "khoảng 60 phút" in caught.value.message("vi")


def test_vaxdesk_lookup_says_the_limit_and_exits_2(wired, wired_b, known_at_a):
    import os

    from tests.keys import ensure_test_supervisor

    _pid, cccd = known_at_a
    b = bearer(wired_b.token)
    for number in others(LIMIT):
        b.get(f"{wired.server.url}/Patient", params={"identifier": identifier_token(number)},
              timeout=10)
    path_b = wired_b.db.path
    wired_b.db.close()  # the command takes the database, as with the app closed
    ensure_test_supervisor(path_b)
    out = forked.vaxdesk("--db", str(path_b), "--lang", "vi", "lookup", cccd, env=dict(os.environ),
                         timeout=60)
    assert out.returncode == 2
    assert "tạm ngừng tra cứu người ở điểm tiêm khác" in out.stderr and "60 phút" in out.stderr


# --- how long the log keeps what was asked (lookup_log.prune) ----------------------------------

def put(database_url, *entries):
    """Entries as the platform would have recorded them: (site, at, asked)."""
    engine = make_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(SiteLookup), [
                {"at": at, "site_code": site, "resource_type": "Patient", "asked": what,
                 "results": 1, "refused": False} for site, at, what in entries])
    finally:
        engine.dispose()


def asked_in(database_url):
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            return sorted(conn.execute(select(SiteLookup.asked)).scalars())
    finally:
        engine.dispose()


def test_entries_older_than_the_setting_go_when_the_server_starts_and_the_limit_holds(
        central, monkeypatch):
    b = bearer(central.cli("create-site", "HN-0002", "Trạm Y tế Xã Đông Anh"))
    url = f"{central.url}/Patient"
    for n in range(LIMIT):  # three citizens
        assert b.get(url, params={"identifier": f"urn:x|00{n}"}, timeout=10).status_code == 200
    now = utc_now()
    put(central.database_url, ("HN-0002", now - timedelta(days=31), "urn:x|old"),
        ("HN-0009", now - timedelta(days=400), "urn:x|older"),
        ("HN-0002", now - timedelta(days=29), "urn:x|kept"))

    monkeypatch.setenv("VAXDESK_CENTRAL_LOOKUP_LOG_DAYS", "30")
    central.stop()
    central.start()
    assert asked_in(central.database_url) == ["urn:x|000", "urn:x|001", "urn:x|002",
                                              "urn:x|kept"]
    # The hour's lookups are all still counted: the fourth is refused, as before the restart.
    assert b.get(url, params={"identifier": "urn:x|003"}, timeout=10).status_code == 429


def test_a_running_server_prunes_again_a_day_later_on_a_fhir_request(tmp_path, monkeypatch):
    """The daily prune rides on FHIR requests (the sites sync every day); the clock is moved
    rather than waited, so the app runs in this process, driven as the ASGI server does."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from central_server import lookup_log
    from central_server.app import create_app
    from central_server.settings import Settings

    database_url = f"sqlite:///{tmp_path / 'central.db'}"
    started = datetime(2026, 3, 1, 8, 0)
    clock = [started]
    monkeypatch.setattr(lookup_log, "utc_now", lambda: clock[0])
    monkeypatch.setenv("VAXDESK_CENTRAL_LOOKUP_LOG_DAYS", "30")
    app = create_app(Settings.from_env(database_url))
    put(database_url, ("HN-0002", started - timedelta(days=31), "urn:x|at-start"))
    put(database_url, ("HN-0002", started - timedelta(days=29, hours=12), "urn:x|later"),
        ("HN-0002", started - timedelta(days=1), "urn:x|recent"))

    def metadata_at(moment):
        clock[0] = moment
        # In a thread of its own: a Playwright test earlier in this worker leaves an event
        # loop running in this one, where asyncio.run() refuses to start.
        with ThreadPoolExecutor(1) as pool:
            status = pool.submit(asyncio.run, asgi_get(app, "/fhir/metadata")).result()
        assert status == 200
        return asked_in(database_url)

    # Pruned at start, before these were put: not again within the day.
    assert "urn:x|at-start" in metadata_at(started + timedelta(hours=23))
    # A day on: "later" is 30.5 days old, gone; "recent" stays.
    assert metadata_at(started + timedelta(days=1)) == ["urn:x|recent"]
    app.state.central.engine.dispose()


async def asgi_get(app, path):
    """One GET through the app as uvicorn calls it; the response's status."""
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    await app({"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
               "method": "GET", "scheme": "http", "path": path, "raw_path": path.encode(),
               "root_path": "", "query_string": b"", "headers": [(b"host", b"test")],
               "server": ("test", 80), "client": ("127.0.0.1", 1)}, receive, send)
    return sent[0]["status"]


@pytest.mark.parametrize("value", ["0", "-5", "a year", "1.5", "36501"])
def test_a_retention_that_is_no_whole_number_of_days_stops_the_server_saying_which(
        value, monkeypatch):
    from central_server.settings import Settings

    monkeypatch.setenv("VAXDESK_CENTRAL_LOOKUP_LOG_DAYS", value)
    with pytest.raises(ValueError) as refused:
        Settings.from_env("sqlite://")
    assert str(refused.value) == ("VAXDESK_CENTRAL_LOOKUP_LOG_DAYS must be a whole number "
                                  f"from 1 to 36500; it is {value!r}")


def test_the_server_refuses_to_start_on_a_bad_retention(tmp_path):
    import os
    import subprocess
    import sys

    env = {**os.environ, "VAXDESK_CENTRAL_LOOKUP_LOG_DAYS": "0",
           "VAXDESK_CENTRAL_ALLOW_PLAIN_CSCA": "1"}
    out = subprocess.run([sys.executable, "-m", "central_server.cli", "--database-url",
                          f"sqlite:///{tmp_path / 'central.db'}", "serve", "--port", "1"],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip() == ("refused: VAXDESK_CENTRAL_LOOKUP_LOG_DAYS must be a whole "
                                  "number from 1 to 36500; it is '0'")  # no traceback


@pytest.mark.parametrize(("name", "value", "most"), [
    ("VAXDESK_CENTRAL_LOOKUPS_PER_HOUR", "0", 1_000_000),
    ("VAXDESK_CENTRAL_COMPLAINTS_PER_HOUR", "ten", 1_000_000),
    ("VAXDESK_CENTRAL_COMPLAINTS_PER_ID_PER_HOUR", "0", 1_000),
    ("VAXDESK_CENTRAL_SIGNER_DAYS", "365", 90),
    ("VAXDESK_CENTRAL_STALE_REPORT_HOURS", "0", 876_000),
])
def test_every_number_setting_is_checked_alike(name, value, most, monkeypatch):
    """Before, "ten" crashed with Python's bare int() error, 0 became 1 and 365 became 90
    without a word."""
    from central_server.settings import Settings

    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError) as refused:
        Settings.from_env("sqlite://")
    assert str(refused.value) == f"{name} must be a whole number from 1 to {most}; " \
                                 f"it is {value!r}"


def test_unset_the_log_keeps_a_year(monkeypatch):
    from central_server.settings import Settings

    monkeypatch.delenv("VAXDESK_CENTRAL_LOOKUP_LOG_DAYS", raising=False)
    assert Settings.from_env("sqlite://").lookup_log_days == 365


def test_the_counts_per_site_and_the_prune_on_each_database(any_central):
    """What the dashboard reads (lookup_log.by_site) and what the prune deletes, on SQLite
    and PostgreSQL alike: the busiest hour is any 60 minutes, as the limit counts."""
    from central_server.lookup_log import by_site, prune

    t = datetime(2026, 3, 2, 8, 0)
    put(any_central.database_url,
        *[("HN-A", t + timedelta(minutes=m), "urn:x|1") for m in (0, 40, 50, 70, 95)],
        ("HN-B", t, "urn:x|2"), ("SG-A", t, "urn:x|3"),
        ("HN-A", t - timedelta(days=40), "urn:x|old"))
    engine = make_engine(any_central.database_url)
    try:
        with engine.begin() as conn:
            conn.execute(insert(SiteLookup).values(
                at=t + timedelta(minutes=99), site_code="HN-A", resource_type="Patient",
                asked="urn:x|1", results=0, refused=True))
        found = by_site(engine, {"HN-A", "HN-B"}, t - timedelta(days=1), t + timedelta(days=1))
        assert [(f.site_code, f.answered, f.refused, f.busiest_hour, f.latest_at)
                for f in found] == [("HN-A", 5, 1, 4, t + timedelta(minutes=99)),
                                    ("HN-B", 1, 0, 1, t)]
        assert prune(engine, 30, t) == 1
        assert prune(engine, 30, t) == 0
    finally:
        engine.dispose()
    assert "urn:x|old" not in asked_in(any_central.database_url)


def test_the_daily_prune_finds_old_entries_by_index_not_by_reading_the_whole_log(tmp_path):
    """Made at start in a store from before it, too (engine._create adds missing indexes)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    with engine.connect() as conn:
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN DELETE FROM site_lookup WHERE at < '2026-01-01'"))
        conn.exec_driver_sql("DROP INDEX ix_site_lookup_at")
        conn.commit()
    engine.dispose()
    assert "USING INDEX ix_site_lookup_at" in plan, plan
    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = "
                                    "'ix_site_lookup_at'").first() is not None
    engine.dispose()
