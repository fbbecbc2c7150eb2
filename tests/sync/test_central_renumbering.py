"""Central staff renumber doses on the platform (the dates were typed on the wrong doses).

A dose taking a number another active dose of the person holds here made the pull fail on
the unique index (``uq_dose_person_number_active``), round after round: a traceback from
``vaxdesk sync``, the cursor stuck, and no step after the pull ever ran again (review of
the sync, item 2). Two doses swapping numbers are now taken together; a number held by a
dose that does not move is a conflict for a person, and the pull goes on.

The platform refuses a Patient's dose number twice (``central_server/fhir/dose_history``):
staff exchange two numbers in one batch, and a number held here clashes with a dose this
laptop has not sent yet. A server that is not ours may hold half an exchange: that one is
met on the plain FHIR server (``tests/plain_fhir``).
"""

from __future__ import annotations

import os
from datetime import date

import pytest
import requests
from sqlalchemy import select, text

from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, Dose, SyncRecord
from desktop_app.rules.messages import UserError
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, record_dose
from tests import forked
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor
from tests.plain_fhir.live import PlainServer
from tests.sync.helpers import make_people, reconcile
from tests.wired import Wired


def _central_dose(wired, dose_id: str, number: int | None = None, lot: str | None = None,
                  *, url: str | None = None, token: str | None = None) -> None:
    """Central staff correct a dose (a real PUT with If-Match, the central token; or
    another tool's, on another server)."""
    url, auth = url or wired.server.url, {
        "Authorization": f"Bearer {token or wired.central_token}"}
    current = requests.get(f"{url}/Immunization/{dose_id}", headers=auth)
    body = current.json()
    body.pop("meta", None)
    if number is not None:
        body["protocolApplied"][0]["doseNumberPositiveInt"] = number
    if lot is not None:
        body["lotNumber"] = lot
    r = requests.put(f"{url}/Immunization/{dose_id}", json=body,
                     headers={**auth, "If-Match": current.headers["ETag"]})
    assert r.status_code == 200, r.text


def _central_exchange(wired, d1: str, d2: str) -> None:
    """Central staff exchange two doses' numbers (and so their dates): one batch, as the
    platform takes a number from one dose to another only with the other's change."""
    auth = {"Authorization": f"Bearer {wired.central_token}"}
    got = {d: requests.get(f"{wired.server.url}/Immunization/{d}", headers=auth)
           for d in (d1, d2)}
    bodies = {d: {k: v for k, v in r.json().items() if k != "meta"} for d, r in got.items()}
    for mine, theirs in ((d1, d2), (d2, d1)):
        for field in ("protocolApplied", "occurrenceDateTime"):
            bodies[mine][field] = got[theirs].json()[field]
    r = requests.post(wired.server.url, headers=auth, json={
        "resourceType": "Bundle", "type": "batch", "entry": [
            {"resource": bodies[d], "request": {"method": "PUT", "url": f"Immunization/{d}",
                                                "ifMatch": got[d].headers["ETag"]}}
            for d in (d1, d2)]})
    assert [e["response"]["status"] for e in r.json()["entry"]] == ["200 OK"] * 2, r.text


def _dose_3_unsent(wired, pid: str) -> str:
    """A dose 3 the laptop records and has not sent yet."""
    out = record_dose(wired.db, DoseInput("COMIRNATY", "FK1234", 3, date(2022, 5, 1),
                                          "Y tá Lan"),
                      person_id=pid, today=date(2022, 6, 1), confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.dose_id


def _doses(db, pid: str) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(Dose.id).where(Dose.person_id == pid)
                              .order_by(Dose.dose_number)))


def _numbers(db, *dose_ids: str) -> list[int]:
    with db.reading() as s:
        return [s.get(Dose, d).dose_number for d in dose_ids]


def _tallied(db) -> int:
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT coalesce(sum(n), 0) FROM report_dose_day "
                                 "WHERE n > 0")).scalar()


def test_two_doses_swapping_numbers_are_taken_together(wired):
    [pid] = make_people(wired.db, 1, doses_each=2)
    assert wired.sync().synced == 3
    d1, d2 = _doses(wired.db, pid)
    _central_exchange(wired, d1, d2)

    summary = wired.sync()
    assert (summary.pulled, summary.conflicts, summary.skipped) == (2, 0, [])
    assert _numbers(wired.db, d1, d2) == [2, 1]
    with wired.db.reading() as s:
        changes = {e.entity_id: e.details for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "central", AuditEntry.entity_id.in_([d1, d2])))}
    # the record's history says the real old number, never the one set aside in between
    assert '"dose_number": [1, 2]' in changes[d1] and '"dose_number": [2, 1]' in changes[d2]
    assert _tallied(wired.db) == 2  # the site report counts each dose once, as before
    reconcile(wired.db, wired.server.url, wired.token)


