"""The file sent to the police for identity verification, and read back when it returns.

One sheet; row 1 is exactly ``HEADER``. The site fills the first eight columns; the police
fill the last five: the verified name, date of birth, sex and ID number, and the result,
one of ``RESULTS``. Dates travel as dd/mm/yyyy text and IDs as text, so Excel keeps the
leading zeros; reading back also accepts a retyped cell as a date serial or a number (the
importer's value cleaning), though only files openpyxl wrote are tested so far.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from desktop_app.importers import values
from desktop_app.rules.dates import format_date
from desktop_app.rules.identity import SEX_LABEL_VI, Sex
from desktop_app.rules.names import fold, normalize_name
from desktop_app.rules.problems import Problem, error

HEADER = (
    "Mã hồ sơ", "Họ và tên", "Ngày sinh", "Giới tính", "Số giấy tờ", "Địa chỉ",
    "Số điện thoại", "Vấn đề", "Họ và tên (xác minh)", "Ngày sinh (xác minh)",
    "Giới tính (xác minh)", "Số giấy tờ (xác minh)", "Kết quả xác minh",
)
SENT_COLUMNS = 8  # the site's part; the rest is the police's

MATCHES, WRONG, NOT_FOUND = "khớp", "sai thông tin", "không tìm thấy"
RESULTS = {fold(MATCHES): MATCHES, fold(WRONG): WRONG, fold(NOT_FOUND): NOT_FOUND}


def sent_row(person_id: str, full_name: str, dob: date | None, sex: str | None,
             id_number: str | None, address: str | None, phone: str | None,
             problems: str) -> list[str]:
    """One person as the police read them: every cell text, the verified part empty."""
    return [person_id, full_name, format_date(dob) if dob else "",
            SEX_LABEL_VI[Sex(sex)] if sex else "", id_number or "", address or "",
            phone or "", problems, "", "", "", "", ""]


@dataclass(frozen=True)
class ReturnedRow:
    sheet_row: int
    person_id: str
    result: str | None  # one of RESULTS, None when the cell is empty
    verified: dict[str, Any]  # person field -> value the police gave (only those filled)
    problems: tuple[Problem, ...]
    sent: dict[str, Any] = field(default_factory=dict)  # the site's part as read back


def header_problem(first_row: Sequence[Any]) -> bool:
    """True when row 1 is not the police file's header (another file was chosen)."""
    cells = tuple(values.text(c) for c in first_row[:len(HEADER)])
    return tuple(fold(c) for c in cells) != tuple(fold(h) for h in HEADER)


def read_row(sheet_row: int, cells: Sequence[Any]) -> ReturnedRow:
    """What the police wrote on one row, each unreadable cell a problem naming its field."""
    cells = [*cells, *([""] * (len(HEADER) - len(cells)))]
    problems: list[Problem] = []
    verified: dict[str, Any] = {}
    name = values.text(cells[8])
    if name:
        verified["full_name"] = normalize_name(name)
    raw_dob = values.text(cells[9])
    if raw_dob:
        dob = values.clean_date(cells[9])
        if dob is None:
            problems.append(error("DOB_INVALID", "dob", value=raw_dob))
        else:
            verified["dob"] = dob
    raw_sex = values.text(cells[10])
    if raw_sex:
        sex = values.clean_sex(cells[10])
        if sex is None:
            problems.append(error("POLICE_SEX_UNREADABLE", "sex", value=raw_sex))
        else:
            verified["sex"] = sex
    if values.text(cells[11]):
        number, id_type = values.clean_id(cells[11])
        if number:
            verified["id_number"], verified["id_type"] = number, id_type
    raw_result = values.text(cells[12])
    result = RESULTS.get(fold(raw_result)) if raw_result else None
    if raw_result and result is None:
        problems.append(error("POLICE_RESULT_UNKNOWN", "result", value=raw_result,
                              allowed=", ".join(RESULTS.values())))
    # What the site sent, read as the desk reads it (a spreadsheet may have turned the date
    # text into a date): to tell a list exported before the record last changed.
    number, _id_type = values.clean_id(cells[4])
    sent = {"full_name": fold(values.text(cells[1])), "dob": values.clean_date(cells[2]),
            "sex": values.clean_sex(cells[3]), "id_number": number}
    return ReturnedRow(sheet_row, values.text(cells[0]), result, verified, tuple(problems),
                       sent)
