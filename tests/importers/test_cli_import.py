"""``vaxdesk import`` on a fresh data folder, with a JSON report."""

from __future__ import annotations

import json
import os

from sqlalchemy import func, select

from desktop_app.db.database import open_database
from desktop_app.db.models import Dose, Site
from desktop_app.services.site import current_site
from tests import forked
from tests.importers.sheets import HEADERS, name_of, person_row, write_xlsx
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor


def _vaxdesk(db_path, *args):
    ensure_test_supervisor(db_path)
    return forked.vaxdesk("--db", str(db_path), *args, env=dict(os.environ), timeout=120)


def test_import_on_a_fresh_data_folder_takes_the_site_from_the_file(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1), person_row(2, name=""),
                                            person_row(3, dob="", cccd="001090099999")])
    db_path = tmp_path / "fresh" / "vaxdesk.db"
    out = _vaxdesk(db_path, "import", str(path), "--report", str(tmp_path / "r.json"))
    assert out.returncode == 1, out.stderr  # one row rejected
    assert "đã nhập: 1" in out.stdout and "bị từ chối: 1" in out.stdout
    body = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert body["counts"] == {"imported": 1, "flagged": 1, "duplicate": 0, "rejected": 1,
                             "corrected": 0}
    assert body["rows"][0]["sheet_row"] == 6
    with open_database(db_path, TEST_PASSPHRASE) as db:
        assert current_site(db) is None  # a made-up code is not this laptop's: setup still runs
        with db.reading() as s:
            site = s.scalar(select(Site).join(Dose, Dose.site_id == Site.id).limit(1))
    assert site.name == "Trạm Y tế Phường Láng Hạ" and site.code.startswith("BF-")
    again = _vaxdesk(db_path, "--lang", "en", "import", str(path))
    assert "duplicate: 2" in again.stdout and "imported: 0" in again.stdout


def test_a_report_into_a_missing_folder_is_refused_before_anything_is_imported(tmp_path):
    """Before: every row was stored, then the report's folder was found missing, with a
    traceback, no summary, no report; the second run called every row a duplicate."""
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1), person_row(2, name="")])
    db_path = tmp_path / "d.db"
    missing = tmp_path / "out" / "r.json"
    for asked in (["--report", str(missing)],
                  ["--report", str(tmp_path / "r.json"), "--fix-file", str(missing)],
                  ["--fix-file", str(tmp_path)]):  # a folder where a file name goes
        out = _vaxdesk(db_path, "--lang", "en", "import", str(path), *asked)
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
        assert "Nothing was done" in out.stderr and "Cannot write" in out.stderr
        assert str(missing if asked[-1] == str(missing) else tmp_path) in out.stderr
        assert not (tmp_path / "r.json").exists()
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Dose)) == 0
    (tmp_path / "out").mkdir()
    done = _vaxdesk(db_path, "--lang", "en", "import", str(path), "--report", str(missing))
    assert done.returncode == 1 and "imported: 1" in done.stdout and missing.exists()


def test_import_with_site_given(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1, facility="")])
    db_path = tmp_path / "d.db"
    out = _vaxdesk(db_path, "import", str(path), "--site", "HN-0002:Trạm Y tế Kim Liên")
    assert out.returncode == 0, out.stderr
    with open_database(db_path, TEST_PASSPHRASE) as db:
        assert current_site(db).code == "HN-0002"


def test_import_without_any_site_says_how_to_give_one(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1, facility="")])
    out = _vaxdesk(tmp_path / "d.db", "--lang", "en", "import", str(path))
    assert out.returncode == 2 and "--site CODE:NAME" in out.stderr


def test_the_site_is_the_first_one_the_file_names(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1, facility=""), person_row(2, dose=2,
                                                                                 when="01/10/2021")])
    out = _vaxdesk(tmp_path / "d.db", "import", str(path))
    assert out.returncode == 0, out.stderr


