"""A night session across midnight in the month's tally (reportrev): Hồng was postponed
with a fever at 23:55 on 20/11, checked again at 00:10, found well and vaccinated at 00:12
in the same visit, as the desk holds it (rules/desk_day.same_visit). November's tally said
two screenings and one postponement for one person who was vaccinated, where the same
visit before midnight is one screening and no postponement: the postponements sent up
included people who were not postponed."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services import reports
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, register_screened
from desktop_app.services.screening import ScreeningAnswers, record_screening

NOV1, NOV30 = date(2026, 11, 1), date(2026, 11, 30)
HONG = PersonInput("Nguyễn Thị Hồng", date(1990, 1, 1), Sex.FEMALE, IdType.CCCD,
                   "001190000301")


def vn(y: int, m: int, d: int, hh: int, mm: int) -> datetime:
    """A Vietnamese wall time as the naive UTC the database keeps."""
    return datetime(y, m, d, hh, mm) - timedelta(hours=7)


def test_a_night_visit_postponed_at_2355_and_vaccinated_at_0010_is_no_postponement(
        db, site, boss, in_vietnam):
    new = register_screened(db, HONG, ScreeningAnswers.of(["FEVER"], Outcome.POSTPONE, "Sốt"),
                            today=date(2026, 11, 20), now=vn(2026, 11, 20, 23, 55), actor=boss)
    assert new.saved, new.problems
    _sid, problems = record_screening(db, new.person_id, [], Outcome.ELIGIBLE, None, actor=boss,
                                      now=vn(2026, 11, 21, 0, 10))
    assert not problems
    dosed = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2026, 11, 21), "Y tá Lan"),
                        person_id=new.person_id, today=date(2026, 11, 21),
                        now=vn(2026, 11, 21, 0, 12), actor=boss, confirm_warnings=True)
    assert dosed.saved, dosed.problems

    def tally(start, end):
        return dict(reports.build(db, "desk_day", start, end, "vi", actor=boss).rows)

    month = tally(NOV1, NOV30)
    assert month["Mũi 1 · Comirnaty (Pfizer-BioNTech)"] == 1
    assert (month["Đã khám sàng lọc"], month["Hoãn tiêm"]) == (1, 0)
    # Day by day, the visit is the day its last screening and its dose fall on, once.
    night, morning = tally(date(2026, 11, 20), date(2026, 11, 20)), \
        tally(date(2026, 11, 21), date(2026, 11, 21))
    assert (night["Đã khám sàng lọc"], night["Hoãn tiêm"]) == (0, 0)
    assert (morning["Đã khám sàng lọc"], morning["Hoãn tiêm"]) == (1, 0)


def test_a_postponement_last_night_and_a_screening_the_next_evening_are_two_visits(
        db, site, boss, in_vietnam):
    """Postponed at 20:00, back at 21:00 the next day (25 hours on): another visit, so the
    postponement stands in the month (the desk, too, no longer holds it against her)."""
    new = register_screened(db, HONG, ScreeningAnswers.of(["FEVER"], Outcome.POSTPONE, "Sốt"),
                            today=date(2026, 11, 20), now=vn(2026, 11, 20, 20, 0), actor=boss)
    assert new.saved, new.problems
    record_screening(db, new.person_id, [], Outcome.ELIGIBLE, None, actor=boss,
                     now=vn(2026, 11, 21, 21, 0))
    month = dict(reports.build(db, "desk_day", NOV1, NOV30, "vi", actor=boss).rows)
    assert (month["Đã khám sàng lọc"], month["Hoãn tiêm"]) == (2, 1)
