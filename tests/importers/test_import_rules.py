"""Every outcome rule of a backfill import, through a real file and a real SQLite database."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import AuditEntry, Dose, Person, SyncRecord
from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import ImportRefused, import_file, inspect_file
from desktop_app.services.backfill_report import save_reports
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from tests.importers.sheets import HEADERS, name_of, person_row, write_xlsx
from tests.keys import TEST_PASSPHRASE, raw_connect

TODAY = date(2026, 11, 23)


def _import(db, path, **kw):
    return drain(import_file(db, path, today=TODAY, **kw, actor=AT_THIS_LAPTOP))


def _outcomes(report):
    return {i.sheet_row: (i.outcome, i.code) for i in report.issues}


def _count(db, model, *where):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


# Data rows start at sheet row 5: three title rows, then the header on row 4.
@pytest.mark.parametrize("row, code", [
    (person_row(1, name=""), "NAME_REQUIRED"),
    (person_row(1, name="   "), "NAME_REQUIRED"),
    (person_row(1, when=""), "DOSE_DATE_REQUIRED"),
    (person_row(1, when="  "), "DOSE_DATE_REQUIRED"),
    (person_row(1, when="32/13/2021"), "DOSE_DATE_INVALID"),
    (person_row(1, when="hôm qua"), "DOSE_DATE_INVALID"),
    (person_row(1, when=(TODAY + timedelta(days=1)).strftime("%d/%m/%Y")), "DOSE_DATE_IN_FUTURE"),
    (person_row(1, dob="05/09/2021", cccd="001221012345", when="01/08/2021"),
     "DOSE_BEFORE_BIRTH"),
    (person_row(1, when="07/03/2021"), "DOSE_BEFORE_PROGRAMME"),
    (person_row(1, vaccine="Vắc xin lạ"), "PRODUCT_UNKNOWN"),
    (person_row(1, vaccine=""), "PRODUCT_REQUIRED"),
])
def test_rejected_rows_are_not_stored_and_say_why(db, site, tmp_path, row, code):
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [row]))
    assert report.counts == {"imported": 0, "flagged": 0, "duplicate": 0, "rejected": 1,
                             "corrected": 0}
    assert _outcomes(report) == {5: ("rejected", code)}
    assert _count(db, Dose) == 0 and _count(db, Person) == 0


@pytest.mark.parametrize("row, codes", [
    (person_row(1, dob=""), ["DOB_REQUIRED"]),
    (person_row(1, dob="   "), ["DOB_REQUIRED"]),  # only spaces: missing, not mistyped
    (person_row(1, dob="không rõ"), ["DOB_INVALID"]),
    (person_row(1, cccd=""), ["ID_NUMBER_REQUIRED"]),
    (person_row(1, cccd="00109001234"), ["ID_WRONG_LENGTH"]),  # 11 digits typed as text
    (person_row(1, cccd="999090012345"), ["ID_PROVINCE_UNKNOWN"]),
    (person_row(1, sex="Nữ"), ["ID_SEX_MISMATCH"]),  # the CCCD encodes a man
    (person_row(1, dob="05/09/1991"), ["ID_BIRTH_YEAR_MISMATCH"]),
    (person_row(1, sex=""), ["SEX_REQUIRED"]),
    (person_row(1, dob="", cccd=""), ["DOB_REQUIRED", "ID_NUMBER_REQUIRED"]),
    # A name the rules refuse at the desk: stored as the file has it, to be cleaned.
    (person_row(1, name="Nguyễn Văn An (xem ghi chú)"), ["NAME_INVALID_CHARS"]),
    (person_row(1, name="Nguyễn " + "Văn " * 30 + "An"), ["NAME_TOO_LONG"]),
    (person_row(1, name="Nguyễn Văn An 2", dob=""), ["NAME_INVALID_CHARS", "DOB_REQUIRED"]),
])
def test_flagged_rows_are_stored_and_put_on_the_cleaning_list(db, site, tmp_path, row, codes):
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [row]))
    assert report.counts["flagged"] == 1 and report.counts["imported"] == 0
    [issue] = report.issues
    assert (issue.sheet_row, issue.outcome, issue.code) == (5, "flagged", codes[0])
    with db.reading() as s:
        person = s.scalar(select(Person))
        dose = s.scalar(select(Dose))
    assert person.cleaning_reason == ",".join(codes)
    assert dose.source == "import" and dose.facility_name == "Trạm Y tế Phường Láng Hạ"


def test_a_formula_for_a_name_is_stored_as_text_and_listed_for_cleaning(db, site, tmp_path):
    """A province's sheet with a spreadsheet formula in the name cell (a CSV keeps it as
    text): the citizen's record is kept, and a person is told that its name is wrong."""
    from desktop_app.services.cleaning import worklist
    from tests.importers.sheets import write_csv

    formula = '=HYPERLINK("http://evil.example","Bấm")'
    report = _import(db, write_csv(tmp_path / "f.csv", [
        person_row(1, name=formula), person_row(2, cccd="001090012346")]))
    assert report.counts["flagged"] == 1 and report.counts["imported"] == 1
    [issue] = report.issues
    assert (issue.outcome, issue.code) == ("flagged", "NAME_INVALID_CHARS")
    with db.reading() as s:
        person = s.scalar(select(Person).where(Person.cleaning_reason.is_not(None)))
    assert person.cleaning_reason == "NAME_INVALID_CHARS"
    assert [c.person_id for c in worklist(db).cases] == [person.id]