def test_a_number_held_by_a_dose_that_stays_is_a_conflict_and_the_pull_goes_on(wired, boss):
    """Central staff make dose 2 the third while the laptop gave (and has not sent) a dose
    3: the laptop's dose 3 is refused by the platform, the central dose 2 is a conflict
    here; "mine" sends dose 2 back, and the dose 3 goes with it."""
    first, other = make_people(wired.db, 2, doses_each=2)
    wired.sync()
    d1, d2 = _doses(wired.db, first)
    [o1, _o2] = _doses(wired.db, other)
    d3 = _dose_3_unsent(wired, first)
    _central_dose(wired, d2, number=3)  # dose 3 here stays 3
    _central_dose(wired, o1, lot="FK5555")  # another central change, after it

    summary = wired.sync()
    assert (summary.pulled, summary.conflicts, summary.rejected, summary.skipped) == \
        (1, 1, 1, [])
    with wired.db.reading() as s:
        assert s.get(Dose, o1).lot_number == "FK5555"  # the rest of the page was applied
    assert _numbers(wired.db, d1, d2, d3) == [1, 2, 3]  # nothing of the clashing one
    [issue] = [i for i in syncing.sync_issues(wired.db) if i.record_id == d2]
    assert issue.state == "conflict"
    assert "đổi mũi tiêm này thành mũi 3" in issue.reason("vi")
    assert "the person has another dose 3" in issue.reason("en")
    rows = {r.label: r for r in syncing.compare_versions(wired.db, "dose", d2)}
    assert (rows["Mũi thứ"].mine, rows["Mũi thứ"].theirs, rows["Mũi thứ"].differs) == \
        ("2", "3", True)

    with pytest.raises(UserError) as refused:  # "theirs" says why it cannot be taken
        syncing.resolve_conflict(wired.db, "dose", d2, "theirs", actor=boss)
    assert refused.value.code == "CENTRAL_NUMBER_CLASH"
    syncing.resolve_conflict(wired.db, "dose", d2, "mine", actor=boss)
    assert (wired.sync().conflicts, syncing.sync_issues(wired.db)) == (0, [])
    reconcile(wired.db, wired.server.url, wired.token)


def test_a_swap_met_over_two_rounds_is_taken_whole_the_second_time(db, site, tmp_path):
    """The first dose of the swap came in a round before the second (or a page before):
    kept in conflict then, it is taken with the second, which frees its number. Our
    platform takes an exchange only whole; another FHIR server (here the plain one, the
    second number changed by another tool) may hold half of one."""
    server = PlainServer(tmp_path).start()
    try:
        syncing.save_config(db, server.url, server.token, actor=AT_THIS_LAPTOP)
        plain = Wired(db, server, server.token, server.token)  # type: ignore[arg-type]
        [pid] = make_people(db, 1, doses_each=2)
        plain.sync()
        d1, d2 = _doses(db, pid)
        _central_dose(plain, d1, number=2, url=server.url)
        assert plain.sync().conflicts == 1
        _central_dose(plain, d2, number=1, url=server.url)

        summary = plain.sync()
        assert (summary.pulled, summary.conflicts) == (1, 0)
        assert _numbers(db, d1, d2) == [2, 1]
        with db.reading() as s:
            assert [s.get(SyncRecord, ("dose", d)).state for d in (d1, d2)] == ["synced"] * 2
        assert syncing.sync_issues(db) == []
        reconcile(db, server.url, server.token)
    finally:
        server.stop()


def test_the_command_line_prints_the_conflict_never_a_traceback(wired, db_path):
    [pid] = make_people(wired.db, 1, doses_each=2)
    wired.sync()
    _d1, d2 = _doses(wired.db, pid)
    d3 = _dose_3_unsent(wired, pid)
    _central_dose(wired, d2, number=3)
    wired.db.close()  # the command takes the database, as with the app closed
    ensure_test_supervisor(db_path)
    for _round in range(2):  # and the next round too: the pull no longer sticks on it
        out = forked.vaxdesk("--db", str(db_path), "sync", env=dict(os.environ), timeout=120)
        assert "Traceback" not in out.stderr, out.stderr
        assert out.returncode == 1, (out.stdout, out.stderr)  # a record needs a person
        assert "đổi mũi tiêm này thành mũi 3" in out.stdout, out.stdout
        assert "đã có mũi 3" in out.stdout, out.stdout  # the dose 3 the platform refused
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        assert s.get(SyncRecord, ("dose", d2)).state == "conflict"
        assert s.get(SyncRecord, ("dose", d3)).state == "rejected"
