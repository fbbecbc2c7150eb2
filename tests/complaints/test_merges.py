"""After a merge the folded record stands for nobody: every way a person is found again (a
paper form, a re-imported file, the platform's cross-site lookup, a certificate, the ID
check) finds the kept one. And what a merge refuses: two clearly different people without
a supervisor's yes, records in a sync conflict; what it moves: the other sites' doses."""

from __future__ import annotations

import json
from datetime import date

import pytest
import requests
from sqlalchemy import func, select

from desktop_app.db.models import AuditEntry, Dose, ExternalDose, Person, SyncRecord
from desktop_app.progress import drain
from desktop_app.services import lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.audit import describe
from desktop_app.services.backfill import import_file
from desktop_app.services.certificates import find_person
from desktop_app.services.doses import prior_doses
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.lookup_refresh import elsewhere
from desktop_app.services.merges import merge_people
from desktop_app.services.paper_backfill import CONFIRMED, record_paper_dose
from desktop_app.services.records import correct_dose, correct_person
from desktop_app.services.sync import resolve_conflict
from desktop_app.sync.lookup import RemoteCitizen
from desktop_app.wire import fhir
from tests.cleaning.people import ASKED, GOOD_ID, TODAY, paper
from tests.importers.sheets import person_row, write_xlsx
from tests.sync.helpers import central_edit

# Her paper slip without the ID (the second record of her), as a volunteer types it.
SLIP = {"full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ", "id_number": "",
        "product": "Pfizer", "lot_number": "FK1", "dose_number": "2",
        "dose_date": "07/10/2021", "facility": "Trạm Y tế Kim Liên",
        "address": "12 Láng Hạ, Hà Nội", "phone": "0912345678"}
FORM = {"full_name": "Phạm Thị Lan", "dob": "12/03/1985", "sex": "Nữ", "id_number": GOOD_ID,
        "product": "Pfizer", "lot_number": "FK1", "facility": "Trạm Y tế Kim Liên",
        "address": "12 Láng Hạ, Phường Láng, Hà Nội"}


def doses_of(db, pid) -> list[tuple[int, str]]:
    with db.reading() as s:
        return sorted((d.dose_number, d.dose_date.isoformat()) for d in s.scalars(
            select(Dose).where(Dose.person_id == pid, Dose.status == "active")))


def folded_into(db, pid) -> str | None:
    with db.reading() as s:
        return s.get(Person, pid).merged_into


def test_the_folded_record_s_paper_slip_typed_again_is_a_duplicate(db, site, boss):
    keep = paper(db)  # with her ID, dose 1
    # Her namesake born that day is asked about first, as at the desk: "the paper says so"
    fold = record_paper_dose(db, SLIP | {CONFIRMED: ASKED}, TODAY,
                             actor=AT_THIS_LAPTOP).person_id
    merge_people(db, keep, fold, actor=boss)
    again = record_paper_dose(db, SLIP, TODAY, actor=AT_THIS_LAPTOP)
    assert again.outcome == "duplicate" and "07/10/2021" in again.duplicate_message
    assert doses_of(db, keep) == [(1, "2021-09-02"), (2, "2021-10-07")]
    assert doses_of(db, fold) == []


def test_folding_the_record_with_the_id_leaves_the_kept_one_found_by_it(db, site, boss):
    fold = paper(db)  # GOOD_ID, dose 1: the older record
    keep = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="12 Láng Hạ, Hà Nội")
    assert merge_people(db, keep, fold, actor=boss).filled["id_number"] == [None, GOOD_ID]
    # the number is on both records now; only the kept one holds it
    fixed = correct_person(db, keep, {"phone": "0911222333"}, actor=boss,
                           confirm_warnings=True, today=TODAY)
    assert fixed.saved, fixed.problems
    assert find_person(db, GOOD_ID) == keep and find_person(db, fold) == keep
    third = record_paper_dose(db, FORM | {"dose_number": "3", "dose_date": "07/03/2022"},
                              TODAY, actor=AT_THIS_LAPTOP)
    assert third.saved and third.person_id == keep
    first = record_paper_dose(db, FORM | {"dose_number": "1", "dose_date": "02/09/2021"},
                              TODAY, actor=AT_THIS_LAPTOP)
    assert first.outcome == "duplicate"
    assert [n for n, _ in doses_of(db, keep)] == [1, 2, 3] and doses_of(db, fold) == []
    fields = fhir.PatientFields("Phạm Thị Lan", date(1985, 3, 12), "F", "CCCD", GOOD_ID, None,
                                None, None, None, False)
    citizen = RemoteCitizen(GOOD_ID, [fhir.RemotePatient("pa", "HN-0009", fields, ())], [
        fhir.RemoteDose("i4", "pa", "HN-0009", "COMIRNATY", 4, date(2022, 9, 1), "L4", False)])
    assert lookup.bring_person(db, citizen, actor=boss) == keep