def test_a_corrected_row_keeps_a_bad_name_on_the_cleaning_list(db, site, boss, tmp_path):
    """A re-sent row that corrects the phone of someone whose name the rules refuse: the
    person's reasons are worked out again, and the name is still one of them."""
    name = "Nguyễn Văn An (xem ghi chú)"
    drain(import_file(db, write_xlsx(tmp_path / "a.xlsx", [person_row(1, name=name)]),
                      today=TODAY, actor=boss))
    report = drain(import_file(db, write_xlsx(tmp_path / "b.xlsx", [
        person_row(1, name=name, phone="0987654321")]), today=TODAY, actor=boss))
    assert report.counts["corrected"] == 1
    with db.reading() as s:
        person = s.scalar(select(Person))
    assert (person.phone, person.cleaning_reason) == ("0987654321", "NAME_INVALID_CHARS")


def test_interval_warnings_never_reject_a_historical_dose(db, site, tmp_path):
    rows = [person_row(1, dose=1, when="01/08/2021"),
            person_row(2, dose=2, when="03/08/2021")]  # two days apart: far too short
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", rows))
    assert report.counts["imported"] == 2 and report.issues == []


def test_the_same_person_and_dose_however_the_name_is_spelled_is_a_duplicate(db, site, tmp_path):
    rows = [
        person_row(1, name="Nguyễn Văn An", cccd="", dob="05/09/1990"),
        person_row(2, name="NGUYEN VAN AN", cccd="", dob="05/09/1990"),  # no accents, capitals
        person_row(3, name="  nguyễn   văn   an ", cccd="", dob="05/09/1990", dose="Mũi 1"),
        person_row(4, name="Nguyễn Văn An", cccd="", dob="05/09/1990", dose=2,
                   when="01/10/2021"),
        person_row(5, name="Nguyễn Văn An", dob="12/12/1980", cccd="", dose=1),  # a namesake
    ]
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", rows))
    assert report.counts == {"imported": 0, "flagged": 3, "duplicate": 2, "rejected": 0,
                             "corrected": 0}
    dups = [i for i in report.issues if i.outcome == "duplicate"]
    assert [(i.sheet_row, i.code) for i in dups] == [(6, "DUPLICATE_IN_FILE"),
                                                     (7, "DUPLICATE_IN_FILE")]
    assert "dòng 5" in dups[0].message
    assert _count(db, Person) == 2 and _count(db, Dose) == 3


