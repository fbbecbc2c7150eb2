"""Finding the columns of a provincial template by their Vietnamese headers.

Templates put a title, the unit's name and blank lines above the header row, and every
province spells the headers a little differently ("Họ và tên", "HỌ TÊN", "Họ tên người
tiêm"). Headers are compared folded (no accents, lower case, no punctuation, nothing in
parentheses), against the aliases below; a volunteer can correct the result in the app.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from desktop_app.rules.names import fold

FIELDS: dict[str, tuple[str, ...]] = {
    "full_name": ("ho va ten", "ho ten", "ho va ten nguoi tiem", "ho ten nguoi duoc tiem",
                  "ho va ten doi tuong", "ten doi tuong", "ho va ten nguoi duoc tiem",
                  "ho ten doi tuong", "ho ten nguoi tiem"),
    "dob": ("ngay sinh", "ngay thang nam sinh", "ngay/thang/nam sinh", "sinh ngay",
            "ngay sinh dd/mm/yyyy", "nam sinh"),
    "sex": ("gioi tinh", "gioi", "gt", "nam/nu"),
    "id_number": ("so cccd/cmnd", "so cmnd/cccd", "cccd/cmnd", "cmnd/cccd", "so cccd",
                  "so cmnd", "cccd", "cmnd", "so dinh danh", "so dinh danh ca nhan",
                  "so giay to", "so cmnd/cccd/ho chieu", "so cccd/cmnd/ho chieu",
                  "so giay to tuy than", "ma dinh danh", "cccd/cmnd/ho chieu",
                  "cmnd/cccd/ho chieu"),
    "phone": ("so dien thoai", "dien thoai", "sdt", "so dt", "dt", "so dien thoai lien he",
              "dien thoai lien he", "sdt lien he"),
    "address": ("dia chi", "noi o", "dia chi thuong tru", "noi o hien tai", "dia chi noi o",
                "noi o hien nay", "dia chi hien nay", "dia chi lien he"),
    "product": ("ten vac xin", "vac xin", "loai vac xin", "ten vaccine", "vaccine",
                "ten vacxin", "vacxin", "loai vaccine", "loai vacxin"),
    "lot_number": ("so lo", "lo vac xin", "so lo vac xin", "lo"),
    "dose_number": ("mui thu", "mui", "mui tiem", "mui tiem thu", "so mui", "mui so",
                    "mui tiem so"),
    "dose_date": ("ngay tiem", "ngay tiem chung", "thoi gian tiem", "ngay thang tiem",
                  "ngay tiem dd/mm/yyyy"),
    "facility": ("co so tiem", "noi tiem", "co so tiem chung", "diem tiem", "don vi tiem",
                 "co so y te", "noi tiem chung", "ten co so tiem chung", "ten co so tiem",
                 "ten diem tiem"),
}
# Each field's heading as the Ministry's template writes it: what a file VaxDesk writes for
# import (a fix file, the demo's sheet) heads its columns with, so it reads back unasked.
TEMPLATE_NAMES = {"full_name": "Họ và tên", "dob": "Ngày sinh", "sex": "Giới tính",
                  "id_number": "Số CCCD/CMND", "phone": "Số điện thoại", "address": "Địa chỉ",
                  "product": "Tên vắc xin", "lot_number": "Số lô", "dose_number": "Mũi thứ",
                  "dose_date": "Ngày tiêm", "facility": "Cơ sở tiêm"}
# Names a column goes by only when no column has a name above: "Năm sinh" holds the whole
# date of birth in many templates (a year alone is said as such, row by row), but beside a
# "Ngày, tháng, năm sinh" it is the year alone.
WEAK = frozenset({"nam sinh"})
# A row's number in the sheet: a column every template has and no import needs.
ROW_NUMBER = ("stt", "tt", "so tt", "so thu tu")
# The reason column of the importer's own file of rows to fix (``report.write_fix_workbook``):
# read by nobody, so never said as a column not read (it sent the volunteer to rename it).
ERROR_COLUMN = "Lỗi"
# Beside it, each row's place in the file it came from: a reason names the file's other
# rows by their numbers there ("dòng 8 của tệp"), which the fix workbook's own do not match.
SOURCE_ROW_COLUMN = "Dòng ở tệp gốc"
OWN_COLUMNS = (SOURCE_ROW_COLUMN, ERROR_COLUMN)
REQUIRED = ("full_name", "dose_date")
SCAN_ROWS = 30  # a header further down than this is not a template we know
# The longest name a column goes by is 25 characters; with a note in brackets a header may
# run to a few dozen. A longer cell is data, and folding it cost seconds: a hostile row of
# 16,384 cells of 32,000 characters each took 15 s to look at before it was refused.
HEADER_MAX_CHARS = 200
# What ``as_mapped`` adds to the heading of a column a fix file keeps but an import must not
# read. Compared folded: brackets are otherwise dropped, and "Ngày tiêm (dự kiến) (không
# nhập)" read as "Ngày tiêm", taking the dose date from the column the volunteer had not chosen.
NOT_READ = "(không nhập)"
_NOT_READ_KEY = fold(NOT_READ)
_ALIASES = {alias: field for field, aliases in FIELDS.items() for alias in aliases}
_PARENS = re.compile(r"\(.*?\)")
_PUNCT = re.compile(r"[^\w/ ]+")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class HeaderMatch:
    row_index: int  # 0-based index among the rows read
    mapping: dict[str, int]  # field -> column index
    headers: tuple[str, ...]  # the header cells as written
    complete: bool = True  # names the required columns: no mapping needed


def header_key(cell: Any) -> str:
    """
    >>> header_key("Ngày tiêm (dd/mm/yyyy)")
    'ngay tiem'
    >>> header_key("  SỐ CCCD / CMND ")
    'so cccd/cmnd'
    >>> header_key("A" * 201), header_key("Ngày tiêm (dự kiến) (không nhập)")
    ('', '')
    """
    text = str(cell or "")
    if len(text) > HEADER_MAX_CHARS:
        return ""
    text = fold(text)
    if _NOT_READ_KEY in text:
        return ""  # a column marked not read is nobody's: never mapped by its name
    text = _PUNCT.sub(" ", _PARENS.sub(" ", text))
    text = text.replace(" / ", "/").replace("/ ", "/").replace(" /", "/")
    return _SPACES.sub(" ", text).strip()


def map_headers(cells: Sequence[Any]) -> dict[str, int]:
    """Each field's first column by name, a ``WEAK`` name only where no other names it;
    and ``ID_ELSE`` where the file keeps the CCCD and the old CMND apart (``id_columns``).

    >>> map_headers(["Năm sinh", "Ngày sinh"]), map_headers(["Năm sinh", "Họ tên"])
    ({'dob': 1}, {'full_name': 1, 'dob': 0})
    """
    mapping: dict[str, int] = {}
    weak: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = header_key(cell)
        field = _ALIASES.get(key)
        if field is not None:
            taken = weak if key in WEAK else mapping
            taken.setdefault(field, index)
    for field, index in weak.items():
        mapping.setdefault(field, index)
    return {**mapping, **id_columns([header_key(c) for c in cells])}


# A column of a CCCD alone, of an old CMND alone: a template may keep both ("Số CMND",
# "Số CCCD"), a person having either. The CCCD is the ID, and where its cell is blank the
# CMND's is read (``ID_ELSE``): taking the first column alone dropped every CCCD.
ID_ELSE = "id_number_else"
_CCCD_ONLY = frozenset({"so cccd", "cccd", "so dinh danh", "so dinh danh ca nhan",
                        "ma dinh danh", "so can cuoc", "so can cuoc cong dan"})
_CMND_ONLY = frozenset({"so cmnd", "cmnd", "so chung minh nhan dan", "so cmnd cu", "cmnd cu"})


def id_columns(keys: Sequence[str]) -> dict[str, int]:
    """{"id_number": the CCCD's column, ``ID_ELSE``: the CMND's} when the header (folded)
    has both, each the first of its kind; else {}.

    >>> id_columns(["ho ten", "so cmnd", "so cccd"])
    {'id_number': 2, 'id_number_else': 1}
    >>> id_columns(["ho ten", "so cccd/cmnd"])
    {}
    """
    cccd = next((i for i, k in enumerate(keys) if k in _CCCD_ONLY), None)
    cmnd = next((i for i, k in enumerate(keys) if k in _CMND_ONLY), None)
    return {} if cccd is None or cmnd is None else {"id_number": cccd, ID_ELSE: cmnd}


def names_columns(cells: Sequence[Any]) -> bool:
    """Whether a row repeats a header: two or more of its cells are columns' names (a
    template's header printed again on every page, the lower row of a two-row header
    taken as data when the columns were mapped by hand).

    >>> names_columns(["", "Họ và tên", "Tên vắc xin", "Ngày tiêm"]), names_columns(["Lê An", "AZ"])
    (True, False)
    """
    named = 0
    for cell in cells:
        if type(cell) is str and cell and _ALIASES.get(header_key(cell)):
            named += 1
            if named == 2:
                return True
    return False


def find_header(rows: Sequence[Sequence[Any]]) -> HeaderMatch | None:
    """The row (among the first SCAN_ROWS) that names the most known columns. A header that
    names the required ones and three in all is ``complete``: the file imports without
    help. Failing that, a row that names two or more is still the header row (the data
    starts below it), and the volunteer maps the columns it did not name ("Ngày tháng năm
    tiêm" is nobody's alias yet). Without a complete row, a header of two rows
    (``_two_rows``) is complete too."""
    complete: HeaderMatch | None = None
    partial: HeaderMatch | None = None
    paired: HeaderMatch | None = None
    above: HeaderMatch | None = None
    for index, cells in enumerate(rows[:SCAN_ROWS]):
        mapping = map_headers(cells)
        found = HeaderMatch(index, mapping, tuple(str(c or "") for c in cells),
                            _complete(mapping))
        best = complete if found.complete else partial
        if len(mapping) >= 2 and (best is None or len(mapping) > len(best.mapping)):
            if found.complete:
                complete = found
            else:
                partial = found
        if above is not None and not above.complete and not found.complete:
            both = _two_rows(above, cells)
            if both is not None and (paired is None or len(both.mapping) > len(paired.mapping)):
                paired = both
        above = found if len(mapping) >= 2 else None
    return complete or paired or partial


def _complete(mapping: dict[str, int]) -> bool:
    return len(mapping) >= 3 and all(f in mapping for f in REQUIRED)


def _two_rows(top: HeaderMatch, below: Sequence[Any]) -> HeaderMatch | None:
    """A header of two rows, as ``wide`` reads a dose group's: a merged "Thông tin mũi
    tiêm" over "Tên vắc xin | Mũi thứ | Ngày tiêm | Số lô", the person's columns merged
    down over both rows (a merged cell reads as its value in the first row, blanks below).
    The row below completes the one above when it names a required column that one left
    unnamed; the data starts under it. Each column goes by its lower name, else its upper
    one.

    >>> top = ["STT", "Họ và tên", "Ngày sinh", "Thông tin mũi tiêm", None, None]
    >>> match = find_header([top, [None, None, None, "Tên vắc xin", "Mũi thứ", "Ngày tiêm"]])
    >>> match.row_index, match.complete, match.mapping["dose_date"], match.headers[3]
    (1, True, 5, 'Tên vắc xin')
    """
    named = map_headers(below)
    if not any(f in named and f not in top.mapping for f in REQUIRED):
        return None
    mapping = dict(top.mapping)
    taken = set(mapping.values())
    for field, column in named.items():
        if field not in mapping and column not in taken:
            mapping[field] = column
    if not _complete(mapping):
        return None
    lower = [str(c or "") for c in below]
    width = max(len(top.headers), len(lower))
    headers = tuple((lower[i] if i < len(lower) else "")
                    or (top.headers[i] if i < len(top.headers) else "") for i in range(width))
    # "CMND | CCCD" under a merged "Số giấy tờ": the two apart, as in one row.
    mapping.update(id_columns([header_key(h) for h in headers]))
    return HeaderMatch(top.row_index + 1, mapping, headers, True)


def as_mapped(headers: Sequence[str], mapping: dict[str, int]) -> list[str]:
    """``headers`` as a file read with ``mapping`` must head its columns to be read the same
    way unasked: a column the volunteer chose (a commune's "Lần tiêm" for the dose number)
    under the template's name, and one whose name would take a field chosen elsewhere
    marked as not read. A fix file kept the commune's headings, and its fixed rows came back
    with the dose number unread (her dose 1 stored as her next).

    >>> as_mapped(["Họ tên", "Lần tiêm", "Mũi"], {"full_name": 0, "dose_number": 1})
    ['Họ tên', 'Mũi thứ', 'Mũi (không nhập)']
    """
    named = list(headers)
    chosen = {index: field for field, index in mapping.items() if field in TEMPLATE_NAMES}
    for index, header in enumerate(headers):
        field = _ALIASES.get(header_key(header))
        if index in chosen and field != chosen[index]:
            named[index] = TEMPLATE_NAMES[chosen[index]]
        elif index not in chosen and field in mapping:
            named[index] = f"{header} {NOT_READ}"
    return named


def unused_columns(headers: Sequence[str], mapping: dict[str, int]) -> list[tuple[int, str]]:
    """The named columns an import reads nothing from, as (index, header): said in its
    report, since a column whose heading is nobody's alias ("Số ĐT người nhà") is
    otherwise dropped without a word. A row-number column is no loss and not said.

    >>> unused_columns(["STT", "Họ tên", "SĐT người nhà", "", "Ngày tiêm"],
    ...                {"full_name": 1, "dose_date": 4})
    [(2, 'SĐT người nhà')]
    """
    used = set(mapping.values())
    return [(i, h.strip()) for i, h in enumerate(headers)
            if h.strip() and i not in used and header_key(h) not in ROW_NUMBER
            and h.strip() not in OWN_COLUMNS]
