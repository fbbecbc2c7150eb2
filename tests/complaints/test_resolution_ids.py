"""A complaint's resolution changes only the complainant's records, whatever ids a caller
passes: the screens offer only the complaint's record and its doses, and the service
refuses any other (a dose or a record of another person), changing and auditing nothing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.rules.messages import UserError
from desktop_app.services import complaints
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.complaints.people import CODE, arrived

OTHER_ID = "001185099999"


def audited(db) -> int:
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def test_a_correction_refuses_a_dose_of_another_person(db, site, boss):
    lan = paper(db)
    other = paper(db, full_name="Trần Văn Bình", sex="Nam", id_number=OTHER_ID)
    arrived(db, GOOD_ID, kind=wire.DETAILS_WRONG, dose_number=None, dose_date=None)
    with db.reading() as s:
        theirs = s.scalar(select(Dose.id).where(Dose.person_id == other))
    before = audited(db)
    with pytest.raises(UserError) as e:
        complaints.resolve_correct(db, CODE, {"full_name": "Phạm Thị Lan Anh"},
                                   note="Sửa mũi.", actor=boss, dose_id=theirs,
                                   dose_changes={"dose_date": date(2021, 9, 3)},
                                   confirm_warnings=True, today=TODAY)
    assert e.value.code == "COMPLAINT_DOSE_NOT_THEIRS"
    assert CODE in e.value.message("vi") and "không thuộc hồ sơ" in e.value.message("vi")
    with db.reading() as s:
        assert s.get(Dose, theirs).dose_date == date(2021, 9, 2)
        assert s.get(Person, lan).full_name == "Phạm Thị Lan"
    assert complaints.complaint(db, CODE).is_open() and audited(db) == before


def test_a_merge_refuses_two_records_neither_of_which_is_the_complainants(db, site, boss):
    paper(db)  # the complainant's record
    keep = paper(db, full_name="Trần Văn Bình", sex="Nam", id_number=OTHER_ID)
    fold = paper(db, full_name="Trần Văn Bình", sex="Nam", id_number="", dose_number="2",
                 dose_date="07/10/2021", address="khác")
    arrived(db, GOOD_ID, kind=wire.DETAILS_HIDE_DOSES)
    before = audited(db)
    with pytest.raises(UserError) as e:
        complaints.resolve_merge(db, CODE, keep, fold, actor=boss, note="Gộp")
    assert e.value.code == "COMPLAINT_MERGE_NOT_THEIRS"
    assert CODE in e.value.message("vi") and "Phạm Thị Lan" in e.value.message("vi")
    with db.reading() as s:
        assert s.get(Person, fold).merged_into is None
    assert complaints.complaint(db, CODE).is_open() and audited(db) == before


def test_a_merge_of_an_unlinked_complaint_is_refused(db, site, boss):
    keep = paper(db, full_name="Trần Văn Bình", sex="Nam", id_number=OTHER_ID)
    fold = paper(db, full_name="Trần Văn Bình", sex="Nam", id_number="", dose_number="2",
                 dose_date="07/10/2021", address="khác")
    arrived(db, "001185000001", kind=wire.DETAILS_HIDE_DOSES)
    before = audited(db)
    with pytest.raises(UserError) as e:
        complaints.resolve_merge(db, CODE, keep, fold, actor=boss, note="Gộp")
    assert e.value.code == "COMPLAINT_NO_PERSON"
    with db.reading() as s:
        assert s.get(Person, fold).merged_into is None
    assert audited(db) == before


def test_a_merge_keeping_the_other_record_is_still_the_complainants(db, site, boss):
    """The merge screen may keep the other record (``_keep_the_other``): the complainant's
    is then the one folded, and that is theirs too."""
    lan = paper(db)
    second = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                   address="12 Láng Hạ, Hà Nội", phone="0912345678")
    arrived(db, GOOD_ID, kind=wire.DETAILS_HIDE_DOSES)
    complaints.resolve_merge(db, CODE, second, lan, actor=boss, note="Gộp",
                             confirm_differences=True)
    assert complaints.complaint(db, CODE).action == wire.MERGE
