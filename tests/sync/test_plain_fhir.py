"""The sync against a FHIR R4 server that knows nothing of VaxDesk (issue #17, point 1).

The server is ``tests/plain_fhir/server.py`` as a real process: no batch, no ``_source``, no
VaxDesk API, versions stamped by the server, ``If-Match`` honoured, PUT without ``If-Match``
updating. Faults come from ``tests/fault_proxy.py`` between the client and it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database, open_database
from desktop_app.db.models import Person, SyncRecord
from desktop_app.progress import drain
from desktop_app.rules.messages import UserError
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync.errors import ProtocolError, ServerUnavailable
from desktop_app.sync.push import MAX_REREADS, PUTS_AT_ONCE
from tests.fault_proxy import Canned, FaultProxy
from tests.keys import TEST_PASSPHRASE
from tests.plain_fhir.live import PlainServer
from tests.sync.hapi_like import HapiLike
from tests.sync.helpers import make_people, reads_passed, reconcile, sync_killed_mid_round

pytestmark = pytest.mark.slow


@dataclass
class PlainWired:
    db: Database
    server: PlainServer

    @property
    def token(self) -> str:
        return self.server.token

    def client(self, url: str | None = None, **options):
        options.setdefault("backoff_base", 0.05)
        options.setdefault("backoff_cap", 0.5)
        return syncing.make_client(syncing.load_config(self.db, url), **options)

    def sync(self, url: str | None = None, **options):
        return drain(syncing.sync_round(self.db, self.client(url, **options),
                                        actor=AT_THIS_LAPTOP))

    def server_copy(self, type_: str, id_: str):
        return self.server.session().get(f"{self.server.url}/{type_}/{id_}", timeout=10)


@pytest.fixture
def plain(tmp_path, db, site) -> Iterator[PlainWired]:
    server = PlainServer(tmp_path).start()
    syncing.save_config(db, server.url, server.token, actor=AT_THIS_LAPTOP)
    yield PlainWired(db, server)
    server.stop()


@pytest.fixture
def batch_front(plain) -> Iterator[HapiLike]:
    """The plain server with batch on, behind a HAPI-like front that orders search pages by
    id (tests/sync/hapi_like.py): what a HAPI server with batch looks like to the laptop."""
    plain.server.batch = True
    plain.server.restart()
    server = HapiLike(plain.server.url, order=lambda r: r["id"])
    yield server
    server.close()


@pytest.fixture
def proxy(plain) -> Iterator[FaultProxy]:
    p = FaultProxy(plain.server.port)
    p.lose_methods = {b"PUT"}
    yield p
    p.close()


def _states(db) -> dict[str, int]:
    with db.engine.connect() as conn:
        return dict(conn.execute(text(
            "SELECT state, count(*) FROM sync_record GROUP BY state")).all())


def _edit_phone(db, pid: str, phone: str) -> None:
    with db.transaction() as s:
        store.update_person(s, s.get(Person, pid), {"phone": phone}, now=utc_now())


def test_a_site_pushes_and_pulls_through_a_plain_fhir_server(plain):
    make_people(plain.db, 30, doses_each=2)
    summary = plain.sync()
    assert (summary.synced, summary.rejected, summary.conflicts) == (90, 0, 0)
    assert summary.skipped == []  # nothing VaxDesk-only was even tried
    assert summary.audit_anchor is None and summary.site_report is None
    with plain.db.reading() as s:  # no audit anchor asked for, none sent
        assert settings.read(s, settings.AUDIT_ANCHOR_CHECKS) == []
    seen = plain.server.requests_seen()
    assert not [r for r in seen if "/api" in r or r.startswith("POST")], seen[:5]
    assert seen[0] == "GET /baseR4/metadata"
    reconcile(plain.db, plain.server.url, plain.token)
    again = plain.sync()  # its own writes came back in the pull: recognised, not changes
    assert (again.sent, again.pulled, again.conflicts) == (0, 0, 0)


def test_an_edit_by_another_tool_comes_down_as_a_central_change(plain):
    [pid] = make_people(plain.db, 1, doses_each=1)
    plain.sync()
    copy = plain.server_copy("Patient", pid)
    body = copy.json()  # another tool keeps our meta.source as it found it
    body["name"] = [{"text": "Trần Thị Bích"}]
    r = plain.server.session().put(f"{plain.server.url}/Patient/{pid}", json=body,
                                   headers={"If-Match": copy.headers["ETag"]})
    assert r.status_code == 200
    summary = plain.sync()
    assert summary.pulled == 1 and summary.conflicts == 0
    with plain.db.reading() as s:
        assert s.get(Person, pid).full_name == "Trần Thị Bích"
    assert plain.sync().pulled == 0
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_central_edit_then_a_local_edit_is_a_conflict_never_an_overwrite(plain):
    [pid] = make_people(plain.db, 1, doses_each=1)
    plain.sync()
    body = plain.server_copy("Patient", pid).json()
    body["name"] = [{"text": "Trần Thị Bích"}]
    # Another tool, no If-Match at all (the spec lets it): version 2, meta.source untouched.
    assert plain.server.session().put(f"{plain.server.url}/Patient/{pid}",
                                      json=body).status_code == 200
    _edit_phone(plain.db, pid, "0911222333")
    summary = plain.sync()
    assert summary.conflicts == 1
    kept = plain.server_copy("Patient", pid).json()
    assert kept["name"] == [{"text": "Trần Thị Bích"}] and "telecom" not in kept
    with plain.db.reading() as s:
        row = s.get(SyncRecord, ("person", pid))
        assert row.state == "conflict"
        assert json.loads(row.server_body)["name"] == [{"text": "Trần Thị Bích"}]
    # A person keeps the laptop's version: a deliberate update of the server's version 2.
    syncing.resolve_conflict(plain.db, "person", pid, "mine", actor=AT_THIS_LAPTOP)
    assert plain.sync().conflicts == 0
    reconcile(plain.db, plain.server.url, plain.token)


def test_lost_answers_leave_every_record_once(plain, proxy):
    make_people(plain.db, 20, doses_each=2)
    proxy.lose_answers = 5
    summary = plain.sync(proxy.url("/baseR4"))
    assert proxy.lose_answers == 0  # five answers really were lost, and retried
    assert summary.conflicts == 0 and summary.synced == 60
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_lost_create_then_a_local_edit_is_recovered_not_overwritten_blindly(plain, proxy):
    [pid] = make_people(plain.db, 1, doses_each=1)
    proxy.lose_answers = 10
    with pytest.raises(ServerUnavailable):
        plain.sync(proxy.url("/baseR4"), max_attempts=2)
    assert _states(plain.db) == {"sending": 2}
    _edit_phone(plain.db, pid, "0987000111")
    proxy.lose_answers = 0
    summary = plain.sync(proxy.url("/baseR4"))
    assert summary.recovered == 1 and summary.conflicts == 0
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_lost_create_then_another_tools_edit_is_a_conflict(plain, proxy):
    [pid] = make_people(plain.db, 1, doses_each=0 + 1)
    proxy.lose_answers = 10
    with pytest.raises(ServerUnavailable):
        plain.sync(proxy.url("/baseR4"), max_attempts=2)
    body = plain.server_copy("Patient", pid).json()
    body["name"] = [{"text": "Trần Thị Bích"}]
    assert plain.server.session().put(f"{plain.server.url}/Patient/{pid}",
                                      json=body).status_code == 200
    proxy.lose_answers = 0
    summary = plain.sync(proxy.url("/baseR4"))  # a PUT without If-Match would overwrite
    assert summary.conflicts == 1
    assert plain.server_copy("Patient", pid).json()["name"] == [{"text": "Trần Thị Bích"}]


def test_503_with_retry_after_is_honoured(plain, proxy):
    make_people(plain.db, 5, doses_each=1)
    proxy.canned = [Canned(503, "Service Unavailable", {"Retry-After": "1"}),
                    Canned(503, "Service Unavailable", {"Retry-After": "1"})]
    started = time.monotonic()
    summary = plain.sync(proxy.url("/baseR4"), max_attempts=5)
    assert proxy.canned == []
    assert time.monotonic() - started >= 2.0
    assert summary.synced == 10
    reconcile(plain.db, plain.server.url, plain.token)


def test_client_killed_with_sigkill_mid_round_then_rerun(plain, proxy, db_path):
    make_people(plain.db, 60, doses_each=2)
    plain.db.close()  # the CLI process takes the database
    sync_killed_mid_round(db_path, proxy, proxy.url("/baseR4"), after_bytes=20_000)
    db = open_database(db_path, TEST_PASSPHRASE)
    try:
        states = _states(db)
        assert states.get("synced", 0) < 180 and states.get("sending", 0) > 0, states
        plain.db = db
        summary = plain.sync(proxy.url("/baseR4"))
        assert summary.conflicts == 0
        reconcile(db, plain.server.url, plain.token)
    finally:
        db.close()


def test_a_round_ends_when_every_if_match_fails(plain):
    people = make_people(plain.db, 5, doses_each=1)
    plain.sync()
    plain.server.restart("--fail-if-match")
    for pid in people:
        _edit_phone(plain.db, pid, "0911000" + pid[-3:].replace("-", "0"))
    before = len(plain.server.requests_seen())
    plain.sync()  # ends
    used = plain.server.requests_seen()[before:]
    puts = [r for r in used if r.startswith("PUT")]
    reads = [r for r in used if r.startswith("GET /baseR4/Patient/")]
    assert len(puts) <= len(people) * (MAX_REREADS + 1), used
    assert len(reads) <= len(people) * MAX_REREADS
    with plain.db.reading() as s:
        left = s.execute(select(SyncRecord).where(SyncRecord.entity == "person")).scalars()
        left = list(left)
    assert {r.state for r in left} == {"sending"}  # queued first thing next round
    assert all(json.loads(r.last_error)[-1]["code"] == "SYNC_RETRY_NEXT_ROUND" for r in left)
    plain.server.restart()
    assert plain.sync().conflicts == 0
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_server_with_versions_only_in_the_etag(plain):
    plain.server.restart("--etag-only")
    [pid, other] = make_people(plain.db, 2, doses_each=1)
    assert plain.sync().synced == 4
    copy = plain.server_copy("Patient", pid)
    assert "versionId" not in copy.json()["meta"] and copy.headers["ETag"] == 'W/"1"'
    body = copy.json()
    body["name"] = [{"text": "Trần Thị Bích"}]
    plain.server.session().put(f"{plain.server.url}/Patient/{pid}", json=body)
    _edit_phone(plain.db, other, "0911222333")
    summary = plain.sync()
    assert (summary.pulled, summary.conflicts, summary.synced) == (1, 0, 1)
    with plain.db.reading() as s:
        assert s.get(Person, pid).full_name == "Trần Thị Bích"
        versions = {r.record_id: r.server_version for r in s.execute(
            select(SyncRecord).where(SyncRecord.entity == "person")).scalars()}
    assert versions == {pid: "2", other: "2"}


def test_vaxdesk_steps_failing_on_a_configured_api_never_stop_the_round(plain):
    """An API URL configured on a server that has none: the catalogue's 404 is told."""
    with plain.db.transaction() as s:
        settings.write(s, settings.SYNC_API_URL, plain.server.url + "/api")
    make_people(plain.db, 3, doses_each=1)
    summary = plain.sync()
    assert summary.synced == 6
    assert [name for name, _ in summary.skipped] == ["catalogue"]
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_plain_server_with_batch_gets_batches_and_lost_answers_stay_harmless(plain):
    plain.server.batch = True
    plain.server.restart()
    proxy = FaultProxy(plain.server.port)  # loses POST answers: the batches'
    try:
        make_people(plain.db, 20, doses_each=2)
        proxy.lose_answers = 2
        summary = plain.sync(proxy.url("/baseR4"))
        assert proxy.lose_answers == 0 and summary.conflicts == 0 and summary.synced == 60
    finally:
        proxy.close()
    seen = plain.server.requests_seen()
    assert "POST /baseR4" in seen and not [r for r in seen if r.startswith("PUT")]
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_lost_batch_then_another_tools_edit_is_a_conflict_not_overwritten(plain):
    """As the single PUTs' case above, through batches: the resent create went in a batch
    entry without If-Match, and the other tool's edit was overwritten without a word."""
    plain.server.batch = True
    plain.server.restart()
    proxy = FaultProxy(plain.server.port)  # loses POST answers: the batches'
    try:
        [pid] = make_people(plain.db, 1, doses_each=1)
        proxy.lose_answers = 100
        with pytest.raises(ServerUnavailable):
            plain.sync(proxy.url("/baseR4"), max_attempts=2)
        proxy.lose_answers = 0
        body = plain.server_copy("Patient", pid).json()
        body["name"] = [{"text": "Trần Thị Bích"}]
        assert plain.server.session().put(f"{plain.server.url}/Patient/{pid}",
                                          json=body).status_code == 200
        summary = plain.sync(proxy.url("/baseR4"))
    finally:
        proxy.close()
    assert summary.conflicts == 1
    assert plain.server_copy("Patient", pid).json()["name"] == [{"text": "Trần Thị Bích"}]


