"""A commune's list, saved by openpyxl and by LibreOffice (.xlsx and .ods): the rows it hid
are skipped and said, the signature under its totals row is no rejected dose, a name typed
without diacritics puts its person on the cleaning list. Each said the same way in the
preview, the summary and the report."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from desktop_app.db.models import Dose, Person
from desktop_app.progress import drain
from desktop_app.rules.catalogue import default_catalogue
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_preview import judge_sample, preview_file, preview_notes
from desktop_app.services.backfill_report import save_reports, skipped_lines
from tests.importers.commune_sheets import (
    FOOTER,
    HIDDEN,
    LAST,
    MOVED,
    PLAIN,
    SAVED_BY,
    SHOWN,
    TOTALS,
    write_commune_sheet,
)

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module", params=SAVED_BY)
def commune_file(request, tmp_path_factory):
    """The list as each writer saves it, made once for the module's tests."""
    return write_commune_sheet(tmp_path_factory.mktemp(request.param), request.param)


def _import(db, path, lang="vi"):
    return drain(import_file(db, path, today=TODAY, lang=lang, actor=AT_THIS_LAPTOP))


def _people(db):
    with db.reading() as s:
        return dict(s.execute(select(Person.full_name, Person.cleaning_reason)).all())


def test_the_rows_a_commune_hid_are_skipped_and_said_once(db, site, commune_file, tmp_path):
    report = _import(db, commune_file)
    hidden = [(i.sheet_row, i.outcome) for i in report.issues if i.code == "HIDDEN_ROW_SKIPPED"]
    assert hidden == [(n, "skipped") for n in HIDDEN]
    # Stored: the row shown, the name without marks, the last row; not the hidden two.
    assert report.counts == {"imported": 2, "flagged": 1, "duplicate": 0, "rejected": 0,
                             "corrected": 0}
    assert "Người Đã Chuyển Đi" not in _people(db)
    with db.reading() as s:  # Duyên's dose once, Cường's, Lộc's
        assert sorted(s.scalars(select(Person.full_name).join(Dose))) == [
            "Hà Thị Duyên", "Quách Văn Lộc", "Tran Van Cuong"]
    # The summary: a line for all of them, naming the rows.
    lines = skipped_lines(report)
    assert sum("bị ẩn" in line for line in lines) == 1
    assert any(line.startswith("Bỏ qua 2 dòng bị ẩn trong tệp hoặc bị gạch ngang "
                               f"(dòng {HIDDEN[0]}–{HIDDEN[1]})") for line in lines)
    # The report: each row, in its words.
    save_reports(report, json_path=tmp_path / "r.json")
    rows = json.loads((tmp_path / "r.json").read_text())["rows"]
    said = {r["sheet_row"]: r for r in rows if r["code"] == "HIDDEN_ROW_SKIPPED"}
    assert sorted(said) == list(HIDDEN)
    assert "bị ẩn trong tệp" in said[MOVED]["message"]


def test_the_preview_says_a_hidden_row_is_skipped(commune_file):
    preview = preview_file(commune_file)
    assert preview.hidden == HIDDEN
    judged = {r.sheet_row: r for r in judge_sample(preview, preview.mapping,
                                                   default_catalogue(), TODAY)}
    assert [judged[n].outcome for n in HIDDEN] == ["skipped", "skipped"]
    assert judged[MOVED].full_name == "Người Đã Chuyển Đi"
    assert judged[MOVED].said.startswith(f"Bỏ qua dòng {MOVED}: dòng này bị ẩn trong tệp")
    assert judged[SHOWN].outcome == "imported"
    [note] = preview_notes(preview, preview.mapping, "en")
    assert note.startswith(f"The file hides rows (rows {HIDDEN[0]}–{HIDDEN[1]})")