def test_the_same_dose_number_on_another_day_says_both_days(db, site, tmp_path):
    """Dose 3 twice, a month apart: the second is not stored (a corrected file's date would
    make a second dose 3), but it said "same as row 7 (same person, dose 3)", hiding that
    the days differ; and against the database it said dose 3 "on" the row's day "is
    recorded", a day nobody recorded. Both days are said now, and what to do."""
    rows = [person_row(1, dose=1, when="01/08/2021"), person_row(2, dose=3, when="01/02/2022"),
            person_row(3, dose=3, when="01/03/2022")]
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", rows))
    [dup] = [i for i in report.issues if i.outcome == "duplicate"]
    assert (dup.sheet_row, dup.code) == (7, "DUPLICATE_NUMBER_IN_FILE")
    assert dup.message == ("Không nhập: dòng 6 của tệp đã ghi mũi 3 của người này, ngày "
                           "01/02/2022; dòng này ghi ngày 01/03/2022. Nếu đây là một mũi "
                           "khác, hãy sửa số mũi trong tệp rồi nhập lại.")
    again = _import(db, write_xlsx(tmp_path / "g.xlsx", [
        person_row(1, dose=3, when="01/03/2022")]), lang="en")
    [(code, message)] = [(i.code, i.message) for i in again.issues]
    assert code == "DUPLICATE_NUMBER_IN_DATABASE"
    assert message.startswith("Not imported: this person's dose 3 is recorded on 01/02/2022; "
                              "this row says 01/03/2022.")
    assert _count(db, Dose) == 2


def test_a_dose_already_recorded_at_the_desk_is_a_duplicate(db, site, tmp_path):
    person = PersonInput("Nguyễn Văn An", date(1990, 9, 5), Sex.MALE, IdType.CCCD,
                         "001090012345")
    assert record_dose(db, DoseInput("VAXZEVRIA", "AB1234", 1, date(2021, 8, 1), "Y tá"),
                       person=person, today=TODAY, actor=AT_THIS_LAPTOP).saved
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, phone="", address=""), person_row(2, dose=2, when="01/10/2021")]))
    # Dose 2 is stored for him, and fills in the phone and address the desk left empty.
    assert _outcomes(report) == {5: ("duplicate", "DUPLICATE_IN_DATABASE"),
                                 6: ("imported", "PERSON_CORRECTED")}
    assert report.counts["imported"] == 1 and _count(db, Person) == 1  # joined, not doubled


def test_a_file_fills_in_what_the_desk_did_not_record(db, site, tmp_path):
    """The file's phone and address for a dose the desk recorded without them: the person
    is corrected (it is the same dose and the same name), the dose is not stored again."""
    person = PersonInput("Nguyễn Văn An", date(1990, 9, 5), Sex.MALE, IdType.CCCD,
                         "001090012345")
    assert record_dose(db, DoseInput("VAXZEVRIA", "AB1234", 1, date(2021, 8, 1), "Y tá"),
                       person=person, today=TODAY, actor=AT_THIS_LAPTOP).saved
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [person_row(1)]))
    assert _outcomes(report) == {5: ("corrected", "PERSON_CORRECTED")}
    assert report.issues[0].changes == {"phone": [None, "0912345678"],
                                        "address": [None, "12 Láng Hạ, Đống Đa"]}
    assert _count(db, Person) == 1 and _count(db, Dose) == 1


def test_reimporting_the_same_file_changes_nothing(db, site, tmp_path):
    rows = [person_row(i, name=f"Người Thứ {chr(65 + i)}", cccd=f"0010900123{i:02d}")
            for i in range(10)]
    rows += [person_row(20, name=""), person_row(21, cccd="", dob="")]  # rejected, flagged
    rows += [person_row(30, name="Không Số", cccd="", dose="", when="01/09/2021")]
    path = write_xlsx(tmp_path / "f.xlsx", rows)
    first = _import(db, path)
    assert first.stored == 12
    with db.reading() as s:
        before = (s.scalar(select(func.count()).select_from(Person)),
                  s.scalar(select(func.count()).select_from(Dose)),
                  s.scalar(select(func.count()).select_from(SyncRecord)))
    again = _import(db, path)
    assert again.counts == {"imported": 0, "flagged": 0, "duplicate": 12, "rejected": 1,
                             "corrected": 0}
    with db.reading() as s:
        after = (s.scalar(select(func.count()).select_from(Person)),
                 s.scalar(select(func.count()).select_from(Dose)),
                 s.scalar(select(func.count()).select_from(SyncRecord)))
    assert after == before