def test_a_file_damaged_part_way_keeps_the_rows_before_and_says_so(tmp_path):
    import zipfile

    whole = write_xlsx(tmp_path / "whole.xlsx", [
        person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 400)])
    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(whole) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body[:len(body) * 2 // 3] + b"<row><c><<<"  # cut off, then garbage
            dst.writestr(item, body)
    db_path = tmp_path / "d.db"
    out = _vaxdesk(db_path, "--lang", "en", "import", str(damaged), "--site", "HN-1:Trạm")
    assert out.returncode == 2, out.stdout + out.stderr
    assert "Traceback" not in out.stderr and "is damaged after row" in out.stderr
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        stored = s.scalar(select(func.count()).select_from(Dose))
    assert 0 < stored < 399 and f"The {stored} rows read before it are stored" in out.stderr


def test_the_summary_lists_the_rows_that_corrected_someone(tmp_path):
    db_path = tmp_path / "d.db"
    first = write_xlsx(tmp_path / "first.xlsx", [person_row(1, cccd="00109001234")])
    assert _vaxdesk(db_path, "import", str(first), "--site", "HN-1:Trạm").returncode == 0
    fixed = write_xlsx(tmp_path / "fixed.xlsx", [person_row(1)])  # the ID typed in full
    out = _vaxdesk(db_path, "--lang", "en", "import", str(fixed), "--report",
                   str(tmp_path / "r.json"))
    assert out.returncode == 0, out.stderr
    assert "corrected: 1" in out.stdout and "new people: 0" in out.stdout
    [row] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["rows"]
    assert (f"Row 5: Nguyễn Văn An (record {row['person_id']}): ID number “00109001234” → "
            f"“001090012345”") in out.stdout


def test_each_rejected_row_is_named_with_its_row_and_column(tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", [
        person_row(1), person_row(2, name="Trần Thị Bình", cccd="001185012346",
                                  dob="01/02/1985", when="32/13/2021")])
    out = _vaxdesk(tmp_path / "d.db", "import", str(path), "--site", "HN-1:Trạm")
    assert out.returncode == 1, out.stderr
    assert "bị từ chối: 1" in out.stdout
    # Every reason, the refusal first: the row's CCCD says a woman where it says Nam, a
    # second thing to fix (said only once the date was fixed and the row imported again).
    assert ("Dòng 6: [Ngày tiêm] Ngày tiêm “32/13/2021” không hợp lệ; nhập theo dạng "
            "ngày/tháng/năm. [Số CCCD/CMND] Số CCCD ghi giới tính Nữ, nhưng giới tính đã nhập "
            "là Nam.") in out.stderr.splitlines()


def test_thousands_of_rejected_rows_are_named_up_to_a_limit(tmp_path):
    from desktop_app.cli_import import SHOWN_REJECTED

    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}", when="")
            for i in range(1, SHOWN_REJECTED + 8)]
    out = _vaxdesk(tmp_path / "d.db", "--lang", "en", "import", str(write_xlsx(
        tmp_path / "f.xlsx", rows)), "--site", "HN-1:Trạm")
    assert out.returncode == 1, out.stderr
    named = [line for line in out.stderr.splitlines() if line.startswith("Row ")]
    assert len(named) == SHOWN_REJECTED and named[0].startswith("Row 5: ")
    assert "… and 7 more rows to fix (--report or --fix-file lists them all)." \
        in out.stderr.splitlines()


def test_an_empty_or_foreign_file_is_refused_in_the_users_words_only(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "notsheet.xlsx").write_bytes(b"%PDF-1.4\n%binary junk\x00\x01\x02" * 50)
    for name, said in (("empty.xlsx", "Tệp empty.xlsx trống (0 byte): không có gì để nhập."),
                       ("empty.csv", "Tệp empty.csv trống (0 byte): không có gì để nhập."),
                       ("notsheet.xlsx", "Tệp notsheet.xlsx bị hỏng hoặc không phải bảng "
                                         "tính.")):
        out = _vaxdesk(tmp_path / "d.db", "import", str(tmp_path / name), "--site", "HN-1:Trạm")
        assert out.returncode == 2, out.stderr
        [line] = [s for s in out.stderr.splitlines() if s.strip()]
        assert line.startswith(said), line  # no "(File is not a zip file)" after it


def test_excels_unicode_text_is_imported(tmp_path):
    """Excel's "Unicode Text": UTF-16 with its byte-order mark, tab-separated."""
    lines = ["\t".join(map(str, row)) for row in [HEADERS, person_row(1)]]
    path = tmp_path / "so-lieu.txt"
    path.write_bytes("\r\n".join(lines).encode("utf-16") + "\r\n".encode("utf-16-le"))
    out = _vaxdesk(tmp_path / "d.db", "import", str(path), "--site", "HN-1:Trạm")
    assert out.returncode == 0, out.stderr
    assert "dòng tiêu đề 1" in out.stdout and "đã nhập: 1" in out.stdout
    with open_database(tmp_path / "d.db", TEST_PASSPHRASE) as db, db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Dose)) == 1


