"""The police round trip as a provincial officer found it: exporting again restarted every
sent person's clock; what the police said on a row the rules refused was lost; the preview
counted by the police's word where Apply runs the rules; a name without diacritics replaced
a correct one unasked; rows the police dropped were never mentioned; the file had no list of
the accepted answers, and its problem column followed the app's language, not its headings."""

from __future__ import annotations

import json
from datetime import timedelta

import openpyxl
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, CleaningCase, Person
from desktop_app.importers.police_file import NOTE, ROUND, WRITTEN
from desktop_app.services import (
    cleaning,
    police_apply,
    police_export,
    police_report,
    police_returned,
)
from tests.cleaning.people import TODAY, paper


def _answer(out, path, answers, drop=()):
    """The police's answers: person id -> {column index: value}; ``drop``: rows deleted."""
    book = openpyxl.load_workbook(out)
    sheet = book.active
    for row in list(sheet.iter_rows(min_row=2)):
        for column, value in answers.get(row[0].value, {}).items():
            row[column].value = value
    for number in sorted((r[0].row for r in sheet.iter_rows(min_row=2)
                          if r[0].value in drop), reverse=True):
        sheet.delete_rows(number)
    book.save(path)
    return path


def _status(db, pid):
    with db.reading() as s:
        return s.get(CleaningCase, pid).status


def _name(db, pid):
    with db.reading() as s:
        return s.get(Person, pid).full_name


def test_exporting_the_open_view_again_keeps_the_late_ones_late(db, site, boss, tmp_path):
    first = [paper(db, dob=""), paper(db, full_name="Nguyễn Thị Hoa", dob="", id_number="")]
    five_days_ago = utc_now() - timedelta(days=5)
    assert police_export.export_for_police(db, tmp_path / "a.xlsx", actor=boss,
                                           now=five_days_ago) == 2
    assert cleaning.worklist(db).late == 2
    newcomer = paper(db, full_name="Lê Thị Cúc", dob="", id_number="")

    plan = police_export.export_plan(db)
    assert [c.person_id for c in plan.cases] == [newcomer]
    asked = plan.question("vi")
    assert asked.startswith("1 người trong danh sách đang chọn sẽ được ghi ra tệp")
    assert "2 người đã gửi xác minh trước đó không được ghi lại" in asked
    assert police_export.export_for_police(db, tmp_path / "b.xlsx", actor=boss) == 1
    assert cleaning.worklist(db).late == 2  # their clock runs on from the first time
    sheet = openpyxl.load_workbook(tmp_path / "b.xlsx").active
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [newcomer]

    # Sent again on purpose (the "sent" status chosen): said so, restarted, audited each.
    again = police_export.export_plan(db, status="sent")
    assert "3 người đã gửi trước đó sẽ được gửi lại" in again.question("vi")
    assert police_export.export_for_police(db, tmp_path / "c.xlsx", actor=boss, status="sent") == 3
    assert cleaning.worklist(db).late == 0
    with db.reading() as s:
        resent = {e.entity_id for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == "cleaning", AuditEntry.details.like('%"sent_again"%')))}
    assert resent == {*first, newcomer}


def test_what_the_police_said_is_kept_when_the_rules_refuse_it(db, site, boss, tmp_path):
    lan = paper(db, dob="")  # her CCCD says she was born in 1985
    future = paper(db, full_name="Nguyễn Thị Hoa", dob="", id_number="")
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    back = _answer(out, tmp_path / "back.xlsx", {
        lan: {11: "02/02/1962", 14: "sai thông tin"},
        future: {11: "01/01/2030", 14: "sai thông tin"}})

    returned = police_returned.read_returned(db, back, today=TODAY)
    # The preview says what Apply will do: the rules refuse both, with the reason.
    assert [r.kind for r in returned.rows] == ["refused", "refused"]
    by_id = {r.person_id: r for r in returned.rows}
    assert "năm sinh" in by_id[lan].refusal.lower()
    assert "tương lai" in by_id[future].refusal
    assert "0 sai thông tin (sẽ sửa)" in returned.summary("vi")
    assert "2 bị quy tắc từ chối" in returned.summary("vi")
    assert returned.applicable()

    outcome = police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert (outcome.corrected, len(outcome.refused)) == (0, 2)
    assert _status(db, lan) == "returned"
    notes = police_apply.police_notes(db, [lan, future])
    assert "02/02/1962" in notes[lan] and "sai thông tin" in notes[lan]
    assert by_id[lan].refusal in notes[lan]
    assert "01/01/2030" in notes[future]

    report = tmp_path / "report.json"
    police_report.save_returned_report(db, returned, report, actor=boss, applied=outcome)
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["rows"][0]["refused"] and body["applied"]["refused"][0]["why"]