def test_the_signature_under_the_totals_row_is_skipped_not_rejected(db, site, commune_file):
    report = _import(db, commune_file, lang="en")
    assert report.counts["rejected"] == 0 and report.to_fix == []
    skipped = [(i.sheet_row, i.code) for i in report.issues if i.outcome == "skipped"]
    assert [s for s in skipped if s[1] != "HIDDEN_ROW_SKIPPED"] == [
        (TOTALS, "TOTALS_ROW_SKIPPED"), *((n, "FOOTER_ROW_SKIPPED") for n in FOOTER)]
    # Said once in the summary, under the totals row's own line.
    lines = skipped_lines(report)
    assert lines[:2] == [
        f"Skipped the totals row {TOTALS}: it is not a dose.",
        f"Skipped 2 rows under the totals row (rows {FOOTER[0]}–{FOOTER[1]}): no vaccine, "
        "date of birth or ID (signatures, the list's date), not doses."]
    # The preview says the same of them.
    preview = preview_file(commune_file)
    judged = {r.sheet_row: r for r in judge_sample(preview, preview.mapping,
                                                   default_catalogue(), TODAY)}
    assert [judged[n].outcome for n in (TOTALS, *FOOTER)] == ["skipped"] * 3
    assert judged[FOOTER[0]].full_name == "Người lập biểu"


def test_a_name_without_diacritics_is_flagged_for_cleaning(db, site, commune_file):
    report = _import(db, commune_file)
    [flagged] = [i for i in report.issues if i.outcome == "flagged"]
    assert (flagged.sheet_row, flagged.code) == (PLAIN, "NAME_NO_DIACRITICS")
    people = _people(db)
    assert people["Tran Van Cuong"] == "NAME_NO_DIACRITICS"
    assert people["Quách Văn Lộc"] is None and people["Hà Thị Duyên"] is None
    preview = preview_file(commune_file)
    judged = {r.sheet_row: r for r in judge_sample(preview, preview.mapping,
                                                   default_catalogue(), TODAY)}
    assert [p.code for p in judged[PLAIN].problems] == ["NAME_NO_DIACRITICS"]
    assert judged[LAST].outcome == "imported"


def test_below_the_totals_a_dose_still_imports_and_a_row_naming_someone_is_no_footer(
        db, site, tmp_path):
    """Rows under a subtotal go on being read: a dose with its vaccine is stored, and from
    there a row without a vaccine is rejected as ever (it names a person)."""
    from tests.importers.sheets import person_row, write_xlsx

    total = [None, "Cộng", None, None, None, None, None, None, None, None, 1, None]
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, name="Lê Văn Tám", cccd="001090000101"),
        total,
        [None, "Người lập biểu", None, None, None, None, None, None, None, None, "", None],
        person_row(2, name="Lê Văn Chín", cccd="001090000102"),
        person_row(3, name="Lê Văn Mười", cccd="001090000103", vaccine=""),
        total]))
    assert [(i.sheet_row, i.code) for i in report.issues] == [
        (9, "PRODUCT_REQUIRED"), (6, "TOTALS_ROW_SKIPPED"), (10, "TOTALS_ROW_SKIPPED"),
        (7, "FOOTER_ROW_SKIPPED")]
    assert report.counts["imported"] == 2


