"""When a next dose counts as due and as overdue on the call-back list: pure rules."""

from dataclasses import replace
from datetime import date, timedelta

from desktop_app.rules.callbacks import Due, due_state, next_dose
from desktop_app.rules.catalogue import (
    catalogue_from_dict,
    default_catalogue,
    shipped_catalogue_data,
)

ADULT = date(1980, 1, 1)
LAST = date(2026, 6, 1)


def _state(catalogue, product, last_number, today):
    nxt = next_dose(catalogue, product, last_number, LAST, ADULT, today)
    return nxt, due_state(nxt, today)


def test_a_booster_is_due_from_its_first_day_and_overdue_only_after_the_window():
    catalogue = default_catalogue()
    first = LAST + timedelta(days=catalogue.booster_min_interval_days[3])
    nxt, state = _state(catalogue, "VAXZEVRIA", 2, first)
    assert (nxt.dose_number, nxt.earliest, state) == (3, first, Due.DUE)
    window = catalogue.booster_window_days
    assert window == 30  # as resources/vaccines.json ships it
    assert _state(catalogue, "VAXZEVRIA", 2, first + timedelta(days=1))[1] == Due.DUE
    assert _state(catalogue, "VAXZEVRIA", 2, first + timedelta(days=window))[1] == Due.DUE
    assert _state(catalogue, "VAXZEVRIA", 2,
                  first + timedelta(days=window + 1))[1] == Due.OVERDUE


def test_the_window_is_the_catalogues_and_an_older_catalogue_gets_the_default():
    data = shipped_catalogue_data()
    shorter = catalogue_from_dict({**data, "booster_window_days": 7})
    first = LAST + timedelta(days=shorter.booster_min_interval_days[3])
    assert _state(shorter, "VAXZEVRIA", 2, first + timedelta(days=8))[1] == Due.OVERDUE
    older = {k: v for k, v in data.items() if k != "booster_window_days"}
    assert catalogue_from_dict(older).booster_window_days == 30
    none = replace(default_catalogue(), booster_window_days=0)  # the old rule, for contrast
    assert _state(none, "VAXZEVRIA", 2, first + timedelta(days=1))[1] == Due.OVERDUE


def test_a_primary_dose_keeps_the_products_recommended_day():
    catalogue = default_catalogue()
    product = catalogue.get("VAXZEVRIA")
    late = LAST + timedelta(days=product.recommended_interval_days + 1)
    nxt, state = _state(catalogue, "VAXZEVRIA", 1, late)
    assert (nxt.dose_number, state) == (2, Due.OVERDUE)
    on_time = LAST + timedelta(days=product.recommended_interval_days)
    assert _state(catalogue, "VAXZEVRIA", 1, on_time)[1] == Due.DUE


def test_the_first_doses_product_sets_the_series_whatever_the_booster_was():
    """Abdala's primary series is three doses: a Comirnaty booster as dose 4 is the first
    booster, and the second is called for 120 days on. Read from the last product alone,
    dose 5 was a third booster the catalogue does not time, and nobody was called."""
    catalogue = default_catalogue()
    second = catalogue.booster_min_interval_days[4]
    after_abdala = next_dose(catalogue, "COMIRNATY", 4, LAST, ADULT, LAST, "ABDALA")
    assert (after_abdala.dose_number, after_abdala.earliest) == \
        (5, LAST + timedelta(days=second))
    assert next_dose(catalogue, "COMIRNATY", 4, LAST, ADULT, LAST, "COMIRNATY") is None
    # One Janssen dose is a whole series: its Comirnaty booster (dose 2) is followed by
    # the second booster, not by a first one 90 days on.
    after_janssen = next_dose(catalogue, "COMIRNATY", 2, LAST, ADULT, LAST, "JCOVDEN")
    assert after_janssen.earliest == LAST + timedelta(days=second)


def test_a_dose_called_ahead_is_upcoming_until_its_first_day():
    catalogue = default_catalogue()
    nxt = next_dose(catalogue, "VAXZEVRIA", 1, LAST, ADULT, LAST)
    before = nxt.earliest - timedelta(days=3)
    assert due_state(nxt, before, ahead_days=3) == Due.UPCOMING
    assert due_state(nxt, before - timedelta(days=1), ahead_days=3) is None
    assert due_state(nxt, nxt.earliest, ahead_days=3) == Due.DUE