def test_a_voided_dose_stays_voided_when_its_file_is_imported_again(db, site, boss, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1, dose=1, when="01/08/2021"),
                                           person_row(2, dose=2, when="01/09/2021")])
    assert _import(db, path).stored == 2
    with db.reading() as s:
        wrong = s.scalar(select(Dose.id).where(Dose.dose_number == 2))
    void_dose(db, wrong, "Sai ngày tiêm: tiêm ngày 03/09/2021", actor=boss)
    again = _import(db, path)
    assert again.counts == {"imported": 0, "flagged": 0, "duplicate": 2, "rejected": 0,
                            "corrected": 0}
    [voided] = [i for i in again.issues if i.sheet_row == 6]
    assert voided.code == "DUPLICATE_VOIDED_IN_DATABASE"
    assert "đánh dấu nhập nhầm" in voided.message and "01/09/2021" in voided.message
    assert _count(db, Dose) == 2 and _count(db, Dose, Dose.status == "active") == 1
    # The province's corrected row is the dose the void left to record.
    fixed = _import(db, write_xlsx(tmp_path / "g.xlsx", [person_row(2, dose=2,
                                                                    when="03/09/2021")]))
    assert fixed.stored == 1 and _count(db, Dose, Dose.status == "active") == 2
    assert _import(db, path).stored == 0


def test_every_stored_row_is_queued_for_the_central_platform(db, site, tmp_path):
    _import(db, write_xlsx(tmp_path / "f.xlsx", [person_row(1), person_row(2, dose=2,
                                                                        when="01/10/2021")]))
    assert _count(db, SyncRecord, SyncRecord.state == "pending") == 3  # 1 person, 2 doses
    assert _count(db, AuditEntry, AuditEntry.action == "import") == 1


def test_a_cancelled_import_keeps_what_was_committed_and_says_so(db, site, tmp_path):
    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 26)]
    job = import_file(db, write_xlsx(tmp_path / "f.xlsx", rows), today=TODAY, chunk=10,
                      actor=AT_THIS_LAPTOP)
    first = next(job)
    assert first.imported == 10
    job.close()  # the Stop button, between chunks
    assert _count(db, Dose) == 10
    # Importing the file again takes the rest and skips what is there.
    report = _import(db, tmp_path / "f.xlsx")
    assert report.counts["imported"] == 15 and report.counts["duplicate"] == 10


def test_the_json_report_names_each_row_as_the_spreadsheet_shows_it(db, site, tmp_path):
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1), person_row(2, name=""), person_row(3, dob="", cccd="001090099999"),
        person_row(4)]))
    out = tmp_path / "report.json"
    save_reports(report, json_path=out)
    body = json.loads(out.read_text(encoding="utf-8"))
    assert body["counts"] == {"imported": 1, "flagged": 1, "duplicate": 1, "rejected": 1,
                             "corrected": 0}
    assert [r["sheet_row"] for r in body["rows"]] == [6, 7, 8]
    assert body["rows"][0] == {"sheet_row": 6, "outcome": "rejected", "code": "NAME_REQUIRED",
                               "message": "[Họ và tên] Họ và tên là bắt buộc."}


