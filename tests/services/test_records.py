"""The records list (keyset pages, filters, sorts) and one record's history and corrections."""

from datetime import date

import pytest
from sqlalchemy import text

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.records import (
    DoseFilter,
    DoseSort,
    SortKey,
    correct_dose,
    correct_person,
    count_doses,
    list_doses,
    record_detail,
)
from desktop_app.services.search import search_people

TODAY = date(2022, 6, 1)


def person(n, name="Nguyễn Thị Nhung"):
    return PersonInput(name, date(1990, 5, 1), Sex.FEMALE, IdType.CCCD, f"0011900001{n:02d}")


def dose(when, product="VAXZEVRIA", number=1, source="desk"):
    return DoseInput(product, "AB123", number, when, "Y tá Lan", source)


def rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).all()


def every_page(db, filter=None, sort=None, limit=2):
    filter, sort = filter or DoseFilter(), sort or DoseSort()
    page = list_doses(db, filter, sort, limit=limit)
    seen = list(page.rows)
    while page.after is not None:
        page = list_doses(db, filter, sort, after=page.after, limit=limit)
        seen += page.rows
    return seen


@pytest.fixture
def five(db, site):
    """Five people, one dose each on five days; the last on COMIRNATY."""
    out = []
    for n, name in enumerate(["Lê Văn Tám", "An Thị Bé", "Trần Thị Hoa", "Bùi Thị Mai",
                              "Đỗ Thị Cúc"]):
        product = "COMIRNATY" if n == 4 else "VAXZEVRIA"
        out.append(record_dose(db, dose(date(2021, 8, 1 + n), product),
                               person=person(n, name), today=TODAY, actor=AT_THIS_LAPTOP))
    return out


def test_pages_follow_each_other_newest_first_without_gaps_or_repeats(db, five):
    seen = every_page(db)
    assert [r.dose_date.day for r in seen] == [5, 4, 3, 2, 1]
    assert len({r.dose_id for r in seen}) == 5
    assert seen[0].full_name == "Đỗ Thị Cúc" and seen[0].sync_state == "pending"
    assert every_page(db, sort=DoseSort(SortKey.DATE, descending=False))[0].dose_date.day == 1


def test_sorting_by_name_and_vaccine(db, five):
    names = [r.full_name for r in every_page(db, sort=DoseSort(SortKey.NAME, False))]
    assert names == ["An Thị Bé", "Bùi Thị Mai", "Đỗ Thị Cúc", "Lê Văn Tám", "Trần Thị Hoa"]
    by_vaccine = every_page(db, sort=DoseSort(SortKey.VACCINE, False))
    assert [r.product_code for r in by_vaccine][:2] == ["COMIRNATY", "VAXZEVRIA"]


def test_filters_and_counts(db, five):
    day = DoseFilter.today(date(2021, 8, 3))
    assert [r.full_name for r in every_page(db, day)] == ["Trần Thị Hoa"]
    span = DoseFilter(date_from=date(2021, 8, 2), date_to=date(2021, 8, 4))
    assert count_doses(db, span) == 3
    assert count_doses(db, DoseFilter(product_code="COMIRNATY")) == 1
    assert count_doses(db, DoseFilter(sync_state="pending")) == 5
    assert count_doses(db, DoseFilter(sync_state="synced")) == 0
    assert every_page(db, DoseFilter(sync_state="synced")) == []
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE person SET cleaning_reason = 'DOB_REQUIRED' "
                          "WHERE full_name = 'Bùi Thị Mai'"))
    flagged = every_page(db, DoseFilter(needs_cleaning=True))
    assert [(r.full_name, r.needs_cleaning) for r in flagged] == [("Bùi Thị Mai", True)]
    assert count_doses(db) == 5


def test_voided_doses_stay_listed_with_their_status(db, five):
    void_dose(db, five[0].dose_id, "Nhập nhầm", actor=AT_THIS_LAPTOP)
    listed = {r.dose_id: r.status for r in every_page(db)}
    assert listed[five[0].dose_id] == "voided" and len(listed) == 5


