"""Only a dose given today joins the 30-minute observation list: a 2021 dose typed in at
the desk from a paper card stood on the list with a countdown as if just injected."""

from datetime import date, datetime

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.observation import under_observation

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 2, 0)
MAI = PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD, "001190000123")


def test_a_desk_dose_of_an_earlier_day_is_not_watched_one_of_today_is(db, site):
    old = record_dose(db, DoseInput("COMIRNATY", "FK1290", 1, date(2021, 8, 2), "Y tá Hoa"),
                      person=MAI, today=TODAY, now=NOW, actor=AT_THIS_LAPTOP)
    assert old.saved
    assert under_observation(db, TODAY) == []
    new = record_dose(db, DoseInput("COMIRNATY", "FK8891", 2, TODAY, "Y tá Hoa"),
                      person_id=old.person_id, today=TODAY, now=NOW, actor=AT_THIS_LAPTOP,
                      confirm_warnings=True)
    assert new.saved
    assert [w.dose_id for w in under_observation(db, TODAY)] == [new.dose_id]
