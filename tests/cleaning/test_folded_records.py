"""A record a merge folded into another (``person.merged_into``) is no one's work any more:
it stays in the database, inactive, but leaves the cleaning worklist and its counts (those
the site report sends central too), the list for the police, the register's verdicts, the
status bar's count of people, and cannot be corrected."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store
from desktop_app.db.models import AuditEntry, CleaningCase
from desktop_app.db.report_queries import cleaning_counts
from desktop_app.services import cleaning
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.merges import merge_people
from desktop_app.services.police_export import export_for_police
from desktop_app.services.records import correct_person
from desktop_app.services.status import record_counts
from desktop_app.sync import site_report
from desktop_app.wire.register import Verdict
from tests.cleaning.people import TODAY, acknowledged, paper


def _merged(db, boss):
    """Two records of one woman: the second, without her ID number, on the worklist, is
    folded into the first."""
    kept = paper(db)
    folded = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                   address="12 Láng Hạ, Hà Nội")
    assert [c.person_id for c in cleaning.worklist(db).cases] == [folded]
    merge_people(db, kept, folded, actor=boss)
    return kept, folded


def test_a_folded_record_leaves_the_worklist_and_every_count(db, site, boss):
    _kept, folded = _merged(db, boss)
    work = cleaning.worklist(db)
    assert work.cases == [] and not work.by_status and not work.by_problem
    assert cleaning.worklist(db, status=["to_check", "fixed"]).cases == []
    with db.reading() as s:
        assert cleaning_counts(s) == ({}, {}, 0)
    sent = site_report.build_report(db)
    assert not sent.not_clean and not sent.cleaning
    assert record_counts(db) == (1, 2)  # one woman, her two doses
    assert cleaning.recheck_all(db, actor=boss, today=TODAY) == 0
    with db.reading() as s:
        assert s.get(CleaningCase, folded) is None


def test_a_folded_record_is_not_sent_to_the_police(db, site, boss, tmp_path):
    _kept, folded = _merged(db, boss)
    assert export_for_police(db, tmp_path / "xac-minh.xlsx", actor=boss) == 0
    with db.reading() as s:
        assert s.get(CleaningCase, folded) is None  # not marked sent for verification


def test_a_register_verdict_on_a_folded_record_is_not_kept(db, site, boss):
    _kept, folded = _merged(db, boss)
    acknowledged(db, folded, 2)
    with db.transaction() as s:
        assert not cleaning_store.record_verdict(
            s, Verdict(folded, "mismatch", ("full_name",), datetime(2026, 11, 24), 2),
            utc_now())
    assert cleaning.worklist(db).cases == []


def test_a_folded_record_is_not_corrected(db, site, boss):
    kept, folded = _merged(db, boss)
    with pytest.raises(ChangeRefused) as refused:
        correct_person(db, folded, {"full_name": "Phạm Thị Lanh"}, actor=boss, today=TODAY)
    # The kept record named as a supervisor finds it, not by its internal id.
    said = refused.value.message("vi")
    assert kept not in said and "hồ sơ của Phạm Thị Lan (sinh 12/03/1985" in said, said


def test_the_merge_closes_the_folded_records_open_case(db, site, boss):
    kept = paper(db)
    folded = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                   address="12 Láng Hạ, Hà Nội")
    cleaning.move(db, [folded], "contacted", actor=boss)
    merge_people(db, kept, folded, actor=boss)
    with db.transaction() as s:  # closed by the merge: nothing left to close
        assert not cleaning_store.close_folded(s, folded, now=utc_now(), user_id=boss.user_id)
        assert not cleaning_store.close_folded(s, kept, now=utc_now(), user_id=boss.user_id)
    with db.reading() as s:
        assert s.get(CleaningCase, folded).status == "fixed"
        [entry] = s.scalars(select(AuditEntry).where(
            AuditEntry.entity_id == folded, AuditEntry.action == "cleaning",
            AuditEntry.details.contains('"merge"')))
    assert entry.user_id == boss.user_id


def test_a_merge_undone_keeps_the_police_lists_mark_and_its_answer_is_taken(db, site, boss,
                                                                            tmp_path):
    """A person on a list sent to the police is merged by mistake and the merge undone at
    once: the case went back to *sent* with a new mark, so the police's answer to that
    list was refused ("sent again since … import the file of that send"), a send nobody
    made, and its two days started again."""
    from datetime import date

    import openpyxl

    from desktop_app.importers.police_file import WRITTEN
    from desktop_app.rules.identity import Sex, make_cccd
    from desktop_app.services import merges, police_returned
    from tests.ui.merge_helpers import recorded

    a = recorded(db, boss, "Trần Thị Bích", None, 1, date(2021, 8, 1)).person_id
    b = recorded(db, boss, "Trần Thị Bích", "001190000102", 2, date(2021, 8, 29)).person_id
    out = tmp_path / "xac-minh.xlsx"
    export_for_police(db, out, actor=boss)
    with db.reading() as s:
        sent_at = s.get(CleaningCase, a).sent_at
    merges.merge_people(db, b, a, actor=boss, confirm_differences=True)
    merges.unmerge_people(db, a, actor=boss)
    with db.reading() as s:
        case = s.get(CleaningCase, a)
        assert (case.status, case.sent_at) == ("sent", sent_at)
    book = openpyxl.load_workbook(out)
    for row in book.active.iter_rows(min_row=2):
        row[WRITTEN.index("Số giấy tờ (xác minh)")].value = make_cccd(
            "001", Sex.FEMALE, 1990, 900 + row[0].row)
        row[WRITTEN.index("Kết quả xác minh")].value = "sai thông tin"
    back = tmp_path / "tra-ve.xlsx"
    book.save(back)
    returned = police_returned.read_returned(db, back, "vi", today=TODAY)
    assert a in {r.person_id for r in returned.rows}, returned.skipped
