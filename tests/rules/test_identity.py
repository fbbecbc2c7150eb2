from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.rules.identity import (
    IdType,
    NoIdReason,
    Sex,
    check_identity,
    check_phone,
    clean_id_number,
    decode_cccd,
    make_cccd,
    province_codes,
)

TODAY = date(2024, 6, 1)
provinces = st.sampled_from(sorted(province_codes()))
sexes = st.sampled_from(list(Sex))
dobs = st.dates(min_value=date(1905, 1, 1), max_value=TODAY)
serials = st.integers(min_value=0, max_value=999_999)


def codes(problems):
    return [p.code for p in problems]


def test_there_are_63_province_codes():
    assert len(province_codes()) == 63
    assert province_codes()["079"] == "Hồ Chí Minh"


@given(provinces, sexes, dobs, serials)
def test_a_cccd_consistent_with_sex_and_birth_year_passes(province, sex, dob, serial):
    number = make_cccd(province, sex, dob.year, serial)
    assert check_identity(IdType.CCCD, number, sex=sex, dob=dob, today=TODAY) == []


@given(provinces, sexes, dobs, serials)
def test_decode_inverts_make(province, sex, dob, serial):
    info = decode_cccd(make_cccd(province, sex, dob.year, serial))
    assert (info.province, info.sex, info.birth_year) == (province, sex, dob.year)


@given(provinces, sexes, dobs, serials)
def test_the_wrong_sex_is_caught(province, sex, dob, serial):
    number = make_cccd(province, sex, dob.year, serial)
    other = Sex.FEMALE if sex is Sex.MALE else Sex.MALE
    assert codes(check_identity(IdType.CCCD, number, sex=other, dob=dob, today=TODAY)) == [
        "ID_SEX_MISMATCH"
    ]


@given(provinces, sexes, dobs, serials, st.integers(min_value=1, max_value=99))
def test_the_wrong_birth_year_is_caught(province, sex, dob, serial, shift):
    number = make_cccd(province, sex, dob.year, serial)
    typed = date(dob.year - shift, 1, 1)
    assert "ID_BIRTH_YEAR_MISMATCH" in codes(
        check_identity(IdType.CCCD, number, sex=sex, dob=typed, today=TODAY)
    )


@given(st.text(alphabet="0123456789", min_size=3, max_size=3))
def test_unknown_province_codes_are_errors(code):
    number = make_cccd(code, Sex.MALE, 1990, 1)
    found = codes(check_identity(IdType.CCCD, number, sex=Sex.MALE, dob=date(1990, 1, 1),
                                 today=TODAY))
    assert ("ID_PROVINCE_UNKNOWN" in found) == (code not in province_codes())


def test_century_digit_for_people_born_in_2000s():
    # 4th digit 3 = female born 2000-2099
    assert decode_cccd("001305000001").sex is Sex.FEMALE
    assert decode_cccd("001305000001").birth_year == 2005
    assert check_identity(IdType.CCCD, "001305000001", sex=Sex.FEMALE, dob=date(2005, 3, 1),
                          today=TODAY) == []


def test_a_century_digit_for_the_unborn_is_an_error():
    assert codes(check_identity(IdType.CCCD, "001590000001", sex=None, dob=None,
                                today=TODAY)) == ["ID_CENTURY_INVALID"]


@pytest.mark.parametrize(
    ("id_type", "number", "code"),
    [
        (IdType.CCCD, "00119000012", "ID_WRONG_LENGTH"),
        (IdType.CCCD, "0011900001234", "ID_WRONG_LENGTH"),
        (IdType.CCCD, "00119O000123", "ID_NOT_DIGITS"),
        (IdType.CMND, "12345678", "ID_WRONG_LENGTH"),
        (IdType.CCCD, "", "ID_NUMBER_REQUIRED"),
        (None, "001190000123", "ID_TYPE_REQUIRED"),
    ],
)
def test_malformed_numbers(id_type, number, code):
    assert codes(check_identity(id_type, number, sex=Sex.FEMALE, dob=date(1990, 1, 1),
                                today=TODAY)) == [code]


def test_cmnd_has_nine_digits():
    assert check_identity(IdType.CMND, "123 456 789", sex=Sex.MALE, dob=date(1980, 1, 1),
                          today=TODAY) == []


def test_the_messages_say_what_is_wrong_in_vietnamese():
    [problem] = check_identity(IdType.CCCD, "001090000001", sex=Sex.FEMALE,
                               dob=date(1990, 1, 1), today=TODAY)
    assert problem.field == "id_number"
    assert problem.message() == "Số CCCD ghi giới tính Nam, nhưng giới tính đã nhập là Nữ."
    assert problem.message("en") == \
        "The citizen ID encodes sex male, but the entered sex is female."  # not "Nam", "Nữ"


def test_passports_need_a_valid_number_and_a_nationality():
    ok = check_identity(IdType.PASSPORT, "m1234567", sex=Sex.MALE, dob=date(1980, 1, 1),
                        today=TODAY, nationality="kor")
    assert ok == []
    assert codes(check_identity(IdType.PASSPORT, "M12", sex=None, dob=None, today=TODAY)) == [
        "PASSPORT_INVALID", "NATIONALITY_REQUIRED"
    ]


def test_no_id_needs_a_reason_and_child_reason_is_for_children():
    assert codes(check_identity(IdType.NONE, None, sex=None, dob=None, today=TODAY)) == [
        "NO_ID_REASON_REQUIRED"
    ]
    assert check_identity(IdType.NONE, None, sex=None, dob=date(2016, 1, 1), today=TODAY,
                          no_id_reason=NoIdReason.CHILD_WITHOUT_NUMBER) == []
    assert codes(check_identity(IdType.NONE, None, sex=None, dob=date(1990, 1, 1), today=TODAY,
                                no_id_reason=NoIdReason.CHILD_WITHOUT_NUMBER)) == [
        "NO_ID_CHILD_TOO_OLD"
    ]
    assert check_identity(IdType.NONE, None, sex=None, dob=date(1950, 1, 1), today=TODAY,
                          no_id_reason=NoIdReason.HOMELESS_OR_ITINERANT) == []


@given(st.text(alphabet="0123456789", min_size=12, max_size=12),
       st.lists(st.sampled_from([" ", ".", "-"]), max_size=4))
def test_clean_id_number_removes_separators_only(digits, seps):
    noisy = "".join(s + d for s, d in zip(seps + [""] * 12, digits, strict=False))
    assert clean_id_number("'" + noisy + " ") == digits


@pytest.mark.parametrize("phone", ["0912345678", "+84 912 345 678", "0912.345.678", "02438253531"])
def test_valid_phones(phone):
    assert check_phone(phone) == []


@pytest.mark.parametrize("phone", ["912345678", "09123456789", "abc", "1234567890"])
def test_invalid_phones(phone):
    assert codes(check_phone(phone)) == ["PHONE_INVALID"]


def test_an_id_in_scientific_notation_says_its_digits_are_lost_and_keeps_the_text():
    """Before: "3.80170E+11" was checked as "380170E+11" (its dot stripped), a value the
    clerk could not find in the file."""
    [problem] = check_identity(IdType.CCCD, "3.80170E+11", sex=Sex.MALE, dob=None, today=TODAY)
    assert problem.code == "ID_SCIENTIFIC_NOTATION" and problem.params["value"] == "3.80170E+11"
    assert "đã bị ghi dạng số mũ" in problem.message("vi")
    assert codes(check_identity(IdType.CCCD, "38017OE11", sex=None, dob=None, today=TODAY)) == [
        "ID_NOT_DIGITS"]

