"""The file sent to the police for identity verification, and read back when it returns.

One sheet; row 1 holds ``HEADER``'s headings (read back by heading, wherever a column was
moved). The site fills the first eight columns; the police fill the last five: the
verified name, date of birth, sex and ID number, and the result,
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


def header_columns(first_row: Sequence[Any]) -> tuple[int, ...] | None:
    """Where each of ``HEADER``'s columns is in row 1, found by its heading (in any case,
    with or without accents); None when one is missing or twice there (another file was
    chosen). An officer may add a column of notes, or move one, and the file still reads.

    >>> header_columns(HEADER) == tuple(range(len(HEADER)))
    True
    >>> header_columns(("Ghi chú", *HEADER[::-1]))[:2]
    (13, 12)
    >>> header_columns(HEADER[:-1]) is None
    True
    """
    found = _found(first_row)
    return tuple(f[0] for f in found) if all(len(f) == 1 for f in found) else None


def headings_amiss(first_row: Sequence[Any]) -> list[str]:
    """The headings row 1 lacks or holds twice (what ``header_columns`` stumbles on)."""
    return [h for h, f in zip(HEADER, _found(first_row), strict=True) if len(f) != 1]


def _found(first_row: Sequence[Any]) -> list[list[int]]:
    where: dict[str, list[int]] = {}
    for i, cell in enumerate(first_row):
        where.setdefault(fold(values.text(cell)), []).append(i)
    return [where.get(fold(h), []) for h in HEADER]


def read_row(sheet_row: int, cells: Sequence[Any],
             columns: Sequence[int] = tuple(range(len(HEADER)))) -> ReturnedRow:
    """What the police wrote on one row (its cells in ``columns``, ``header_columns``),
    each unreadable cell a problem naming its field."""
    cells = [cells[i] if i < len(cells) else "" for i in columns]
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
