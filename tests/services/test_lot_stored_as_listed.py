"""A lot typed in the dose form is stored as the listed lot it matches: the child's "pd 1"
among the day's adults is PD1 on the dose, on the platform's Immunization.lotNumber and in
the serious-reactions report by lot, as it is for every check; a correction stores it so
too."""

from datetime import date, datetime, timedelta

from sqlalchemy import text

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.day_setup import set_today
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.services.records import correct_dose
from desktop_app.services.reports import build
from desktop_app.services.screening import ScreeningAnswers

TODAY = date(2026, 12, 1)
CHILD = PersonInput("Lê Minh An", date(2018, 3, 1), Sex.MALE, IdType.NONE, None,
                    no_id_reason="CHILD_WITHOUT_NUMBER")


def test_a_lot_typed_in_the_dose_form_is_stored_as_the_listed_lot(db, site):
    # The paediatric box listed with its expiry, then the day set back to the adults' lot.
    set_today(db, "COMIRNATY_PAED", "PD1", date(2027, 3, 31), "Y tá Lan",
              actor=AT_THIS_LAPTOP, day=TODAY)
    set_today(db, "COMIRNATY", "FK1234", date(2027, 3, 31), "Y tá Lan",
              actor=AT_THIS_LAPTOP, day=TODAY)
    now = datetime(2026, 12, 1, 3, 0)
    out = record_dose(db, DoseInput("COMIRNATY_PAED", "pd 1", 1, TODAY, "Y tá Lan"),
                      person=CHILD, screening=ScreeningAnswers.of([], Outcome.ELIGIBLE, None),
                      today=TODAY, now=now, actor=AT_THIS_LAPTOP)
    assert out.saved and out.problems == []  # checked as the listed lot PD1: it is that lot
    record_reaction(db, out.dose_id, ReactionInput("serious", now + timedelta(minutes=5),
                                                   "Khó thở", "Chuyển viện"),
                    actor=AT_THIS_LAPTOP, now=now + timedelta(minutes=10))
    with db.engine.connect() as conn:
        [(lot,)] = conn.execute(text("SELECT lot_number FROM dose")).all()
    [row] = build(db, "reactions", TODAY, TODAY, "vi", actor=AT_THIS_LAPTOP).rows
    assert (lot, row[2]) == ("PD1", "PD1")


def test_a_lot_corrected_to_a_listed_one_is_stored_as_listed(db, site):
    set_today(db, "COMIRNATY", "FK1234", date(2027, 3, 31), "Y tá Lan",
              actor=AT_THIS_LAPTOP, day=TODAY)
    out = record_dose(db, DoseInput("COMIRNATY", "fk 9", 1, TODAY, "Y tá Lan"),
                      person=PersonInput("Trần Văn Bình", date(1985, 7, 12), Sex.MALE,
                                         IdType.CCCD, "001085054321"),
                      screening=ScreeningAnswers.of([], Outcome.ELIGIBLE, None),
                      today=TODAY, now=datetime(2026, 12, 1, 3, 0), actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert correct_dose(db, out.dose_id, {"lot_number": "fk 1234"}, actor=AT_THIS_LAPTOP,
                        today=TODAY, confirm_warnings=True).saved
    with db.engine.connect() as conn:
        [(lot,)] = conn.execute(text("SELECT lot_number FROM dose")).all()
    assert lot == "FK1234"
