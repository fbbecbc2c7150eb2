"""A day at the desk (issue #19): the day's lot, the age error and its supervisor override,
screening, observation and reactions, through the services on a real database."""

import json
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.actor import NotAllowed
from desktop_app.services.day_defaults import defaults_for_today
from desktop_app.services.day_setup import set_today
from desktop_app.services.doses import (
    DoseInput,
    PersonInput,
    record_dose,
    register_screened,
    void_dose,
)
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.observation import end_observation, under_observation
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.services.screening import ScreeningAnswers, record_screening

TODAY = date(2026, 12, 1)
ADULT = PersonInput("Trần Thị Mai", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD, "001190000123")
CHILD = PersonInput("Lê Minh An", date(2018, 3, 1), Sex.MALE, IdType.NONE, None,
                    no_id_reason="CHILD_WITHOUT_NUMBER")
OTHER = PersonInput("Lê Văn Nam", date(1980, 1, 1), Sex.MALE, IdType.CCCD, "001080000123")


def rows(db, sql, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def dose(product="COMIRNATY", lot="FK1234", when=TODAY):
    return DoseInput(product, lot, 1, when, "Y tá Lan")


def test_today_lists_a_new_lot_with_its_expiry_and_refuses_a_wrong_one(db, site, clerk):
    saved, problems = set_today(db, "COMIRNATY", "fk 1234", None, "Y tá Lan", actor=clerk,
                                day=TODAY)
    assert saved is None and [p.code for p in problems] == ["LOT_EXPIRY_REQUIRED"]
    assert "hạn sử dụng" in problems[0].message()
    saved, problems = set_today(db, "COMIRNATY", "fk 1234", date(2027, 3, 31), "Y tá Lan",
                                actor=clerk, day=TODAY)
    assert problems == [] and saved.lot_number == "FK1234"
    assert rows(db, "SELECT product_code, lot_number, expiry_date FROM lot") == [
        ("COMIRNATY", "FK1234", "2027-03-31")]
    assert rows(db, "SELECT action, user_id FROM audit_entry WHERE entity = 'lot'") == [
        ("lot", clerk.user_id)]
    # The same lot number for another vaccine, or a lot already past its date: refused.
    _, problems = set_today(db, "SPIKEVAX", "FK1234", None, "Y tá Lan", actor=clerk, day=TODAY)
    assert [p.code for p in problems] == ["LOT_OTHER_PRODUCT"]
    assert "Comirnaty (Pfizer-BioNTech)" in problems[0].message()
    _, problems = set_today(db, "SPIKEVAX", "MD1", date(2026, 11, 30), "Y tá Lan",
                            actor=clerk, day=TODAY)
    assert [p.code for p in problems] == ["LOT_EXPIRED"]
    assert "30/11/2026" in problems[0].message()


def test_a_dose_from_an_expired_or_foreign_lot_is_an_error(db, site, clerk):
    set_today(db, "COMIRNATY", "FK1234", date(2026, 11, 30), "Lan", actor=clerk,
              day=date(2026, 11, 1))
    out = record_dose(db, dose(), person=ADULT, today=TODAY, actor=clerk)
    assert not out.saved and [p.code for p in out.problems] == ["LOT_EXPIRED"]
    out = record_dose(db, dose(product="SPIKEVAX"), person=ADULT, today=TODAY, actor=clerk)
    assert not out.saved and [p.code for p in out.problems] == ["LOT_OTHER_PRODUCT"]
    assert rows(db, "SELECT count(*) FROM dose") == [(0,)]


CARD_TEXT = "001085054321||Trần Văn Bình|12071985|Nam|Số 9, Phường Kim Mã, Hà Nội|03012022"


def test_an_id_cards_text_is_neither_a_lot_nor_a_vaccinator(db, site, clerk):
    """The next person's card scanned into the lot or vaccinator field: refused, never
    saved on the dose (it would go to the platform and onto certificates)."""
    saved, problems = set_today(db, "COMIRNATY", CARD_TEXT, date(2027, 3, 31), "Y tá Lan",
                                actor=clerk, day=TODAY)
    assert saved is None and [p.code for p in problems] == ["LOT_FORMAT"]
    assert rows(db, "SELECT count(*) FROM lot") == [(0,)]
    out = record_dose(db, dose(lot=CARD_TEXT), person=ADULT, today=TODAY, actor=clerk)
    assert not out.saved and [p.code for p in out.problems] == ["LOT_FORMAT"]
    assert "không phải số lô" in out.problems[0].message()
    assert CARD_TEXT not in out.problems[0].message("en")  # the field holds it; not repeated
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 1, TODAY, CARD_TEXT), person=ADULT,
                      today=TODAY, actor=clerk)
    assert not out.saved and [p.code for p in out.problems] == ["VACCINATOR_NOT_A_NAME"]
    assert rows(db, "SELECT count(*) FROM dose") == [(0,)]
    # Lots as boxes print them pass: spaces, dashes, dots, slashes.
    for lot in ("fk 1234", "210305-A", "EW.0150/2"):
        out = record_dose(db, dose(lot=lot), person=ADULT, today=TODAY, actor=clerk,
                          confirm_warnings=True)
        assert "LOT_FORMAT" not in [p.code for p in out.problems], lot