@pytest.mark.parametrize("saved_by", ["openpyxl", "libreoffice"])
def test_a_list_signed_without_a_totals_row_ends_with_its_signature_skipped(
        db, site, tmp_path, saved_by):
    """Many communes sign their list with no totals row: the date, the signers' titles,
    their names. Those rows are skipped and said as the signature, not rejected; a row
    above them that names someone without a vaccine is rejected as ever. (A name that
    reads like a title without its accents, Trương Trâm, is no title:
    ``values.is_signature_label``'s examples.)"""
    from tests.importers.sheets import person_row, write_xlsx
    from tests.importers.wide_sheets import convert

    blank = [None] * 12
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, name="Lê Văn Tám", cccd="001090000101"),
        person_row(2, name="Trương Trâm", cccd="001090000102", vaccine=""),
        person_row(3, name="Lê Văn Mười", cccd="001090000103"),
        blank,
        [None, None, None, None, None, None, None, None, None, None,
         "Tân Lập, ngày 30 tháng 9 năm 2021", None],
        [None, "Người lập biểu", None, None, None, None, None, "TRƯỞNG TRẠM Y TẾ", None, None,
         None, None],
        [None, "(Ký, ghi rõ họ tên)", None, None, None, None, None, "(Ký tên, đóng dấu)",
         None, None, None, None],
        blank,
        [None, "Nguyễn Thị Ký", None, None, None, None, None, "Trần Văn Trạm", None, None,
         None, None]])
    if saved_by == "libreoffice":
        path = convert(path, "xlsx")
    report = _import(db, path, lang="en")
    signed = [9, 10, 11, 13]  # sheet rows: the title is three, the header row 4
    assert [(i.sheet_row, i.code) for i in report.issues] == [
        (6, "PRODUCT_REQUIRED"), *((n, "SIGNATURE_ROW_SKIPPED") for n in signed)]
    assert report.counts["imported"] == 2 and report.counts["rejected"] == 1
    assert len(report.to_fix) == 1  # Trương Trâm's row alone, to fix in the file
    assert skipped_lines(report) == [
        "Skipped 4 rows of the list's signature block (rows 9–11, 13): signers' titles and "
        "names, the list's date, no vaccine, date of birth or ID, not doses."]
    # The preview says the same of them.
    preview = preview_file(path)
    judged = {r.sheet_row: r for r in judge_sample(preview, preview.mapping,
                                                   default_catalogue(), TODAY, lang="en")}
    assert [judged[n].outcome for n in signed] == ["skipped"] * 4
    assert judged[13].said.startswith("Skipped row 13: the list's signature block")
    assert judged[6].outcome == "rejected"


def test_a_signature_typed_without_accents_is_skipped_too(db, site, tmp_path):
    """Lists typed without diacritics sign the same way: the unaccented titles no name
    reads as, and the list's date with its numbers, open the block."""
    from tests.importers.sheets import person_row, write_xlsx

    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, name="Le Van Tam", cccd="001090000101"),
        [None, None, None, None, None, None, None, None, None, None,
         "Tan Lap, ngay 30 thang 9 nam 2021", None],
        [None, "NGUOI LAP BIEU", None, None, None, None, None, "TRUONG TRAM Y TE", None, None,
         None, None],
        [None, "Nguyen Thi Ky", None, None, None, None, None, "Tran Van Tram", None, None,
         None, None]]), lang="en")
    assert [(i.sheet_row, i.code) for i in report.issues if i.outcome != "flagged"] == [
        (n, "SIGNATURE_ROW_SKIPPED") for n in (6, 7, 8)]
    assert report.counts["rejected"] == 0 and report.counts["flagged"] == 1  # no diacritics


def test_a_dose_without_its_vaccine_under_a_day_heading_is_rejected_not_skipped(
        db, site, tmp_path):
    """A day's heading reads like a list's date: skipped, it is no dose. But the row under
    it that lacks its vaccine (and the person's birth date and ID) still has a dose date,
    a sex, a phone: a dose to fix in the file, rejected as ever, never a signature."""
    from tests.importers.sheets import person_row, write_xlsx

    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, name="Lê Văn Tám", cccd="001090000101", when="15/09/2021"),
        [None, "Ngày 16/09/2021", None, None, None, None, None, None, None, None, None, None],
        person_row(2, name="Phạm Thị Lan", dob="", cccd="", vaccine="", when="16/09/2021"),
        person_row(3, name="Lê Văn Mười", cccd="001090000103", when="16/09/2021")]), lang="en")
    assert [(i.sheet_row, i.code) for i in report.issues] == [
        (7, "PRODUCT_REQUIRED"), (6, "SIGNATURE_ROW_SKIPPED")]
    assert report.counts["rejected"] == 1 and len(report.to_fix) == 1
    assert report.counts["imported"] == 2


def test_a_passports_name_has_no_diacritics_to_miss(db, site, tmp_path):
    """As at the desk: a foreigner's name is written in plain Latin letters."""
    from tests.importers.sheets import person_row, write_xlsx

    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, name="John Smith", cccd="C1234567")]))
    assert "NAME_NO_DIACRITICS" not in {i.code for i in report.issues}
    assert "NAME_NO_DIACRITICS" not in (_people(db)["John Smith"] or "")
