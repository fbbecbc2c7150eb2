from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.rules.dates import (
    age_on,
    check_dob,
    check_dose_date,
    format_date,
    full_year,
    parse_date,
)

TODAY = date(2024, 6, 1)


@pytest.mark.parametrize(
    "text", ["05/09/1990", "5/9/1990", "05-09-1990", "5.9.1990", "1990-09-05", "05091990",
             " 05 / 09 / 1990 "],
)
def test_typed_dates_are_day_first(text):
    assert parse_date(text) == date(1990, 9, 5)


@pytest.mark.parametrize("text", ["", "31/02/2000", "13/13/2000", "hôm qua", "1990", "5/9/90"])
def test_non_dates(text):
    assert parse_date(text) is None


def test_two_digit_years_are_read_only_given_this_year_as_the_latest_not_after_it():
    assert parse_date("5/9/90", 2026) == date(1990, 9, 5)
    assert parse_date("05.09.26", 2026) == date(2026, 9, 5)
    assert parse_date("05/09/27", 2026) == date(1927, 9, 5)
    assert parse_date("29/02/00", 2026) == date(2000, 2, 29)
    assert parse_date("31/02/21", 2026) is None
    assert full_year(0, 2026) == 2000 and full_year(99, 2026) == 1999


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_format_then_parse_round_trips(d):
    assert parse_date(format_date(d)) == d


def test_age():
    assert age_on(date(2000, 6, 2), TODAY) == 23
    assert age_on(date(2000, 6, 1), TODAY) == 24


def test_dob_rules():
    assert [p.code for p in check_dob(None, TODAY)] == ["DOB_REQUIRED"]
    assert [p.code for p in check_dob(date(2024, 6, 2), TODAY)] == ["DOB_IN_FUTURE"]
    assert [p.code for p in check_dob(date(1900, 1, 1), TODAY)] == ["DOB_TOO_OLD"]
    assert check_dob(TODAY, TODAY) == []


def test_dose_date_rules():
    dob = date(1990, 1, 1)
    assert [p.code for p in check_dose_date(None, dob, TODAY)] == ["DOSE_DATE_REQUIRED"]
    assert [p.code for p in check_dose_date(date(2024, 6, 2), dob, TODAY)] == [
        "DOSE_DATE_IN_FUTURE"
    ]
    assert [p.code for p in check_dose_date(date(2021, 3, 7), dob, TODAY)] == [
        "DOSE_BEFORE_PROGRAMME"
    ]
    assert check_dose_date(date(2021, 3, 8), dob, TODAY) == []
    assert [p.code for p in check_dose_date(date(2021, 5, 1), date(2022, 1, 1), TODAY)] == [
        "DOSE_BEFORE_BIRTH"
    ]
    [problem] = check_dose_date(date(2021, 3, 7), dob, TODAY)
    assert problem.message() == (
        "Ngày tiêm 07/03/2021 trước ngày tiêm vắc xin COVID-19 đầu tiên ở Việt Nam (08/03/2021)."
    )