def test_a_file_imported_again_after_a_merge_stores_nothing_again(db, site, boss, tmp_path):
    rows = [person_row(1, cccd="001090012345", dose=1, when="01/08/2021"),
            person_row(2, cccd="", dose=2, when="01/09/2021", address="12 Láng Hạ")]  # no ID
    path = write_xlsx(tmp_path / "f.xlsx", rows)
    drain(import_file(db, path, today=TODAY, actor=boss))
    with db.reading() as s:
        keep, fold = (s.scalar(select(Person.id).where(Person.id_number.is_not(None))),
                      s.scalar(select(Person.id).where(Person.id_number.is_(None))))
    merge_people(db, keep, fold, actor=boss)
    with db.reading() as s:
        before = s.scalar(select(func.count()).select_from(Dose))
    again = drain(import_file(db, path, today=TODAY, actor=boss))
    assert again.counts["duplicate"] == 2 and again.stored == 0
    # The folded record's own rows alone: the merge kept the other record's address.
    alone = drain(import_file(db, write_xlsx(tmp_path / "g.xlsx", rows[1:]), today=TODAY,
                              actor=boss))
    assert (alone.counts["duplicate"], alone.counts["corrected"]) == (1, 0)
    with db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Dose)) == before
        assert s.get(Person, keep).address == "12 Láng Hạ, Đống Đa"
    assert doses_of(db, fold) == []


def test_a_chain_of_merges_is_followed_to_the_record_that_stands(db, site, boss, tmp_path):
    """A folded into B, then B into C: A's slip typed again finds C."""
    a = record_paper_dose(db, SLIP, TODAY, actor=AT_THIS_LAPTOP).person_id
    b = paper(db, id_number="", dose_number="3", dose_date="07/03/2022", address="Láng")
    c = paper(db)
    merge_people(db, b, a, actor=boss)
    merge_people(db, c, b, actor=boss)
    assert record_paper_dose(db, SLIP, TODAY, actor=AT_THIS_LAPTOP).outcome == "duplicate"
    assert [n for n, _ in doses_of(db, c)] == [1, 2, 3]


def test_two_clearly_different_people_are_merged_only_once_confirmed(db, site, boss):
    her = paper(db)  # Phạm Thị Lan, a woman born in 1985
    him = paper(db, full_name="Phạm Văn Lân", dob="01/01/1950", sex="Nam", id_number="",
                dose_number="2", dose_date="07/10/2021", address="99 Hàng Bạc")
    with pytest.raises(ChangeRefused) as e:
        merge_people(db, her, him, actor=boss)
    assert e.value.code == "MERGE_PEOPLE_DIFFER"
    assert [p.code for p in e.value.problems] == [
        "MERGE_SEX_DIFFERS", "MERGE_DOB_DIFFERS", "MERGE_NAME_DIFFERS"]
    said = e.value.message("vi")
    assert "Nữ" in said and "Nam" in said and "12/03/1985" in said and "01/01/1950" in said
    assert "female" in e.value.message("en")
    assert folded_into(db, him) is None and doses_of(db, him) == [(2, "2021-10-07")]
    merge_people(db, her, him, actor=boss, confirm_differences=True)
    assert folded_into(db, him) == her


def test_the_folded_record_s_own_history_says_whom_it_was_merged_into(db, site, boss):
    keep = paper(db)
    fold = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="12 Láng Hạ, Hà Nội")
    merge_people(db, keep, fold, actor=boss)
    with db.reading() as s:
        [entry] = s.scalars(select(AuditEntry).where(
            AuditEntry.entity == "person", AuditEntry.entity_id == fold,
            AuditEntry.action == "merge"))
    details = json.loads(entry.details)
    assert (details["kept"], details["folded"]) == (keep, fold)
    # Whom, by name and ID number (a namesake here): the UUIDs stay in the entry only.
    said = describe("merge", details, "vi")
    assert said == ("Gộp hồ sơ: hồ sơ “Phạm Thị Lan” (không có số giấy tờ) gộp vào "
                    f"“Phạm Thị Lan” (số giấy tờ {GOOD_ID}); 1 mũi tiêm chuyển sang")
    assert keep not in said