def test_a_name_without_diacritics_does_not_replace_a_correct_one(db, site, boss, tmp_path):
    huy = paper(db, full_name="Đỗ Xuân Huy", dob="")
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    back = _answer(out, tmp_path / "back.xlsx", {
        huy: {10: "Nguyen Van A", 11: "12/03/1985", 14: "sai thông tin"}})
    returned = police_returned.read_returned(db, back, today=TODAY)
    [row] = returned.rows
    assert row.kind == "refused"
    assert "không có dấu" in row.refusal and "Đỗ Xuân Huy" in row.refusal
    police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    assert _name(db, huy) == "Đỗ Xuân Huy"


def test_an_answer_the_importer_does_not_know_is_named_with_the_accepted_ones(
        db, site, boss, tmp_path):
    lan = paper(db, dob="")
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    back = _answer(out, tmp_path / "back.xlsx", {lan: {11: "31/02/1985",
                                                       14: "đã xác minh"}})
    returned = police_returned.read_returned(db, back, today=TODAY)
    [row] = returned.rows
    assert row.kind == "held"
    assert "0 chưa có kết quả" in returned.summary("vi")
    outcome = police_apply.apply_returned(db, returned, actor=boss, today=TODAY)
    [(_n, why)] = outcome.refused
    assert ".;" not in why and "(vd. 05/09/1990). Kết quả xác minh “đã xác minh”" in why
    assert "khớp, sai thông tin, không tìm thấy" in why


def test_rows_the_police_dropped_are_named(db, site, boss, tmp_path):
    ids = [paper(db, full_name=n, dob="", id_number="")
           for n in ("Phạm Thị Lan", "Lê Thị Cúc", "Đỗ Văn An")]
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    back = _answer(out, tmp_path / "back.xlsx", {ids[0]: {14: "không tìm thấy"}},
                   drop=ids[1:])
    returned = police_returned.read_returned(db, back, today=TODAY)
    assert returned.missing == [(ids[2], "Đỗ Văn An"), (ids[1], "Lê Thị Cúc")]
    assert "2 người đã gửi cùng đợt không có trong tệp trả về" in returned.summary("vi")


def test_the_file_lists_the_accepted_answers_and_reads_in_one_language(
        db, site, boss, tmp_path):
    paper(db, dob="")
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss, lang="en")
    sheet = openpyxl.load_workbook(out).active
    # The police's notes next, and last (hidden) the export's mark: police_file.ROUND.
    assert tuple(c.value for c in sheet[1]) == (*WRITTEN, NOTE, ROUND)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= len("Phạm Thị Lan")
    assert sheet.column_dimensions["Q"].hidden and sheet["Q2"].value.startswith("VXR1|HN-")
    [choice] = sheet.data_validations.dataValidation
    assert choice.type == "list" and str(choice.sqref) == "O2"
    assert choice.formula1 == '"khớp,sai thông tin,không tìm thấy,đã chết"'
    assert "sai thông tin" in sheet["O1"].comment.text
    assert sheet["J2"].value == "Thiếu ngày sinh"  # the headings' language, not the app's


