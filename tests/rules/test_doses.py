from datetime import date

from desktop_app.rules.catalogue import default_catalogue
from desktop_app.rules.doses import PriorDose, check_dose, suggest_dose_number

TODAY = date(2022, 12, 1)
DOB = date(1985, 4, 2)


def check(number, when, history=(), product="VAXZEVRIA", dob=DOB, **kw):
    kw.setdefault("lot_number", "A1")
    kw.setdefault("vaccinator", "Lan")
    return check_dose(product_code=product, dose_number=number, dose_date=when, dob=dob,
                      history=list(history), catalogue=default_catalogue(), today=TODAY, **kw)


def codes(problems):
    return [(p.code, p.severity.value) for p in problems]


def test_a_clean_first_dose():
    assert check(1, date(2021, 8, 1)) == []


def test_the_same_dose_number_twice_is_an_error():
    history = [PriorDose(1, date(2021, 8, 1), "VAXZEVRIA")]
    assert codes(check(1, date(2021, 10, 1), history)) == [("DOSE_NUMBER_DUPLICATE", "error")]


def test_short_interval_is_a_warning_with_its_reason():
    history = [PriorDose(1, date(2021, 8, 1), "VAXZEVRIA")]
    [problem] = check(2, date(2021, 8, 20), history, product="COMIRNATY")
    assert (problem.code, problem.is_error) == ("DOSE_INTERVAL_SHORT", False)
    # the series follows the first dose's product: AstraZeneca needs 28 days
    assert problem.params["min_days"] == 28 and problem.params["days"] == 19
    assert "28 ngày" in problem.message() and "Vaxzevria" in problem.message()


def test_interval_at_the_minimum_is_fine():
    history = [PriorDose(1, date(2021, 8, 1), "COMIRNATY")]
    assert check(2, date(2021, 8, 22), history, product="COMIRNATY") == []


def test_booster_interval_follows_moh_guidance():
    history = [PriorDose(1, date(2021, 8, 1), "VEROCELL"), PriorDose(2, date(2021, 9, 1),
                                                                     "VEROCELL")]
    assert codes(check(3, date(2021, 11, 1), history, product="COMIRNATY")) == [
        ("BOOSTER_INTERVAL_SHORT", "warning")
    ]
    assert check(3, date(2021, 12, 1), history, product="COMIRNATY") == []


def test_a_dose_number_beyond_the_history_is_a_warning():
    assert codes(check(2, date(2021, 8, 1))) == [("DOSE_NUMBER_GAP", "warning")]


def test_doses_out_of_order_are_an_error():
    history = [PriorDose(2, date(2021, 9, 1), "VAXZEVRIA")]
    assert codes(check(1, date(2021, 10, 1), history)) == [("DOSE_ORDER", "error")]


def test_product_and_number_must_be_valid():
    assert codes(check(1, date(2021, 8, 1), product="XYZ")) == [("PRODUCT_UNKNOWN", "error")]
    assert codes(check(1, date(2021, 8, 1), product="")) == [("PRODUCT_REQUIRED", "error")]
    assert codes(check(0, date(2021, 8, 1))) == [("DOSE_NUMBER_INVALID", "error")]
    assert codes(check(7, date(2021, 8, 1))) == [("DOSE_NUMBER_INVALID", "error")]


def test_desk_entries_need_lot_and_vaccinator_but_history_does_not():
    assert codes(check(1, date(2021, 8, 1), lot_number=" ", vaccinator="")) == [
        ("LOT_REQUIRED", "error"), ("VACCINATOR_REQUIRED", "error")
    ]
    assert check(1, date(2021, 8, 1), lot_number=None, vaccinator=None, at_desk=False) == []


def test_age_outside_the_products_range_is_an_error_at_the_desk_a_warning_in_history():
    child = date(2015, 1, 1)
    assert codes(check(1, date(2022, 6, 1), product="COMIRNATY", dob=child)) == [
        ("DOSE_AGE_OUTSIDE", "error")
    ]
    # A dose from paper was given: it is recorded, flagged for the clerk to confirm.
    assert codes(check(1, date(2022, 6, 1), product="COMIRNATY", dob=child,
                       at_desk=False, lot_number=None, vaccinator=None)) == [
        ("DOSE_AGE_OUTSIDE", "warning")
    ]
    assert check(1, date(2022, 6, 1), product="COMIRNATY_PAED", dob=child) == []
    [adult] = check(1, date(2022, 6, 1), product="COMIRNATY_PAED")
    assert "5 đến 11 tuổi" in adult.message()


def test_date_rules_apply():
    assert codes(check(1, date(2023, 1, 1))) == [("DOSE_DATE_IN_FUTURE", "error")]


def test_suggested_dose_number():
    assert suggest_dose_number([]) == 1
    assert suggest_dose_number([PriorDose(1, date(2021, 8, 1), "X"),
                                PriorDose(2, date(2021, 9, 1), "X")]) == 3