def _batches_unanswered(plain, *flags: str) -> FaultProxy:
    """A plain server with batch (and ``flags``) that took every record of a round whose
    answers were all lost: the records left 'sending'. The proxy, its counts cleared."""
    plain.server.batch = True
    plain.server.restart(*flags)
    proxy = FaultProxy(plain.server.port)  # loses POST answers: the batches'
    make_people(plain.db, 20, doses_each=1)
    proxy.lose_answers = 100
    with pytest.raises(ServerUnavailable):
        plain.sync(proxy.url("/baseR4"), max_attempts=2)
    assert _states(plain.db) == {"sending": 40}
    proxy.lose_answers = 0
    proxy.requests_made.clear()
    return proxy


@pytest.mark.parametrize("etag_only", [False, True])
def test_records_a_lost_batch_took_are_asked_about_together(plain, etag_only):
    """The records the server took are found by a search a type and batch, never created again
    over its copy (tests/sync/test_cut_round_read_back.py). With versions only in the ETag,
    each one found is read alone for its version, as the pull reads such a hit."""
    proxy = _batches_unanswered(plain, *(["--etag-only"] if etag_only else []))
    before = len(plain.server.requests_seen())
    try:
        summary = plain.sync(proxy.url("/baseR4"))
    finally:
        proxy.close()
    assert (summary.synced, summary.conflicts) == (40, 0)
    seen = plain.server.requests_seen()[before:]
    searches = sum(r.endswith("?_id") for r in seen)
    assert 0 < searches <= 10, seen  # one a type in each batch claimed, not one a record
    assert reads_passed(proxy, "/baseR4") == (40 if etag_only else 0)
    if not etag_only:
        reconcile(plain.db, plain.server.url, plain.token)
        return
    with plain.db.reading() as s:  # reconcile reads versions from bodies: none here
        kept = [(r.entity, r.record_id, r.state, r.server_version)
                for r in s.execute(select(SyncRecord)).scalars()]
    for entity, record_id, state, version in kept:
        copy = plain.server_copy("Patient" if entity == "person" else "Immunization",
                                 record_id)
        assert (state, copy.headers["ETag"]) == ("synced", f'W/"{version}"')


