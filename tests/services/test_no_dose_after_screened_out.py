""""Nobody is injected unscreened ... postponed or referred people get no dose" (README),
kept by ``record_dose`` too, not by the desk screen only: a person postponed (fever) or
referred (anaphylaxis after dose 1) minutes ago gets no dose recorded as if eligible."""

from datetime import date, datetime, timedelta

import pytest

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.screening import record_screening

TODAY = date(2026, 12, 1)
NOW = datetime(2026, 12, 1, 2, 0)  # 09:00 in Vietnam
MAI = PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD, "001190000123")


@pytest.fixture
def mai(db, site, clerk):
    """Her dose 1 a month ago, from her paper card."""
    first = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, TODAY - timedelta(days=30),
                                      "Y tá Lan", source="backfill"),
                        person=MAI, today=TODAY, now=NOW, actor=clerk)
    assert first.saved
    return first.person_id


def _dose_2(db, pid, clerk, minutes, dose_date=TODAY, number=2):
    return record_dose(db, DoseInput("COMIRNATY", "FK2", number, dose_date, "Y tá Lan"),
                       person_id=pid, today=TODAY, now=NOW + timedelta(minutes=minutes),
                       actor=clerk)


def test_a_person_referred_today_gets_no_dose(db, mai, clerk, in_vietnam):
    """Referred to hospital at 09:01: a dose saved for her at 09:05 is refused, saying when
    and why she was referred and that she may be screened again (F2)."""
    saved, problems = record_screening(db, mai, ["ANAPHYLAXIS_PREVIOUS_DOSE"], Outcome.REFER,
                                       "Sốc phản vệ sau mũi 1", actor=clerk,
                                       now=NOW + timedelta(minutes=1))
    assert saved and not problems
    out = _dose_2(db, mai, clerk, 5)
    assert not out.saved, "a dose was recorded minutes after the person was referred"
    [problem] = out.problems
    assert problem.code == "DOSE_REFERRED_TODAY" and problem.is_error
    assert problem.message("vi") == (
        "Không lưu mũi tiêm: Trần Thị Mai đã được khám sàng lọc lúc 09:01 với kết "
        "luận chuyển tiêm tại bệnh viện (lý do: Sốc phản vệ sau mũi 1), không tiêm tại trạm. "
        "Nếu kết luận đó bị nhầm, hãy khám sàng lọc lại (F2) rồi lưu.")


def test_a_person_postponed_then_found_well_is_given_the_dose(db, mai, clerk):
    """Postponed at 09:01 (fever), refused at 09:05; screened again at 11:00, eligible:
    the dose is saved, as the desk's own re-screening does it."""
    record_screening(db, mai, ["FEVER"], Outcome.POSTPONE, "Sốt 38,5", actor=clerk,
                     now=NOW + timedelta(minutes=1))
    refused = _dose_2(db, mai, clerk, 5)
    assert [p.code for p in refused.problems] == ["DOSE_POSTPONED_TODAY"]
    record_screening(db, mai, [], Outcome.ELIGIBLE, None, actor=clerk,
                     now=NOW + timedelta(hours=2))
    assert _dose_2(db, mai, clerk, 121).saved


def test_a_postponed_persons_dose_of_an_earlier_day_is_still_recorded(db, mai, clerk):
    """Postponed today, she shows the paper card of a dose given elsewhere last week: that
    dose is history, recorded; only an injection today is refused."""
    record_screening(db, mai, ["FEVER"], Outcome.POSTPONE, "Sốt 38,5", actor=clerk,
                     now=NOW + timedelta(minutes=1))
    out = _dose_2(db, mai, clerk, 5, dose_date=TODAY - timedelta(days=7))
    assert "DOSE_POSTPONED_TODAY" not in [p.code for p in out.problems], out.problems


def test_yesterdays_postponement_does_not_stop_todays_dose(db, mai, clerk):
    """Postponed yesterday (fever), back today: not refused for yesterday's screening."""
    record_screening(db, mai, ["FEVER"], Outcome.POSTPONE, "Sốt 38,5", actor=clerk,
                     now=NOW - timedelta(days=1))
    assert _dose_2(db, mai, clerk, 5).saved


def test_a_night_sessions_postponement_at_2359_stops_the_dose_at_0001(db, mai, clerk,
                                                                      in_vietnam):
    """Sites vaccinated through the night in 2021: postponed at 23:59 (fever), she was
    given the dose two minutes later, past midnight, for the calendar day had changed. The
    screening stands for the visit (the last 12 hours), and is said with its date."""
    before_midnight = datetime(2026, 11, 30, 16, 59)  # 23:59 in Vietnam
    record_screening(db, mai, ["FEVER"], Outcome.POSTPONE, "Sốt 38,5", actor=clerk,
                     now=before_midnight)
    out = record_dose(db, DoseInput("COMIRNATY", "FK2", 2, TODAY, "Y tá Lan"),
                      person_id=mai, today=TODAY, now=before_midnight + timedelta(minutes=2),
                      actor=clerk)
    assert not out.saved
    [problem] = out.problems
    assert problem.code == "DOSE_POSTPONED_TODAY"
    assert "lúc 23:59 30/11/2026 với kết luận hoãn tiêm" in problem.message("vi")
