"""A serious reaction that began days after the dose, at home (reportrev): the manager
printed the serious reactions of 12/11, the day Mai was brought back with chest pain, and
read "Không có số liệu"; the reaction was filed under 10/11, her dose's day, whose report
had gone up two days before, so no daily report ever carried it. It is reported on the
day it began; one in the dose's own observation stays the session's
(tests/services/test_reaction_on_dose_day.py)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services import reports
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.services.screening import ScreeningAnswers

MAI = PersonInput("Nguyễn Thị Hồng Mai", date(1990, 1, 1), Sex.FEMALE, IdType.CCCD,
                  "001190000300")


def vn(y: int, m: int, d: int, hh: int, mm: int) -> datetime:
    """A Vietnamese wall time as the naive UTC the database keeps."""
    return datetime(y, m, d, hh, mm) - timedelta(hours=7)


def test_a_serious_reaction_that_began_today_is_in_todays_serious_reactions_report(
        db, site, boss, in_vietnam):
    given = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2026, 11, 10), "Y tá Lan"),
                        person=MAI, screening=ScreeningAnswers.of([], Outcome.ELIGIBLE, None),
                        today=date(2026, 11, 10), now=vn(2026, 11, 10, 9, 0), actor=boss,
                        confirm_warnings=True)
    assert given.saved, given.problems
    _id, problems = record_reaction(
        db, given.dose_id, ReactionInput("serious", vn(2026, 11, 12, 8, 30), "Đau ngực, khó thở",
                                         "Chuyển bệnh viện tỉnh"),
        actor=boss, now=vn(2026, 11, 12, 9, 0))
    assert not problems

    def serious(day):
        return [r[4] for r in reports.build(db, "reactions", day, day, "vi", actor=boss).rows]

    def tally(day):
        return dict(reports.build(db, "desk_day", day, day, "vi", actor=boss).rows)

    dose_day, onset_day = date(2026, 11, 10), date(2026, 11, 12)
    assert serious(onset_day) == ["Đau ngực, khó thở"]
    assert serious(dose_day) == []  # once only: the month counts it once too
    assert (tally(dose_day)["Phản ứng nặng"], tally(onset_day)["Phản ứng nặng"]) == (0, 1)
    month = reports.build(db, "reactions", date(2026, 11, 1), date(2026, 11, 30), "vi",
                          actor=boss)
    assert len(month.rows) == 1