def test_the_fix_file_has_a_loi_column_and_imports_as_is_once_fixed(db, site, tmp_path):
    from python_calamine import CalamineWorkbook

    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1), person_row(2, name="Trần Thị Bích", cccd="001190012345", sex="Nữ",
                                  vaccine="Vắc xin lạ")]))
    fix = tmp_path / "can-sua.xlsx"
    save_reports(report, fix_path=fix)
    rows = CalamineWorkbook.from_path(str(fix)).get_sheet_by_index(0).to_python()
    assert rows[0] == [*HEADERS, "Dòng ở tệp gốc", "Lỗi"]
    assert rows[1][1] == "Trần Thị Bích" and "Không nhận ra vắc xin" in rows[1][-1]
    [refused] = report.issues
    assert rows[1][-2] == refused.sheet_row  # where it stands in the province's file
    unchanged = _import(db, fix)  # as is: still the same error, nothing else happens
    assert unchanged.counts["rejected"] == 1 and _count(db, Dose) == 1
    assert not unchanged.notes  # neither column of its own is said to be a column not read
    again = tmp_path / "can-sua-2.xlsx"
    save_reports(unchanged, fix_path=again)  # the fix file's own fix file: each column once
    second = CalamineWorkbook.from_path(str(again)).get_sheet_by_index(0).to_python()
    assert second[0] == [*HEADERS, "Dòng ở tệp gốc", "Lỗi"] and second[1][-2] == 2
    from openpyxl import load_workbook

    book = load_workbook(fix)
    book.active.cell(row=2, column=HEADERS.index("Tên vắc xin") + 1, value="Pfizer")
    book.save(fix)
    fixed = _import(db, fix)
    assert fixed.counts["imported"] == 1 and _count(db, Dose) == 2


def test_a_file_without_a_header_row_is_refused_plainly(db, site, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [["a", "b"]], headers=["Cột 1", "Cột 2"])
    with pytest.raises(ImportRefused) as caught:
        _import(db, path)
    assert "Họ và tên" in caught.value.message("vi")
    assert inspect_file(path).header is None


def test_a_large_file_goes_through_the_writer_process_with_the_same_result(
        db, site, tmp_path, monkeypatch):
    from desktop_app.services import backfill

    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)  # every file counts as large
    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 30)]
    rows += [person_row(40, name=""), person_row(41, dob="", cccd="001090099999")]
    path = write_xlsx(tmp_path / "f.xlsx", rows)
    report = _import(db, path, chunk=7)
    assert report.counts == {"imported": 29, "flagged": 1, "duplicate": 0, "rejected": 1,
                             "corrected": 0}
    assert _count(db, Dose) == 30 and _count(db, SyncRecord, SyncRecord.state == "pending") == 60
    assert _count(db, AuditEntry, AuditEntry.action == "import") == 1
    assert _import(db, path).counts["duplicate"] == 30  # and the re-import changes nothing


def test_a_big_import_rebuilds_the_indexes_it_set_aside(db, site, tmp_path, monkeypatch):

    from desktop_app.db.bulk_process import DEFERRED_INDEXES
    from desktop_app.services import backfill

    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)
    _import(db, write_xlsx(tmp_path / "f.xlsx", [person_row(1), person_row(2, dose=2,
                                                                        when="01/10/2021")]))
    with raw_connect(db.path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert set(DEFERRED_INDEXES) <= names


def test_indexes_left_missing_by_a_killed_import_come_back_at_open(db_path, tmp_path):

    from desktop_app.db.bulk_process import DEFERRED_INDEXES
    from desktop_app.db.database import open_database

    open_database(db_path, TEST_PASSPHRASE).close()
    with raw_connect(db_path) as conn:  # as a writer process killed mid-import leaves it
        for name in DEFERRED_INDEXES:
            conn.execute(f"DROP INDEX {name}")
    open_database(db_path, TEST_PASSPHRASE).close()
    with raw_connect(db_path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert set(DEFERRED_INDEXES) <= names


@pytest.mark.parametrize("large", [False, True], ids=["thread", "process"])
def test_the_outbox_counter_stays_exact_and_its_trigger_in_place(
        db, site, tmp_path, monkeypatch, large):
    """The bulk writers count a chunk's outbox rows in one UPDATE with the trigger set
    aside: the counter must still equal the rows, and desk saves after must still count."""

    from desktop_app.db.bulk_sql import COUNTER_TRIGGER
    from desktop_app.services import backfill

    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0 if large else 1 << 40)
    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 12)]
    _import(db, write_xlsx(tmp_path / "f.xlsx", rows), chunk=4)
    desk = PersonInput("Lê Văn Tám", date(1990, 1, 2), Sex.MALE, IdType.CCCD, "001090123456")
    assert record_dose(db, DoseInput("VAXZEVRIA", "AB1234", 1, date(2021, 8, 1), "Y tá"),
                       person=desk, today=TODAY, actor=AT_THIS_LAPTOP).saved
    with raw_connect(db.path) as conn:
        counted = conn.execute("SELECT n FROM sync_counter WHERE state = 'pending'").fetchone()
        real = conn.execute("SELECT count(*) FROM sync_record WHERE state = 'pending'").fetchone()
        trigger = conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                               " AND name = ?", (COUNTER_TRIGGER,)).fetchone()
    assert real == (2 * 11 + 2,) and counted == real and trigger == (1,)


