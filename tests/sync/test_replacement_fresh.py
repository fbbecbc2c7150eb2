"""A replacement laptop started fresh (no backup restored: the backup was lost with the
laptop) gets its site's records back as its own at its first sync, as a restore does
(``sync/own_records.py``): editable, synced, never another site's doses, nothing pushed
twice, the platform's Patients of the site as they were.

Before, a fresh database under the site's code and a new ``--replace`` token took none of
them: a look-up showed their doses as the platform's, read-only, and a clerk registering a
returning citizen made a second Patient of the site on the platform. A person the fresh
laptop recorded before its first sync under a brought-back person's ID number goes on the
cleaning worklist beside them (POSSIBLE_SAME_PERSON) for a supervisor to merge.

Only a database that never synced is marked: an old one given another address or access
code brings back no other laptop's records.

End to end with a real central server process."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy import func, select

from desktop_app import settings
from desktop_app.db.database import Database, open_database
from desktop_app.db.models import AuditEntry, Dose, ExternalDose, Person, SyncRecord
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON
from desktop_app.rules.identity import IdType
from desktop_app.services import cleaning, records
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.audit import describe
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.merges import merge_people
from desktop_app.services.site import current_site, set_up_site
from desktop_app.sync import engine
from desktop_app.sync.errors import ServerUnavailable
from desktop_app.sync.own_records import bringing_back
from desktop_app.wire import fhir
from tests.keys import TEST_PASSPHRASE, add_test_supervisor
from tests.sync.helpers import make_people, reconcile, server_copies
from tests.sync.test_restore_refolds import her_two_records, on_the_platform
from tests.wired import Wired


def replacement(wired: Wired, path: Path) -> Wired:
    """A fresh database under ``wired``'s site code, its sync set up with a new token
    central staff issued with ``--replace`` (the lost laptop's is revoked with it)."""
    code = current_site(wired.db).code
    db = open_database(path, TEST_PASSPHRASE)
    db.supervisor = add_test_supervisor(db)  # type: ignore[attr-defined]
    set_up_site(db, code, "Trạm Y tế Phường Láng Hạ", province_code="01",
                actor=AT_THIS_LAPTOP)
    token = wired.server.cli("issue-token", code, "--replace")
    syncing.save_config(db, wired.server.url, token, actor=AT_THIS_LAPTOP)
    return Wired(db, wired.server, token, wired.central_token)


def _marked(db: Database) -> bool:
    with db.reading() as s:
        return bringing_back(s)


def _ids(db: Database, model) -> set[str]:  # noqa: ANN001
    with db.reading() as s:
        return set(s.scalars(select(model.id)))


def test_a_fresh_replacement_gets_every_record_of_its_site_back_as_its_own(
        wired, boss, tmp_path):
    people = make_people(wired.db, 3, doses_each=2, seed=5)
    keep, fold, moved = her_two_records(wired)
    with wired.db.reading() as s:
        voided = s.scalar(select(Dose.id).where(Dose.person_id == people[0],
                                                Dose.dose_number == 2))
    void_dose(wired.db, voided, "Nhập nhầm", actor=AT_THIS_LAPTOP)
    merge_people(wired.db, keep, fold, actor=boss, confirm_differences=True)
    first = wired.sync()
    assert first.rejected == 0 and first.conflicts == 0
    patients = server_copies(wired.server.url, wired.token, "Patient")
    immunizations = server_copies(wired.server.url, wired.token, "Immunization")
    people_ids, dose_ids = _ids(wired.db, Person), _ids(wired.db, Dose)
    assert {p["id"] for p in patients} == people_ids and len(people_ids) == 5

    laptop = replacement(wired, tmp_path / "replacement.db")
    try:
        assert _marked(laptop.db)
        with laptop.db.reading() as s:
            saved = s.scalars(select(AuditEntry.details).where(
                AuditEntry.entity == "setting")).all()
            [marked] = [json.loads(d) for d in saved if json.loads(d).get("own_records")]
        assert "lần đồng bộ đầu tiên lấy lại mọi hồ sơ" in describe("update", marked, "vi")
        summary = laptop.sync()
        assert summary.brought_back == len(people_ids) + len(dose_ids)
        assert (summary.sent, summary.conflicts, summary.rejected) == (0, 0, 0)  # none twice
        assert not _marked(laptop.db)  # every page read: not searched again
        with laptop.db.reading() as s:
            assert set(s.scalars(select(Person.id))) == people_ids
            assert set(s.scalars(select(Dose.id))) == dose_ids
            assert s.scalar(select(func.count()).select_from(ExternalDose)) == 0
            assert s.get(Dose, voided).status == "voided"
            assert s.get(Dose, voided).void_reason == "Nhập nhầm"
            assert s.get(Person, fold).merged_into == keep  # the merge as the platform has it
            assert s.get(Dose, moved).person_id == keep
            assert {r.state for r in s.scalars(select(SyncRecord))} == {"synced"}
            assert s.scalar(select(func.count()).select_from(Person).where(
                Person.cleaning_reason.contains(POSSIBLE_SAME_PERSON))) == 0
        card = load_desk_person(laptop.db, people[1])
        assert {d.site_code for d in card.doses} == {None}  # this site's, not "elsewhere"
        assert card.next_dose_number == 3
        # The platform holds what it held: no Patient added, none written again.
        assert server_copies(laptop.server.url, laptop.token, "Patient") == patients
        assert server_copies(laptop.server.url, laptop.token, "Immunization") == immunizations
        reconcile(laptop.db, laptop.server.url, laptop.token)

        # Editable as the site's own: a correction goes up and is accepted.
        fixed = records.correct_person(laptop.db, people[1], {"full_name": "Trần Thị Bích"},
                                       actor=laptop.db.supervisor)
        assert fixed.saved, fixed.problems
        again = laptop.sync()
        assert (again.synced, again.rejected, again.conflicts, again.brought_back) == \
            (1, 0, 0, 0)
        assert fhir.patient_fields(on_the_platform(laptop, "Patient", people[1])
                                   ).full_name == "Trần Thị Bích"
        assert len(server_copies(laptop.server.url, laptop.token, "Patient")) == \
            len(people_ids)
        reconcile(laptop.db, laptop.server.url, laptop.token)

        # A clerk registering one of them again is told who holds the number: the record
        # brought back is the one found, never a second person.
        with laptop.db.reading() as s:
            p = s.get(Person, people[2])
            again_typed = PersonInput(p.full_name, p.dob, p.sex, IdType.CCCD, p.id_number)
        out = record_dose(laptop.db, DoseInput("COMIRNATY", "FK1234", 3, date(2022, 5, 2),
                                               "Y tá Lan"),
                          person=again_typed, today=date(2022, 6, 1), actor=AT_THIS_LAPTOP)
        assert not out.saved
        assert "ID_ALREADY_REGISTERED" in [p.code for p in out.problems]
    finally:
        laptop.db.close()


def test_a_person_recorded_before_the_first_sync_under_a_brought_back_number_is_flagged(
        wired, tmp_path):
    [theirs] = make_people(wired.db, 1, doses_each=1)
    wired.sync()
    with wired.db.reading() as s:
        p = s.get(Person, theirs)
        citizen = PersonInput(p.full_name, p.dob, p.sex, IdType.CCCD, p.id_number)

    laptop = replacement(wired, tmp_path / "replacement.db")
    try:
        # Before its first sync, the fresh laptop knows nobody: the clerk registers the
        # returning citizen again, at her dose 2.
        out = record_dose(laptop.db, DoseInput("COMIRNATY", "FK1234", 2, date(2022, 3, 1),
                                               "Y tá Lan"),
                          person=citizen, today=date(2022, 6, 1), confirm_warnings=True,
                          actor=AT_THIS_LAPTOP)
        assert out.saved, out.problems
        ours = out.person_id
        summary = laptop.sync()
        assert summary.brought_back == 2 and summary.conflicts == 0
        with laptop.db.reading() as s:
            both = s.scalars(select(Person).where(Person.id_number == citizen.id_number)
                             ).all()
            assert {b.id for b in both} == {theirs, ours}
            assert all(POSSIBLE_SAME_PERSON in (b.cleaning_reason or "") for b in both)
            # Flagged before anything went up: the new record's first version carried the
            # flag, and the round left nothing waiting.
            assert {r.state for r in s.scalars(select(SyncRecord))} == {"synced"}
        listed = cleaning.worklist(laptop.db, problem=POSSIBLE_SAME_PERSON)
        assert {c.person_id for c in listed.cases} == {theirs, ours}
        reconcile(laptop.db, laptop.server.url, laptop.token)

        # The supervisor merges them: one person, her two doses, on the platform too.
        merge_people(laptop.db, theirs, ours, actor=laptop.db.supervisor)
        merged = laptop.sync()
        assert (merged.rejected, merged.conflicts) == (0, 0)
        assert on_the_platform(laptop, "Patient", ours)["active"] is False
        assert on_the_platform(laptop, "Immunization", out.dose_id)["patient"][
            "reference"] == f"Patient/{theirs}"
        reconcile(laptop.db, laptop.server.url, laptop.token)
    finally:
        laptop.db.close()


def test_a_bring_back_that_fails_before_the_push_holds_no_dose_back(
        wired, tmp_path, monkeypatch):
    """The search before the push failing (the platform's search down while its writes
    work) is said, and the laptop's own doses still go up; the ordinary pull after the push
    brings the site's records back. The failure is injected in this process (the real
    server cannot be made to fail its search alone); everything else is real."""
    make_people(wired.db, 2, doses_each=1, seed=7)
    wired.sync()
    laptop = replacement(wired, tmp_path / "replacement.db")
    try:
        [ours] = make_people(laptop.db, 1, doses_each=1, seed=8)
        real = engine.pull_changes

        def search_down(db, client, site_code=None, *, own_only=False):  # noqa: ANN001
            if own_only:
                raise ServerUnavailable("search down", 503)
            return real(db, client, site_code, own_only=own_only)

        monkeypatch.setattr(engine, "pull_changes", search_down)
        summary = laptop.sync()
        assert ("pull", "SYNC_STEP_PROBLEM_UNREACHABLE") in summary.skipped
        assert (summary.synced, summary.rejected) == (2, 0)  # her record and dose went up
        assert summary.brought_back == 4  # by the pull after the push
        assert not _marked(laptop.db)
        assert ours in {p["id"] for p in server_copies(laptop.server.url, laptop.token,
                                                        "Patient")}
    finally:
        laptop.db.close()


def test_a_database_that_synced_before_is_not_marked_when_its_server_changes(wired, wired_b):
    make_people(wired.db, 1, doses_each=1)
    wired.sync()
    assert not _marked(wired.db)
    # Another address (and code) for a laptop that synced: the records of its site it
    # never had are another laptop's, not its own to bring back.
    syncing.save_config(wired.db, wired.server.url + "/", wired_b.token,
                        actor=AT_THIS_LAPTOP)
    syncing.save_config(wired.db, "https://tiemchung.example.vn/fhir", wired.token,
                        actor=AT_THIS_LAPTOP)
    assert not _marked(wired.db)
    with wired.db.reading() as s:
        saved = s.scalars(select(AuditEntry.details).where(
            AuditEntry.entity == "setting")).all()
        # The fixture's, on the fresh database; then the two changes, unmarked.
        assert [bool(json.loads(d).get("own_records")) for d in saved
                if "server_url" in json.loads(d)] == [True, False, False]


def test_a_round_that_finished_with_nothing_acknowledged_counts_as_synced(db, site):
    """A round finished (``LAST_SYNC``) against a platform that had nothing for the site and
    gave no clock: the database synced, and is not marked again."""
    with db.transaction() as s:
        settings.write(s, settings.LAST_SYNC, "2026-01-05T08:00:00+00:00")
    syncing.save_config(db, "https://tiemchung.example.vn/fhir", "MA-1", actor=AT_THIS_LAPTOP)
    assert not _marked(db)


def test_a_moved_pull_cursor_counts_as_synced(db, site):
    with db.transaction() as s:
        settings.write(s, settings.pull_cursor("Patient"), "2026-01-05T08:00:00.000001Z")
    syncing.save_config(db, "https://tiemchung.example.vn/fhir", "MA-1", actor=AT_THIS_LAPTOP)
    assert not _marked(db)


def test_a_database_that_never_synced_is_marked_from_the_start(db, site):
    make_people(db, 1, doses_each=1)  # recorded here, never acknowledged
    syncing.save_config(db, "https://tiemchung.example.vn/fhir", "MA-1", actor=AT_THIS_LAPTOP)
    with db.reading() as s:
        assert {settings.read(s, settings.own_records_cursor(t))
                for t in ("Patient", "Immunization")} == {settings.PULL_CURSOR_DEFAULT}
