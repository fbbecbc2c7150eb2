"""The police round trip after its first round (review_clean): exporting a list that held a
case already opened (returned, contacted, reopened) failed after the police file was on disk,
nobody marked sent; a "không tìm thấy" answer with values overwrote the record; a clerk's
refused CLI export first printed the plan as if it had run."""

from __future__ import annotations

import json

import openpyxl
import pytest
from sqlalchemy import select

from desktop_app import cli
from desktop_app.db import cleaning_store
from desktop_app.db.models import AuditEntry, CleaningCase, Person
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.rules.messages import text
from desktop_app.rules.problems import Problem
from desktop_app.services import accounts, cleaning, police_apply, police_export, police_returned
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.cleaning.people import TODAY, paper

PASSWORD = "mật khẩu của thư ký"


def _four(db):
    """Four people flagged for no date of birth, each with a number of their own."""
    return [paper(db, full_name=name, dob="", id_number=make_cccd("001", Sex.FEMALE, 1985, n))
            for n, name in enumerate(("Phạm Thị Lan", "Nguyễn Thị Hoa", "Lê Thị Cúc",
                                      "Đỗ Thị Mai"), start=501)]


def _statuses(db, ids):
    with db.reading() as s:
        return [s.get(CleaningCase, pid).status if s.get(CleaningCase, pid) else None
                for pid in ids]


def _file_ids(path):
    return [r[0] for r in openpyxl.load_workbook(path).active.iter_rows(min_row=2,
                                                                        values_only=True)]


def _opened(db, boss, tmp_path):
    """After a first round: one returned, one contacted, one reopened (back to be checked),
    and one never sent."""
    returned, contacted, reopened, fresh = _four(db)
    assert police_export.export_for_police(db, tmp_path / "first.xlsx", actor=boss,
                                           status="to_check") == 4
    cleaning.move(db, [returned], "returned", actor=boss)
    cleaning.move(db, [contacted], "returned", actor=boss)
    cleaning.move(db, [contacted], "contacted", actor=boss)
    cleaning.move(db, [reopened, fresh], "to_check", actor=boss)
    return returned, contacted, reopened, fresh


def test_a_list_holding_returned_contacted_and_reopened_cases_is_exported(db, site, boss,
                                                                          tmp_path):
    ids = _opened(db, boss, tmp_path)
    out = tmp_path / "second.xlsx"
    assert police_export.export_for_police(db, out, actor=boss) == 4
    assert sorted(_file_ids(out)) == sorted(ids)
    assert _statuses(db, ids) == ["sent"] * 4
    with db.reading() as s:
        moves = [json.loads(d)["status"] for d in s.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "cleaning",
                                             AuditEntry.entity_id.in_(ids))
            .order_by(AuditEntry.id)) if '"status"' in d][-4:]
        exported = s.scalars(select(AuditEntry.entity_id).where(
            AuditEntry.action == "export", AuditEntry.entity == "cleaning")).all()
    assert sorted(old for old, new in moves if new == "sent") == \
        ["contacted", "returned", "to_check", "to_check"]
    assert exported == ["first.xlsx", "second.xlsx"]

    # The returned ones alone, as the next step after a round usually is.
    again = ids[0]
    cleaning.move(db, [again], "returned", actor=boss)
    assert police_export.export_for_police(db, tmp_path / "ret.xlsx", actor=boss,
                                           status="returned") == 1
    assert _file_ids(tmp_path / "ret.xlsx") == [again] and _statuses(db, [again]) == ["sent"]


def test_no_file_is_left_when_marking_the_people_sent_fails(db, site, boss, tmp_path,
                                                             monkeypatch):
    ids = _opened(db, boss, tmp_path)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(cleaning_store, "move_many", broken)
    out = tmp_path / "second.xlsx"
    with pytest.raises(RuntimeError):
        police_export.export_for_police(db, out, actor=boss)
    assert sorted(p.name for p in tmp_path.glob("*.xlsx*")) == ["first.xlsx"]  # no .part either
    assert _statuses(db, ids) == ["returned", "contacted", "to_check", "to_check"]


def test_a_file_that_cannot_take_its_name_marks_nobody(db, site, boss, tmp_path, monkeypatch):
    """The rename comes last, inside the transaction: refused (Windows, the old list open
    in Excel), nobody is marked and nothing is audited as sent."""
    ids = _opened(db, boss, tmp_path)

    def refused(_part, _out):
        raise PermissionError("the file is open in another program")

    monkeypatch.setattr(police_export, "publish", refused)
    with pytest.raises(PermissionError):
        police_export.export_for_police(db, tmp_path / "second.xlsx", actor=boss)
    assert sorted(p.name for p in tmp_path.glob("*.xlsx*")) == ["first.xlsx"]
    assert _statuses(db, ids) == ["returned", "contacted", "to_check", "to_check"]
    with db.reading() as s:
        assert s.scalars(select(AuditEntry.entity_id).where(
            AuditEntry.action == "export")).all() == ["first.xlsx"]


