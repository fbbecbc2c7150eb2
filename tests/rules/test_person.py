from datetime import date

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.person import PersonFacts, check_person

TODAY = date(2024, 1, 1)


def test_mandatory_fields_each_get_their_own_message():
    problems = check_person(PersonFacts("", None, None, None), TODAY)
    assert [(p.code, p.field) for p in problems] == [
        ("NAME_REQUIRED", "full_name"),
        ("DOB_REQUIRED", "dob"),
        ("SEX_REQUIRED", "sex"),
        ("ID_TYPE_REQUIRED", "id_type"),
    ]


def test_a_complete_person_passes():
    facts = PersonFacts("Trần Văn Bình", date(2001, 2, 3), Sex.MALE, IdType.CCCD,
                        "079201000042", phone="0912345678")
    assert check_person(facts, TODAY) == []


def test_cross_check_fires_when_all_three_are_given():
    facts = PersonFacts("Trần Văn Bình", date(1999, 2, 3), Sex.MALE, IdType.CCCD, "079201000042")
    assert [p.code for p in check_person(facts, TODAY)] == ["ID_BIRTH_YEAR_MISMATCH"]
