"""Every report's exact figures on a known site, and the tallies kept in step with every
kind of change (void, corrected date of birth, corrected dose date, a sync answer)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text as sql

from desktop_app.rules.messages import UserError
from desktop_app.services import cleaning, reports
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.records import correct_dose, correct_person
from desktop_app.wire.site_report import DayCount
from tests.reports.data import NOV5, OCT1, OCT2, TODAY, known_site
from tests.reports.pending_import import import_in_progress

START, END = date(2021, 9, 1), date(2021, 12, 31)


@pytest.fixture
def known(db, site):
    return known_site(db)


def test_doses_per_day_vaccine_number_and_age_group(db, known):
    report = reports.build(db, "doses", START, END, "en", actor=AT_THIS_LAPTOP)
    assert report.columns == ("Date", "Vaccine", "Dose", "Age group", "Count")
    pfizer, az = "Comirnaty (Pfizer-BioNTech)", "Vaxzevria (AstraZeneca)"  # as the desk says
    assert report.rows == [
        (OCT1, pfizer, 1, "5–11", 1), (OCT1, pfizer, 1, "18–49", 1),
        (OCT1, pfizer, 1, "65+", 1), (OCT1, az, 1, "50–64", 1),
        (OCT2, pfizer, 1, "12–17", 1),
        (NOV5, pfizer, 2, "18–49", 1), (NOV5, pfizer, 2, "65+", 1),
    ]  # the voided second VAXZEVRIA dose is not there
    categories, series = report.chart_data()
    assert categories == ["01/10", "02/10", "05/11"]
    assert series == {pfizer: [3, 1, 2], az: [1, 0, 0]}
    assert reports.daily_doses(db, START, END) == [
        (OCT1, "COMIRNATY", 1, 3), (OCT1, "VAXZEVRIA", 1, 1), (OCT2, "COMIRNATY", 1, 1),
        (NOV5, "COMIRNATY", 2, 2)]
    assert reports.build(db, "doses", OCT2, OCT2, "en", actor=AT_THIS_LAPTOP).rows == [
        (OCT2, pfizer, 1, "12–17", 1)]


def test_completeness_per_day_from_the_outbox_states(db, known):
    assert reports.completeness_days(db, START, END) == [
        DayCount(OCT1, 4, 2, 1, 1),  # synced, synced, refused, in conflict
        DayCount(OCT2, 1, 0, 0, 1),  # on the wire, no answer yet
        DayCount(NOV5, 2, 1, 0, 1),  # one waits for its person; the voided one not counted
    ]
    report = reports.build(db, "completeness", START, END, "vi", actor=AT_THIS_LAPTOP)
    assert report.columns[1:5] == ("Đã ghi nhận", "Đã đồng bộ", "Bị từ chối", "Chờ đồng bộ")
    assert report.rows[0] == (OCT1, 4, 2, 1, 1, 50.0)
    assert report.chart_data()[1] == {"Đã đồng bộ": [2, 0, 1], "Bị từ chối": [1, 0, 0],
                                      "Chờ đồng bộ": [1, 1, 1]}


def test_a_share_is_rounded_down_so_one_dose_missing_of_2001_is_not_100(db, site):
    """Rounded to the nearest, 2,000 of 2,001 doses on the platform read 100,0 %: as if none
    were missing (the dashboard alike, tests/central/test_completeness_shares.py)."""
    from desktop_app.db import bulk_sql
    from desktop_app.sync import outbox
    from desktop_app.sync.outbox import Ack, Refused
    from tests.reports.pending_import import chunk

    people, doses = chunk(site.id, 1, 2001)
    doses = [(*d[:6], OCT1.isoformat(), *d[7:]) for d in doses]  # all on one day
    raw = db.engine.raw_connection()
    try:
        raw.driver_connection.execute("BEGIN")
        bulk_sql.write_chunk(raw.driver_connection, "2026-01-01", people, doses, None)
        raw.driver_connection.execute("COMMIT")
    finally:
        raw.close()
    refused = None
    while sent := outbox.claim(db, 5000, site.code):  # the platform takes all but one
        refused = refused or next(o.record_id for o in sent if o.entity == "dose")
        outbox.record(db, [(o, Refused([{"code": "X"}]) if o.record_id == refused
                            else Ack("1", None)) for o in sent])
    report = reports.build(db, "completeness", OCT1, OCT1, "vi", actor=AT_THIS_LAPTOP)
    assert report.rows == [(OCT1, 2001, 2000, 1, 0, 99.9)]
    assert reports.cell_text(report.rows[0][-1], "vi") == "99,9"


def test_the_tallies_equal_counting_the_doses_themselves(db, known):
    """The trigger-kept tallies against the plain join they replace."""
    with db.reading() as s:
        plain = s.execute(sql(
            "SELECT d.dose_date, count(*), sum(s.state = 'synced'), sum(s.state = 'rejected'),"
            " sum(s.state IN ('pending', 'sending', 'conflict')) FROM dose d JOIN sync_record s"
            " ON s.entity = 'dose' AND s.record_id = d.id WHERE d.status = 'active'"
            " GROUP BY d.dose_date ORDER BY 1")).all()
    assert [(date.fromisoformat(d), *n) for d, *n in plain] == [
        (d.day, d.recorded, d.synced, d.rejected, d.pending)
        for d in reports.completeness_days(db, START, END)]


def test_corrections_and_voids_move_the_figures(db, known):
    # The child's date of birth was a day late: 12 on Oct 1, so 12–17.
    assert correct_person(db, known.person["child"], {"dob": date(2009, 9, 30)},
                          actor=AT_THIS_LAPTOP, confirm_warnings=True, today=TODAY).saved
    # The teen's dose was given on Oct 1, not Oct 2: the day before her 12th birthday.
    assert correct_dose(db, known.dose["teen1"], {"dose_date": OCT1}, actor=AT_THIS_LAPTOP,
                        confirm_warnings=True, today=TODAY).saved
    from desktop_app.services.doses import void_dose

    void_dose(db, known.dose["old1"], "Trùng", actor=AT_THIS_LAPTOP)
    rows = reports.build(db, "doses", START, END, "en", actor=AT_THIS_LAPTOP).rows
    pfizer, az = "Comirnaty (Pfizer-BioNTech)", "Vaxzevria (AstraZeneca)"
    assert [r for r in rows if r[0] == OCT1] == [
        (OCT1, pfizer, 1, "5–11", 1), (OCT1, pfizer, 1, "12–17", 1),
        (OCT1, pfizer, 1, "18–49", 1), (OCT1, az, 1, "50–64", 1)]
    assert [r for r in rows if r[0] == OCT2] == []
    # The corrected child and the void are pending again (to be sent), the moved dose too.
    assert reports.completeness_days(db, START, END)[0] == DayCount(OCT1, 4, 1, 1, 2)


def test_cleaning_backlog_by_status_agrees_with_the_worklist(db, site):
    from tests.cleaning.people import paper

    flagged = [paper(db, dob="", id_number=f"00119000{n:04d}") for n in range(2)]
    paper(db, full_name="John Smith", id_number="C1234567")  # a foreigner: own list
    sound = paper(db)  # only a record with nothing left wrong may be marked fixed
    cleaning.move(db, flagged[:1], "sent", actor=AT_THIS_LAPTOP)
    cleaning.move(db, [sound], "contacted", actor=AT_THIS_LAPTOP)
    cleaning.move(db, [sound], "fixed", actor=AT_THIS_LAPTOP)
    report = reports.build(db, "cleaning", START, END, "en", actor=AT_THIS_LAPTOP)
    assert dict(report.rows) == {"To check": 2, "Contacted": 0, "Sent for verification": 1,
                                 "Returned": 0, "Fixed": 1, "Cannot verify": 0}
    work = cleaning.worklist(db)
    assert {k: v for k, v in dict(report.rows).items() if v} == {
        cleaning.status_label(s, "en"): n for s, n in work.by_status.items()}


def test_a_range_that_is_not_one_is_refused_in_words(db, site):
    with pytest.raises(UserError) as refused:
        reports.build(db, "doses", END, START, actor=AT_THIS_LAPTOP)
    assert refused.value.message("vi") == (
        "Ngày bắt đầu 31/12/2021 sau ngày kết thúc 01/09/2021: hãy đổi lại hai ngày.")


def test_the_sql_age_groups_are_the_rules_groups(db, site):
    """Every age from unknown to 110 lands in the group ``rules.reports.age_group`` names."""
    from collections import Counter

    from desktop_app.db import report_queries
    from desktop_app.rules.reports import age_group

    with db.transaction() as s:
        s.execute(sql("INSERT INTO report_dose_day VALUES (:d, 'COMIRNATY', 1, :a, 1)"),
                  [{"d": "2021-10-01", "a": a} for a in range(-1, 111)])
    with db.reading() as s:
        rows = report_queries.doses_by_day(s, OCT1, OCT1)
    assert {group: n for _d, _p, _k, group, n in rows} == dict(
        Counter(age_group(a) for a in range(-1, 111)))
    assert [r[3] for r in rows] == ["0–4", "5–11", "12–17", "18–49", "50–64", "65+", "?"]


def test_complaints_by_deadline_open_by_time_left_and_closed_in_or_out_of_time(db, boss):
    from datetime import timedelta

    from desktop_app.clock import local_today, utc_now
    from desktop_app.services import complaints
    from tests.complaints.people import arrived

    now = utc_now()
    for code, hours_ago in (("PA-00000001", 50), ("PA-00000002", 40), ("PA-00000003", 30),
                            ("PA-00000004", 1), ("PA-00000005", 2), ("PA-00000006", 80)):
        arrived(db, "001190000001", code=code, received=now - timedelta(hours=hours_ago))
    complaints.resolve_reject(db, "PA-00000005", "Hồ sơ đã đúng.", actor=boss)  # in time
    complaints.resolve_reject(db, "PA-00000006", "Hồ sơ đã đúng.", actor=boss)  # 80 h: late
    arrived(db, "001190000001", code="PA-00000007", received=now - timedelta(days=60))
    complaints.resolve_reject(db, "PA-00000007", "Hồ sơ đã đúng.", actor=boss)  # out of range

    today = local_today()
    report = reports.build(db, "complaints", today - timedelta(days=30), today, "en",
                           actor=AT_THIS_LAPTOP)
    assert [(label, n) for label, n in report.rows] == [
        ("Open, overdue", 1), ("Open, under 12 hours left", 1), ("Open, 12–24 hours left", 1),
        ("Open, 24–48 hours left", 1), ("Received in the period, closed in time", 1),
        ("Received in the period, closed late", 1)]


def test_complaints_are_counted_by_the_local_day_they_came(db, boss, in_vietnam):
    """A call at 06:30 on the 2nd in Vietnam is 23:30 on the 1st in UTC: a report of the 2nd
    counts it, one of the 1st does not (they were picked by UTC day)."""
    from datetime import date, datetime

    from desktop_app.services import complaints
    from tests.complaints.people import arrived

    arrived(db, "001190000001", code="PA-00000009", received=datetime(2026, 12, 1, 23, 30))
    complaints.resolve_reject(db, "PA-00000009", "Hồ sơ đã đúng.", actor=boss)
    closed = "Received in the period, closed in time", "Received in the period, closed late"

    def counted(day: date) -> int:
        rows = reports.build(db, "complaints", day, day, "en", actor=AT_THIS_LAPTOP).rows
        return sum(n for label, n in rows if label in closed)

    assert counted(date(2026, 12, 2)) == 1
    assert counted(date(2026, 12, 1)) == 0


def test_a_dose_voided_while_its_import_counts_never_makes_a_day_negative(db, site):
    """The desk voids an imported dose before the import has added its tally (bulk_sql.
    TALLIES_PENDING): its day's term is -1 until the end adds +1. Completeness shows 0
    recorded meanwhile, never -1, and nothing once the import ends."""
    day = date(2021, 10, 2)  # pending_import.chunk's first dose
    with import_in_progress(db, site.id, count=1):
        with db.transaction() as s:
            s.execute(sql("UPDATE dose SET status = 'voided', void_reason = 'nhầm'"
                          " WHERE id = 'd001'"))
        during = reports.completeness_days(db, day, day)
    assert during == [DayCount(day, 0, 0, 0, 0)]
    assert reports.completeness_days(db, day, day) == []


def _days_over_two_years() -> reports.Report:
    """One dose a day from 01/06/2021 to 18/10/2022, and two more on 01/07/2022."""
    from datetime import timedelta

    first, last = date(2021, 6, 1), date(2022, 10, 18)
    rows = [(first + timedelta(days=n), 1) for n in range((last - first).days + 1)]
    rows.append((date(2022, 7, 1), 2))  # a day's second row adds into the same bar
    return reports.Report("completeness", "t", ("Date", "Synced"), rows,
                          reports.Chart(category=0, values=(1,)), date(2021, 1, 1),
                          date(2022, 12, 31))


def test_the_same_day_of_two_years_is_two_bars_and_the_chart_keeps_the_latest_days():
    categories, series = _days_over_two_years().chart_data()
    assert len(categories) == 505  # every day once: no 01/07 of 2021 and 2022 added up
    at = {c: i for i, c in enumerate(categories)}
    assert series["Synced"][at["01/07/2021"]] == 1
    assert series["Synced"][at["01/07/2022"]] == 3
    categories, series = _days_over_two_years().chart_data(latest=60)
    assert (categories[0], categories[-1]) == ("20/08/2022", "18/10/2022")
    assert len(series["Synced"]) == 60


def test_days_are_charted_in_date_order_whatever_the_rows_order():
    report = _days_over_two_years()
    shuffled = reports.Report(report.key, report.title, report.columns,
                              report.rows[::-1], report.chart, report.start, report.end)
    assert shuffled.chart_data(latest=3)[0] == ["16/10/2022", "17/10/2022", "18/10/2022"]


def test_the_cleaning_report_is_not_headed_a_backlog_while_it_lists_closed_cases(db, boss):
    """Review 7 Dec 2026: headed "Tồn đọng" (backlog), it counted cases fixed and closed."""
    from datetime import date

    report = reports.build(db, "cleaning", date(2021, 10, 1), date(2021, 10, 31), "vi",
                           actor=AT_THIS_LAPTOP)
    assert "Đã sửa" in [label for label, _n in report.rows]
    assert "tồn đọng" not in (report.title + report.note).lower(), (report.title, report.note)
