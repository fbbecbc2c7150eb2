"""Finding a person at the desk."""

import unicodedata
from datetime import date

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.search import search_people

TODAY = date(2022, 6, 1)


def add(db, name, dob, sex, number, phone=None, doses=()):
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 9, 1), "Lan"),
                      person=PersonInput(name, dob, sex, IdType.CCCD, number, phone=phone),
                      today=TODAY, actor=AT_THIS_LAPTOP,
                      confirm_warnings=True)  # a twin of a name, birth date and sex: asked
    assert out.saved, out.problems
    for n, when in doses:
        more = record_dose(db, DoseInput("COMIRNATY", "FK2", n, when, "Lan"),
                           person_id=out.person_id, today=TODAY, actor=AT_THIS_LAPTOP)
        assert more.saved, more.problems
    return out.person_id


def test_name_prefix_without_accents_finds_the_person_with_dob_and_last_dose(db, site):
    nhung = add(db, "Nguyễn Thị Nhung", date(1990, 5, 1), Sex.FEMALE, "001190000123",
                doses=[(2, date(2021, 10, 1))])
    add(db, "Nguyễn Thị Nhàn", date(1985, 1, 1), Sex.FEMALE, "001185000124")
    add(db, "Trần Văn Nhung", date(1970, 1, 1), Sex.MALE, "001070000125")

    [hit] = search_people(db, "nguyen thi nhung")
    assert (hit.id, hit.full_name, hit.dob) == (nhung, "Nguyễn Thị Nhung", date(1990, 5, 1))
    assert (hit.last_dose_number, hit.last_dose_date) == (2, date(2021, 10, 1))

    assert {h.full_name for h in search_people(db, "nguyen thi nh")} == {
        "Nguyễn Thị Nhung", "Nguyễn Thị Nhàn"}
    assert [h.full_name for h in search_people(db, "NGUYỄN THỊ NH")] == [
        "Nguyễn Thị Nhàn", "Nguyễn Thị Nhung"]  # ordered by folded name
    assert search_people(db, unicodedata.normalize("NFD", "Nguyễn Thị Nhung"))[0].id == nhung
    # Words in another order come after the names that start as typed (test_search_spoken).
    assert [h.id for h in search_people(db, "thi nhung")] == [nhung]


def test_d_stroke_in_search(db, site):
    add(db, "Đặng Văn Lâm", date(1993, 8, 13), Sex.MALE, "001093000126")
    assert [h.full_name for h in search_people(db, "dang van")] == ["Đặng Văn Lâm"]


def test_id_and_phone_found_exactly_first(db, site):
    pid = add(db, "Lê Văn Tám", date(1990, 1, 1), Sex.MALE, "001090000001", phone="0912345678")
    assert [h.id for h in search_people(db, "001090000001")] == [pid]
    assert [h.id for h in search_people(db, "001 090 000 001")] == [pid]
    assert [h.id for h in search_people(db, "0912345678")] == [pid]
    assert [h.id for h in search_people(db, "+84 912 345 678")] == [pid]
    # An ID being typed finds the IDs it starts (tests/services/test_search_spoken.py).
    assert [h.id for h in search_people(db, "00109000000")] == [pid]
    assert search_people(db, "00109000002") == []


def test_empty_queries_and_limits(db, site):
    for i in range(5):
        add(db, f"Phạm Văn An {chr(65 + i)}", date(1990, 1, 1), Sex.MALE, f"0010900001{i:02d}")
    assert search_people(db, "  ") == []
    assert len(search_people(db, "pham", limit=3)) == 3
