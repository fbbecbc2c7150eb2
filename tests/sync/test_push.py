"""Pushing the outbox to a real central server process."""

from __future__ import annotations

import json

import requests
from sqlalchemy import text

from desktop_app.db import store
from desktop_app.db.models import Dose, Person
from desktop_app.services.status import site_status
from desktop_app.sync.outbox import _rows
from desktop_app.wire import fhir
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


def test_a_record_another_site_holds_is_refused_alone(wired):
    """Our server's 403 for a record another site holds (FORBIDDEN_SITE; the ids of a laptop
    set up from a copy of another site's data) is that record's own refusal: unlike a 403 to
    every write, it neither stops the round nor holds the other records back."""
    ids = make_people(wired.db, 3, doses_each=1)
    other_site = wired.server.cli("create-site", "HN-0002", "Trạm Y tế Xã Đông Anh")
    with wired.db.reading() as s:
        theirs = fhir.patient(_rows(s, "person", ids[:1])[ids[0]], "HN-0002", 1)
    taken = requests.put(f"{wired.server.url}/Patient/{ids[0]}", json=theirs, timeout=10,
                         headers={"Authorization": f"Bearer {other_site}"})
    assert taken.status_code == 201, taken.text
    summary = wired.sync()
    # The other people and their doses go; this person's dose waits for them.
    assert (summary.synced, summary.rejected, summary.waiting) == (4, 1, 1)
    with wired.db.engine.connect() as conn:
        refused = conn.execute(text("SELECT record_id, last_error FROM sync_record "
                                    "WHERE state = 'rejected'")).one()
    assert refused.record_id == ids[0]
    assert [i["code"] for i in json.loads(refused.last_error)] == ["FORBIDDEN_SITE"]


def _now():
    from desktop_app.clock import utc_now

    return utc_now()


def test_an_edit_while_its_record_is_on_the_wire_waits_for_that_answer(db, site):
    """A record is on the wire in one version at a time. An edit made while version 1 is
    unanswered used to make it claimable again at once: version 2 went in another batch,
    and on a server that takes a create without If-Match (HAPI), whichever PUT landed last
    won, so the edit could be overwritten by the older version and then pulled back over
    the laptop's own. The edit now waits for version 1's answer and goes as an update."""
    from desktop_app.clock import utc_now
    from desktop_app.sync import outbox

    [pid] = make_people(db, 1, doses_each=1)
    claimed = outbox.claim(db, 10, "HN-0001")  # the person, and their dose with them
    [first] = [o for o in claimed if o.record_id == pid]
    assert (first.entity, first.version, first.if_match) == ("person", 1, None)
    with db.transaction() as s:
        store.update_person(s, s.get(Person, pid), {"phone": "0911000222"}, now=utc_now())
    assert outbox.claim(db, 10, "HN-0001") == []  # version 1 still awaits its answer
    outbox.record(db, [(o, outbox.Ack("1", None)) for o in claimed])
    [second] = outbox.claim(db, 10, "HN-0001")
    assert (second.record_id, second.version, second.if_match) == (pid, 2, 'W/"1"')
    assert second.resource["telecom"][0]["value"] == "0911000222"


def test_doses_refused_with_their_person_go_again_once_the_person_is_accepted(db, site):
    """A standard server refuses a dose whose Patient it does not have with a plain 400,
    which reads like the dose's own fault. When the person is fixed and accepted, their
    refused doses are queued again by themselves, not each by a supervisor's hand."""
    from desktop_app.clock import utc_now
    from desktop_app.sync import outbox

    [pid] = make_people(db, 1, doses_each=2)
    claimed = outbox.claim(db, 10, "HN-0001")
    refused = outbox.Refused([{"code": "invalid", "vi": "Thiếu", "en": "Missing"}])
    outbox.record(db, [(o, refused) for o in claimed])
    with db.reading() as s:
        states = s.execute(text("SELECT entity, state FROM sync_record")).all()
    assert sorted(states) == [("dose", "rejected"), ("dose", "rejected"), ("person", "rejected")]
    with db.transaction() as s:  # the supervisor fixes the person
        store.update_person(s, s.get(Person, pid), {"phone": "0911000333"}, now=utc_now())
    [person] = outbox.claim(db, 10, "HN-0001")
    assert person.record_id == pid  # the refused doses are not sent with it blindly
    outbox.record(db, [(person, outbox.Ack("1", None))])
    again = outbox.claim(db, 10, "HN-0001")
    assert sorted(o.entity for o in again) == ["dose", "dose"]


def test_another_sites_access_code_stops_the_round_and_says_so(wired):
    """A laptop given another site's access code had every record refused by our server
    as "another site's record" (FORBIDDEN_SITE), one by one through the whole backlog. The
    server now says the code is another site's, and the round stops with every record
    queued; with its own code the laptop then sends them all."""
    from dataclasses import replace

    import pytest

    from desktop_app.sync.errors import ProtocolError

    make_people(wired.db, 20, doses_each=1)
    other_site = wired.server.cli("create-site", "HN-0002", "Trạm Y tế Xã Đông Anh")
    with pytest.raises(ProtocolError) as stopped:
        replace(wired, token=other_site).sync()
    assert stopped.value.code == "SYNC_CODE_OTHER_SITE"
    assert "mã truy cập đã đặt là của điểm tiêm khác" in stopped.value.message("vi")
    assert "rejected" not in _states(wired.db)
    summary = wired.sync()
    assert (summary.synced, summary.rejected) == (40, 0)
    reconcile(wired.db, wired.server.url, wired.token)