def test_a_workbook_of_several_sheets_reads_the_first_with_a_header_and_names_the_rest(
        tmp_path):
    """``vaxdesk import`` read only the first sheet: an instructions sheet first failed the
    import ("no header"), and a second month's sheet was never mentioned (exit 0, its doses
    never imported). It now picks the sheet as the Backfill screen does and names every
    other sheet with data, exit 1; ``--sheet`` imports each."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Hướng dẫn"
    book.active.append(["Điền mỗi mũi tiêm một dòng, ngày theo dạng dd/mm/yyyy."])
    for title, rows in (("Tháng 8", [person_row(1)]),
                        ("Tháng 10", [person_row(2, cccd="001090099999")])):
        sheet = book.create_sheet(title)
        for line in [HEADERS, *rows]:
            sheet.append(line)
    summary = book.create_sheet("Tổng hợp")  # counts under a partial header: not named
    for line in (["Tên vắc xin", "Mũi thứ", "Số lượng"], ["AstraZeneca", 1, 1]):
        summary.append(line)
    path = tmp_path / "months.xlsx"
    book.save(path)
    db_path = tmp_path / "site.db"
    out = _vaxdesk(db_path, "import", str(path), "--site", "HN-0001:Trạm Y tế")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "[Tháng 8]" in out.stdout and "đã nhập: 1" in out.stdout
    assert "Tệp còn 1 trang tính khác có dữ liệu chưa nhập: Tháng 10." in out.stdout
    second = _vaxdesk(db_path, "import", str(path), "--sheet", "Tháng 10")
    assert second.returncode == 0 and "người mới: 1" in second.stdout, second.stdout
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Dose)) == 2


def test_a_row_whose_dose_number_another_day_has_is_a_row_to_fix(tmp_path):
    """Row 6 gives Khánh's booster (Pfizer, 01/03/2022) under "Mũi thứ" 1, a typo: row 5 is
    his dose 1 (AstraZeneca, 01/08/2021). The row is not stored, counted among the
    duplicates, and its message asks to correct the number in the file: it goes into the
    fix file, is named after the counts, and the command exits 1, as for a rejected row."""
    from openpyxl import load_workbook

    khanh = {"name": "Vũ Văn Khánh", "dob": "05/09/1980", "cccd": "001080055555"}
    path = write_xlsx(tmp_path / "so-lieu.xlsx", [
        person_row(1, **khanh, dose=1, when="01/08/2021"),
        person_row(2, **khanh, dose=1, when="01/03/2022", vaccine="Pfizer")])
    fix_path = tmp_path / "can-sua.xlsx"
    out = _vaxdesk(tmp_path / "d.db", "import", str(path), "--site", "HN-1:Trạm",
                   "--fix-file", str(fix_path))
    assert out.returncode == 1, out.stderr
    assert "trùng, bỏ qua: 1" in out.stdout and "bị từ chối: 0" in out.stdout, out.stdout
    [said] = [line for line in out.stderr.splitlines() if line.startswith("Dòng 6: ")]
    assert "sửa số mũi trong tệp rồi nhập lại" in said
    rows = list(load_workbook(fix_path).active.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 1 and "Pfizer" in rows[0], rows


def test_a_mistyped_site_code_given_to_import_is_refused_as_setup_site_refuses_it(
        db, db_path, site, tmp_path):
    """``vaxdesk setup-site "HN 1!" …`` is refused ("only letters, digits and hyphens"), and
    so is ``vaxdesk import f.xlsx --site "HN 1!"`` on a laptop with its site: it made a site
    "HN 1!" without a word and recorded the doses under it, a code that goes into every
    certificate and to the platform."""
    db.close()
    assert _vaxdesk(db_path, "setup-site", "HN 1!", "Trạm").returncode == 2
    sheet = write_xlsx(tmp_path / "f.xlsx", [person_row(1)])
    out = _vaxdesk(db_path, "--lang", "en", "import", str(sheet), "--site", "HN 1!")
    with open_database(db_path, TEST_PASSPHRASE) as again, again.reading() as s:
        codes = sorted(s.scalars(select(Site.code)))
        doses = s.scalar(select(func.count()).select_from(Dose))
    assert codes == [site.code] and doses == 0, (codes, out.stdout)
    assert out.returncode == 2, out.stdout
    assert "letters, digits" in out.stderr or "hyphen" in out.stderr, out.stderr
