"""Central staff renumber doses on the platform (the dates were typed on the wrong doses).

A dose taking a number another active dose of the person holds here made the pull fail on
the unique index (``uq_dose_person_number_active``), round after round: a traceback from
``vaxdesk sync``, the cursor stuck, and no step after the pull ever ran again (review of
the sync, item 2). Two doses swapping numbers are now taken together; a number held by a
dose that does not move is a conflict for a person, and the pull goes on.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
import requests
from sqlalchemy import select, text

from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, Dose, SyncRecord
from desktop_app.rules.messages import UserError
from desktop_app.services import sync as syncing
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor
from tests.sync.helpers import make_people, reconcile


def _central_dose(wired, dose_id: str, number: int | None = None, lot: str | None = None
                  ) -> None:
    """Central staff correct a dose (a real PUT with If-Match, the central token)."""
    auth = {"Authorization": f"Bearer {wired.central_token}"}
    current = requests.get(f"{wired.server.url}/Immunization/{dose_id}", headers=auth)
    body = current.json()
    body.pop("meta", None)
    if number is not None:
        body["protocolApplied"][0]["doseNumberPositiveInt"] = number
    if lot is not None:
        body["lotNumber"] = lot
    r = requests.put(f"{wired.server.url}/Immunization/{dose_id}", json=body,
                     headers={**auth, "If-Match": current.headers["ETag"]})
    assert r.status_code == 200, r.text


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
    _central_dose(wired, d1, number=2)
    _central_dose(wired, d2, number=1)

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
    first, other = make_people(wired.db, 2, doses_each=2)
    wired.sync()
    d1, d2 = _doses(wired.db, first)
    [o1, _o2] = _doses(wired.db, other)
    _central_dose(wired, d1, number=2)  # dose 2 stays 2 on the platform too
    _central_dose(wired, o1, lot="FK5555")  # another central change, after it

    summary = wired.sync()
    assert (summary.pulled, summary.conflicts, summary.skipped) == (1, 1, [])
    with wired.db.reading() as s:
        assert s.get(Dose, o1).lot_number == "FK5555"  # the rest of the page was applied
    assert _numbers(wired.db, d1, d2) == [1, 2]  # nothing of the clashing one
    [issue] = [i for i in syncing.sync_issues(wired.db) if i.record_id == d1]
    assert issue.state == "conflict"
    assert "đổi mũi tiêm này thành mũi 2" in issue.reason("vi")
    assert "the person has another dose 2" in issue.reason("en")
    rows = {r.label: r for r in syncing.compare_versions(wired.db, "dose", d1)}
    assert (rows["Mũi thứ"].mine, rows["Mũi thứ"].theirs, rows["Mũi thứ"].differs) == \
        ("1", "2", True)

    with pytest.raises(UserError) as refused:  # "theirs" says why it cannot be taken
        syncing.resolve_conflict(wired.db, "dose", d1, "theirs", actor=boss)
    assert refused.value.code == "CENTRAL_NUMBER_CLASH"
    syncing.resolve_conflict(wired.db, "dose", d1, "mine", actor=boss)
    assert wired.sync().conflicts == 0
    reconcile(wired.db, wired.server.url, wired.token)


def test_a_swap_met_over_two_rounds_is_taken_whole_the_second_time(wired):
    """The first dose of the swap came in a round before the second (or a page before):
    kept in conflict then, it is taken with the second, which frees its number."""
    [pid] = make_people(wired.db, 1, doses_each=2)
    wired.sync()
    d1, d2 = _doses(wired.db, pid)
    _central_dose(wired, d1, number=2)
    assert wired.sync().conflicts == 1
    _central_dose(wired, d2, number=1)

    summary = wired.sync()
    assert (summary.pulled, summary.conflicts) == (1, 0)
    assert _numbers(wired.db, d1, d2) == [2, 1]
    with wired.db.reading() as s:
        assert [s.get(SyncRecord, ("dose", d)).state for d in (d1, d2)] == ["synced"] * 2
    assert syncing.sync_issues(wired.db) == []
    reconcile(wired.db, wired.server.url, wired.token)


def test_the_command_line_prints_the_conflict_never_a_traceback(wired, db_path):
    [pid] = make_people(wired.db, 1, doses_each=2)
    wired.sync()
    d1, _d2 = _doses(wired.db, pid)
    _central_dose(wired, d1, number=2)
    wired.db.close()  # the command takes the database, as with the app closed
    ensure_test_supervisor(db_path)
    for _round in range(2):  # and the next round too: the pull no longer sticks on it
        out = subprocess.run([sys.executable, "-m", "desktop_app.cli", "--db", str(db_path),
                              "sync"], capture_output=True, text=True, env=dict(os.environ),
                             timeout=120)
        assert "Traceback" not in out.stderr, out.stderr
        assert out.returncode == 1, (out.stdout, out.stderr)  # a record needs a person
        assert "đổi mũi tiêm này thành mũi 2" in out.stdout, out.stdout
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        assert s.get(SyncRecord, ("dose", d1)).state == "conflict"
