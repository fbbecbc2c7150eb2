"""Pushing the outbox to a real central server process."""

from __future__ import annotations

import json

from sqlalchemy import text

from desktop_app.db import store
from desktop_app.db.models import Dose, Person
from desktop_app.services.status import site_status
from tests.sync.helpers import make_people, reconcile


def _states(db):
    with db.engine.connect() as conn:
        return dict(conn.execute(text(
            "SELECT state, count(*) FROM sync_record GROUP BY state")).all())


def test_everything_queued_reaches_the_server_once(wired):
    make_people(wired.db, 30, doses_each=2)
    summary = wired.sync()
    assert (summary.sent, summary.synced, summary.rejected) == (90, 90, 0)
    reconcile(wired.db, wired.server.url, wired.token)
    with wired.db.engine.connect() as conn:  # device time of entry and server receive time
        times = conn.execute(text(
            "SELECT count(*) FROM sync_record WHERE server_received_at IS NOT NULL "
            "AND changed_at <= server_received_at")).scalar_one()
    assert times == 90
    assert site_status(wired.db).pending == 0
    assert site_status(wired.db).last_sync_at is not None
    again = wired.sync()  # nothing new: nothing sent
    assert again.sent == 0


def test_edits_after_sync_go_as_new_versions(wired):
    [pid] = make_people(wired.db, 1, doses_each=1)
    wired.sync()
    with wired.db.transaction() as s:
        store.update_person(s, s.get(Person, pid), {"phone": "0987654321"}, now=_now())
        dose = s.query(Dose).filter_by(person_id=pid).one()
        store.void_dose(s, dose, "nhập nhầm người", now=_now())
    assert _states(wired.db) == {"pending": 2}
    summary = wired.sync()
    assert summary.synced == 2
    reconcile(wired.db, wired.server.url, wired.token)
    with wired.db.engine.connect() as conn:
        versions = dict(conn.execute(text("SELECT entity, server_version FROM sync_record")).all())
    assert versions == {"person": "2", "dose": "2"}


def test_an_invalid_record_is_rejected_alone_and_fixed_by_an_edit(wired):
    ids = make_people(wired.db, 5, doses_each=2)
    with wired.db.transaction() as s:  # slipped past the desk (an old version, a bug):
        s.get(Person, ids[2]).sex = "F" if s.get(Person, ids[2]).sex == "M" else "M"
    summary = wired.sync()
    assert summary.rejected == 1
    assert summary.synced == 4 + 8  # the other people and their doses are not held back
    assert summary.waiting == 2  # this person's doses wait for the person
    with wired.db.engine.connect() as conn:
        error = conn.execute(text(
            "SELECT last_error FROM sync_record WHERE state = 'rejected'")).scalar_one()
    [issue] = json.loads(error)
    assert issue["code"] == "ID_SEX_MISMATCH" and issue["where"] == "Patient.identifier.value"
    assert "giới tính" in issue["vi"].lower()
    assert site_status(wired.db).rejected == 1
    with wired.db.transaction() as s:  # the clerk fixes the sex in the record
        person = s.get(Person, ids[2])
        store.update_person(s, person, {"sex": "F" if person.sex == "M" else "M"}, now=_now())
    summary = wired.sync()
    assert (summary.synced, summary.rejected) == (3, 0)
    reconcile(wired.db, wired.server.url, wired.token)


def _now():
    from desktop_app.clock import utc_now

    return utc_now()
