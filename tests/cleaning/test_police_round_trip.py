"""The police round trip through the real ``vaxdesk`` command (issue #15, point 3): the
list written for verification, filled in as the police would, read back as differences,
and applied."""

from __future__ import annotations

import json
from datetime import date

import openpyxl
from sqlalchemy import func, select

from desktop_app.db.database import open_database
from desktop_app.db.models import Dose, Person, SyncRecord
from desktop_app.importers.police_file import WRITTEN
from desktop_app.rules.identity import Sex, make_cccd
from tests.cleaning.people import paper
from tests.keys import TEST_PASSPHRASE
from tests.test_cli import vaxdesk

MALE_ID = make_cccd("001", Sex.MALE, 1985, 777)
HER_ID = make_cccd("001", Sex.FEMALE, 1985, 4242)


def people(data):
    assert vaxdesk("setup-site", "HN-1", "Trạm Y tế Láng", env_dir=data).returncode == 0
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        ids = {
            "wrong_sex": paper(db, full_name="Trần Thị Mai", id_number=MALE_ID),
            "no_dob": paper(db, full_name="Lê Thị Hoa", dob="", id_number="",
                            address="=1+2"),
            "unknown": paper(db, full_name="Đỗ Thị Cúc", dob="01/02/1980", id_number=""),
            "clean": paper(db, full_name="Phạm Thị Lan"),
        }
    return ids


def worklist(data, *args):
    out = vaxdesk("cleaning", "list", "--json", *args, env_dir=data)
    assert out.returncode == 0, out.stderr
    return {c["person_id"]: c for c in json.loads(out.stdout)}


def test_export_fill_in_import_and_apply(tmp_path):
    data = tmp_path / "data"
    ids = people(data)
    listed = worklist(data)
    assert set(listed) == {ids["wrong_sex"], ids["no_dob"], ids["unknown"]}
    assert {c["status"] for c in listed.values()} == {"to_check"}
    assert listed[ids["wrong_sex"]]["problems"] == ["ID_SEX_MISMATCH"]

    sent = tmp_path / "xac-minh.xlsx"
    out = vaxdesk("cleaning", "export", "--out", str(sent), env_dir=data)
    assert out.returncode == 0, out.stderr
    sheet = openpyxl.load_workbook(sent).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:len(WRITTEN)] == WRITTEN
    by_id = {r[0]: r for r in rows[1:]}
    mai = by_id[ids["wrong_sex"]]
    assert mai[1:5] == ("Trần Thị Mai", "12/03/1985", "Nữ", MALE_ID)  # text, zeros kept
    assert mai[10:16] == (None,) * 6  # the police's five and their notes
    # The police's columns are text: typed "12/03/1985" stays that day in any Excel.
    assert {c.number_format for c in sheet[2][10:16]} == {"@"}
    formula_cell = next(c for c in sheet[[r[0] for r in rows].index(ids["no_dob"]) + 1]
                        if c.value == "=1+2")
    assert formula_cell.data_type == "s"  # written as text: no file runs a formula
    assert {c["status"] for c in worklist(data, "--status", "sent").values()} == {"sent"}

    # The police fill in the last five columns, as a person would in Excel.
    for row in sheet.iter_rows(min_row=2):
        pid = row[0].value
        if pid == ids["wrong_sex"]:
            row[12].value, row[14].value = "Nam", "sai thông tin"
            row[10].value = "Trần Văn Mai"
        elif pid == ids["no_dob"]:
            row[11].value, row[13].value, row[14].value = "12/03/1985", HER_ID, "Sai thông tin"
        elif pid == ids["unknown"]:
            row[14].value = "không tìm thấy"
    sheet.append(["no-such-person", "X", *[""] * 12, "khớp"])
    back = tmp_path / "tra-ve.xlsx"
    sheet.parent.save(back)

    report = tmp_path / "report.json"
    preview = vaxdesk("cleaning", "import", str(back), "--report", str(report), env_dir=data)
    assert preview.returncode == 0, preview.stderr
    assert "Giới tính: Nữ → Nam" in preview.stdout
    assert "no-such-person" in preview.stdout  # the row it cannot match is reported
    assert "--apply" in preview.stdout
    assert set(worklist(data, "--status", "sent")) == set(listed)  # nothing changed yet
    diff = json.loads(report.read_text(encoding="utf-8"))
    assert diff["skipped"][0]["row"] == 5

    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db, db.reading() as s:
        people_before = s.scalar(select(func.count()).select_from(Person))
        doses_before = s.scalar(select(func.count()).select_from(Dose))

    applied = vaxdesk("cleaning", "import", str(back), "--apply", env_dir=data)
    assert applied.returncode == 1, applied.stderr  # row 5 matched nobody: for a person
    assert worklist(data) == {}  # nobody open any more
    assert set(worklist(data, "--status", "fixed")) == {ids["wrong_sex"], ids["no_dob"]}
    assert set(worklist(data, "--status", "cannot_verify")) == {ids["unknown"]}
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db, db.reading() as s:
        mai = s.get(Person, ids["wrong_sex"])
        hoa = s.get(Person, ids["no_dob"])
        assert (mai.sex, mai.full_name, mai.cleaning_reason) == ("M", "Trần Văn Mai", None)
        assert (hoa.dob, hoa.id_number, hoa.id_type) == (date(1985, 3, 12), HER_ID, "CCCD")
        # never creates a person or a dose; the corrections wait for the sync
        assert s.scalar(select(func.count()).select_from(Person)) == people_before
        assert s.scalar(select(func.count()).select_from(Dose)) == doses_before
        assert s.get(SyncRecord, ("person", mai.id)).local_version == 2