def test_strangers_with_a_placeholder_id_stay_strangers(db, site, tmp_path):
    """'Chưa có' is no ID; '0' is a malformed one. Neither may merge different people."""
    rows = [person_row(1, name="Lê Thị Hoa", cccd="Chưa có"),
            person_row(2, name="Trần Văn Hải", cccd="Chưa có"),
            person_row(3, name="Phạm Văn Đức", cccd=0),
            person_row(4, name="Vũ Thị Mai", cccd=0)]
    path = write_xlsx(tmp_path / "f.xlsx", rows)
    report = _import(db, path)
    assert report.counts == {"imported": 0, "flagged": 4, "duplicate": 0, "rejected": 0,
                             "corrected": 0}
    assert [i.code for i in report.issues] == ["ID_NUMBER_REQUIRED"] * 2 + ["ID_WRONG_LENGTH"] * 2
    assert _count(db, Person) == 4 and _count(db, Dose) == 4
    again = _import(db, path)  # and the re-import still finds each of them
    assert again.counts["duplicate"] == 4 and _count(db, Person) == 4


def test_a_dose_number_given_after_an_unnumbered_row_is_kept_not_dropped(db, site, tmp_path):
    rows = [person_row(1, dose="Mũi nhắc lại", when="01/03/2022"),  # no number: takes 1
            person_row(2, dose=1, when="01/08/2021"),
            person_row(3, dose=2, when="01/10/2021")]
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", rows))
    assert report.counts["duplicate"] == 0 and _count(db, Dose) == 3
    assert {(i.sheet_row, i.code) for i in report.issues} == {
        (5, "DOSE_BOOSTER_AS_FIRST"),  # no earlier dose known yet: stored as 1, to check
        (6, "DOSE_NUMBER_TAKEN"), (7, "DOSE_NUMBER_TAKEN")}
    assert "dòng 5" in report.issues[1].message and "[Mũi thứ]" in report.issues[1].message
    with db.reading() as s:
        stored = dict(s.execute(select(Dose.dose_date, Dose.dose_number)).all())
    assert sorted(stored.values()) == [1, 2, 3]
    assert _import(db, write_xlsx(tmp_path / "f.xlsx", rows)).counts["duplicate"] == 3


def test_an_additional_dose_takes_the_next_number_as_a_booster_does(db, site, tmp_path):
    """"Mũi bổ sung" (an additional dose after the primary series) was read as no number:
    listed first it became dose 1 unflagged and pushed the file's doses 1 and 2 to 2 and
    3. It takes the next number, as "Mũi nhắc lại" does, flagged when no dose before it
    is known."""
    rows = [person_row(1, dose=1, when="01/08/2021"), person_row(2, dose=2, when="01/10/2021"),
            person_row(3, dose="Mũi bổ sung", when="01/12/2021"),
            person_row(4, name="Lê Thị Hoa", dob="12/03/1990", sex="Nữ", cccd="001190012345",
                       dose="Mũi bổ sung", when="01/12/2021")]
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", rows))
    assert {(i.sheet_row, i.code) for i in report.issues} == {(8, "DOSE_BOOSTER_AS_FIRST")}
    with db.reading() as s:
        stored = sorted(s.execute(select(Person.full_name, Dose.dose_number)
                                  .join(Dose, Dose.person_id == Person.id)).all())
    assert stored == [("Lê Thị Hoa", 1), ("Nguyễn Văn An", 1), ("Nguyễn Văn An", 2),
                      ("Nguyễn Văn An", 3)]
    # Before a number it counts nothing: "Bổ sung mũi 2" is dose 2 (entered later).
    later = _import(db, write_xlsx(tmp_path / "g.xlsx", [
        person_row(1, name="Trần Văn Bình", dob="01/02/1985", cccd="001085000042",
                   dose="Bổ sung mũi 2", when="01/10/2021")]))
    assert later.counts["rejected"] == 0
    with db.reading() as s:
        assert s.scalar(select(Dose.dose_number).join(Person).where(
            Person.full_name == "Trần Văn Bình")) == 2


