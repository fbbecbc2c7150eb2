"""Where a complaint goes, decided alone over the facts found (no database)."""

from __future__ import annotations

from datetime import date

from central_server.complaints.routing import DoseFact, decide, pick_dose
from desktop_app.wire.complaints import ROUTE_COMMUNE, ROUTE_PROVINCE, ROUTE_SITE

FIRST = DoseFact("HN-0001", 1, date(2021, 8, 2))
SECOND = DoseFact("HN-0002", 2, date(2021, 9, 6))
BOOSTER = DoseFact("HN-0003", 3, date(2022, 2, 14))
DOSES = [SECOND, BOOSTER, FIRST]  # in no particular order, as the store answers


def test_a_known_dose_goes_to_the_site_that_recorded_it_before_any_commune():
    assert decide(DOSES, 1, None, ["HN-0009"]).site_code == "HN-0001"
    assert decide(DOSES, 1, None, ["HN-0009"]).route == ROUTE_SITE


def test_the_dose_is_named_by_number_by_date_or_by_both():
    assert pick_dose(DOSES, 2, None) == SECOND
    assert pick_dose(DOSES, None, date(2021, 8, 2)) == FIRST
    # Number and date disagree with each other: both matching wins, else the number.
    again = DoseFact("HN-0004", 2, date(2021, 8, 2))
    assert pick_dose([*DOSES, again], 2, date(2021, 8, 2)) == again
    assert pick_dose(DOSES, 2, date(2021, 8, 2)) == SECOND


def test_no_dose_named_or_the_named_one_missing_goes_to_the_latest_dose():
    assert pick_dose(DOSES, None, None) == BOOSTER
    assert pick_dose(DOSES, 4, None) == BOOSTER  # dose 4 is what is missing
    assert pick_dose(DOSES, None, date(2023, 1, 1)) == BOOSTER
    assert decide([FIRST, SECOND], 3, None, []).site_code == "HN-0002"


def test_no_record_goes_to_the_first_site_of_the_citizens_commune():
    decision = decide([], 2, None, ["HN-0007", "HN-0008"])
    assert (decision.route, decision.site_code) == (ROUTE_COMMUNE, "HN-0007")


def test_nothing_known_goes_to_the_province():
    decision = decide([], None, None, [])
    assert (decision.route, decision.site_code) == (ROUTE_PROVINCE, None)
