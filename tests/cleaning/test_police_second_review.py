"""A second review of the day's police changes (6 Dec): each finding failed before its fix.
Real files and database, as tests/cleaning/test_data_officer_review.py."""

from __future__ import annotations

from desktop_app.db.models import Person
from desktop_app.importers.police_file import read_result
from desktop_app.services import cleaning
from desktop_app.services.police_apply import apply_returned, police_notes
from tests.cleaning.people import paper
from tests.cleaning.test_data_officer_review import TODAY, _answer

ALL = ["fixed", "cannot_verify", "returned", "sent", "to_check", "contacted"]


def test_dung_fold_collides_with_dung_stopped():
    # "Dừng" (stopped / suspended) folds to "dung", as "Đúng" does: read as a match.
    assert read_result("Dừng")[0] != "khớp", read_result("Dừng")


def test_dung_stopped_closes_the_case_as_fixed(db, site, boss, tmp_path):
    lan = paper(db, dob="")
    returned = _answer(db, boss, tmp_path, {lan: {
        "Ngày sinh (xác minh)": "12/03/1985", "Kết quả xác minh": "Dừng"}})
    [row] = returned.rows
    apply_returned(db, returned, actor=boss, today=TODAY)
    [case] = [c for c in cleaning.worklist(db, status=ALL).cases if c.person_id == lan]
    assert (row.result, case.status) == (None, "sent")


def test_a_note_from_a_closed_round_is_not_shown_on_a_case_reopened_since(
        db, site, boss, tmp_path):
    """The police said "Đã chết năm 2022" (cannot verify); she came to the site alive and
    the supervisor reopened the case: the old answer still shows as the police's."""
    cuc = paper(db, full_name="Đỗ Thị Cúc", dob="")
    returned = _answer(db, boss, tmp_path, {cuc: {"Kết quả xác minh": "Đã chết năm 2022"}})
    apply_returned(db, returned, actor=boss, today=TODAY)
    assert [c.status for c in cleaning.worklist(db, status=ALL).cases
            if c.person_id == cuc] == ["cannot_verify"]
    cleaning.move(db, [cuc], "to_check", actor=boss)
    assert police_notes(db, [cuc]) == {}, police_notes(db, [cuc])


def test_a_note_of_a_case_fixed_by_the_police_then_reopened_is_dropped(
        db, site, boss, tmp_path):
    lan = paper(db, dob="")
    returned = _answer(db, boss, tmp_path, {lan: {
        "Ngày sinh (xác minh)": "12/03/1985", "Kết quả xác minh": "sai thông tin"}})
    apply_returned(db, returned, actor=boss, today=TODAY)
    assert [c.status for c in cleaning.worklist(db, status=ALL).cases
            if c.person_id == lan] == ["fixed"]
    cleaning.move(db, [lan], "to_check", actor=boss)
    assert police_notes(db, [lan]) == {}, police_notes(db, [lan])


def test_a_record_holding_the_given_name_alone_is_completed(db, site, boss, tmp_path):
    """The record holds "Mai" alone; the police give her whole name and her birth date."""
    mai = paper(db, full_name="Mai", dob="12/03/1984")
    returned = _answer(db, boss, tmp_path, {mai: {
        "Họ và tên (xác minh)": "Phạm Thị Mai", "Ngày sinh (xác minh)": "12/03/1985",
        "Kết quả xác minh": "sai thông tin"}})
    [row] = returned.rows
    assert [p.code for p in row.problems] == [], [p.code for p in row.problems]


def test_a_minority_name_written_in_one_word_is_the_same_person(db, site, boss, tmp_path):
    sa = paper(db, full_name="Thạch Thị Sa Rây", dob="12/03/1984")
    returned = _answer(db, boss, tmp_path, {sa: {
        "Họ và tên (xác minh)": "Thạch Thị Saray", "Ngày sinh (xác minh)": "12/03/1985",
        "Kết quả xác minh": "sai thông tin"}})
    [row] = returned.rows
    assert [p.code for p in row.problems] == [], [p.code for p in row.problems]


