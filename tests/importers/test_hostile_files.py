"""Files built to hurt the importer (issue #18): each ends in a clear outcome, in bounded
memory, with nothing half-written. The bombs here are small (a lower limit set through the
environment) so CI stays quick; ``python -m bench.bench_hostile_imports`` runs the issue's
sizes (a 4 GB sheet, a 2 GB cell, a 200 MB CSV cell)."""

from __future__ import annotations

import json
import zipfile

import pytest
from sqlalchemy import func, select

from desktop_app.db.database import open_database
from desktop_app.db.models import Dose, Person
from desktop_app.importers.limits import (
    CLIPPED,
    MAX_CELL_CHARS,
    MAX_ROW_CELLS,
    MAX_ROW_CHARS,
    oversized,
)
from desktop_app.importers.unpacking import (
    PIECE,
    RUN_BYTES,
    _clip_runs,
    _longest_run_over,
    _needs_clipping,
)
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from tests.importers.hostile import (
    copy_env,
    huge_cell_csv,
    huge_cell_xlsx,
    ods_repeated,
    run_measured,
    wide_row_xlsx,
    zip_bomb_xlsx,
)
from tests.importers.sheets import person_row, write_csv
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor

MEMORY_BOUND_MB = 1024


def _doses(db_path) -> int:
    with open_database(db_path, TEST_PASSPHRASE) as db, db.reading() as s:
        return s.scalar(select(func.count()).select_from(Dose))


def _import_measured(tmp_path, path, **env):
    data = tmp_path / "data"
    ensure_test_supervisor(data / "vaxdesk.db")
    report = tmp_path / "report.json"
    run, peak_mb = run_measured(["import", str(path), "--report", str(report)],
                                copy_env(data, **env))
    print(f"{path.name}: {path.stat().st_size:,} bytes, exit {run.returncode}, "
          f"peak RSS of the process tree {peak_mb} MB")
    assert "Traceback" not in run.stderr, run.stderr
    assert peak_mb < MEMORY_BOUND_MB
    return run, report, data / "vaxdesk.db"


def test_a_zip_bomb_is_refused_before_anything_is_written(tmp_path):
    path = zip_bomb_xlsx(tmp_path, 48 << 20)
    assert path.stat().st_size < 1 << 20  # under a MB on disk, 48 MB of XML inside
    run, report, db_path = _import_measured(tmp_path, path, VAXDESK_IMPORT_MAX_SHEET_MB="16")
    assert run.returncode == 2
    assert ("Tệp bomb.xlsx quá lớn để nhập: phần “xl/worksheets/sheet1.xml” khi giải nén là "
            "48 MB (tối đa 16 MB). Không có dòng nào được lưu") in run.stderr
    assert not report.exists() and _doses(db_path) == 0


@pytest.mark.parametrize(("shared", "row"), [(True, 4), (False, 6)], ids=["shared", "inline"])
def test_a_huge_cell_rejects_its_row_and_the_others_import(tmp_path, shared, row):
    path = huge_cell_xlsx(tmp_path, 64 << 20, shared=shared)
    assert path.stat().st_size < 1 << 20
    run, report, db_path = _import_measured(tmp_path, path)
    assert run.returncode == 1, run.stderr  # one row rejected
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["counts"]["imported"] == 2 and body["counts"]["rejected"] == 1
    assert body["rows"] == [{"sheet_row": row, "outcome": "rejected", "code": "CELL_TOO_LARGE",
                             "message": "Ô ở cột B quá dài (hơn 32.767 ký tự): dòng không "
                                        "được nhập."}]
    assert _doses(db_path) == 2


def test_a_row_of_16384_cells_naming_one_long_string_rejects_that_row(tmp_path):
    path = wide_row_xlsx(tmp_path)  # 1 GB in calamine before the rows were cut
    assert path.stat().st_size < 1 << 20
    run, report, db_path = _import_measured(tmp_path, path)
    assert run.returncode == 1, run.stderr
    body = json.loads(report.read_text(encoding="utf-8"))
    assert [(r["sheet_row"], r["code"]) for r in body["rows"]] == [(4, "ROW_TOO_MANY_CELLS")]
    assert _doses(db_path) == 2


def test_a_shared_string_too_large_to_unpack_refuses_the_file(tmp_path):
    path = huge_cell_xlsx(tmp_path, 40 << 20)
    run, _report, db_path = _import_measured(tmp_path, path, VAXDESK_IMPORT_MAX_PART_MB="8")
    assert run.returncode == 2 and "xl/sharedStrings.xml" in run.stderr
    assert _doses(db_path) == 0


def test_an_ods_of_repeated_cells_is_refused_before_anything_is_written(tmp_path):
    path = ods_repeated(tmp_path, 100_000, 100)  # ten million cells: 1.2 GB in calamine
    run, _report, db_path = _import_measured(tmp_path, path)
    assert run.returncode == 2
    assert "Tệp repeated.ods có 10.000.012 ô (tối đa 4.000.000 với tệp .ods)" in run.stderr
    assert _doses(db_path) == 0


def test_the_empty_rows_libreoffice_repeats_to_the_end_are_no_cells(tmp_path):
    path = ods_repeated(tmp_path, 1_048_000, 1024, filled=False)
    run, _report, _db = _import_measured(tmp_path, path)
    assert "ô (tối đa" not in run.stderr  # not refused for its size (no data rows: exit 1)