def brought(db, boss, *numbers: int) -> str:
    """Her record as brought from the platform: doses given at site HN-0009."""
    fields = fhir.PatientFields("Phạm Thị Lan", date(1985, 3, 12), "F", "CCCD", GOOD_ID, None,
                                None, None, None, False)
    days = {1: date(2021, 9, 1), 2: date(2021, 10, 6), 3: date(2022, 3, 7)}
    citizen = RemoteCitizen(GOOD_ID, [fhir.RemotePatient("pa", "HN-0009", fields, ())], [
        fhir.RemoteDose(f"i{n}", "pa", "HN-0009", "COMIRNATY", n, days[n], f"L{n}", False)
        for n in numbers])
    return lookup.bring_person(db, citizen, actor=boss)


def test_the_other_sites_doses_move_with_the_merge(db, site, boss):
    fold = brought(db, boss, 1, 2)
    keep = paper(db, id_number="", dose_number="3", dose_date="07/03/2022",
                 address="12 Láng Hạ, Hà Nội")
    confirmed = elsewhere(db, fold).confirmed_at
    merge_people(db, keep, fold, actor=boss)
    with db.reading() as s:
        assert [(d.dose_number, d.dose_date) for d in prior_doses(s, keep)] == [
            (1, date(2021, 9, 1)), (2, date(2021, 10, 6)), (3, date(2022, 3, 7))]
        assert s.scalars(select(ExternalDose.person_id)).all() == [keep, keep]
        [entry] = s.scalars(select(AuditEntry).where(AuditEntry.action == "merge",
                                                     AuditEntry.entity_id == keep))
    assert sorted(json.loads(entry.details)["external_doses"]) == ["i1", "i2"]
    # When the platform last confirmed them moves too: offline, the desk says so of the kept.
    assert confirmed is not None and elsewhere(db, keep).confirmed_at == confirmed


def test_a_dose_number_given_here_and_at_another_site_is_held_twice(db, site, boss):
    fold = brought(db, boss, 1, 2)
    keep = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="12 Láng Hạ, Hà Nội")
    with pytest.raises(ChangeRefused) as e:
        merge_people(db, keep, fold, actor=boss)
    assert e.value.code == "MERGE_DUPLICATE_DOSE" and "2" in e.value.message("vi")
    assert folded_into(db, fold) is None


def _central_edit_dose(wired, dose_id: str, lot: str) -> None:
    """Central staff correct a dose's lot on the platform (a real PUT with If-Match)."""
    headers = {"Authorization": f"Bearer {wired.central_token}"}
    current = requests.get(f"{wired.server.url}/Immunization/{dose_id}", headers=headers)
    body = current.json() | {"lotNumber": lot}
    r = requests.put(f"{wired.server.url}/Immunization/{dose_id}", json=body,
                     headers=headers | {"If-Match": current.headers["ETag"]})
    assert r.status_code == 200, r.text


def test_records_in_a_sync_conflict_are_merged_only_once_it_is_settled(wired, boss):
    db = wired.db
    keep = paper(db)
    fold = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="12 Láng Hạ, Hà Nội")
    [moving] = _dose_ids(db, fold)
    wired.sync()
    # edited on the platform and here alike: both the person and the dose conflict
    central_edit(wired, fold, phone="0987654321")
    _central_edit_dose(wired, moving, "FK9")
    assert correct_person(db, fold, {"phone": "0911222333"}, actor=boss,
                          confirm_warnings=True, today=TODAY).saved
    assert correct_dose(db, moving, {"lot_number": "FK2"}, actor=boss,
                        confirm_warnings=True, today=TODAY).saved
    assert wired.sync().conflicts == 2
    with pytest.raises(ChangeRefused) as e:
        merge_people(db, keep, fold, actor=boss)
    assert e.value.code == "MERGE_IN_CONFLICT" and "xung đột" in e.value.message("vi")
    resolve_conflict(db, "person", fold, "theirs", actor=boss)
    with pytest.raises(ChangeRefused) as e:  # its dose, which would move, still is
        merge_people(db, keep, fold, actor=boss)
    assert e.value.code == "MERGE_IN_CONFLICT"
    assert folded_into(db, fold) is None and _dose_ids(db, fold) == [moving]
    resolve_conflict(db, "dose", moving, "theirs", actor=boss)
    merge_people(db, keep, fold, actor=boss)
    wired.sync()
    headers = {"Authorization": f"Bearer {wired.central_token}"}
    patient = requests.get(f"{wired.server.url}/Patient/{fold}", headers=headers).json()
    dose = requests.get(f"{wired.server.url}/Immunization/{moving}", headers=headers).json()
    assert patient["active"] is False
    assert dose["patient"]["reference"] == f"Patient/{keep}"
    with db.reading() as s:
        assert {r.state for r in s.scalars(select(SyncRecord))} == {"synced"}


def _dose_ids(db, pid) -> list[str]:
    with db.reading() as s:
        return list(s.scalars(select(Dose.id).where(Dose.person_id == pid)))