def test_a_server_ignoring_the_id_search_it_declares_is_never_taken_at_its_word(plain):
    """It answers every record of the type, others' too: taken as "the rest are not there",
    the records it holds would be created again over its copy. The round stops instead, the
    records stay queued, the other tool's record untouched."""
    proxy = _batches_unanswered(plain, "--ignore-id")
    other = {"resourceType": "Patient", "id": "another-tools-1", "gender": "female"}
    assert plain.server.session().put(f"{plain.server.url}/Patient/another-tools-1",
                                      json=other).status_code == 201
    try:
        with pytest.raises(ProtocolError) as stopped:
            plain.sync(proxy.url("/baseR4"))
    finally:
        proxy.close()
    assert stopped.value.code == "SYNC_ANSWER_MALFORMED"
    assert _states(plain.db) == {"sending": 40}
    assert not [r for r in plain.server.requests_seen()[-5:] if r.startswith("POST")]
    plain.server.restart()  # a server that honours it: the round settles every record once
    assert plain.sync().synced == 40
    assert _states(plain.db) == {"synced": 40}
    kept = plain.server_copy("Patient", "another-tools-1")
    assert kept.headers["ETag"] == 'W/"1"' and kept.json()["gender"] == "female"


def test_a_central_copy_the_laptop_cannot_read_waits_for_a_person_and_stops_nothing(plain):
    """Another tool rewrote a dose in valid R4 the laptop does not read (doseNumberString):
    the pull raised at it every round, so a later, readable edit never came down, and no
    step after the pull ran again (a reviewer's script)."""
    from desktop_app.db.models import Dose

    make_people(plain.db, 2, doses_each=1)
    plain.sync()
    with plain.db.reading() as s:
        odd, fine = s.execute(select(Dose.id).order_by(Dose.id)).scalars().all()
    session = plain.server.session()
    bad = plain.server_copy("Immunization", odd).json()
    bad["protocolApplied"] = [{"doseNumberString": "1"}]
    assert session.put(f"{plain.server.url}/Immunization/{odd}", json=bad).ok
    good = plain.server_copy("Immunization", fine).json()
    good["lotNumber"] = "CENTRAL-FIX"
    assert session.put(f"{plain.server.url}/Immunization/{fine}", json=good).ok
    summary = plain.sync()
    assert summary.conflicts == 1
    with plain.db.reading() as s:
        assert s.get(Dose, fine).lot_number == "CENTRAL-FIX"
    [issue] = syncing.sync_issues(plain.db)
    assert issue.record_id == odd and "không đọc được" in issue.reason("vi")
    with pytest.raises(UserError) as refused:
        syncing.resolve_conflict(plain.db, "dose", odd, "theirs", actor=AT_THIS_LAPTOP)
    assert refused.value.code == "CENTRAL_UNREADABLE_THEIRS"
    syncing.resolve_conflict(plain.db, "dose", odd, "mine", actor=AT_THIS_LAPTOP)
    assert plain.sync().conflicts == 0
    assert plain.server_copy("Immunization", odd).json()["protocolApplied"] == [
        {"doseNumberPositiveInt": 1}]


