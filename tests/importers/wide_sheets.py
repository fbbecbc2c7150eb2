"""Wide provincial templates as provinces send them: one row per person, a column group per
dose under merged "Mũi 1" / "Mũi 2" headers, IDs typed into number cells; written with
openpyxl, or saved by LibreOffice (as .xls, or an .xlsx made from a .csv)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

PERSON = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Số điện thoại", "Địa chỉ"]
DOSE = ["Ngày tiêm", "Tên vắc xin", "Số lô", "Nơi tiêm"]
TITLE = [["SỞ Y TẾ TỈNH THANH HÓA"], ["DANH SÁCH TIÊM VẮC XIN COVID-19 THEO ĐỐI TƯỢNG"], []]
PLACE = "Trạm Y tế Phường Ba Đình"


def dose(when: Any, vaccine: Any = "AstraZeneca", lot: Any = "AB1234",
         place: Any = PLACE) -> list[Any]:
    return [when, vaccine, lot, place]


def person(n: int, name: str, dob: Any, sex: str, cccd: Any, *doses: list[Any],
           groups: int = 3, phone: Any = "0912345678",
           address: Any = "12 Trần Phú, Ba Đình") -> list[Any]:
    cells = [n, name, dob, sex, cccd, phone, address]
    for i in range(groups):
        cells += doses[i] if i < len(doses) else ["", "", "", ""]
    return cells


def write_wide_xlsx(path: Path, rows: list[list[Any]], *, groups: int = 3,
                    titles: list[str] | None = None) -> Path:
    """Two header rows: the person's headers merged down, "Mũi N" (or each of ``titles``)
    merged across its group."""
    titles = titles or [f"Mũi {n}" for n in range(1, groups + 1)]
    groups = len(titles)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    for line in TITLE:
        sheet.append(line)
    top = len(TITLE) + 1
    sheet.append([*PERSON, *(x for title in titles for x in [title, None, None, None])])
    sheet.append([None] * len(PERSON) + DOSE * groups)
    for column in range(1, len(PERSON) + 1):
        sheet.merge_cells(start_row=top, end_row=top + 1, start_column=column,
                          end_column=column)
    for n in range(groups):
        first = len(PERSON) + 1 + 4 * n
        sheet.merge_cells(start_row=top, end_row=top, start_column=first,
                          end_column=first + 3)
    for line in rows:
        sheet.append(line)
    book.save(path)
    return path


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui): "
                    "files saved by LibreOffice cannot be made")
    return found


def convert(source: Path, to: str) -> Path:
    """``source`` saved by LibreOffice as ``to`` (xls, xlsx, ods) beside it, or in a
    "libreoffice" folder beside it when it is of that type already (an .xlsx as LibreOffice
    saves it again). A .csv is read as LibreOffice opens one: "001090012345" becomes the
    number 1090012345."""
    profile = source.parent / "lo-profile"
    folder = source.parent / "libreoffice" if source.suffix == "." + to else source.parent
    # Commas, double quotes, UTF-8, from line 1, Vietnamese dates (d/m/y): as a clerk's
    # LibreOffice opens it.
    infilter = ["--infilter=CSV:44,34,76,1,,1066"] if source.suffix == ".csv" else []
    subprocess.run([soffice(), f"-env:UserInstallation=file://{profile}", "--headless",
                    *infilter, "--convert-to", to, "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=120)
    out = folder / f"{source.stem}.{to}"
    assert out.exists(), f"LibreOffice did not write {out.name}"
    return out
