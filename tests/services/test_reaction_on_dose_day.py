"""A night session in Vietnam: a dose at 23:55, its reaction at 00:10 while the person still
sits out the 30 minutes the desk watches across midnight (services/observation.py). The
reaction counts on its dose's day: in the session's tally and serious-reactions report,
not in the next day's, a day with no doses."""

from datetime import date, timedelta

from desktop_app.clock import utc_bounds
from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.observation import under_observation
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.services.reports import build
from desktop_app.services.screening import ScreeningAnswers

D = date(2026, 12, 1)


def test_a_reaction_in_the_observation_of_a_2355_dose_is_in_that_sessions_tally(
        db, site, in_vietnam):
    at_2355 = utc_bounds(D, D)[0] + timedelta(hours=23, minutes=55)  # 16:55 UTC
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, D, "Y tá Lan"),
                      person=PersonInput("Đặng Văn Phúc", date(1975, 7, 7), Sex.MALE,
                                         IdType.CCCD, "001075000444"),
                      screening=ScreeningAnswers.of([], Outcome.ELIGIBLE, None),
                      today=D, now=at_2355, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    at_0010 = at_2355 + timedelta(minutes=15)
    # still watched at 00:10: the desk holds it as the night session's
    assert [w.dose_id for w in under_observation(db, D + timedelta(days=1))] == [out.dose_id]
    _rid, problems = record_reaction(db, out.dose_id, ReactionInput(
        "serious", at_0010, "Khó thở", "Chuyển viện"), actor=AT_THIS_LAPTOP,
        now=at_0010 + timedelta(minutes=2))
    assert problems == []

    def tally(day):
        return dict(build(db, "desk_day", day, day, "vi", actor=AT_THIS_LAPTOP).rows)

    session, next_day = tally(D), tally(D + timedelta(days=1))
    assert session["Mũi 1 · Comirnaty (Pfizer-BioNTech)"] == 1
    assert (session["Phản ứng nặng"], next_day["Phản ứng nặng"]) == (1, 0)

    def reported(day):
        return build(db, "reactions", day, day, "vi", actor=AT_THIS_LAPTOP).rows

    assert [row[4] for row in reported(D)] == ["Khó thở"]
    assert reported(D + timedelta(days=1)) == []
