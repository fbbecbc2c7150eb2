"""The call-back list names the vaccine of each next dose, on its rows and in its .xlsx
(kidrev): a boy given Comirnaty 5-11 at 11, 12 since, was listed beside "1 · Comirnaty 5-11
tuổi (… nắp cam)" only, booked into the children's session and refused the orange-cap
vial there (DOSE_AGE_OUTSIDE). His row now says Comirnaty (12+); a child still 11 keeps
the paediatric product; an adult's row says their own vaccine, as before."""

from __future__ import annotations

from datetime import date

from openpyxl import load_workbook

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.callbacks import call_back_list, export_call_backs, row_values
from desktop_app.services.doses import DoseInput, PersonInput, record_dose

TODAY = date(2026, 12, 1)
GIVEN = date(2026, 11, 5)  # dose 2 of Comirnaty 5-11 possible from 26/11: due
ADULT_VI = "Comirnaty (Pfizer-BioNTech)"
PAED_VI = "Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam)"
NEXT_VACCINE = {"vi": "Vắc xin mũi tiếp theo", "en": "Next dose's vaccine"}


def _given(db, name, dob, cccd, product="COMIRNATY_PAED", given=GIVEN):
    out = record_dose(db, DoseInput(product, "PD1", 1, given, "Y tá Lan", source="backfill"),
                      person=PersonInput(name, dob, Sex.MALE, IdType.CCCD, cccd,
                                         phone="0912345678"),
                      confirm_warnings=True, today=TODAY, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def _people(db):
    return {
        "turned_12": _given(db, "Trần Văn Bình", date(2014, 11, 20), "001214012345"),
        "still_11": _given(db, "Lê Minh Khang", date(2015, 3, 1), "001215000777"),
        "adult": _given(db, "Hoàng Văn Mạnh", date(1988, 1, 1), "001088000777",
                        product="VAXZEVRIA", given=date(2026, 10, 1)),
    }


def test_each_row_names_the_vaccine_the_next_dose_is_to_be(db, site):
    people = _people(db)
    listed = {c.person_id: c for c in call_back_list(db, TODAY)}
    named = {who: listed[pid].next_product.code for who, pid in people.items()}
    assert named == {"turned_12": "COMIRNATY", "still_11": "COMIRNATY_PAED",
                     "adult": "VAXZEVRIA"}
    boy = listed[people["turned_12"]]
    values = row_values(boy, "vi", db.catalogue.name_of(boy.product_code, "vi"))
    assert values[3] == f"1 · {PAED_VI}"  # what he had: the last dose, as before
    assert values[6] == ADULT_VI  # what he is to have


def test_the_exported_sheet_names_the_next_vaccine_in_its_language(db, site, tmp_path):
    _people(db)
    for lang, adult, paed in (("vi", ADULT_VI, PAED_VI),
                              ("en", ADULT_VI,
                               "Comirnaty 5-11 years (Pfizer-BioNTech, orange cap)")):
        out = tmp_path / f"goi-{lang}.xlsx"
        assert export_call_backs(db, out, actor=AT_THIS_LAPTOP, lang=lang, today=TODAY) == 3
        _site, _title, _day, header, *listed = load_workbook(out).active.values
        column = header.index(NEXT_VACCINE[lang])
        by_name = {row[0]: row[column] for row in listed}
        assert by_name == {"Trần Văn Bình": adult, "Lê Minh Khang": paed,
                           "Hoàng Văn Mạnh": "Vaxzevria (AstraZeneca)"}, by_name


def test_a_row_whose_vaccine_suits_nobody_of_that_age_says_so(db, site, tmp_path):
    """Abdala (19-65, no other product of its maker): dose 2 falls after his 66th
    birthday. The row names no vaccine rather than one the desk would refuse."""
    pid = _given(db, "Phạm Văn Hùng", date(1960, 11, 25), "001060000555", product="ABDALA",
                 given=date(2026, 11, 14))
    [row] = [c for c in call_back_list(db, TODAY) if c.person_id == pid]
    assert row.next_product is None
    said = {lang: row_values(row, lang, "Abdala")[6] for lang in ("vi", "en")}
    assert said == {"vi": "Không xác định được vắc xin hợp tuổi",
                    "en": "No vaccine found for this age"}
