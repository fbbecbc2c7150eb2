"""Which vaccine the call-back list names for the next dose (kidrev): a boy given Comirnaty
5-11 at 11 who has turned 12 since was listed beside the orange-cap vial only; booked into
the children's session, the desk refused it for him (DOSE_AGE_OUTSIDE). The next dose is
named by the desk's own age rule on the day it may be given."""

from datetime import date

from desktop_app.rules.callbacks import next_dose, next_product
from desktop_app.rules.catalogue import default_catalogue

CAT = default_catalogue()
TODAY = date(2026, 12, 1)


def _named(product, number, last, dob, first=None, today=TODAY):
    nxt = next_dose(CAT, product, number, last, dob, today, first)
    assert nxt is not None
    found = next_product(CAT, nxt, product, first, dob, today)
    return found.code if found else None


def test_a_boy_turned_12_since_his_paediatric_dose_1_is_called_for_the_12_plus_product():
    assert _named("COMIRNATY_PAED", 1, date(2026, 11, 5), date(2014, 11, 20)) == "COMIRNATY"


def test_a_child_still_11_on_the_day_keeps_the_paediatric_product():
    assert _named("COMIRNATY_PAED", 1, date(2026, 11, 5), date(2015, 3, 1)) == \
        "COMIRNATY_PAED"


def test_the_age_is_the_one_on_the_day_the_dose_may_be_given_not_today():
    """Called ahead on 1/12, 11 that day, 12 on the 3rd; his dose 2 is possible from the
    4th: the session he is booked into is the 12+ one."""
    assert _named("COMIRNATY_PAED", 1, date(2026, 11, 13), date(2014, 12, 3)) == "COMIRNATY"


def test_a_child_given_the_adult_formulation_at_11_is_called_for_the_childrens():
    assert _named("COMIRNATY", 1, date(2026, 11, 5), date(2015, 3, 1)) == "COMIRNATY_PAED"


def test_an_adult_is_called_for_the_product_of_the_series():
    assert _named("VAXZEVRIA", 1, date(2026, 10, 1), date(1988, 1, 1)) == "VAXZEVRIA"
    # A primary dose continues the series begun with dose 1, whatever dose 2 was.
    assert _named("COMIRNATY", 2, date(2026, 11, 1), date(1980, 1, 1), first="ABDALA") == \
        "ABDALA"


def test_a_booster_is_named_after_the_last_dose_not_the_primary_series():
    """Abdala's three doses, then a Comirnaty booster: the second booster is called for
    as Comirnaty, the vaccine the person last had."""
    assert _named("COMIRNATY", 4, date(2026, 6, 1), date(1980, 1, 1), first="ABDALA") == \
        "COMIRNATY"


def test_no_product_is_named_when_none_of_that_vaccine_suits_the_age():
    """Abdala is given at 19-65 and its maker has no other product: a woman 66 on the day
    of her dose 2 is listed (other vaccines suit her) with no vaccine named, not Abdala."""
    assert _named("ABDALA", 1, date(2026, 11, 20), date(1960, 11, 25)) is None


def test_an_unknown_date_of_birth_keeps_the_series_product():
    assert _named("COMIRNATY_PAED", 1, date(2026, 11, 5), None) == "COMIRNATY_PAED"