def test_a_csv_cell_of_200_mb_rejects_its_row_without_a_csv_error(tmp_path):
    path = huge_cell_csv(tmp_path, 200 << 20)
    run, report, db_path = _import_measured(tmp_path, path)
    assert run.returncode == 1, run.stderr
    body = json.loads(report.read_text(encoding="utf-8"))
    assert body["counts"]["imported"] == 2 and body["counts"]["rejected"] == 1
    assert [(r["sheet_row"], r["code"], r["message"][:9]) for r in body["rows"]] == [
        (3, "CELL_TOO_LARGE", "Ô ở cột B")]
    assert _doses(db_path) == 2


def _import(db, path):
    return drain(import_file(db, path, actor=AT_THIS_LAPTOP))


def test_a_cell_just_past_the_limit_is_rejected_naming_its_column(db, site, tmp_path):
    rows = [person_row(1), person_row(2, cccd="001090000002", address="x" * (MAX_CELL_CHARS + 1))]
    report = _import(db, write_csv(tmp_path / "f.csv", rows))
    assert report.counts["imported"] == 1 and report.counts["rejected"] == 1
    [issue] = report.issues
    assert (issue.sheet_row, issue.code) == (3, "CELL_TOO_LARGE")
    assert "cột G" in issue.message  # Địa chỉ, the seventh column
    [(cells, _why, _row)] = report.to_fix
    assert len(cells[6]) == MAX_CELL_CHARS  # the fix file holds what a cell can


def test_an_xlsx_cell_just_past_the_limit_is_judged_once_read(db, site, tmp_path):
    # Under four bytes a character it is not clipped while unpacking: read, then rejected.
    path = huge_cell_xlsx(tmp_path, MAX_CELL_CHARS + 1)
    report = _import(db, path)
    assert [(i.sheet_row, i.code) for i in report.issues] == [(4, "CELL_TOO_LARGE")]
    assert report.counts["imported"] == 2


def test_a_row_of_too_many_cells_is_rejected(db, site, tmp_path):
    wide = person_row(2, cccd="001090000002") + ["x"] * MAX_ROW_CELLS
    report = _import(db, write_csv(tmp_path / "f.csv", [person_row(1), wide]))
    assert report.counts["imported"] == 1 and report.counts["rejected"] == 1
    assert report.issues[0].code == "ROW_TOO_MANY_CELLS" and report.issues[0].sheet_row == 3


def test_a_row_of_cells_each_within_the_limit_is_judged_by_its_whole_text():
    each = MAX_CELL_CHARS - 7
    many = ["An", *["x" * each] * (MAX_ROW_CHARS // each + 1)]
    assert oversized(many)[0] == "ROW_TOO_LARGE"
    assert oversized(["An", "x" * each, "y" * each, 3.0, None]) is None  # under the row's
    assert oversized(["An", 1, f"a{CLIPPED}b"]) == ("CELL_TOO_LARGE", {
        "column": "C", "limit": oversized(["x" * (MAX_CELL_CHARS + 1)])[1]["limit"]})


def test_control_characters_are_stripped_from_text(db, site, tmp_path):
    rows = [person_row(1, name="Lê\x00 Thị\tHoa\x07", address="12\r\nLáng Hạ\x1b")]
    report = _import(db, write_csv(tmp_path / "f.csv", rows))
    assert report.counts["imported"] == 1
    with db.reading() as s:
        person = s.scalars(select(Person)).one()
    assert person.full_name == "Lê Thị Hoa" and person.address == "12  Láng Hạ"



@pytest.mark.parametrize("start", [0, PIECE - 70_000, PIECE - 3, 3 * PIECE // 2])
@pytest.mark.parametrize("extra", [0, 1])
def test_a_run_past_the_limit_is_found_wherever_it_lies(tmp_path, start, extra):
    """The fast look (one find per 32 KB block) and the slow one agree, runs across the
    1 MB pieces included: RUN_BYTES of text is taken, one more is clipped."""
    filler = b"<c>1</c>" * (start // 8)
    # The run is the tag's rest ("t>", 2 bytes) and the text: RUN_BYTES, then one more.
    body = b"<a>" + filler + b"<t>" + b"A" * (RUN_BYTES - 2 + extra) + b"</t>" + filler
    path = tmp_path / "x.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("x.xml", body)
    with zipfile.ZipFile(path) as book:
        assert _needs_clipping(book, book.infolist()[0]) is bool(extra)
        assert _longest_run_over(book, book.infolist()[0], RUN_BYTES) is bool(extra)
    clipped = b"".join(_clip_runs(iter([body[:PIECE], body[PIECE:]]), RUN_BYTES))
    assert (clipped == body) is not bool(extra)
    if extra:
        assert clipped == body.replace(b"A" * (RUN_BYTES - 1), CLIPPED.encode())


def test_a_quote_and_a_line_break_in_a_csv_cell_keep_the_row_whole(db, site, tmp_path):
    """Found by the fuzz: the sniffer guessed doublequote=False and split this row in two."""
    # Seven people: one name, seven birth dates (one birth date would flag them as perhaps
    # one person under seven IDs).
    rows = [person_row(i, cccd=f"00109000000{i}", dob=f"0{i}/09/1990") for i in range(1, 8)]
    rows.append(person_row(8, name='"0\n', cccd="001090000008"))
    report = _import(db, write_csv(tmp_path / "f.csv", rows))
    assert report.rows_read == 8 and report.counts["imported"] == 7
    assert [(i.sheet_row, i.code) for i in report.issues] == [(9, "NAME_INVALID_CHARS")]