def test_an_adult_vaccine_for_a_child_needs_a_supervisor_and_a_reason(db, site, clerk, boss):
    out = record_dose(db, dose(), person=CHILD, today=TODAY, actor=clerk)
    assert not out.saved and [(p.code, p.is_error) for p in out.problems] == [
        ("DOSE_AGE_OUTSIDE", True)]
    assert not record_dose(db, dose(), person=CHILD, today=TODAY, actor=clerk,
                           confirm_warnings=True).saved
    with pytest.raises(NotAllowed):
        record_dose(db, dose(), person=CHILD, today=TODAY, actor=clerk,
                    age_override_reason="Bác sĩ chỉ định")
    out = record_dose(db, dose(), person=CHILD, today=TODAY, actor=boss,
                      age_override_reason="Bác sĩ chỉ định")
    assert out.saved
    [(user, details)] = rows(db, "SELECT user_id, details FROM audit_entry "
                                 "WHERE entity = 'dose' AND action = 'create'")
    assert user == boss.user_id and json.loads(details)["age_override"] == "Bác sĩ chỉ định"


def test_screening_keeps_outcome_and_reason_and_is_audited(db, site, clerk):
    out = record_dose(db, dose(), person=ADULT, today=TODAY, actor=clerk)
    pid = out.person_id
    sid, problems = record_screening(db, pid, ["FEVER"], Outcome.ELIGIBLE, "", actor=clerk)
    assert sid is None and [p.code for p in problems] == ["SCREENING_REASON_REQUIRED"]
    sid, problems = record_screening(db, pid, ["FEVER"], Outcome.POSTPONE, "Sốt 38,5 độ",
                                     actor=clerk)
    assert problems == []
    assert rows(db, "SELECT outcome, answers, reason, screened_by FROM screening") == [
        ("postpone", '["FEVER"]', "Sốt 38,5 độ", clerk.user_id)]
    assert rows(db, "SELECT user_id FROM audit_entry WHERE action = 'screening'") == [
        (clerk.user_id,)]


def test_a_new_persons_screening_is_saved_with_them_or_nothing_is(db, site, clerk):
    bad = ScreeningAnswers.of(["FEVER"], Outcome.ELIGIBLE, "")  # milder, no reason
    out = record_dose(db, dose(), person=ADULT, screening=bad, today=TODAY, actor=clerk)
    assert not out.saved and "SCREENING_REASON_REQUIRED" in [p.code for p in out.problems]
    assert rows(db, "SELECT count(*) FROM person") == [(0,)]
    good = ScreeningAnswers.of([], Outcome.ELIGIBLE, None)
    out = record_dose(db, dose(), person=ADULT, screening=good, today=TODAY, actor=clerk)
    assert rows(db, "SELECT person_id, outcome, screened_by FROM screening") == [
        (out.person_id, "eligible", clerk.user_id)]
    later = PersonInput("Lê Văn Nam", date(1980, 1, 1), Sex.MALE, IdType.CCCD, "001080000123")
    postponed = ScreeningAnswers.of(["FEVER"], Outcome.POSTPONE, "Sốt 38,5")
    kept = register_screened(db, later, postponed, today=TODAY, actor=clerk)
    assert kept.saved
    assert rows(db, "SELECT outcome, reason FROM screening WHERE person_id = :p",
                p=kept.person_id) == [("postpone", "Sốt 38,5")]
    assert rows(db, "SELECT count(*) FROM dose WHERE person_id = :p", p=kept.person_id) == [
        (0,)]
    again = register_screened(db, later, postponed, today=TODAY, actor=clerk)
    assert not again.saved  # the same CCCD twice: refused, nothing written
    assert rows(db, "SELECT count(*) FROM screening") == [(2,)]


