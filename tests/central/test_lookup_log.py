"""A site's lookups of other sites' people (by a citizen's ID number) are recorded for the
province and limited per site and hour; a site's own records are neither. Through a real
central server process, with two laptops' real sync clients and raw HTTP."""

from __future__ import annotations

from datetime import timedelta

import pytest
import requests
from sqlalchemy import select, update

from central_server.db.engine import make_engine
from central_server.db.models import SiteLookup
from desktop_app.services import lookup
from desktop_app.sync.lookup import identifier_token
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import rows

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


def logged(server):
    engine = make_engine(server.database_url)
    try:
        with engine.connect() as conn:
            return [(r.site_code, r.resource_type, r.asked, r.results, r.refused) for r in
                    conn.execute(select(SiteLookup).order_by(SiteLookup.id))]
    finally:
        engine.dispose()


def session(token):
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def test_each_lookup_across_sites_is_recorded_a_sites_own_records_are_not(
        wired, wired_b, known_at_a):
    pid, cccd = known_at_a
    asked = identifier_token(cccd)
    citizen = lookup.look_up(wired_b.db, cccd)
    assert citizen is not None and len(citizen.doses) == 2
    assert logged(wired.server) == [("HN-0002", "Patient", asked, 1, False),
                                    ("HN-0002", "Immunization", asked, 2, False)]
    # Site A's own: a sync's pulls, a read by id, a search by date; central staff's search.
    wired.sync()
    own = session(wired.token)
    assert own.get(f"{wired.server.url}/Patient/{pid}", timeout=10).status_code == 200
    assert own.get(f"{wired.server.url}/Immunization",
                   params={"_lastUpdated": "gt2000-01-01T00:00:00Z"}, timeout=10).ok
    assert session(wired.central_token).get(f"{wired.server.url}/Patient",
                                            params={"identifier": asked}, timeout=10).ok
    # Another site's Patient read by id is not shown at all: nothing to record.
    assert session(wired_b.token).get(f"{wired.server.url}/Patient/{pid}",
                                      timeout=10).status_code == 404
    assert len(logged(wired.server)) == 2

    printed = wired.server.cli("lookup-log")
    latest, earlier = printed.splitlines()
    assert "HN-0002  Immunization" in latest and f"{asked}  2 found" in latest
    assert "HN-0002  Patient" in earlier and f"{asked}  1 found" in earlier
    assert wired.server.cli("lookup-log", "--site", "HN-0001") == ""


def test_past_the_hours_limit_a_site_is_answered_429_and_its_own_work_goes_on(
        wired, wired_b, known_at_a):
    pid, cccd = known_at_a
    asked = identifier_token(cccd)
    b = session(wired_b.token)
    url = f"{wired.server.url}/Patient"
    for _ in range(LIMIT):
        assert b.get(url, params={"identifier": asked}, timeout=10).status_code == 200
    refused = b.get(url, params={"identifier": asked}, timeout=10)
    assert refused.status_code == 429
    assert 3500 < int(refused.headers["Retry-After"]) <= 3600
    body = refused.json()
    assert body["resourceType"] == "OperationOutcome"
    [issue] = body["issue"]
    assert issue["code"] == "throttled"
    assert issue["details"]["coding"][0]["code"] == "LOOKUPS_TOO_MANY"
    assert "3 lần trong một giờ qua" in issue["details"]["text"]
    assert "60 phút" in issue["details"]["text"]
    # Immunizations by the holder's ID are the same reach: refused as well.
    assert b.get(f"{wired.server.url}/Immunization", params={"patient.identifier": asked},
                 timeout=10).status_code == 429
    # A run of refusals is one entry, the first; the answered ones each have theirs.
    assert logged(wired.server)[LIMIT:] == [("HN-0002", "Patient", asked, 0, True)]
    assert "refused: over the hourly limit" in wired.server.cli("lookup-log").splitlines()[0]

    # Site B's own records still sync; site A's lookups are counted apart.
    assert wired_b.sync().rejected == 0
    assert session(wired.token).get(url, params={"identifier": asked}, timeout=10).ok

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
    lookup.look_up(wired_b.db, cccd)  # two of the three: the person, their doses
    with pytest.raises(LookupsLimited):
        lookup.look_up(wired_b.db, cccd)  # the person answered, then their doses refused
    started = time.monotonic()
    with pytest.raises(LookupsLimited) as caught:
        lookup.find_elsewhere(wired_b.db, cccd)  # the desk's call: not taken for "nobody"
    assert time.monotonic() - started < 3  # the Retry-After's hour is never waited out
    assert isinstance(caught.value, UserError)
    assert caught.value.message("vi").startswith(
        "Hệ thống trung tâm tạm ngừng tra cứu người ở cơ sở khác cho cơ sở này")
    assert "khoảng 60 phút" in caught.value.message("vi")


def test_vaxdesk_lookup_says_the_limit_and_exits_2(wired, wired_b, known_at_a):
    import os
    import subprocess
    import sys

    from tests.keys import ensure_test_supervisor

    _pid, cccd = known_at_a
    b = session(wired_b.token)
    for _ in range(LIMIT):
        b.get(f"{wired.server.url}/Patient", params={"identifier": identifier_token(cccd)},
              timeout=10)
    path_b = wired_b.db.path
    wired_b.db.close()  # the command takes the database, as with the app closed
    ensure_test_supervisor(path_b)
    out = subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(path_b),
                          "--lang", "vi", "lookup", cccd], capture_output=True, text=True,
                         env=dict(os.environ), timeout=60)
    assert out.returncode == 2
    assert "tạm ngừng tra cứu người ở cơ sở khác" in out.stderr and "60 phút" in out.stderr
