"""The 30-minute observation list across midnight: a dose saved at 23:50 (Vietnam) is 15
minutes into its 30 at 00:05, the person still sitting in the waiting area."""

from __future__ import annotations

from datetime import date, datetime

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.observation import under_observation

DAY1 = date(2026, 12, 1)
DAY2 = date(2026, 12, 2)
AT_2350 = datetime(2026, 12, 1, 16, 50)  # UTC: 23:50 on 1 Dec in Vietnam
MAI = PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD, "001190000123")


def test_a_dose_given_at_2350_is_still_watched_after_midnight(db, site, in_vietnam):
    """At 00:05 the clerk still sees Mai on the observation list, with her minutes left:
    she did not vanish from it when the day changed."""
    out = record_dose(db, DoseInput("COMIRNATY", "FK1290", 1, DAY1, "Y tá Hoa"),
                      person=MAI, today=DAY1, now=AT_2350, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert [w.dose_id for w in under_observation(db, DAY2)] == [out.dose_id]
