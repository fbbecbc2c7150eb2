"""Laptops left in the state a look-up after a restore made before it took this site's own
records as its own (commit 4452d75): a dose of this site kept in ``external_dose`` under
this site's own code. Once the pull brings the dose itself back, it was there twice: on the
card, in the next dose's number, on the certificates. The pull drops such a row once this
site's own dose with its id is here (``own_records.drop_doubled``), audited, and revokes the
papers printed while the dose was there twice; one whose dose is not here yet is kept.

Each file is made in the old state for real: a laptop's copy restored, the old look-up's
rows written into it as that version wrote them, then opened by this version and synced
with a real central server."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, CertificateIssue, Dose, ExternalDose
from desktop_app.services import audit, backups, restore
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, record_dose
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, raw_connect
from tests.sync.helpers import make_people, reconcile
from tests.wired import Wired

GIVEN = date(2022, 1, 10)
STAMP = "%Y-%m-%d %H:%M:%S.%f"  # as SQLAlchemy stores a moment


def _second_dose_after_the_copy(wired: Wired) -> tuple[str, str, Path]:
    """A person with dose 1, a copy, then their dose 2, all synced: (person, dose 2, copy)."""
    [pid] = make_people(wired.db, 1, doses_each=1, seed=5)
    wired.sync()
    copy = backups.make_backup(wired.db, backups.ON_REQUEST).path
    out = record_dose(wired.db, DoseInput("COMIRNATY", "FK9", 2, GIVEN, "Y tá Hà"),
                      person_id=pid, today=GIVEN, confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    wired.sync()
    return pid, out.dose_id, copy


def _restored_in_the_old_state(wired: Wired, copy: Path, pid: str, dose_id: str,
                               fetched_at: datetime, *, papers: dict[str, tuple[str, datetime]]
                               | None = None, sync_first: bool = False) -> Wired:
    """The laptop's file replaced by ``copy``, and the rows the old look-up wrote: dose
    ``dose_id`` kept as another site's with this site's code. ``sync_first``: the round that
    brings the dose back ran before (on the old version), so the dose is here twice.
    ``papers``: certificates printed meanwhile, by UVCI (the dose its QR carries, when)."""
    path = wired.db.path
    wired.db.close()
    restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD)
    if sync_first:
        laptop = Wired(open_database(path, TEST_PASSPHRASE), wired.server, wired.token,
                       wired.central_token)
        assert laptop.sync().brought_back == 1  # dose 2, as the old version's round did
        laptop.db.close()
    with raw_connect(path) as conn:
        conn.execute("INSERT INTO external_dose (id, person_id, site_code, product_code,"
                     " dose_number, dose_date, lot_number, fetched_at)"
                     " VALUES (?, ?, 'HN-0001', 'COMIRNATY', 2, ?, 'FK9', ?)",
                     (dose_id, pid, GIVEN.isoformat(), fetched_at.strftime(STAMP)))
        for uvci, (qr_dose, at) in (papers or {}).items():
            conn.execute("INSERT INTO certificate_issue (uvci, person_id, dose_id, issued_at,"
                         " kid) VALUES (?, ?, ?, ?, '00')", (uvci, pid, qr_dose,
                                                            at.strftime(STAMP)))
        conn.commit()
    return Wired(open_database(path, TEST_PASSPHRASE), wired.server, wired.token,
                 wired.central_token)


def _card(laptop: Wired, pid: str) -> list[tuple[int, str | None]]:
    person = load_desk_person(laptop.db, pid)
    return [(d.dose_number, d.site_code) for d in person.doses]


def _doubled_entries(laptop: Wired, pid: str) -> list[dict]:
    with laptop.db.reading() as s:
        return [json.loads(d) for d in s.scalars(select(AuditEntry.details).where(
            AuditEntry.entity_id == pid, AuditEntry.action == "doubled"))]


def test_the_pull_that_brings_the_dose_back_drops_its_other_sites_row(wired):
    pid, dose_id, copy = _second_dose_after_the_copy(wired)
    laptop = _restored_in_the_old_state(wired, copy, pid, dose_id, utc_now())
    try:
        # Until the pull brings it, the row is the dose's only trace here: kept.
        assert _card(laptop, pid) == [(1, None), (2, "HN-0001")]
        assert laptop.sync().brought_back == 1
        assert _card(laptop, pid) == [(1, None), (2, None)]  # once, as this site's
        assert load_desk_person(laptop.db, pid).next_dose_number == 3
        with laptop.db.reading() as s:
            assert s.scalars(select(ExternalDose)).all() == []
            assert s.get(Dose, dose_id).person_id == pid
        assert _doubled_entries(laptop, pid) == [
            {"doses": [{"id": dose_id, "site": "HN-0001"}]}]
        assert audit.describe("doubled", _doubled_entries(laptop, pid)[0], "en") == (
            "This site's dose counted twice, set right: this site's own doses stored as"
            f" another site's by a look-up after a restore, kept as this site's only:"
            f" HN-0001/{dose_id}")
        assert laptop.sync().conflicts == 0
        reconcile(laptop.db, laptop.server.url, laptop.token)
    finally:
        laptop.db.close()


def test_a_dose_already_here_twice_is_set_right_at_the_next_round(wired):
    """The old version's round had brought the dose back: a paper printed since lists it
    twice and is revoked; one printed before, listing it once, is not."""
    pid, dose_id, copy = _second_dose_after_the_copy(wired)
    with wired.db.reading() as s:
        first = s.scalar(select(Dose.id).where(Dose.person_id == pid, Dose.dose_number == 1))
    looked_up = utc_now() - timedelta(hours=2)
    later = utc_now() + timedelta(seconds=5)  # after the round that brings it back
    papers = {"URN:UVCI:01:VN:HN0001/ONCE#A": (first, looked_up + timedelta(minutes=30)),
              "URN:UVCI:01:VN:HN0001/TWICE#B": (dose_id, later)}
    laptop = _restored_in_the_old_state(wired, copy, pid, dose_id, looked_up, papers=papers,
                                        sync_first=True)
    try:
        assert _card(laptop, pid) == [(1, None), (2, None), (2, "HN-0001")]  # the bug
        summary = laptop.sync()
        assert (summary.brought_back, summary.conflicts) == (0, 0)
        assert _card(laptop, pid) == [(1, None), (2, None)]
        with laptop.db.reading() as s:
            assert s.scalars(select(ExternalDose)).all() == []
            revoked = {p.uvci: p.revoke_reason for p in s.scalars(select(CertificateIssue))}
            entries = [(e.action, json.loads(e.details)) for e in s.scalars(
                select(AuditEntry).where(AuditEntry.entity_id == pid,
                                         AuditEntry.action.in_(("doubled", "revoke")))
                .order_by(AuditEntry.id))]
        assert revoked == {"URN:UVCI:01:VN:HN0001/ONCE#A": None,
                           "URN:UVCI:01:VN:HN0001/TWICE#B": "dose_corrected"}
        assert entries == [
            ("revoke", {"uvcis": ["URN:UVCI:01:VN:HN0001/TWICE#B"],
                        "reason": "dose_corrected"}),
            ("doubled", {"doses": [{"id": dose_id, "site": "HN-0001"}]})]
        assert laptop.sync().conflicts == 0  # nothing left to set right: no new entry
        assert len(_doubled_entries(laptop, pid)) == 1
    finally:
        laptop.db.close()


def test_a_row_whose_dose_the_platform_does_not_bring_is_kept(wired):
    """Not this site's dose after all (say, another laptop's of the site that the platform
    never sent back here): nothing here says it twice, so it stays and counts."""
    [pid] = make_people(wired.db, 1, doses_each=1, seed=6)
    wired.sync()
    with raw_connect(wired.db.path) as conn:
        conn.execute("INSERT INTO external_dose (id, person_id, site_code, product_code,"
                     " dose_number, dose_date, lot_number, fetched_at)"
                     " VALUES ('khong-co-o-day', ?, 'HN-0001', 'COMIRNATY', 2, ?, 'FK9', ?)",
                     (pid, GIVEN.isoformat(), utc_now().strftime(STAMP)))
        conn.commit()
    wired.sync()
    assert _card(wired, pid) == [(1, None), (2, "HN-0001")]
    assert _doubled_entries(wired, pid) == []