def test_a_desk_dose_starts_30_minutes_of_observation_that_the_clerk_ends(db, site, clerk):
    now = datetime(2026, 12, 1, 2, 0)
    out = record_dose(db, dose(), person=ADULT, today=TODAY, now=now, actor=clerk)
    [watched] = under_observation(db, TODAY)
    assert watched.full_name == "Trần Thị Mai"
    assert watched.left(now + timedelta(minutes=10)) == timedelta(minutes=20)
    end_observation(db, out.dose_id, actor=clerk, now=now + timedelta(minutes=31))
    assert under_observation(db, TODAY) == []
    assert json.loads(rows(db, "SELECT details FROM audit_entry WHERE action = 'observation'"
                           )[0][0]) == {"minutes": 31}


def test_the_list_is_today_s_and_of_doses_that_stand(db, site, clerk, boss):
    """A dose since voided (the wrong person recorded) leaves the list; one of an earlier
    day that nobody ended is not today's to watch."""
    now = datetime(2026, 12, 1, 2, 0)
    out = record_dose(db, dose(), person=ADULT, today=TODAY, now=now, actor=clerk)
    assert [w.dose_id for w in under_observation(db, TODAY)] == [out.dose_id]
    assert under_observation(db, TODAY + timedelta(days=1)) == []  # never ended: yesterday's
    void_dose(db, out.dose_id, "Ghi nhầm người", actor=boss)
    assert under_observation(db, TODAY) == []


def test_a_reaction_is_kept_on_the_dose_audited_and_queued_again(db, site, clerk):
    now = datetime(2026, 12, 1, 2, 0)
    out = record_dose(db, dose(), person=ADULT, today=TODAY, now=now, actor=clerk)
    blank = ReactionInput("serious", now + timedelta(minutes=10), " ", "")
    rid, problems = record_reaction(db, out.dose_id, blank, actor=clerk,
                                    now=now + timedelta(minutes=20))
    assert rid is None and [p.code for p in problems] == [
        "REACTION_DESCRIPTION_REQUIRED", "REACTION_ACTION_REQUIRED"]
    serious = ReactionInput("serious", now + timedelta(minutes=10), "Khó thở, nổi mẩn",
                            "Tiêm adrenalin, chuyển viện")
    rid, problems = record_reaction(db, out.dose_id, serious, actor=clerk,
                                    now=now + timedelta(minutes=20))
    assert problems == []
    assert rows(db, "SELECT severity, description, action_taken, recorded_by "
                    "FROM dose_reaction") == [
        ("serious", "Khó thở, nổi mẩn", "Tiêm adrenalin, chuyển viện", clerk.user_id)]
    assert rows(db, "SELECT local_version FROM sync_record WHERE entity = 'dose'") == [(2,)]
    assert rows(db, "SELECT user_id FROM audit_entry WHERE action = 'reaction'") == [
        (clerk.user_id,)]


