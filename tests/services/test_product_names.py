"""A vaccine is named in the language of whoever reads: the desk's tally and reactions list,
the call-back export and the rules' sentences said "Comirnaty 5-11 tuổi (…, nắp cam)" in
English. The certificate keeps the catalogue's Vietnamese name (its labels are bilingual)."""

from datetime import date, timedelta

from openpyxl import load_workbook

from desktop_app.clock import utc_bounds
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.callbacks import export_call_backs
from desktop_app.services.day_setup import set_today
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.services.reports import build

PAED_VI = "Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam)"
PAED_EN = "Comirnaty 5-11 years (Pfizer-BioNTech, orange cap)"
CHILD = PersonInput("Lê Minh An", date(2018, 3, 1), Sex.MALE, IdType.NONE, None,
                    no_id_reason="CHILD_WITHOUT_NUMBER", phone="0912345678")


def test_the_desk_tally_and_the_reactions_list_name_the_vaccine_in_the_reports_language(
        db, site):
    low, _ = utc_bounds(date.today(), date.today())
    at = low + timedelta(hours=9)  # 09:00 local, in UTC
    out = record_dose(db, DoseInput("COMIRNATY_PAED", "PD1", 1, date.today(), "Lan"),
                      person=CHILD, now=at, actor=AT_THIS_LAPTOP)
    record_reaction(db, out.dose_id, ReactionInput("serious", at + timedelta(minutes=5),
                                                   "Sốt cao", "Theo dõi"),
                    actor=AT_THIS_LAPTOP, now=at + timedelta(minutes=10))
    for lang, name in (("en", PAED_EN), ("vi", PAED_VI)):
        tally = dict(build(db, "desk_day", date.today(), date.today(), lang,
                           actor=AT_THIS_LAPTOP).rows)
        assert [k for k in tally if "Comirnaty" in k] == [
            {"en": f"Dose 1 · {name}", "vi": f"Mũi 1 · {name}"}[lang]], tally
        [(_, product, *_rest)] = build(db, "reactions", date.today(), date.today(), lang,
                                       actor=AT_THIS_LAPTOP).rows
        assert product == name


def test_the_call_back_export_names_the_vaccine_in_its_language(db, site, tmp_path):
    record_dose(db, DoseInput("COMIRNATY_PAED", "PD1", 1, date.today() - timedelta(days=40),
                              "Lan", source="backfill"),  # dose 2 overdue (28 days)
                person=CHILD, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    for lang, name in (("en", PAED_EN), ("vi", PAED_VI)):
        out = tmp_path / f"{lang}.xlsx"
        assert export_call_backs(db, out, actor=AT_THIS_LAPTOP, lang=lang) == 1
        assert list(load_workbook(out).active.values)[4][3] == f"1 · {name}"  # under the header


def test_a_lot_of_another_vaccine_is_told_with_that_vaccines_name_in_each_language(db, site):
    saved, _ = set_today(db, "COMIRNATY_PAED", "PD1", date(2099, 1, 1), "Lan",
                         actor=AT_THIS_LAPTOP)
    assert saved is not None
    _, problems = set_today(db, "SPIKEVAX", "PD1", None, "Lan", actor=AT_THIS_LAPTOP)
    [other] = [p for p in problems if p.code == "LOT_OTHER_PRODUCT"]
    assert PAED_EN in other.message("en") and PAED_VI in other.message("vi")
