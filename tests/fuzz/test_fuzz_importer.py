"""The importer on generated files (issue #18): rows of random Unicode (control characters
included), huge numbers, odd dates, empty cells and formula-like text, as .csv and .xlsx,
through the real import on a real database. Every row ends imported, flagged, duplicate,
corrected or rejected with a reason; the counts add up; the database changes by exactly
what the report says; the reports can always be written."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import event, given
from hypothesis import strategies as st
from sqlalchemy import func, select

from desktop_app.db import models
from desktop_app.progress import drain
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_report import save_reports
from tests.importers.sheets import HEADERS, write_csv

TODAY = date(2026, 1, 1)
NAMES = ["Nguyễn Văn An", "Lê Thị Hoa", "Trần Bảo", "O'Neil Jr.", "Đặng Văn Lâm"]
VACCINES = ["AstraZeneca", "Pfizer", "Moderna", "Vero Cell", "Sputnik V", "Janssen"]
ODD = ["31/02/2021", "00/00/0000", "2021-13-01", "1/1/99999", "29/02/2021", "01/08/2021",
       "5/9/2021", "44440", "-1", "1e308", "nan", "inf", "=HYPERLINK(\"http://x\")", "+1", "-2",
       "@SUM(A1)", "'001090012345", "  ", "\x00", "Mũi 2", "Nam", "nữ"]

cell = st.one_of(
    st.just(""),
    st.sampled_from(ODD + NAMES + VACCINES),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30),
    st.integers(-10**30, 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(1, 12).map(str),
    st.dates(date(1900, 1, 1), date(2100, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.from_regex(r"0\d{11}", fullmatch=True),
)


@st.composite
def row(draw) -> list[str]:
    """A plausible template row with a few cells swapped for hostile ones (a row of noise
    alone is only ever rejected). "STT" (column A) is left empty, so that every row written
    with anything in it is one the importer must account for."""
    cells = ["", draw(st.sampled_from(NAMES)), draw(st.sampled_from(["05/09/1990", "1/1/1950",
             "", "31/12/2020"])), draw(st.sampled_from(["Nam", "Nữ", ""])),
             draw(st.from_regex(r"0[0-9]{2}[0-3][0-9]{8}", fullmatch=True)), "0912345678",
             "12 Láng Hạ", draw(st.sampled_from(VACCINES)), "AB1234",
             str(draw(st.integers(1, 4))),
             draw(st.dates(date(2021, 3, 8), date(2025, 12, 31))).strftime("%d/%m/%Y"),
             "Trạm Y tế Láng Hạ"]
    for index, value in draw(st.lists(st.tuples(st.integers(1, len(cells) - 1), cell),
                                      max_size=len(cells))):
        cells[index] = value
    return cells

TABLES = [models.Person, models.Dose, models.SyncRecord, models.AuditEntry, models.Site,
          models.Setting, models.CertificateIssue, models.User, models.VaccineProduct,
          models.Lot, models.Complaint, models.ExternalDose]


def _counts(db) -> dict[str, int]:
    with db.reading() as s:
        found = {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}
        found["import"] = s.scalar(select(func.count()).select_from(models.AuditEntry)
                                   .where(models.AuditEntry.action == "import"))
        updates = [json.loads(d) for (d,) in s.execute(select(models.AuditEntry.details).where(
            models.AuditEntry.action == "update").order_by(models.AuditEntry.id))]
    # A person corrected by the file, or a recorded person a row flagged (its dose out of
    # order or ages, its number taken): only their cleaning reason changes, a code added.
    # (Each names the import that made it: ``bulk_sql.IMPORT_KEY``, for its undo.)
    updates = [{k: v for k, v in u.items() if k != "import"} for u in updates]
    found["update"] = sum(1 for u in updates if set(u) != {"cleaning_reason"})
    found["flags"] = [u["cleaning_reason"] for u in updates if set(u) == {"cleaning_reason"}]
    return found


def _write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from desktop_app.rules.safe_cells import xlsx_row

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Hồi cứu")
    for line in [HEADERS, *rows]:  # an .xlsx cannot hold control characters: Excel drops them
        sheet.append(xlsx_row(sheet, [ILLEGAL_CHARACTERS_RE.sub("", c) for c in line]))
    book.save(str(path))
    return path


@given(rows=st.lists(row(), min_size=1, max_size=8), as_xlsx=st.booleans())
def test_every_generated_row_is_accounted_for(db, site, tmp_path, rows, as_xlsx):
    path = (_write_xlsx(tmp_path / "f.xlsx", rows) if as_xlsx
            else write_csv(tmp_path / "f.csv", rows))
    before = _counts(db)
    report = drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP))
    after = _counts(db)

    counts = report.counts
    assert sum(counts.values()) == report.rows_read <= len(rows)
    last_row = len(rows) + 1  # the header is row 1
    for issue in report.issues:
        assert 2 <= issue.sheet_row <= last_row and issue.message.strip()
    assert sum(1 for i in report.issues if i.outcome == "rejected") == counts["rejected"]
    # The rows to fix: the rejected, and the duplicates whose number another day holds (a
    # real dose under a mistyped number: the volunteer fixes the number).
    assert len(report.to_fix) == len(report.rows_to_fix) >= counts["rejected"]

    stored = counts["imported"] + counts["flagged"]
    event("some rows stored" if stored else "nothing stored")  # --hypothesis-show-statistics
    assert after["dose"] - before["dose"] == stored
    assert after["person"] - before["person"] == report.people_created
    corrected = {i.person_id for i in report.corrections}
    assert after["import"] - before["import"] == 1
    assert after["update"] - before["update"] == len(corrected)  # one per person corrected
    for was, now in after["flags"][len(before["flags"]):]:  # codes added, none taken away
        assert set((was or "").split(",")) - {""} < set(now.split(","))
    assert after["sync_record"] - before["sync_record"] == stored + report.people_created
    for table in ("site", "setting", "certificate_issue", "app_user", "vaccine_product",
                  "lot", "complaint", "external_dose"):
        assert after[table] == before[table], table
    with db.reading() as s:
        texts = s.execute(select(models.Person.full_name, models.Person.address)).all()
    assert not any(c < " " or "\x7f" <= c < "\xa0" for t in texts for c in "".join(
        v or "" for v in t)), "a control character was stored"

    save_reports(report, json_path=tmp_path / "r.json", fix_path=tmp_path / "fix.xlsx")
    body = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert body["counts"] == counts


def test_a_recorded_person_flagged_by_a_later_file_is_no_correction(db, site, tmp_path):
    """What the generated files above met by chance: a later file's dose dated before the
    person's recorded dose 1 flags them (DOSE_ORDER) by a change of the cleaning reason
    alone, audited as an update that corrects nothing the report lists."""
    person = ["", "Đặng Văn Lâm", "31/12/2000", "", "067077408554", "0912345678",
              "12 Láng Hạ"]
    first = person + ["AstraZeneca", "AB1234", "1", "04/09/2021", "Trạm Y tế Láng Hạ"]
    later = person + ["AstraZeneca", "AB1234", "2", "04/08/2021", "Trạm Y tế Láng Hạ"]
    drain(import_file(db, write_csv(tmp_path / "a.csv", [first]), today=TODAY,
                      actor=AT_THIS_LAPTOP))
    before = _counts(db)
    report = drain(import_file(db, write_csv(tmp_path / "b.csv", [later]), today=TODAY,
                               actor=AT_THIS_LAPTOP))
    after = _counts(db)
    assert report.counts["flagged"] == 1 and not report.corrections
    assert after["update"] == before["update"]
    [(was, now)] = after["flags"][len(before["flags"]):]
    assert now.split(",") == [*(was or "").split(","), "DOSE_ORDER"]
