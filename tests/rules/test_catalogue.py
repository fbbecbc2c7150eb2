import json
import re

from desktop_app.bundled import resource_path
from desktop_app.rules.catalogue import default_catalogue

EXPECTED = {
    "VAXZEVRIA", "COVISHIELD", "COMIRNATY", "COMIRNATY_PAED", "SPIKEVAX", "VEROCELL",
    "SPUTNIK_V", "ABDALA", "HAYAT_VAX", "JCOVDEN",
}
# Codes from the EU DCC value sets v1.14 (vaccine-prophylaxis), active ones only.
EU_VP_ACTIVE = {"1119349007", "1119305005", "29061000087103", "1157024006", "1162643001",
                "28531000087107"}


def test_catalogue_is_data_in_resources_and_holds_the_products_used_in_vietnam():
    raw = json.loads(resource_path("vaccines.json").read_text(encoding="utf-8"))
    assert {p["code"] for p in raw["products"]} == EXPECTED
    assert set(default_catalogue().products) == EXPECTED


def test_every_product_has_what_a_certificate_and_the_schedule_need():
    for p in default_catalogue().products.values():
        assert p.manufacturer and p.name
        assert p.eu_dcc.vp in EU_VP_ACTIVE, p.code
        assert re.fullmatch(r"EU/1/\d\d/\d{4}|[A-Za-z][A-Za-z0-9-]+", p.eu_dcc.mp), p.code
        assert p.eu_dcc.ma
        assert 1 <= p.primary_doses <= 3
        assert p.min_interval_days <= p.recommended_interval_days
        assert p.max_age_years is None or p.max_age_years > p.min_age_years


def test_known_codes():
    cat = default_catalogue()
    assert cat.get("COMIRNATY").eu_dcc.mp == "EU/1/20/1528"
    assert cat.get("SPIKEVAX").eu_dcc.ma == "ORG-100031184"
    assert cat.get("JCOVDEN").primary_doses == 1
    assert cat.get("COMIRNATY_PAED").max_age_years == 11


def test_products_are_found_by_synonyms_whatever_the_spelling():
    cat = default_catalogue()
    assert cat.find("AstraZeneca").code == "VAXZEVRIA"
    assert cat.find("Covishield").code == "COVISHIELD"  # its own EU mp/ma, not Vaxzevria's
    assert cat.find("astra zeneca").code == "VAXZEVRIA"
    assert cat.find("PFIZER").code == "COMIRNATY"
    assert cat.find("Pfizer trẻ em").code == "COMIRNATY_PAED"
    assert cat.find("pfizer tre em").code == "COMIRNATY_PAED"
    assert cat.find("Vero cell").code == "VEROCELL"
    assert cat.find("Sinopharm").code == "VEROCELL"
    assert cat.find("moderna").code == "SPIKEVAX"
    assert cat.find("Nước muối") is None
    assert cat.find("") is None


def test_booster_intervals():
    cat = default_catalogue()
    az = cat.get("VAXZEVRIA")
    assert cat.min_interval_before(az, 2) == 28
    assert cat.min_interval_before(az, 3) == 90
    assert cat.min_interval_before(az, 4) == 120
    assert cat.min_interval_before(cat.get("JCOVDEN"), 2) == 90
