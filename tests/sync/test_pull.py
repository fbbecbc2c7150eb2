"""Central edits coming down, and records edited on both sides."""

from __future__ import annotations

from sqlalchemy import select, text

from central_server.cli import main as central_cli
from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import AuditEntry, Lot, Person
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.sync.helpers import central_edit, make_people, reconcile


def test_a_central_correction_reaches_the_laptop(wired):
    [pid] = make_people(wired.db, 1, doses_each=1)
    wired.sync()
    central_edit(wired, pid, full_name="Trần Thị Bích", identity_verified=True)
    summary = wired.sync()
    assert summary.pulled == 1 and summary.conflicts == 0
    with wired.db.reading() as s:
        person = s.get(Person, pid)
        assert (person.full_name, person.identity_verified) == ("Trần Thị Bích", True)
        audit = s.execute(select(AuditEntry.action).where(AuditEntry.entity_id == pid)
                          .order_by(AuditEntry.id)).scalars().all()
    assert audit == ["create", "central"]
    assert wired.sync().pulled == 0  # applied once; the cursor moved on
    reconcile(wired.db, wired.server.url, wired.token)


def test_edited_on_both_sides_is_a_conflict_resolved_by_a_person(wired):
    [pid, other] = make_people(wired.db, 2, doses_each=1)
    wired.sync()
    central_edit(wired, pid, full_name="Trần Thị Bích")
    central_edit(wired, other, full_name="Trần Văn Cường")
    with wired.db.transaction() as s:
        store.update_person(s, s.get(Person, pid), {"phone": "0911222333"}, now=utc_now())
        store.update_person(s, s.get(Person, other), {"phone": "0911222444"}, now=utc_now())
    summary = wired.sync()
    assert summary.conflicts == 2
    issues = {i.record_id: i for i in syncing.sync_issues(wired.db)}
    assert issues[pid].state == "conflict"
    assert issues[pid].server_body["name"] == [{"text": "Trần Thị Bích"}]
    assert "trung tâm" in issues[pid].reason("vi")
    with wired.db.reading() as s:  # nothing was overwritten on either side
        assert s.get(Person, pid).phone == "0911222333"
        assert s.get(Person, pid).full_name != "Trần Thị Bích"

    syncing.resolve_conflict(wired.db, "person", pid, "theirs", actor=AT_THIS_LAPTOP)
    syncing.resolve_conflict(wired.db, "person", other, "mine", actor=AT_THIS_LAPTOP)
    summary = wired.sync()
    assert summary.conflicts == 0
    with wired.db.reading() as s:
        assert s.get(Person, pid).full_name == "Trần Thị Bích"
        assert s.get(Person, other).full_name != "Trần Văn Cường"  # ours was kept
    reconcile(wired.db, wired.server.url, wired.token)
    with wired.db.engine.connect() as conn:
        assert conn.execute(text("SELECT server_version FROM sync_record WHERE record_id = :i"),
                            {"i": other}).scalar_one() == "3"


def test_catalogue_and_lots_come_down(wired):
    central_cli(["--database-url", wired.server.database_url, "add-lot", "COMIRNATY",
                 "FL0001", "--expiry", "2027-03-31"])
    wired.sync()
    with wired.db.reading() as s:
        lots = s.execute(select(Lot.product_code, Lot.lot_number)).all()
    assert lots == [("COMIRNATY", "FL0001")]
