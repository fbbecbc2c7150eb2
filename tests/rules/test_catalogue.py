import json
import re

from desktop_app.bundled import resource_path
from desktop_app.rules.catalogue import catalogue_from_dict, default_catalogue

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


def test_every_product_has_a_name_in_each_language_and_the_english_one_is_english():
    raw = json.loads(resource_path("vaccines.json").read_text(encoding="utf-8"))
    for p in raw["products"]:
        assert p["name"] and p["name_en"], p["code"]
        assert p["name_en"].isascii(), p["name_en"]  # "tuổi", "nắp cam" were shown in English
    paed = default_catalogue().get("COMIRNATY_PAED")
    assert paed.name_in("vi") == "Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam)"
    assert paed.name_in("en") == "Comirnaty 5-11 years (Pfizer-BioNTech, orange cap)"
    assert default_catalogue().name_of("COMIRNATY_PAED", "en") == paed.name_in("en")


def test_a_product_is_found_by_its_name_in_either_language():
    cat = default_catalogue()
    for lang in ("vi", "en"):
        assert cat.find(cat.get("COMIRNATY_PAED").name_in(lang)).code == "COMIRNATY_PAED"
    assert cat.find("comirnaty 5-11 years").code == "COMIRNATY_PAED"
    assert cat.find("Pfizer nắp cam").code == "COMIRNATY_PAED"  # the synonyms still
    assert cat.find("Pfizer orange cap").code == "COMIRNATY_PAED"


def test_a_catalogue_from_before_english_names_still_loads_and_names_its_products():
    """An older central platform serves products with one ``name``: it stands in for the
    English one, and no product answers to an empty English name."""
    raw = json.loads(resource_path("vaccines.json").read_text(encoding="utf-8"))
    for p in raw["products"]:
        del p["name_en"]
    old = catalogue_from_dict(raw)
    paed = old.get("COMIRNATY_PAED")
    assert paed.name_in("en") == paed.name_in("vi") == paed.name
    assert old.find("Pfizer (Moderna)") is None  # an empty part names nothing
    assert old.find("Vắc xin AstraZeneca").code == "VAXZEVRIA"


def test_a_rules_sentence_names_the_product_in_the_language_it_is_read_in():
    from datetime import date

    from desktop_app.rules.doses import check_dose

    problems = check_dose(product_code="COMIRNATY_PAED", dose_number=1,
                          dose_date=date(2026, 1, 5), dob=date(1990, 1, 1), history=[],
                          catalogue=default_catalogue(), today=date(2026, 1, 5))
    [age] = [p for p in problems if p.code == "DOSE_AGE_OUTSIDE"]
    assert "Comirnaty 5-11 years (Pfizer-BioNTech, orange cap)" in age.message("en")
    assert "Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam)" in age.message("vi")


def test_ages_beside_a_name_say_which_of_a_makers_products_it_is():
    """Before: a bracketed part that named no product was dropped, so "Pfizer (5-11 tuổi)"
    was the adult Comirnaty."""
    cat = default_catalogue()
    for label in ("Pfizer (5-11 tuổi)", "Comirnaty (trẻ 5-11)", "Pfizer 5 - 11 tuổi",
                  "Vắc xin Pfizer [5–11 tuổi]"):
        assert cat.find(label).code == "COMIRNATY_PAED", label
    for label in ("Pfizer (12+)", "Pfizer (từ 12 tuổi trở lên)", "Comirnaty (người lớn)"):
        assert cat.find(label).code == "COMIRNATY", label
    assert cat.find("Moderna (6-11 tuổi)").code == "SPIKEVAX"  # one product, every age
    assert cat.find("Abdala (CIGB-66)").code == "ABDALA"  # a name's digits are no ages
    # Ages no product of the maker covers, or that two of them do: refused, not guessed.
    assert cat.find("AstraZeneca (5-11 tuổi)") is None
    assert cat.find("Comirnaty (trẻ em)") is None
