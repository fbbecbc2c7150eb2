"""The file sent to the police for identity verification, and read back when it returns.

One sheet, its header row holding ``HEADER``'s headings (read back by heading, wherever a
column was moved; a title row above it, or a cover sheet before it, are passed over:
``find_layout``). The site fills the first columns (``WRITTEN``: the ID number's kind and a
passport's country among them, ``DOCUMENT``); the police fill the next five:
the verified name, date of birth, sex and ID number, and the result, one of ``OFFERED``;
and a column of notes (``NOTE``: "đã chết năm 2022", "chuyển đi Bình Dương"), which the
case keeps. A last, hidden column (``ROUND``) says which export the row belongs to: a
returned file of an earlier list is told from the latest one. Dates travel as dd/mm/yyyy
text and IDs as text, so Excel keeps the leading zeros; reading back also accepts a retyped
cell as a date serial or a number (the importer's value cleaning).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from desktop_app.importers import values
from desktop_app.importers.headers import SCAN_ROWS, header_key
from desktop_app.rules.dates import format_date
from desktop_app.rules.field_values import shown_value
from desktop_app.rules.identity import SEX_LABEL_VI, Sex
from desktop_app.rules.names import fold, normalize_name
from desktop_app.rules.problems import Problem, error

HEADER = (
    "Mã hồ sơ", "Họ và tên", "Ngày sinh", "Giới tính", "Số giấy tờ", "Địa chỉ",
    "Số điện thoại", "Vấn đề", "Họ và tên (xác minh)", "Ngày sinh (xác minh)",
    "Giới tính (xác minh)", "Số giấy tờ (xác minh)", "Kết quả xác minh",
)
# Written after "Số giấy tờ" for the officer, never read back (a file is read by HEADER's
# headings, so one written before them still reads): a passport number says nothing to the
# immigration police without its country, and the kind tells a CMND from a mistyped CCCD.
DOCUMENT = ("Loại giấy tờ", "Quốc tịch")
_AFTER_ID = HEADER.index("Số giấy tờ") + 1
WRITTEN = (*HEADER[:_AFTER_ID], *DOCUMENT, *HEADER[_AFTER_ID:])  # as the export writes them
NOTE = "Ghi chú (xác minh)"  # the police's remark; any heading starting "Ghi chú" is read
ROUND = "Lần gửi (không sửa)"  # which export: site code and moment (``round_mark``)
SENT_COLUMNS = 8 + len(DOCUMENT)  # the site's part; the rest is the police's

MATCHES, WRONG, NOT_FOUND = "khớp", "sai thông tin", "không tìm thấy"
DEAD = "đã chết"
RESULTS = {fold(MATCHES): MATCHES, fold(WRONG): WRONG, fold(NOT_FOUND): NOT_FOUND}
# The police's own words for a match ("Đúng", as their systems say it): read as "khớp".
# Compared with their diacritics: folded, "Dừng" (stopped) would read as "Đúng".
MATCH_WORDS = frozenset(("đúng", "đúng thông tin", "trùng khớp", "khớp đúng"))
OFFERED = (MATCHES, WRONG, NOT_FOUND, DEAD)  # the result column's list
# Answers in the police's own words that mean the person cannot be verified: dead (their
# commonest remark), or not to be found here ("không thể tra cứu được thông tin", "đối
# tượng thuộc tỉnh, thành phố khác", as the provinces' reports say). Read as "không tìm
# thấy", their words kept on the case. Compared folded, at the start of the cell: "Đã chết
# năm 2022" is one.
CANNOT_VERIFY_WORDS = tuple(header_key(w) for w in (
    DEAD, "chết", "đã mất", "không tra cứu được", "không thể tra cứu", "không có thông tin",
    "thuộc tỉnh khác", "thuộc tỉnh, thành phố khác", "ngoài tỉnh", "chuyển đi",
    "đã chuyển đi"))
_ROUND_PREFIX = "VXR1"
AS_WRITTEN = tuple(WRITTEN.index(h) for h in HEADER)  # where the export wrote each


@dataclass(frozen=True)
class ReturnedRow:
    sheet_row: int
    person_id: str
    result: str | None  # one of RESULTS' values, None when the cell is empty or unknown
    verified: dict[str, Any]  # person field -> value the police gave (only those filled)
    problems: tuple[Problem, ...]
    sent: dict[str, Any] = field(default_factory=dict)  # the site's part as read back
    note: str = ""  # the police's notes columns, joined
    answer: str | None = None  # the result in their own words, when not one of RESULTS
    round: str | None = None  # the row's ``ROUND`` cell as written; None: empty or none
    name: str = ""  # who the row is of, as written (the verified name, else the sent one)


@dataclass(frozen=True)
class Layout:
    """Where the file keeps what it holds: ``HEADER``'s columns in its order, the notes
    columns (ours, and any the officer added), and the export's mark (None: a file written
    before it was marked, or a copy that left it out)."""

    columns: tuple[int, ...]
    notes: tuple[int, ...] = ()
    round: int | None = None
    # ``DOCUMENT``'s columns, where the file has them (None: one written before them).
    document: tuple[int | None, ...] = (None, None)


def round_mark(site_code: str, sent_at: datetime) -> str:
    """What every row of one export carries: the site, and the moment its people were
    marked sent (each case's ``sent_at``).

    >>> round_mark("HN-0001", datetime(2026, 11, 23, 8, 15, 2, 5))
    'VXR1|HN-0001|2026-11-23T08:15:02.000005'
    """
    return f"{_ROUND_PREFIX}|{site_code}|{sent_at.isoformat(timespec='microseconds')}"


def read_round(mark: str | None) -> tuple[str, datetime] | None:
    """(site code, sent at) of a ``round_mark``; None for an empty or unreadable cell.

    >>> read_round("VXR1|HN-0001|2026-11-23T08:15:02.000005")
    ('HN-0001', datetime.datetime(2026, 11, 23, 8, 15, 2, 5))
    >>> read_round("sửa tay") is None, read_round(None) is None
    (True, True)
    """
    parts = (mark or "").split("|")
    if len(parts) != 3 or parts[0] != _ROUND_PREFIX:
        return None
    try:
        return parts[1], datetime.fromisoformat(parts[2])
    except ValueError:
        return None


def sent_row(person_id: str, full_name: str, dob: date | None, sex: str | None,
             id_type: str | None, nationality: str | None, id_number: str | None,
             address: str | None, phone: str | None, problems: str) -> list[str]:
    """One person as the police read them (``WRITTEN``'s order): every cell text, the
    verified part empty; the country only for a passport (a citizen's is Vietnam's).

    >>> sent_row("p1", "Kim Min-jun", None, "M", "PASSPORT", "KOR", "M12345678", "", "", "")[4:7]
    ['M12345678', 'Hộ chiếu', 'KOR']
    """
    return [person_id, full_name, format_date(dob) if dob else "",
            SEX_LABEL_VI[Sex(sex)] if sex else "", id_number or "",
            *document_cells(id_type, nationality), address or "",
            phone or "", problems, "", "", "", "", ""]


def document_cells(id_type: str | None, nationality: str | None) -> tuple[str, str]:
    """``DOCUMENT``'s two cells of a person: the kind in words, and the country only for a
    passport (a citizen's is Vietnam's).

    >>> document_cells("PASSPORT", "KOR"), document_cells("CCCD", "VNM")
    (('Hộ chiếu', 'KOR'), ('Căn cước công dân (CCCD)', ''))
    """
    return (shown_value("id_type", id_type, "vi") if id_type else "",
            (nationality or "") if id_type == "PASSPORT" else "")


def header_columns(first_row: Sequence[Any]) -> tuple[int, ...] | None:
    """Where each of ``HEADER``'s columns is in a header row, found by its heading (in any
    case, with or without accents); None when one is missing or twice there (another file
    was chosen). An officer may add a column of notes, or move one, and the file still reads.

    >>> header_columns(HEADER) == tuple(range(len(HEADER)))
    True
    >>> header_columns(("Ghi chú", *HEADER[::-1]))[:2]
    (13, 12)
    >>> header_columns(HEADER[:-1]) is None
    True
    """
    found = _found(first_row)
    return tuple(f[0] for f in found) if all(len(f) == 1 for f in found) else None


def layout(header_row: Sequence[Any]) -> Layout | None:
    """The file's ``Layout`` read from its header row; None when it is not ours.

    >>> layout((*HEADER, NOTE, ROUND))
    Layout(columns=(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12), notes=(13,), round=14, \
document=(None, None))
    >>> layout(("Ghi chú", *HEADER)).notes
    (0,)
    >>> layout((*WRITTEN, NOTE, ROUND)).document
    (5, 6)
    """
    columns = header_columns(header_row)
    if columns is None:
        return None
    keys = [header_key(values.text(cell)) for cell in header_row]
    notes = tuple(i for i, k in enumerate(keys) if k.startswith("ghi chu"))
    rounds = [i for i, k in enumerate(keys) if k == header_key(ROUND)]
    document = tuple(next((i for i, k in enumerate(keys) if k == header_key(h)), None)
                     for h in DOCUMENT)
    return Layout(columns, notes, rounds[0] if len(rounds) == 1 else None, document)


def find_layout(rows: Sequence[Sequence[Any]]) -> tuple[int, Layout] | None:
    """The header row among a sheet's first rows, as the backfill's templates are read
    (``headers.SCAN_ROWS``): a title ("CÔNG AN PHƯỜNG LÁNG – DANH SÁCH XÁC MINH") or a
    blank row above it is passed over; a header of two rows (a merged "Kết quả xác minh
    của Công an" over the police's columns, the site's merged down over both) reads as the
    backfill's does, each column by its lower heading, else its upper one. (0-based index
    of the header's last row, ``Layout``), or None.

    >>> find_layout([["CÔNG AN PHƯỜNG LÁNG"], [], list(HEADER)])[0]
    2
    >>> find_layout([[*HEADER[:8], "Công an ghi"], [None] * 8 + list(HEADER[8:])])[0]
    1
    >>> find_layout([["Tổng số: 90"]]) is None
    True
    """
    head = rows[:SCAN_ROWS]
    for index, cells in enumerate(head):
        found = layout(cells)
        if found is not None:
            return index, found
    for index in range(1, len(head)):
        above, below = list(head[index - 1]), list(head[index])
        width = max(len(above), len(below))
        both = [_cell(below, i) or _cell(above, i) for i in range(width)]
        found = layout(both)
        if found is not None:
            return index, found
    return None


def _cell(row: Sequence[Any], i: int) -> Any:
    return row[i] if i < len(row) and values.text(row[i]) else None


def headings_amiss(rows: Sequence[Sequence[Any]]) -> list[str]:
    """The headings the nearest thing to a header row lacks or holds twice (what
    ``find_layout`` stumbles on): of the first rows, the one naming most of them."""
    best: list[str] = list(HEADER)
    for cells in rows[:SCAN_ROWS]:
        amiss = [h for h, f in zip(HEADER, _found(cells), strict=True) if len(f) != 1]
        if len(amiss) < len(best):
            best = amiss
    return best


def _found(first_row: Sequence[Any]) -> list[list[int]]:
    where: dict[str, list[int]] = {}
    for i, cell in enumerate(first_row):
        where.setdefault(fold(values.text(cell)), []).append(i)
    return [where.get(fold(h), []) for h in HEADER]


def read_result(raw: str) -> tuple[str | None, str | None]:
    """(result, the police's own words when they are not one of ``RESULTS``) of a result
    cell; (None, None) when it says nothing the file knows.

    >>> read_result("Sai thong tin"), read_result("Đã chết năm 2022")
    (('sai thông tin', None), ('không tìm thấy', 'Đã chết năm 2022'))
    >>> read_result("chết?"), read_result("chưa rõ")
    (('không tìm thấy', 'chết?'), (None, None))
    >>> read_result("Đúng"), read_result("Dừng")
    (('khớp', 'Đúng'), (None, None))
    """
    if fold(raw) in RESULTS:
        return RESULTS[fold(raw)], None
    if " ".join(unicodedata.normalize("NFC", raw).lower().split()) in MATCH_WORDS:
        return MATCHES, raw  # their own word, kept
    key = header_key(raw)
    if any(key == w or key.startswith(w + " ") for w in CANNOT_VERIFY_WORDS):
        return NOT_FOUND, raw
    return None, None


def read_row(sheet_row: int, cells: Sequence[Any], where: Layout | Sequence[int] = AS_WRITTEN
             ) -> ReturnedRow:
    """What the police wrote on one row (its cells where ``where`` says, ``layout``),
    each unreadable cell a problem naming its field."""
    found = where if isinstance(where, Layout) else Layout(tuple(where))
    row = list(cells)
    cells = [row[i] if i < len(row) else "" for i in found.columns]
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
    result, answer = read_result(raw_result) if raw_result else (None, None)
    if raw_result and result is None:
        problems.append(error("POLICE_RESULT_UNKNOWN", "result", value=raw_result,
                              allowed=", ".join(OFFERED)))
    # What the site sent, read as the desk reads it (a spreadsheet may have turned the date
    # text into a date): to tell a list exported before the record last changed.
    number, _id_type = values.clean_id(cells[4])
    sent = {"full_name": values.text(cells[1]), "dob": values.clean_date(cells[2]),
            "sex": values.clean_sex(cells[3]), "id_number": number}
    for heading, at in zip(DOCUMENT, found.document, strict=True):  # as the file holds them
        if at is not None:
            sent[heading] = values.text(row[at]) if at < len(row) else ""
    note = "; ".join(t for t in (values.text(row[i]) for i in found.notes if i < len(row)) if t)
    mark = values.text(row[found.round]) \
        if found.round is not None and found.round < len(row) else ""
    return ReturnedRow(sheet_row, values.text(cells[0]), result, verified, tuple(problems),
                       sent, note, answer, mark or None, name or values.text(cells[1]))