def test_a_file_that_is_not_the_police_list_is_refused_with_its_name(tmp_path):
    data = tmp_path / "data"
    people(data)
    other = tmp_path / "khac.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Họ và tên", "Ngày sinh"])
    book.save(other)
    out = vaxdesk("cleaning", "import", str(other), env_dir=data)
    assert out.returncode == 2 and "khac.xlsx" in out.stderr and "Mã hồ sơ" in out.stderr
    assert "“Kết quả xác minh”" in out.stderr  # it names what row 1 lacks


def test_an_officer_may_add_a_column_and_move_another_and_the_file_still_reads(tmp_path):
    """Officers add a column of notes in the middle, or bring the result to the front: the
    columns are found by their headings."""
    data = tmp_path / "data"
    ids = people(data)
    sent = tmp_path / "xac-minh.xlsx"
    assert vaxdesk("cleaning", "export", "--out", str(sent), env_dir=data).returncode == 0
    rows = [list(r) for r in openpyxl.load_workbook(sent).active.iter_rows(values_only=True)]
    for row in rows[1:]:
        if row[0] == ids["wrong_sex"]:
            row[12], row[14] = "Nam", "sai thông tin"
    book = openpyxl.Workbook()
    for i, row in enumerate(rows):  # the result first, a note after the name
        note = "Ghi chú" if i == 0 else "đã gọi điện"
        book.active.append([row[14], *row[:2], note, *row[2:14]])
    back = tmp_path / "tra-ve.xlsx"
    book.save(back)
    preview = vaxdesk("cleaning", "import", str(back), env_dir=data)
    assert preview.returncode == 0, preview.stderr
    assert "Giới tính: Nữ → Nam" in preview.stdout


def test_a_filtered_list_says_how_many_it_listed_and_a_mistyped_problem_is_refused(tmp_path):
    """Before, ``--list foreigners`` printed nobody and then "Cần kiểm tra: 2" (the whole
    list's count), and ``--problem NOPE`` printed nobody with exit 0."""
    data = tmp_path / "data"
    people(data)
    listed = vaxdesk("--lang", "en", "cleaning", "list", "--problem", "ID_SEX_MISMATCH",
                     env_dir=data)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.strip().splitlines()
    assert len(lines) == 2 and "Trần Thị Mai" in lines[0]
    assert lines[1].startswith("1 case listed. The whole list: ")
    whole = vaxdesk("--lang", "en", "cleaning", "list", env_dir=data).stdout.splitlines()
    assert "listed" not in whole[-1]
    typo = vaxdesk("cleaning", "list", "--problem", "NOPE", env_dir=data)
    assert typo.returncode == 2 and "ID_SEX_MISMATCH" in typo.stderr