def test_no_reaction_before_the_dose_was_given_nor_on_a_voided_dose(db, site, clerk, boss):
    given = datetime(2026, 12, 1, 7, 0)  # 14:00 in Vietnam
    out = record_dose(db, dose(), person=ADULT, today=TODAY, now=given, actor=clerk)
    morning = ReactionInput("serious", given - timedelta(hours=6), "Khó thở", "Chuyển viện")
    rid, problems = record_reaction(db, out.dose_id, morning, actor=clerk,
                                    now=given + timedelta(minutes=20))
    assert rid is None and [p.code for p in problems] == ["REACTION_ONSET_INVALID"]
    # the clerk saved a few minutes after the needle: a reaction in between is real
    before_save = ReactionInput("mild", given - timedelta(minutes=5), "Đau chỗ tiêm",
                                "Theo dõi")
    assert record_reaction(db, out.dose_id, before_save, actor=clerk,
                           now=given + timedelta(minutes=20))[1] == []
    void_dose(db, out.dose_id, "Ghi nhầm người", actor=boss)
    later = ReactionInput("mild", given + timedelta(minutes=5), "Sốt nhẹ", "Theo dõi")
    with pytest.raises(ChangeRefused):
        record_reaction(db, out.dose_id, later, actor=clerk, now=given + timedelta(minutes=20))
    assert rows(db, "SELECT count(*) FROM dose_reaction") == [(1,)]


def test_a_reaction_before_7_in_the_morning_is_on_the_doses_local_day(db, site, clerk,
                                                                       in_vietnam):
    # 06:40 in Vietnam on 1 December is 23:40 UTC on 30 November: the onset's day is read in
    # local time, as the dose's date is, or every desk that opens before 7 refuses it.
    now = datetime(2026, 11, 30, 23, 40)
    out = record_dose(db, dose(), person=ADULT, today=TODAY, now=now, actor=clerk)
    assert out.saved
    early = ReactionInput("mild", now + timedelta(minutes=10), "Đau chỗ tiêm", "Theo dõi")
    rid, problems = record_reaction(db, out.dose_id, early, actor=clerk,
                                    now=now + timedelta(minutes=15))
    assert problems == [] and rid is not None
    before = ReactionInput("mild", datetime(2026, 11, 30, 16, 59), "Sốt", "Theo dõi")  # 23:59
    rid, problems = record_reaction(db, out.dose_id, before, actor=clerk,  # the day before
                                    now=now + timedelta(minutes=15))
    assert rid is None and [p.code for p in problems] == ["REACTION_ONSET_INVALID"]


def test_the_days_defaults_change_only_through_today(db, site, clerk):
    set_today(db, "COMIRNATY", "FK1234", date(2027, 3, 31), "Y tá Lan", actor=clerk)
    record_dose(db, DoseInput("COMIRNATY_PAED", "PD1", 1, date.today(), "Y tá Lan"),
                person=CHILD, actor=clerk)
    today = defaults_for_today(db)
    assert (today.product_code, today.lot_number) == ("COMIRNATY", "FK1234")


def test_the_days_tally_and_the_serious_reactions_report(db, site, clerk, boss):
    from desktop_app.clock import utc_bounds
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.services.reports import build

    low, _ = utc_bounds(date.today(), date.today())
    at = low + timedelta(hours=9)  # 09:00 local, in UTC
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date.today(), "Lan"),
                      person=ADULT, now=at, actor=clerk)
    record_dose(db, DoseInput("COMIRNATY_PAED", "PD1", 1, date.today(), "Lan"),
                person=CHILD, now=at, actor=clerk)
    record_screening(db, out.person_id, [], Outcome.ELIGIBLE, None, actor=clerk, now=at)
    record_screening(db, out.person_id, ["FEVER"], Outcome.POSTPONE, "Sốt", actor=clerk,
                     now=at + timedelta(minutes=1))  # the same person again: one person
    other = register_screened(db, OTHER, ScreeningAnswers.of([], Outcome.REFER, "Dị ứng"),
                              today=date.today(), actor=clerk, now=at)
    assert other.saved
    record_reaction(db, out.dose_id, ReactionInput("serious", at + timedelta(minutes=5),
                                                   "Khó thở", "Chuyển viện"),
                    actor=clerk, now=at + timedelta(minutes=10))
    tally = build(db, "desk_day", date.today(), date.today(), "vi", actor=AT_THIS_LAPTOP)
    assert dict(tally.rows) == {
        "Mũi 1 · Comirnaty (Pfizer-BioNTech)": 1,
        "Mũi 1 · Comirnaty 5-11 tuổi (Pfizer-BioNTech, nắp cam)": 1,
        "Đã khám sàng lọc": 2, "Hoãn tiêm": 1, "Chuyển tiêm tại bệnh viện": 1,
        "Phản ứng thông thường": 0, "Phản ứng nặng": 1,
    }
    serious = build(db, "reactions", date.today(), date.today(), "vi", actor=AT_THIS_LAPTOP)
    [(onset, product, lot, number, what, action, n)] = serious.rows
    assert (product, lot, number, what, action) == (
        "Comirnaty (Pfizer-BioNTech)", "FK1", 1, "Khó thở", "Chuyển viện")
    # The dose record turns out wrong: the person still reacted, so the reaction stays in
    # the tally and the list, which says so.
    void_dose(db, out.dose_id, "Nhập nhầm lô", actor=boss)
    assert dict(build(db, "desk_day", date.today(), date.today(), "vi", actor=AT_THIS_LAPTOP).rows)[
        "Phản ứng nặng"] == 1
    [(_, product, *_rest)] = build(db, "reactions", date.today(), date.today(), "vi",
                                   actor=AT_THIS_LAPTOP).rows
    assert product == "Comirnaty (Pfizer-BioNTech) (mũi tiêm đã đánh dấu nhập nhầm)"


