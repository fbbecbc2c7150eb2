"""A dose recorded on the wrong person: the clerk picked the wrong citizen, screened them
and saved the dose; a supervisor voids it as given to another person, and it is recorded
again on the right one. The screening of that visit was asked of whoever stood at the desk,
not of the record that was open: it goes with the dose (kept, marked, audited on the record
with who did it), and the right person is screened at the desk when their dose is recorded.
A real database; the tally is the Reports area's "desk's day"."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from desktop_app.db.desk_day_queries import screening_outcomes
from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.records import record_detail
from desktop_app.services.screening import record_screening

TODAY = date(2026, 12, 1)
VISIT = datetime(2026, 12, 1, 2, 0)  # 09:00 in Vietnam
PICKED = PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD,
                     "001190000123")  # the record the clerk opened
THERE = PersonInput("Trần Thị Mai", date(1992, 7, 9), Sex.FEMALE, IdType.CCCD,
                    "001192000456")  # her namesake, who was at the desk


def rows(db, sql, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def tally(db) -> dict[str, int]:
    with db.reading() as s:
        return screening_outcomes(s, TODAY, TODAY)


@pytest.fixture
def people(db, site, clerk):
    """Both namesakes on the laptop, each with a first dose of 2021."""
    first = DoseInput("COMIRNATY", "FK1290", 1, date(2021, 11, 5), "Y tá Hoa",
                      source="backfill")
    return [record_dose(db, first, person=p, actor=clerk, today=TODAY,
                        now=VISIT - timedelta(days=30)).person_id for p in (PICKED, THERE)]


def wrong_visit(db, clerk, picked: str) -> str:
    """The visit as the desk saves it: the checklist, then the dose, on the record picked."""
    assert record_screening(db, picked, [], Outcome.ELIGIBLE, None, actor=clerk,
                            now=VISIT)[1] == []
    out = record_dose(db, DoseInput("COMIRNATY", "FK8891", 2, TODAY, "Y tá Lan"),
                      person_id=picked, actor=clerk, today=TODAY,
                      now=VISIT + timedelta(minutes=2))
    assert out.saved
    return out.dose_id


def test_the_visits_screening_leaves_the_wrong_record_with_its_dose(db, people, clerk, boss):
    picked, there = people
    dose_id = wrong_visit(db, clerk, picked)
    assert tally(db) == {"eligible": 1}

    voided = void_dose(db, dose_id, "Ghi nhầm người: tiêm cho chị Mai sinh 1992",
                       actor=boss, given_to_another=True)

    # Said to whoever voided it: which screening went, of whom.
    assert voided.screening is not None
    assert (voided.screening.full_name, voided.screening.outcome,
            voided.screening.screened_at) == ("Trần Thị Mai", Outcome.ELIGIBLE, VISIT)
    assert voided.revoked == ()
    # The wrong record no longer counts as screened that day; the row is kept, marked.
    assert tally(db) == {}
    assert rows(db, "SELECT person_id, void_reason FROM screening") == [
        (picked, "Ghi nhầm người: tiêm cho chị Mai sinh 1992")]
    # Audited on the record, with who did it; its history says so in words.
    [(user_id, entity_id)] = rows(
        db, "SELECT user_id, entity_id FROM audit_entry WHERE action = 'screening_withdrawn'")
    assert (user_id, entity_id) == (boss.user_id, picked)
    history = record_detail(db, dose_id).audit
    said = [a for a in history if a.action == "screening_withdrawn"]
    assert len(said) == 1 and said[0].user == "kiemthu (Người kiểm thử)"  # login and name

    # Recorded again on the right person at the desk, who is screened there.
    record_screening(db, there, [], Outcome.ELIGIBLE, None, actor=clerk,
                     now=VISIT + timedelta(minutes=20))
    again = record_dose(db, DoseInput("COMIRNATY", "FK8891", 2, TODAY, "Y tá Lan"),
                        person_id=there, actor=clerk, today=TODAY,
                        now=VISIT + timedelta(minutes=21))
    assert again.saved
    assert tally(db) == {"eligible": 1}
    assert rows(db, "SELECT count(*) FROM screening WHERE person_id = :p "
                    "AND void_reason IS NULL", p=there) == [(1,)]


def test_a_void_for_another_mistake_leaves_the_screening_where_it_is(db, people, clerk,
                                                                       boss):
    """A wrong lot, a dose number typed wrong: the person was screened all the same."""
    picked, _there = people
    dose_id = wrong_visit(db, clerk, picked)
    voided = void_dose(db, dose_id, "Sai số lô", actor=boss)
    assert voided.screening is None
    assert tally(db) == {"eligible": 1}
    assert rows(db, "SELECT void_reason FROM screening") == [(None,)]


def test_only_that_visits_screening_goes(db, people, clerk, boss):
    """The record's own screening of another visit (yesterday's postponement) stays; a
    backfilled dose had no screening to take."""
    picked, _there = people
    record_screening(db, picked, ["FEVER"], Outcome.POSTPONE, "Sốt 38,5", actor=clerk,
                     now=VISIT - timedelta(days=1))
    dose_id = wrong_visit(db, clerk, picked)
    void_dose(db, dose_id, "Nhầm người", actor=boss, given_to_another=True)
    assert rows(db, "SELECT outcome, void_reason IS NULL FROM screening "
                    "ORDER BY screened_at") == [("postpone", 1), ("eligible", 0)]
    backfilled = rows(db, "SELECT id FROM dose WHERE source = 'backfill' AND person_id = :p",
                      p=picked)[0][0]
    assert void_dose(db, backfilled, "Nhầm người", actor=boss,
                     given_to_another=True).screening is None