def test_an_unnumbered_dose_dated_before_dose_1_is_flagged_as_a_numbered_one_would_be(
        db, site, tmp_path):
    """A sheet's "Mũi thứ" left blank takes the person's next number: a dose of 1 July
    after their dose 1 of 1 August is stored as dose 2, dated before dose 1. The report
    flags it "out of order" and the person goes on the cleaning list, as the same row
    numbered 2 would; it used to be imported clean, for a certificate to print so."""
    rows = [person_row(1, name="Nguyễn Văn An", dose=1, when="01/08/2021"),
            person_row(2, name="Nguyễn Văn An", dose="", when="01/07/2021")]
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", rows))
    assert report.counts["flagged"] == 1 and _count(db, Dose) == 2
    [issue] = report.issues
    assert (issue.sheet_row, issue.code) == (6, "DOSE_ORDER")
    assert "Mũi 2 ngày 01/07/2021 không theo thứ tự: mũi 1 ngày 01/08/2021." in issue.message
    with db.reading() as s:
        assert s.scalar(select(Person.cleaning_reason)) == "DOSE_ORDER"


def test_two_doses_on_one_day_are_a_duplicate_said_as_such(db, site, tmp_path):
    rows = [person_row(1, dose=1, when="01/08/2021"), person_row(2, dose=2, when="01/08/2021")]
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", rows))
    [issue] = report.issues
    assert (issue.sheet_row, issue.code) == (6, "DUPLICATE_SAME_DAY_IN_FILE")
    assert "dòng 5" in issue.message and "01/08/2021" in issue.message
    assert "mũi 2" not in issue.message


def test_template_rows_with_only_their_number_filled_in_are_blank(db, site, tmp_path):
    rows = [person_row(1), [2] + [""] * 11, [3], person_row(4, dose=2, when="01/10/2021")]
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", rows))
    assert report.counts == {"imported": 2, "flagged": 0, "duplicate": 0, "rejected": 0,
                             "corrected": 0}
    assert report.issues == []


def test_the_cycle_collector_is_paused_only_while_rows_are_read(db, site, tmp_path):
    import gc

    from desktop_app.services.backfill import import_file

    seen = []
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(i, cccd=f"001090{i:06d}")
                                           for i in range(1, 8)])
    assert gc.isenabled()
    drain(import_file(db, path, chunk=2,
                      actor=AT_THIS_LAPTOP), lambda p: seen.append(gc.isenabled()))
    assert seen[:3] == [False, False, False]  # during the rows
    assert gc.isenabled()  # and back on after


def test_a_header_missing_a_required_column_is_refused_without_a_mapping(db, site, tmp_path):
    headers = [*HEADERS[:10], "Ngày tháng năm tiêm", HEADERS[11]]
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1)], headers=headers)
    header = inspect_file(path).header
    assert (header.row_index, header.complete) == (3, False) and "dose_date" not in header.mapping
    with pytest.raises(ImportRefused) as caught:
        _import(db, path)
    assert caught.value.code == "IMPORT_NO_HEADER"
    report = _import(db, path, mapping={**header.mapping, "dose_date": 10})
    assert report.counts["imported"] == 1 and report.header_row == 4