@pytest.mark.parametrize("batch", [False, True], ids=["puts", "batch"])
def test_an_access_code_that_may_only_read_stops_the_round_with_every_record_queued(
        plain, batch):
    """A server answering 403 to every write (a code that may read, not write) had each
    record marked rejected, one by one through the whole backlog, each then waiting for a
    supervisor's "send again". The round now stops at the first refusal and says why; every
    record stays queued and goes once the code may write."""
    plain.server.batch = batch
    plain.server.restart("--read-only")
    make_people(plain.db, 30, doses_each=2)
    with pytest.raises(ProtocolError) as stopped:
        plain.sync()
    assert stopped.value.code == "SYNC_WRITE_REFUSED"
    assert "không cho mã truy cập này gửi hồ sơ" in stopped.value.message("vi")
    assert "rejected" not in _states(plain.db)
    writes = [r for r in plain.server.requests_seen() if r.startswith(("PUT", "POST"))]
    # Two batches on the wire (one POST, or four PUTs at once, each), not a backlog of 90.
    assert len(writes) <= 2 * (1 if batch else PUTS_AT_ONCE), writes
    plain.server.restart()  # the code may write now
    summary = plain.sync()
    assert (summary.synced, summary.rejected, summary.conflicts) == (90, 0, 0)
    reconcile(plain.db, plain.server.url, plain.token)


def test_a_batch_server_taking_no_gzip_body_gets_the_records_as_they_are(plain):
    """Found by a review: a server with batch that takes no gzip-encoded body (FHIR does not
    ask it to) answers 415 with ``Accept-Encoding: identity`` (RFC 7694, section 3): every
    round stopped, nothing ever synced. The batch goes again uncompressed, and so do the
    round's next ones."""
    plain.server.batch = True
    plain.server.restart("--identity-bodies")
    make_people(plain.db, 3, doses_each=1)
    summary = plain.sync()
    assert (summary.synced, summary.rejected, summary.conflicts) == (6, 0, 0)
    assert _states(plain.db) == {"synced": 6}
    reconcile(plain.db, plain.server.url, plain.server.token)