def _answer(out, path, answers):
    """person id -> {column index: value}, as the police fill the file."""
    book = openpyxl.load_workbook(out)
    for row in book.active.iter_rows(min_row=2):
        for column, value in answers.get(row[0].value, {}).items():
            row[column].value = value
    book.save(path)
    return path


def _person(db, pid):
    with db.reading() as s:
        p = s.get(Person, pid)
        return p.full_name, p.sex, p.id_number


def test_not_found_with_values_is_held_and_never_written_to_the_record(db, site, boss,
                                                                        tmp_path):
    named, numbered, plain = _four(db)[:3]
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    before = {pid: _person(db, pid) for pid in (named, numbered)}
    back = _answer(out, tmp_path / "back.xlsx", {
        named: {10: "Trần Thị Bình", 12: "Nam", 14: "không tìm thấy"},
        numbered: {13: make_cccd("001", Sex.MALE, 1990, 77), 14: "không tìm thấy"},
        plain: {14: "không tìm thấy"}})

    returned = police_returned.read_returned(db, back, today=TODAY)
    by_id = {r.person_id: r for r in returned.rows}
    held = Problem("POLICE_ROW_NOT_FOUND_VALUES", "result")
    assert [by_id[p].kind for p in (named, numbered, plain)] == ["held", "held", "không tìm thấy"]
    assert by_id[named].problems == (held,) and by_id[numbered].problems == (held,)
    said = returned.summary("vi")
    assert "1 không xác minh được" in said and "2 cần xem lại" in said, said

    outcome = police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert (outcome.corrected, outcome.cannot_verify) == (0, 1)
    rows = {by_id[p].sheet_row for p in (named, numbered)}
    assert sorted(r for r in outcome.refused if r[0] in rows) == sorted(
        (row, held.message("vi")) for row in rows)
    assert {pid: _person(db, pid) for pid in (named, numbered)} == before
    assert _statuses(db, [named, numbered, plain]) == ["sent", "sent", "cannot_verify"]
    assert text("POLICE_ROW_NOT_FOUND_VALUES", "en").startswith("The result is")


@pytest.fixture
def clerk(db):
    accounts.add_user(db, "thuky", "Thư ký", "clerk", PASSWORD, actor=AT_THIS_LAPTOP)


def test_a_clerk_s_refused_export_says_only_the_refusal(db, site, boss, clerk, tmp_path,
                                                        capsys, monkeypatch):
    _opened(db, boss, tmp_path)  # one sent before: the plan would have said so
    police_export.export_for_police(db, tmp_path / "again.xlsx", actor=boss)
    paper(db, full_name="Vũ Thị Mới", dob="", id_number=make_cccd("001", Sex.FEMALE, 1985, 9))
    db.close()
    monkeypatch.setenv("VAXDESK_USER", "thuky")
    monkeypatch.setenv("VAXDESK_PASSWORD", PASSWORD)
    out = tmp_path / "x.xlsx"
    code = cli.main(["--db", str(db.path), "cleaning", "export", "--out", str(out)])
    said = capsys.readouterr()
    assert code == 2
    assert said.out == "", said.out
    assert "giám sát" in said.err and "không được ghi lại" not in said.err, said.err
    assert not out.exists()


def test_the_cli_exports_the_returned_cases(db, site, boss, tmp_path, capsys):
    returned = _opened(db, boss, tmp_path)[0]
    db.close()
    out = tmp_path / "ret.xlsx"
    code = cli.main(["--db", str(db.path), "cleaning", "export", "--status", "returned",
                     "--out", str(out)])
    said = capsys.readouterr()
    assert code == 0, said.err
    assert said.out.strip() == text("POLICE_EXPORTED", "vi", count=1, path=out)
    assert _file_ids(out) == [returned]


def test_exporting_the_fixed_filter_writes_no_fixed_case_and_says_so(db, site, boss, tmp_path):
    """Under the *Đã sửa* filter, Export once wrote every fixed person to the police's file
    and moved them to *sent*: a move Alt+3 refuses, people already put right sent to the
    police, the fixed count emptied and, two days later, all of them shown late. They are
    now left out, and the question says why and how to send one again."""
    from datetime import date

    from desktop_app.rules.cleaning import may_move
    from desktop_app.services.records import correct_person

    pid = paper(db, full_name="Lê Thị Hoa", dob="")
    assert correct_person(db, pid, {"dob": date(1985, 3, 12)}, actor=boss, today=TODAY,
                          confirm_warnings=True).saved
    assert _statuses(db, [pid]) == ["fixed"]
    assert not may_move("fixed", "sent")  # the rule every other move obeys

    plan = police_export.export_plan(db, status="fixed")
    assert plan.cases == []
    assert plan.refusals("vi") == [
        "1 người ở mục “Đã sửa” không được ghi: trạng thái này không thể chuyển sang "
        "“Đã gửi xác minh”. Nếu cần công an xác minh lại, hãy chuyển họ về “Cần kiểm tra” "
        "trước."]
    assert police_export.export_for_police(db, tmp_path / "xac-minh.xlsx", actor=boss,
                                           status="fixed") == 0
    assert _statuses(db, [pid]) == ["fixed"]
    assert _file_ids(tmp_path / "xac-minh.xlsx") == []