def test_voiding_a_dose_voided_already_is_refused_with_the_reason_that_stands(db, five):
    """A second void (another window's, after a sync's) is told the dose was voided and
    why; its own reason is not recorded, and the first void's audit entry is the only one."""
    void_dose(db, five[0].dose_id, "Nhập nhầm người", actor=AT_THIS_LAPTOP)
    with pytest.raises(ChangeRefused) as refused:
        void_dose(db, five[0].dose_id, "Sai số lô", actor=AT_THIS_LAPTOP)
    assert refused.value.code == "DOSE_ALREADY_VOIDED"
    assert "“Nhập nhầm người”" in refused.value.message("vi")
    voids = [a.details for a in record_detail(db, five[0].dose_id).audit if a.action == "void"]
    assert voids == [{"reason": "Nhập nhầm người"}]


def test_the_detail_has_all_doses_and_the_audit_trail(db, site):
    first = record_dose(db, dose(date(2021, 8, 1)), person=person(1), today=TODAY,
                        actor=AT_THIS_LAPTOP)
    second = record_dose(db, dose(date(2021, 11, 1), number=2), person_id=first.person_id,
                         today=TODAY, actor=AT_THIS_LAPTOP)
    void_dose(db, first.dose_id, "Sai lô", actor=AT_THIS_LAPTOP)
    detail = record_detail(db, second.dose_id)
    assert detail.person.full_name == "Nguyễn Thị Nhung"
    assert [(d.dose_number, d.status) for d in detail.doses] == [(1, "voided"), (2, "active")]
    assert detail.dose.id == second.dose_id
    assert [(a.entity, a.action) for a in detail.audit] == [
        ("person", "create"), ("dose", "create"), ("dose", "create"), ("dose", "void")]
    assert detail.audit[-1].details == {"reason": "Sai lô"}
    with pytest.raises(LookupError):
        record_detail(db, "nope")


def test_a_person_correction_is_checked_then_audited_and_queued(db, site):
    out = record_dose(db, dose(date(2021, 8, 1)), person=person(1), today=TODAY,
                      actor=AT_THIS_LAPTOP)
    refused = correct_person(db, out.person_id, {"sex": Sex.MALE}, today=TODAY,
                             actor=AT_THIS_LAPTOP)
    assert not refused.saved and [p.code for p in refused.problems] == ["ID_SEX_MISMATCH"]
    done = correct_person(db, out.person_id, {"full_name": "nguyễn thị  nhàn",
                                              "phone": "0912 345 678"}, today=TODAY,
                                              actor=AT_THIS_LAPTOP)
    assert done.saved and done.changed["full_name"] == ["Nguyễn Thị Nhung", "Nguyễn Thị Nhàn"]
    assert rows(db, "SELECT full_name, name_key, phone FROM person") == [
        ("Nguyễn Thị Nhàn", "nguyen thi nhan", "0912345678")]
    assert rows(db, "SELECT local_version FROM sync_record WHERE entity='person'") == [(2,)]
    assert rows(db, "SELECT action FROM audit_entry WHERE entity='person' ORDER BY id") == [
        ("create",), ("update",)]


def test_an_id_number_of_another_person_is_refused(db, site):
    record_dose(db, dose(date(2021, 8, 1)), person=person(1), today=TODAY, actor=AT_THIS_LAPTOP)
    other = record_dose(db, dose(date(2021, 8, 1)), person=person(2, "Lê Thị Hoa"), today=TODAY,
                        actor=AT_THIS_LAPTOP)
    refused = correct_person(db, other.person_id, {"id_number": "001190000101"}, today=TODAY,
                             actor=AT_THIS_LAPTOP)
    assert [p.code for p in refused.problems] == ["ID_ALREADY_REGISTERED"]