def test_a_months_tally_counts_each_days_screenings(db, site, clerk):
    """Postponed on the 3rd, found well on the 10th: each day shown alone said so, but the
    month counted each person once, by their last screening, and its postponements were 0
    (a site manager's review)."""
    from desktop_app.clock import utc_bounds
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.services.reports import build

    third, tenth = date(2026, 11, 3), date(2026, 11, 10)
    people = [register_screened(db, p, ScreeningAnswers.of(["FEVER"], Outcome.POSTPONE, "Sốt"),
                                today=third, actor=clerk,
                                now=utc_bounds(third, third)[0] + timedelta(hours=9))
              for p in (ADULT, OTHER)]
    for n, person in enumerate(people):
        at = utc_bounds(tenth, tenth)[0] + timedelta(hours=9, minutes=n)
        record_screening(db, person.person_id, ["FEVER"], Outcome.POSTPONE, "Sốt",
                         actor=clerk, now=at)
        record_screening(db, person.person_id, [], Outcome.ELIGIBLE, None, actor=clerk,
                         now=at + timedelta(minutes=30))  # well again that day: one

    def tally(start, end):
        rows = dict(build(db, "desk_day", start, end, "vi", actor=AT_THIS_LAPTOP).rows)
        return rows["Đã khám sàng lọc"], rows["Hoãn tiêm"]

    assert tally(third, third) == (2, 2) and tally(tenth, tenth) == (2, 0)
    assert tally(date(2026, 11, 1), date(2026, 11, 30)) == (4, 2)


def test_a_dose_given_elsewhere_moves_the_call_back_on(db, site, clerk):
    """The other site's doses stand in for what the desk brings from the central platform
    (services/lookup.py, tested against a live server in tests/sync); written here directly."""
    from desktop_app.db.models import ExternalDose
    from desktop_app.services.callbacks import call_back_list

    today = date(2026, 12, 1)
    mai = record_dose(db, DoseInput("VAXZEVRIA", "AB1", 1, today - timedelta(days=70), "Lan",
                                    source="backfill"), person=ADULT, confirm_warnings=True,
                      today=today, actor=clerk).person_id
    new = PersonInput("Lê Văn Nam", date(1980, 1, 1), Sex.MALE, IdType.CCCD, "001080000123")
    nam = register_screened(db, new, ScreeningAnswers.of(["FEVER"], Outcome.POSTPONE, "Sốt"),
                            today=today, actor=clerk).person_id
    due = {c.person_id: (c.next_number, c.state.value) for c in call_back_list(db, today)}
    assert due == {mai: (2, "overdue")}  # Nam: no dose to follow up
    with db.transaction() as s:
        s.add_all([
            ExternalDose(id="ext-1", person_id=mai, site_code="79-00999", product_code="VAXZEVRIA",
                         dose_number=2, dose_date=today - timedelta(days=10), fetched_at=today),
            ExternalDose(id="ext-2", person_id=nam, site_code="79-00999", product_code="VAXZEVRIA",
                         dose_number=1, dose_date=today - timedelta(days=60), fetched_at=today)])
    due = {c.person_id: (c.next_number, c.state.value) for c in call_back_list(db, today)}
    assert due == {nam: (2, "overdue")}  # Mai had her dose 2 elsewhere; Nam his dose 1