def test_an_interim_note_does_not_lose_the_answer_that_follows(db, site, boss, tmp_path):
    """First file back: the police have not finished, "Đang xác minh" on her row. A week
    later the same list comes back answered: her answer must be applied."""
    import openpyxl

    from desktop_app.services.police_export import export_for_police
    from desktop_app.services.police_returned import read_returned

    lan = paper(db, dob="")
    out = tmp_path / "xac-minh.xlsx"
    export_for_police(db, out, actor=boss)

    def back(name, answers):
        book = openpyxl.load_workbook(out)
        sheet = book.active
        headings = [c.value for c in sheet[1]]
        for heading, value in answers.items():
            sheet.cell(2, headings.index(heading) + 1, value)
        book.save(tmp_path / name)
        return read_returned(db, tmp_path / name, today=TODAY)

    apply_returned(db, back("lan-1.xlsx", {"Ghi chú (xác minh)": "Đang xác minh"}),
                   actor=boss, today=TODAY)
    second = back("lan-2.xlsx", {"Ngày sinh (xác minh)": "12/03/1985",
                                 "Kết quả xác minh": "sai thông tin"})
    outcome = apply_returned(db, second, actor=boss, today=TODAY)
    with db.reading() as s:
        dob = s.get(Person, lan).dob
    assert dob is not None, (outcome.not_applied, second.skipped)


def test_the_command_names_what_the_register_disagrees_on(db, site, boss, capsys):
    """The list and the police's file now say "Sai lệch với CSDL dân cư: Ngày sinh";
    ``vaxdesk cleaning list`` still says only "Sai lệch với CSDL dân cư"."""
    import argparse
    from datetime import datetime

    from desktop_app import cli_cleaning
    from desktop_app.clock import utc_now
    from desktop_app.db import cleaning_store
    from desktop_app.wire.register import Verdict
    from tests.cleaning.people import acknowledged

    pid = paper(db)
    acknowledged(db, pid, 1)
    with db.transaction() as s:
        assert cleaning_store.record_verdict(
            s, Verdict(pid, "mismatch", ("dob",), datetime(2026, 11, 24, 8), 1), utc_now())
    [case] = [c for c in cleaning.worklist(db).cases if c.person_id == pid]
    # The command's session gives its actor: the list is a supervisor's (bulk_output).
    args = argparse.Namespace(verb="list", status=None, problem=None, work_list=None,
                              json=False, lang="vi", actor=boss)
    assert cli_cleaning._list(db, args) == 0
    [line] = [x for x in capsys.readouterr().out.splitlines() if pid in x]
    assert case.brief("REGISTER_MISMATCH", "vi") in line, line


def test_a_note_only_row_is_counted_once_and_not_as_verified(db, site, boss, tmp_path):
    cuc = paper(db, full_name="Đỗ Thị Cúc", dob="")
    returned = _answer(db, boss, tmp_path, {cuc: {"Ghi chú (xác minh)": "Đã chết năm 2022"}})
    outcome = apply_returned(db, returned, actor=boss, today=TODAY)
    said = outcome.summary("vi")
    assert (outcome.still_open, len(outcome.not_applied)) == (0, 1), said


def test_a_note_only_case_note_does_not_quote_an_empty_answer(db, site, boss, tmp_path):
    cuc = paper(db, full_name="Đỗ Thị Cúc", dob="")
    returned = _answer(db, boss, tmp_path, {cuc: {"Ghi chú (xác minh)": "Đã chết năm 2022"}})
    apply_returned(db, returned, actor=boss, today=TODAY)
    assert police_notes(db, [cuc])[cuc] == ("Tệp tra-ve.xlsx, dòng 2: công an chưa ghi kết "
                                            "quả; ghi chú: Đã chết năm 2022.")
    [case] = [c for c in cleaning.worklist(db, status=ALL).cases if c.person_id == cuc]
    assert case.status == "sent"  # a later file of the list may bring their result