def test_a_cmnd_given_its_new_cccd_keeps_the_cmnd_as_the_old_number(db, site):
    """As a card's and the police's corrections do (``card_check.cccd_replacing``): found by
    the CMND after the correction too. The complaints' correction goes through the same
    ``correct_person_in``."""
    held = PersonInput("Nguyễn Thị Nhung", date(1990, 5, 1), Sex.FEMALE, IdType.CMND,
                       "012345678")
    out = record_dose(db, dose(date(2021, 8, 1)), person=held, today=TODAY,
                      actor=AT_THIS_LAPTOP)
    done = correct_person(db, out.person_id, {"id_type": IdType.CCCD,
                                              "id_number": "001 190 000 101"},
                          today=TODAY, actor=AT_THIS_LAPTOP)
    assert done.saved and done.changed["old_id_number"] == [None, "012345678"]
    assert rows(db, "SELECT id_type, id_number, old_id_number FROM person") == [
        ("CCCD", "001190000101", "012345678")]
    assert [h.id for h in search_people(db, "012345678")] == [out.person_id]
    # A CCCD mistyped, corrected to another CCCD: the old number stays what it was.
    again = correct_person(db, out.person_id, {"id_number": "001190000102"}, today=TODAY,
                           actor=AT_THIS_LAPTOP)
    assert again.saved and "old_id_number" not in again.changed


def test_a_cmnd_replaced_with_its_old_number_named_keeps_what_was_named(db, site):
    held = PersonInput("Nguyễn Thị Nhung", date(1990, 5, 1), Sex.FEMALE, IdType.CMND,
                       "012345678")
    out = record_dose(db, dose(date(2021, 8, 1)), person=held, today=TODAY,
                      actor=AT_THIS_LAPTOP)
    done = correct_person(db, out.person_id, {"id_type": IdType.CCCD,
                                              "id_number": "001190000101",
                                              "old_id_number": None},
                          today=TODAY, actor=AT_THIS_LAPTOP)
    assert done.saved
    assert rows(db, "SELECT old_id_number FROM person") == [(None,)]


def test_a_dose_correction_is_checked_against_the_other_doses(db, site):
    first = record_dose(db, dose(date(2021, 8, 1)), person=person(1), today=TODAY,
                        actor=AT_THIS_LAPTOP)
    second = record_dose(db, dose(date(2021, 11, 1), number=2), person_id=first.person_id,
                         today=TODAY, actor=AT_THIS_LAPTOP)
    clash = correct_dose(db, second.dose_id, {"dose_number": 1}, today=TODAY, actor=AT_THIS_LAPTOP)
    assert not clash.saved and [p.code for p in clash.problems] == ["DOSE_NUMBER_DUPLICATE"]
    early = correct_dose(db, second.dose_id, {"dose_date": date(2021, 8, 20)}, today=TODAY,
                         actor=AT_THIS_LAPTOP)
    assert early.needs_confirmation
    fixed = correct_dose(db, second.dose_id, {"lot_number": " XY9 ", "dose_date":
                                              date(2021, 11, 2)}, today=TODAY, actor=AT_THIS_LAPTOP)
    assert fixed.saved and fixed.changed["lot_number"] == ["AB123", "XY9"]
    assert rows(db, f"SELECT lot_number, dose_date FROM dose WHERE id='{second.dose_id}'") == [
        ("XY9", "2021-11-02")]
    assert rows(db, "SELECT action, details FROM audit_entry WHERE entity='dose' "
                    "AND action='update'")[0][0] == "update"
    assert rows(db, f"SELECT local_version FROM sync_record WHERE record_id='{second.dose_id}'"
                ) == [(2,)]
    unchanged = correct_dose(db, second.dose_id, {"lot_number": "XY9"}, today=TODAY,
                             actor=AT_THIS_LAPTOP)
    assert unchanged.saved and unchanged.changed == {}


def test_a_backfilled_dose_may_lack_lot_and_vaccinator_but_a_voided_one_is_not_corrected(
    db, site,
):
    out = record_dose(db, dose(date(2021, 8, 1), source="backfill"), person=person(1),
                      today=TODAY, actor=AT_THIS_LAPTOP)
    assert correct_dose(db, out.dose_id, {"lot_number": "", "vaccinator": ""},
                        today=TODAY, actor=AT_THIS_LAPTOP).saved
    void_dose(db, out.dose_id, "Trùng", actor=AT_THIS_LAPTOP)
    with pytest.raises(ValueError):
        correct_dose(db, out.dose_id, {"lot_number": "X"}, today=TODAY, actor=AT_THIS_LAPTOP)
