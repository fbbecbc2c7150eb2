"""Every value format the provincial files hold, cleaned into what the database stores."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime

import pytest

from desktop_app.importers.headers import find_header, header_key, map_headers
from desktop_app.importers.values import (
    clean_date,
    clean_dose_number,
    clean_id,
    clean_phone,
    clean_sex,
    text,
    unnumbered_booster,
)
from desktop_app.rules.catalogue import default_catalogue
from desktop_app.rules.names import normalize_name


@pytest.mark.parametrize("cell", [
    date(2021, 9, 5), datetime(2021, 9, 5, 0, 0), 44444.0, 44444, "05/09/2021", "5/9/2021",
    "05-09-2021", "5-9-2021", "05.09.2021", "2021-09-05", "2021-09-05 00:00:00", " 5/9/2021 ",
    "44444", "05/09/2021 00:00:00", "5/9/2021 0:00",
])
def test_every_date_format_gives_the_same_day(cell):
    assert clean_date(cell) == date(2021, 9, 5)


# "¹", "4⁴444": digits to str.isdigit, not to float (a fuzzed cell stopped an import).
@pytest.mark.parametrize("cell", ["31/02/2021", "hôm qua", "2021", "13/13/2021", -5.0, "", 1990.0,
                                  "¹", "4⁴444", "44.4²"])
def test_what_is_no_date_is_none(cell):
    assert clean_date(cell) is None


@pytest.mark.parametrize("cell, expected", [
    (1090012345.0, ("001090012345", "CCCD")),  # a number cell lost two leading zeros
    (38190000123, ("038190000123", "CCCD")),  # ... or one
    ("001090012345", ("001090012345", "CCCD")),  # text keeps them
    ("'001090012345", ("001090012345", "CCCD")),  # Excel's leading apostrophe
    ("001 090 012 345", ("001090012345", "CCCD")),
    (12345678.0, ("012345678", "CMND")),  # a 9-digit CMND that lost its zero
    ("123456789", ("123456789", "CMND")),
    ("C1234567", ("C1234567", "PASSPORT")),
    ("", (None, "NONE")), (None, (None, "NONE")),
    ("00109001234", ("00109001234", "CCCD")),  # typed as text with a digit missing: kept
    ("Chưa có", (None, "NONE")), ("không", (None, "NONE")), ("-", (None, "NONE")),
])
def test_id_numbers_as_numbers_text_or_with_an_apostrophe(cell, expected):
    assert clean_id(cell) == expected


@pytest.mark.parametrize("cell, expected", [
    ("Nam", "M"), ("NAM", "M"), ("nam", "M"), ("Nữ", "F"), ("NỮ", "F"), ("nu", "F"),
    ("Nu", "F"), (unicodedata.normalize("NFD", "Nữ"), "F"), ("F", "F"), ("M", "M"),
    ("", None), ("khác", None),
])
def test_sex_in_any_case_with_or_without_accents(cell, expected):
    assert clean_sex(cell) == expected


@pytest.mark.parametrize("cell, expected", [
    (2, 2), (2.0, 2), ("2", 2), ("Mũi 2", 2), ("mũi thứ 3", 3), ("MŨI 1", 1), (" 4 ", 4),
    ("Mũi nhắc lại", None), (0, None), (12, None), (2.5, None), ("", None),
    # booster counts are not dose numbers: refused, never stored as dose 1 or 2
    ("Mũi nhắc lại 1", None), ("Nhắc lại lần 2", None), ("Booster 1", None),
    ("Mũi 3 (nhắc lại 1)", 3), ("Mũi 4 - tăng cường", 4), ("²", None), ("Mũi ²", None),
])
def test_dose_numbers(cell, expected):
    assert clean_dose_number(cell, highest=6) == expected


@pytest.mark.parametrize("cell, expected", [
    ("Mũi nhắc lại", "Mũi nhắc lại"), (" Nhắc lại ", "Nhắc lại"), ("TĂNG CƯỜNG", "TĂNG CƯỜNG"),
    ("booster", "booster"), ("Mũi tăng cường", "Mũi tăng cường"),
    # a number said, or no booster wording: the number rules, not this one
    ("Mũi nhắc lại 1", None), ("Mũi 3 (nhắc lại 1)", None), ("Mũi", None), ("", None),
    (3, None), (None, None),
])
def test_a_booster_without_a_number_is_told_apart(cell, expected):
    assert unnumbered_booster(cell) == expected


@pytest.mark.parametrize("label, code", [
    ("AstraZeneca", "VAXZEVRIA"), ("astra zeneca", "VAXZEVRIA"), ("ASTRAZENECA", "VAXZEVRIA"),
    ("Covishield", "COVISHIELD"), ("Vaxzevria", "VAXZEVRIA"), ("Pfizer", "COMIRNATY"),
    ("Pfizer-BioNTech", "COMIRNATY"), ("Comirnaty", "COMIRNATY"), ("Moderna", "SPIKEVAX"),
    ("Vero Cell", "VEROCELL"), ("Sinopharm", "VEROCELL"),
    ("Vắc xin AstraZeneca", "VAXZEVRIA"), ("Vắc xin Moderna", "SPIKEVAX"),
    ("Pfizer (Comirnaty)", "COMIRNATY"), ("Moderna (Spikevax)", "SPIKEVAX"),
    ("Vaccine phòng COVID-19 Pfizer", "COMIRNATY"), ("Sinopharm (Vero Cell)", "VEROCELL"),
])
def test_vaccine_brands_generics_and_spacing(label, code):
    assert default_catalogue().find(label).code == code


@pytest.mark.parametrize("label", ["Pfizer (Moderna)", "Vắc xin", "Vắc xin lạ", "COVID-19"])
def test_a_label_naming_no_vaccine_or_two_is_not_guessed(label):
    assert default_catalogue().find(label) is None


def test_names_in_nfd_capitals_or_extra_spaces_store_the_same():
    nfd = unicodedata.normalize("NFD", "nguyễn thị  nhung")
    assert normalize_name(nfd) == normalize_name("  NGUYỄN THỊ NHUNG ") == "Nguyễn Thị Nhung"


def test_phone_numbers_that_lost_their_zero_or_carry_84():
    assert clean_phone(912345678.0) == "0912345678"
    assert clean_phone("+84 912 345 678") == "0912345678"
    assert clean_phone("") is None
    # Text of bare digits (most cells, read without the splitting): the same rules.
    assert clean_phone("912345678") == "0912345678" == clean_phone("84912345678")
    assert clean_phone("0912345678") == "0912345678" and clean_phone("¹²³") is None


@pytest.mark.parametrize("cell", ["0912 000 005 / 0987 000 555", "0912000005, 0987000555",
                                  "0912.000.005 - 0987.000.555", "0912000005 hoặc 0987000555"])
def test_a_cell_with_two_phones_keeps_the_first(cell):
    assert clean_phone(cell) == "0912000005"


def test_text_of_a_cell():
    assert text(12.0) == "12" and text(" a ") == "a" and text(None) == ""


def test_header_variants_are_recognised():
    assert header_key("Họ và tên (chữ in hoa)") == "ho va ten"
    mapping = map_headers(["TT", "HỌ TÊN", "Năm sinh?", "Ngày, tháng, năm sinh", "GIỚI TÍNH",
                           "Số CMND/CCCD", "SĐT", "Vắc xin", "Lô", "Mũi", "Ngày tiêm",
                           "Nơi tiêm"])
    assert mapping == {"full_name": 1, "dob": 3, "sex": 4, "id_number": 5, "phone": 6,
                       "product": 7, "lot_number": 8, "dose_number": 9, "dose_date": 10,
                       "facility": 11}


def test_the_header_row_is_found_below_title_rows():
    rows = [["SỞ Y TẾ"], [], ["DANH SÁCH"], ["STT", "Họ và tên", "Ngày tiêm", "Vắc xin"]]
    assert find_header(rows).row_index == 3
    assert find_header([["Họ và tên"], ["a"]]) is None  # too few columns to be sure


def test_identity_flags_cached_by_cccd_prefix_equal_a_fresh_check():
    """The importer checks a well-formed CCCD once per first six digits, sex and birth year
    (RowReader._check_identity): every person still gets what check_identity says of them,
    whatever was checked before with the same prefix."""
    from desktop_app.importers.rows import RowReader
    from desktop_app.rules.identity import check_identity

    today = date(2026, 12, 2)
    reader = RowReader({"full_name": 0}, default_catalogue(), today)
    cases = [(number, sex, dob) for number in ("001190000001", "001190000002", "001091000003",
                                               "999190000004", "001990000005", "0011900",
                                               "001191000006")
             for sex in ("F", "M", None)
             for dob in (date(1990, 1, 1), date(1990, 12, 31), date(1991, 6, 1), None)]
    for number, sex, dob in cases + cases[::-1]:  # each met first with another's cache warm
        fresh = check_identity("CCCD", number, sex=sex, dob=dob, today=today)
        missing = ["DOB_REQUIRED"] * (dob is None) + ["SEX_REQUIRED"] * (sex is None)
        got = reader.identity_flags(dob, "", sex, "CCCD", number)
        assert [(p.code, p.params) for p in got] == [(c, {}) for c in missing] + [
            (p.code, p.params) for p in fresh], (number, sex, dob)