def test_someone_short_of_the_primary_series_comes_before_a_fresh_booster(db, site, clerk):
    """A booster possible since yesterday is due, not overdue: the overdue group at the top
    of the list is for people who never finished their primary series."""
    from desktop_app.services.callbacks import call_back_list

    today = date(2026, 12, 1)
    booster_from = today - timedelta(days=1)
    hoa = PersonInput("Phạm Thị Hoa", date(1985, 2, 2), Sex.FEMALE, IdType.CCCD, "001185000321")
    hoa_id = record_dose(db, DoseInput("VAXZEVRIA", "AB1", 1,
                                       booster_from - timedelta(days=90 + 56), "Lan",
                                       source="backfill"), person=hoa,
                         confirm_warnings=True, today=today, actor=clerk).person_id
    record_dose(db, DoseInput("VAXZEVRIA", "AB1", 2, booster_from - timedelta(days=90), "Lan",
                              source="backfill"), person_id=hoa_id, confirm_warnings=True,
                today=today, actor=clerk)
    mai = record_dose(db, DoseInput("VAXZEVRIA", "AB1", 1, today - timedelta(days=70), "Lan",
                                    source="backfill"), person=ADULT, confirm_warnings=True,
                      today=today, actor=clerk).person_id
    listed = [(c.person_id, c.next_number, c.state.value) for c in call_back_list(db, today)]
    assert listed == [(mai, 2, "overdue"), (hoa_id, 3, "due")]


def test_after_three_abdala_doses_and_a_comirnaty_booster_the_second_booster_is_called(
        db, site, clerk):
    """The call-back list reads the series from dose 1's product (here or elsewhere): read
    from the last dose's product, dose 5 was a booster the catalogue does not time."""
    from desktop_app.db.models import ExternalDose
    from desktop_app.services.callbacks import call_back_list

    today = date(2026, 12, 1)
    booster_at = today - timedelta(days=130)
    start = booster_at - timedelta(days=200)
    mai = record_dose(db, DoseInput("ABDALA", "AB1", 1, start, "Lan", source="backfill"),
                      person=ADULT, confirm_warnings=True, today=today, actor=clerk).person_id
    for number, days in ((2, 14), (3, 28)):
        record_dose(db, DoseInput("ABDALA", "AB1", number, start + timedelta(days=days), "Lan",
                                  source="backfill"), person_id=mai, confirm_warnings=True,
                    today=today, actor=clerk)
    record_dose(db, DoseInput("COMIRNATY", "FK1234", 4, booster_at, "Lan", source="backfill"),
                person_id=mai, confirm_warnings=True, today=today, actor=clerk)
    # Nam's dose 1 was Abdala at another site; his doses 2-4 here.
    nam = record_dose(db, DoseInput("ABDALA", "AB1", 2, start + timedelta(days=14), "Lan",
                                    source="backfill"),
                      person=PersonInput("Lê Văn Nam", date(1980, 1, 1), Sex.MALE, IdType.CCCD,
                                         "001080000123"),
                      confirm_warnings=True, today=today, actor=clerk).person_id
    for number, product, when in ((3, "ABDALA", start + timedelta(days=28)),
                                  (4, "COMIRNATY", booster_at)):
        record_dose(db, DoseInput(product, "AB1" if number == 3 else "FK1234", number, when,
                                  "Lan", source="backfill"), person_id=nam,
                    confirm_warnings=True, today=today, actor=clerk)
    with db.transaction() as s:
        s.add(ExternalDose(id="ext-1", person_id=nam, site_code="79-00999",
                           product_code="ABDALA", dose_number=1, dose_date=start,
                           fetched_at=today))
    listed = {c.person_id: (c.next_number, c.due_from, c.state.value)
              for c in call_back_list(db, today)}
    second = booster_at + timedelta(days=db.catalogue.booster_min_interval_days[4])
    assert listed == {mai: (5, second, "due"), nam: (5, second, "due")}
