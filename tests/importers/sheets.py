"""Synthetic provincial templates: title rows above the header, messy values in the cells."""

from __future__ import annotations

from pathlib import Path
from typing import Any

HEADERS = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND", "Số điện thoại",
           "Địa chỉ", "Tên vắc xin", "Số lô", "Mũi thứ", "Ngày tiêm", "Cơ sở tiêm"]
TITLE = [["SỞ Y TẾ THÀNH PHỐ HÀ NỘI"], ["DANH SÁCH ĐỐI TƯỢNG TIÊM VẮC XIN COVID-19 (HỒI CỨU)"],
         []]
FACILITY = "Trạm Y tế Phường Láng Hạ"


def name_of(n: int) -> str:
    """Person ``n``'s name, in letters only: a digit is in no one's name (the importer flags
    it ``NAME_INVALID_CHARS``), and these people are to import cleanly.

    >>> name_of(1), name_of(27)
    ('Người Số B', 'Người Số Bb')
    """
    word = ""
    while True:
        n, r = divmod(n, 26)
        word = chr(ord("a") + r) + word
        if not n:
            return f"Người Số {word.capitalize()}"


def person_row(n: int, name: str = "Nguyễn Văn An", dob: Any = "05/09/1990",
               sex: Any = "Nam", cccd: Any = "001090012345", vaccine: Any = "AstraZeneca",
               dose: Any = 1, when: Any = "01/08/2021", phone: Any = "0912345678",
               facility: Any = FACILITY, address: Any = "12 Láng Hạ, Đống Đa") -> list[Any]:
    return [n, name, dob, sex, cccd, phone, address, vaccine, "AB1234", dose, when, facility]


def write_xlsx(path: Path, rows: list[list[Any]], *, headers: list[str] = HEADERS,
               title: list[list[Any]] = TITLE) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Hồi cứu"
    for line in [*title, headers, *rows]:
        sheet.append(line)
    book.save(path)
    return path


def write_two_row_header(path: Path, date_header: str = "Ngày tiêm") -> Path:
    """A provincial layout of a header in two rows: the person's columns merged down over
    rows 4-5, "Thông tin mũi tiêm" merged over the dose's own columns; three doses."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["UBND PHƯỜNG LÁNG HẠ"])
    sheet.merge_cells("A1:J1")
    sheet.append(["DANH SÁCH ĐỐI TƯỢNG ĐÃ TIÊM VẮC XIN PHÒNG COVID-19"])
    sheet.append([])
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD/CMND",
                  "Thông tin mũi tiêm", None, None, None, "Ghi chú"])
    sheet.append([None] * 5 + ["Tên vắc xin", "Mũi thứ", date_header, "Số lô", None])
    for column in "ABCDEJ":
        sheet.merge_cells(f"{column}4:{column}5")
    sheet.merge_cells("F4:I4")
    sheet.append([1, "Đặng Văn Tâm", "02/02/1980", "Nam", "001080001234", "AstraZeneca", 1,
                  "10/08/2021", "AB1", ""])
    sheet.append([2, "Đặng Văn Tâm", "02/02/1980", "Nam", "001080001234", "AstraZeneca", 2,
                  "10/09/2021", "AB2", ""])
    sheet.append([3, "Chu Thị Uyên", "03/03/1991", "Nữ", "001191001235", "Pfizer", 1,
                  "11/08/2021", "PF1", ""])
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], encoding: str = "utf-8",
              delimiter: str = ",") -> Path:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    for line in [HEADERS, *rows]:
        writer.writerow(line)
    text = buffer.getvalue()
    if encoding == "cp1258":
        text = "".join(_cp1258_spelling(c) for c in text)
    path.write_bytes(text.encode(encoding))
    return path


TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def _cp1258_spelling(char: str) -> str:
    """How Windows-1258 writes a Vietnamese letter: the letter with its circumflex, breve or
    horn precomposed, then the tone as a combining mark ("ễ" = "ê" + U+0303)."""
    import unicodedata

    try:
        char.encode("cp1258")
        return char
    except UnicodeEncodeError:
        parts = unicodedata.normalize("NFD", char)
        tones = "".join(c for c in parts if c in TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        return base + tones