def test_the_command_names_the_dropped_and_the_refused_and_reports_what_it_applied(tmp_path):
    from desktop_app.db.database import open_database
    from tests.keys import TEST_PASSPHRASE
    from tests.test_cli import vaxdesk

    data = tmp_path / "data"
    assert vaxdesk("setup-site", "HN-1", "Trạm Y tế Láng", env_dir=data).returncode == 0
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        lan = paper(db, dob="")
        dropped = paper(db, full_name="Lê Thị Cúc", dob="", id_number="")
    out = tmp_path / "xac-minh.xlsx"
    assert vaxdesk("cleaning", "export", "--out", str(out), env_dir=data).returncode == 0
    again = vaxdesk("cleaning", "export", "--out", str(tmp_path / "lai.xlsx"), env_dir=data)
    assert "2 người đã gửi xác minh trước đó không được ghi lại" in again.stdout
    assert "Đã ghi 0 người" in again.stdout
    back = _answer(out, tmp_path / "back.xlsx", {lan: {11: "02/02/1962", 14: "sai thông tin"}},
                   drop=[dropped])
    report = tmp_path / "r.json"
    run = vaxdesk("cleaning", "import", str(back), "--apply", "--report", str(report),
                  env_dir=data)
    assert run.returncode == 1, run.stderr
    assert f"Không có trong tệp trả về: Lê Thị Cúc ({dropped})" in run.stdout
    assert "Dòng 2: Thông tin xác minh vẫn sai" in run.stdout  # before --apply's outcome
    assert "1 bị quy tắc từ chối" in run.stdout
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["applied"]["refused"][0]["row"] == 2
    assert body["not_returned"][0]["name"] == "Lê Thị Cúc"


def test_a_passport_goes_to_the_police_with_its_kind_and_country(db, site, boss, tmp_path):
    """The foreigners' list goes to the immigration police, who look a passport up by its
    number and country: the file gave the number alone. Each row now says the document's
    kind, and a passport's country, beside the number; the file still reads back by its
    headings (a file written before them too)."""
    guest = paper(db, full_name="Kim Min Jun", id_number="", dob="")
    citizen = paper(db, full_name="Lê Thị Hoa", id_number="013579246", dob="",
                    dose_date="03/09/2021")
    with db.transaction() as s:
        s.get(Person, guest).id_type, s.get(Person, guest).id_number = "PASSPORT", "M1234567"
        s.get(Person, guest).nationality = "KOR"
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    rows = list(openpyxl.load_workbook(out).active.iter_rows(values_only=True))
    kind, country, number = (WRITTEN.index(h) for h in ("Loại giấy tờ", "Quốc tịch",
                                                        "Số giấy tờ"))
    by_id = {r[0]: (r[number], r[kind], r[country]) for r in rows[1:]}
    assert by_id[guest] == ("M1234567", "Hộ chiếu", "KOR")
    assert by_id[citizen] == ("013579246", "Chứng minh nhân dân (CMND)", None)  # no country
    returned = police_returned.read_returned(db, out, today=TODAY)
    assert {r.person_id for r in returned.rows} == {guest, citizen}


def test_a_country_the_police_corrected_in_place_is_said_not_dropped(db, site, boss,
                                                                     tmp_path):
    """The immigration police know a passport's country: one corrected in the "Quốc tịch"
    column, with the answer "khớp", was applied as a bare match and the correction lost (a
    reviewer's). The row is held back, saying what they wrote."""
    guest = paper(db, full_name="Kim Min Jun", id_number="", dob="")
    with db.transaction() as s:
        s.get(Person, guest).id_type, s.get(Person, guest).id_number = "PASSPORT", "M1234567"
        s.get(Person, guest).nationality = "KOR"
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    country, result = WRITTEN.index("Quốc tịch"), WRITTEN.index("Kết quả xác minh")
    book = openpyxl.load_workbook(out)
    for row in book.active.iter_rows(min_row=2):
        row[country].value, row[result].value = "CHN", "khớp"
    book.save(tmp_path / "back.xlsx")
    returned = police_returned.read_returned(db, tmp_path / "back.xlsx", today=TODAY)
    assert returned.rows == []
    [(line, why)] = returned.skipped
    assert line == 2 and "“Quốc tịch”: “KOR” → “CHN”" in why
    with db.reading() as s:
        assert s.get(Person, guest).nationality == "KOR"
