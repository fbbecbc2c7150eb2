"""Cleaning one spreadsheet value into what the database stores.

Each function takes what a cell holds (a string, a float, an int, a date, or None) and
returns the clean value or None; they are called a million times on a big import, so the
common paths are short and the repeated ones (dates, vaccine names) are cached.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from desktop_app.rules.dates import parse_date
from desktop_app.rules.identity import IdType, clean_id_number, is_phone, scientific_id
from desktop_app.rules.identity import clean_phone as clean_phone_rule
from desktop_app.rules.names import fold
from desktop_app.rules.numeric_ids import id_from_number
from desktop_app.rules.text_fields import all_digits, one_line

# Plain strings: an enum's .value is a property call, and this runs a million times.
_CCCD, _CMND, _PASSPORT, _NONE = (t.value for t in (IdType.CCCD, IdType.CMND, IdType.PASSPORT,
                                                     IdType.NONE))
EXCEL_EPOCH = date(1899, 12, 30)  # serial day 0 of Excel's 1900 date system
_DIGITS = re.compile(r"\d+")
_BOOSTER = re.compile(r"nhac lai|booster|tang cuong")  # folded: "nhắc lại", "tăng cường"
# ... and "Mũi bổ sung" (an additional dose after the primary series), said alone: it takes
# the person's next number as a booster does. Before a number it counts nothing ("Bổ sung
# mũi 2" is dose 2, entered later).
_UNNUMBERED = re.compile(r"nhac lai|booster|tang cuong|bo sung")
_OTHER_PHONES = re.compile(r"\s*[/,;]\s*|\s+-\s+|\s+(?:hoặc|hoac|or)\s+")
_SEX = {"nam": "M", "m": "M", "male": "M", "trai": "M", "nu": "F", "f": "F", "female": "F",
        "gai": "F"}


# What Excel and LibreOffice keep in a cell whose formula failed: a column of names looked
# up from a workbook not sent along reads "#REF!" (or "#N/A") on every row. Such a cell
# holds no one's name, birth date or ID: its row is refused, saying so (``rows``).
FORMULA_ERRORS = frozenset({
    "#N/A", "#REF!", "#VALUE!", "#NAME?", "#DIV/0!", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
    "#FIELD!", "#GETTING_DATA", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
}) | {f"Err:{n}" for n in range(501, 540)}  # LibreOffice's


def formula_errors(fields: Sequence[str], cells: Sequence[Any]) -> dict[str, str]:
    """Each field whose cell is a failed formula's value, with that value.

    >>> formula_errors(("full_name", "dob"), ("#N/A", "05/09/1990"))
    {'full_name': '#N/A'}
    """
    if FORMULA_ERRORS.isdisjoint(cells):  # in C: the common row costs ~0.1 µs
        return {}
    return {f: c for f, c in zip(fields, cells, strict=True) if c in FORMULA_ERRORS}


def text(value: Any) -> str:
    r"""A cell as text: integral floats lose their '.0', strings their outer spaces and
    their control characters (``rules.text_fields.one_line``, as the desk stores them).

    >>> text(" Lê\x00 Thị\tHoa\r\n"), text(2.0)
    ('Lê Thị Hoa', '2')
    """
    if type(value) is str:  # one_line, inlined: ~4 cells a row of a million-row import
        return (value if value.isprintable() else one_line(value)).strip()
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime | date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def clean_date(value: Any, this_year: int | None = None) -> date | None:
    """A date from an Excel date cell, a serial number (or its digits as text, never
    starting with 0), or text: dd/mm/yyyy, d/m/yyyy, dd-mm-yyyy, dd.mm.yyyy, ddmmyyyy or ISO
    (with or without a time); dd/mm/yy too when ``this_year`` is given
    (``rules.dates.full_year``). Six bare digits ("010190") are no date.

    >>> clean_date("5/9/2021"), clean_date(44440.0), clean_date("2021-09-05 00:00:00")
    (datetime.date(2021, 9, 5), datetime.date(2021, 9, 1), datetime.date(2021, 9, 5))
    >>> clean_date("01/08/2021 00:00:00")
    datetime.date(2021, 8, 1)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _serial(value)
    if isinstance(value, str):
        return _parse_text_date(value.strip(), this_year)
    return None


@lru_cache(maxsize=65536)
def _parse_text_date(raw: str, this_year: int | None) -> date | None:
    if not raw:
        return None
    if len(raw) > 10 and raw[4] == "-":
        raw = raw[:10]  # "2021-09-05 00:00:00" / "2021-09-05T00:00"
    elif " " in raw:
        raw = raw.split(" ", 1)[0]  # "01/08/2021 00:00:00": a date cell saved as text
    parsed = parse_date(raw, this_year)
    if parsed is None and _serial_text(raw):
        return _serial(float(raw))  # a serial number stored as text
    return parsed


def _serial_text(raw: str) -> bool:
    # A number cell's digits, as a file that keeps no types writes them. One that starts
    # with 0 was never a number cell (``clean_id_untyped`` says the same of IDs): "010190"
    # is a birth typed ddmmyy, which read as serial 10190 stored 24/11/1927 unsaid.
    return raw[:1] != "0" and all_digits(raw.replace(".", "", 1))


DAYS_1900_TO_1904 = 1462  # a serial of the 1904 date system is this many days later


def is_serial(value: Any) -> bool:
    """Whether ``clean_date`` reads ``value`` as a serial number (a number, or its digits as
    text), not as a written date.

    >>> is_serial(44440.0), is_serial("44440"), is_serial("01/09/2021"), is_serial(True)
    (True, True, False, False)
    >>> is_serial("010190")  # typed ddmmyy: digits a number cell never starts with
    False
    """
    if type(value) is str:
        return _serial_text(value.strip())
    return isinstance(value, int | float) and not isinstance(value, bool)


def _serial(number: float) -> date | None:
    # Serials of 10000..79999 are 1927..2118. Smaller numbers are far more often a bare year
    # of birth (1990) than a date in 1900-1927: taking them as serials would invent a date.
    if not 10000 <= number < 80000:
        return None
    return EXCEL_EPOCH + timedelta(days=int(number))


def clean_id(value: Any) -> tuple[str | None, str]:
    """(ID number, ID type) from a cell. A number cell has lost its leading zeros: they
    come back when the length and the province code say so (``numeric_ids``).
    Text keeps its digits as typed (an apostrophe prefix, spaces and dots go).

    >>> clean_id(1090012345.0), clean_id("'038190000123"), clean_id(12345678)
    (('001090012345', 'CCCD'), ('038190000123', 'CCCD'), ('012345678', 'CMND'))
    >>> clean_id(""), clean_id("C1234567"), clean_id("Chưa có")
    ((None, 'NONE'), ('C1234567', 'PASSPORT'), (None, 'NONE'))

    Scientific notation, as Excel shows a long number: its digits when all are there, else
    the cell as written, which the identity rules flag (``ID_SCIENTIFIC_NOTATION``).

    >>> clean_id("1.090012345E+09"), clean_id("3.80170E+11")
    (('001090012345', 'CCCD'), ('3.80170E+11', 'CCCD'))
    """
    if isinstance(value, float | int) and not isinstance(value, bool):
        return id_from_number(value)
    raw = text(value)
    if all_digits(raw):
        number = raw
    elif (scientific := scientific_id(raw)) is not None:
        digits, length = scientific
        return id_from_number(int(digits)) if digits else (raw, _CMND if length <= 9 else _CCCD)
    else:
        number = clean_id_number(raw)
    if all_digits(number):
        return number, _type_by_length(number)
    if not any(c.isdigit() for c in number):
        return None, _NONE  # "", "Chưa có", "không", "-": no ID was known
    if number[0].isalpha() and any(c.isdigit() for c in number):
        return number, _PASSPORT
    return number, _CCCD  # not digits: the identity rules say what is wrong


def clean_id_untyped(value: Any) -> tuple[str | None, str]:
    """``clean_id`` for a file that keeps no cell types (a CSV): Excel writes a number cell
    as its bare digits, so digits without a leading zero may be an ID that lost its zeros,
    and come back as a number cell's do (``numeric_ids``: only onto a real province code).
    Digits that start with 0 were never a number cell: they stay as typed.

    >>> clean_id_untyped("1090012345"), clean_id_untyped("0109001234")
    (('001090012345', 'CCCD'), ('0109001234', 'CCCD'))
    >>> clean_id_untyped("99190000123"), clean_id_untyped("'12345678")
    (('99190000123', 'CCCD'), ('12345678', 'CMND'))
    """
    raw = text(value)
    if all_digits(raw) and raw.isascii() and raw[0] != "0" and len(raw) in _LOST_ZEROS:
        return id_from_number(int(raw))
    return clean_id(value)


_LOST_ZEROS = frozenset({8, 10, 11})  # the lengths ``id_from_number`` may restore


def _type_by_length(digits: str) -> str:
    return _CMND if len(digits) <= 9 else _CCCD


def clean_sex(value: Any) -> str | None:
    """'M' or 'F' from Nam/Nữ in any case, with or without accents (or M/F, male/female)."""
    return _SEX.get(fold(text(value)))


def clean_dose_number(value: Any, highest: int) -> int | None:
    """From 2, 2.0, "2", "Mũi 2", "mũi thứ 2", "Mũi 3 (nhắc lại 1)", and from a number
    in Roman numerals or in Vietnamese words, with or without its accents ("II", "Mũi II",
    "Thứ hai", "mui thu hai"); None if there is no number in range, or if the first number
    counts boosters (``counts_boosters``).

    >>> [clean_dose_number(c, 4) for c in (2, "2", "Mũi 2", "II", "Thứ hai", "Mũi thứ tư")]
    [2, 2, 2, 2, 2, 4]
    >>> [clean_dose_number(c, 4) for c in ("Mũi 7", "Mũi VII", "Mũi", "Chưa rõ", 2.5)]
    [None, None, None, None, None]
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = int(value) if float(value).is_integer() else None
    else:
        said = text(value)
        if all_digits(said):  # the commonest text cell: "2"
            number = int(said)
        elif found := _DIGITS.search(said):
            number = None if _booster_count(said, found) else int(found.group())
        else:
            number = _WORD_NUMBERS.get(_words(said))
    return number if number is not None and 1 <= number <= highest else None


def gives_number(value: Any) -> bool:
    """Whether a dose-number cell says more than a blank: a number (one
    ``clean_dose_number`` found out of range, or not whole), or words it does not read.
    Such a dose takes the person's next number, flagged, where a blank cell, or one with
    only the column's own words ("Mũi", "Mũi thứ") or a dash, takes it silently.

    >>> gives_number("Mũi 7"), gives_number(0), gives_number(2.5), gives_number("Mũi X")
    (True, True, True, True)
    >>> gives_number("Chưa rõ"), gives_number("Mũi"), gives_number("-"), gives_number("")
    (True, False, False, False)
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    said = text(value)
    return _DIGITS.search(said) is not None or bool(_words(said))


def _words(said: str) -> str:
    """A dose-number cell's words, folded, without the ones said before a number ("Mũi
    thứ", "Lần", "Số") or its punctuation: "Mũi thứ Hai." gives "hai"."""
    return " ".join(w for w in _NOT_LETTERS.split(fold(said)) if w and w not in _BEFORE_NUMBER)


_NOT_LETTERS = re.compile(r"[\W_]+")
_BEFORE_NUMBER = frozenset({"mui", "thu", "lan", "so"})  # folded "mũi", "thứ", "lần", "số"
# One to ten in Roman numerals and in Vietnamese words, folded: "nhất" and "tư" as in
# "thứ nhất", "thứ tư"; "bẩy" folds as "bảy".
_WORD_NUMBERS = {
    **{roman: n for n, roman in enumerate(
        ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"), start=1)},
    "mot": 1, "nhat": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6,
    "bay": 7, "tam": 8, "chin": 9, "muoi": 10}


def counts_boosters(value: Any) -> bool:
    """Whether a dose-number cell counts boosters, not doses: "Mũi nhắc lại 1", "Nhắc lại
    lần 2". The first booster is dose 2, 3 or 4 by the vaccine the person started with,
    which the row does not say: such a row is refused naming the cell, never stored as
    dose 1 or given the next free number.

    >>> counts_boosters("Mũi nhắc lại 1"), counts_boosters("Mũi 3 (nhắc lại 1)")
    (True, False)
    >>> counts_boosters("Mũi nhắc lại"), counts_boosters(3)
    (False, False)
    """
    if not isinstance(value, str):
        return False
    said = text(value)
    found = _DIGITS.search(said)
    return found is not None and _booster_count(said, found)


def unnumbered_booster(value: Any) -> str | None:
    """The cell as typed when it says a booster and no number: "Mũi nhắc lại", "Tăng
    cường", "booster". Such a row takes the person's next free number, which is right after
    their earlier doses and wrong when none is known (``Known.place`` flags that one).
    Called only for a cell that gave no dose number.

    >>> unnumbered_booster("Mũi nhắc lại"), unnumbered_booster("Mũi nhắc lại 1")
    ('Mũi nhắc lại', None)
    >>> unnumbered_booster("Mũi"), unnumbered_booster(7)
    (None, None)
    """
    if not isinstance(value, str):
        return None
    said = text(value)
    if _DIGITS.search(said) is not None or _UNNUMBERED.search(fold(said)) is None:
        return None
    return said


def _booster_count(said: str, found: re.Match[str]) -> bool:
    before = said[:found.start()]
    return bool(before) and _BOOSTER.search(fold(before)) is not None


def is_totals_label(value: Any) -> bool:
    """Whether a cell labels a totals row at the foot of a list ("Tổng cộng", "TỔNG SỐ:",
    "Cộng: 14"). Compared with its accents: "Công", "Tống Công" are people.

    >>> [is_totals_label(c) for c in ("Tổng cộng", "TỔNG SỐ MŨI:", "Cộng 14", "Tổng:")]
    [True, True, True, True]
    >>> [is_totals_label(c) for c in ("Công", "Tống Công", "Cộng hòa", "Tổng hợp", 14)]
    [False, False, False, False, False]
    """
    words = _NOT_WORDS.sub(" ", unicodedata.normalize("NFC", text(value)).lower()).split()
    return " ".join(words[:2]) in _TOTALS_OPENING or " ".join(words) in _TOTALS_ALONE


def is_signature_label(value: Any) -> bool:
    """Whether a cell is a line of the signature block a list ends with: a signer's title
    ("Người lập biểu", "TRƯỞNG TRẠM Y TẾ", "(Ký, ghi rõ họ tên)") or the list's date
    ("Tân Lập, ngày 30 tháng 9 năm 2021", "Ngày 30/09/2021"). Compared with its accents,
    as a totals label: "Trương Trâm" is a person, "Trưởng trạm" a title; typed without
    them, only what no name reads as ("Nguoi lap bieu", "ngay 30 thang 9 nam 2021").

    >>> [is_signature_label(c) for c in ("Người lập biểu", "TRƯỞNG TRẠM Y TẾ", "(Ký, ghi rõ "
    ...     "họ tên)", "Tân Lập, ngày 30 tháng 9 năm 2021", "Ngày 30/09/2021",
    ...     "ngày ... tháng ... năm 2021")]
    [True, True, True, True, True, True]
    >>> [is_signature_label(c) for c in ("NGUOI LAP BIEU", "Truong tram y te", "(Ky, ghi ro "
    ...     "ho ten)", "Tan Lap, ngay 30 thang 9 nam 2021", "Ngay 30/09/2021")]
    [True, True, True, True, True]
    >>> [is_signature_label(c) for c in ("Trương Trâm", "Nguyễn Thị Ký", "Truong tram",
    ...     "Ngay Thang Nam", "30/09/2021", "Ngày", 14)]
    [False, False, False, False, False, False, False]
    """
    said = unicodedata.normalize("NFC", text(value)).lower()
    words = " ".join(_NOT_WORDS.sub(" ", said).split())
    if any(words == t or words.startswith(t + " ") for t in _SIGNER_TITLES):
        return True
    return _LIST_DATE.search(said) is not None


_NOT_WORDS = re.compile(r"[\W\d_]+")
# How a signature block's titles open, in lower case with their accents.
_SIGNER_TITLES = (
    "người lập biểu", "người lập bảng", "người lập danh sách", "người lập", "người ghi",
    "người tổng hợp", "người báo cáo", "người kiểm tra", "người duyệt", "trưởng trạm",
    "trạm trưởng", "phó trưởng trạm", "thủ trưởng", "giám đốc", "phó giám đốc",
    "trưởng khoa", "phó trưởng khoa", "trưởng phòng", "chủ tịch", "phó chủ tịch", "xác nhận",
    "lãnh đạo", "ký tên", "kí tên", "ký ghi rõ họ tên", "kí ghi rõ họ tên",
    "ký và ghi rõ họ tên", "kí và ghi rõ họ tên", "ký họ tên", "đóng dấu",
    # Without accents, what no name reads as ("Truong Tram" may be Trương Trâm).
    "nguoi lap bieu", "nguoi lap bang", "nguoi lap danh sach", "truong tram y te",
    "thu truong don vi", "giam doc", "xac nhan", "ky ten", "ki ten", "ky ghi ro ho ten",
    "ki ghi ro ho ten", "ky va ghi ro ho ten", "ki va ghi ro ho ten", "dong dau")
# "…, ngày 30 tháng 9 năm 2021" (its numbers maybe left as dots to fill in by hand), or
# "Ngày 30/09/2021": the day the list was signed.
_LIST_DATE = re.compile(r"\bngày\b[\s.…_\d]*\btháng\b[\s.…_\d]*\bnăm\b"
                        r"|\bngay\s*[\d.…_]+\s*thang\s*[\d.…_]+\s*nam\b"  # its numbers
                        r"|^\W*ng[àa]y\s*\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4}\W*$")
_TOTALS_OPENING = frozenset({"tổng cộng", "tổng số", "tong cong", "tong so", "grand total"})
_TOTALS_ALONE = frozenset({"tổng", "cộng", "total"})


def clean_phone(value: Any) -> str | None:
    """A phone's digits as the desk stores them (``rules.identity.clean_phone``: "+84"
    turned to 0), the first of several ("0912 000 005 / 0987 000 555": the call-back list
    dialled twenty digits). A number cell lost its leading 0: it comes back where the
    phone rule then takes the number, a mobile's 9 digits or a landline's 10 ("024 3856
    1234" held as 2438561234 was stored so, and the same woman typed "02438561234" in the
    next file, without an ID, became a second record). Whether it is a phone at all is the
    rules' to say (``check_phone``).

    >>> clean_phone(912345678.0), clean_phone(2438561234), clean_phone("+84 24 3856 1234")
    ('0912345678', '02438561234', '02438561234')
    """
    if type(value) is str and value[:1] == "0" and all_digits(value):
        return value  # most cells: one number, as typed
    said = text(value)
    if all_digits(said):  # a number cell, or its digits in a CSV
        if said[0] == "0":
            return said
        digits = clean_phone_rule(said) if said.startswith("84") else said
    else:
        raw = _OTHER_PHONES.split(said, 1)[0]
        phone = clean_phone_rule(_NOT_PHONE.sub("", raw))
        digits = phone if all_digits(phone) else re.sub(r"\D", "", phone)
        if not digits:
            return None
    if digits[0] != "0" and is_phone("0" + digits):
        digits = "0" + digits
    return digits


_NOT_PHONE = re.compile(r"[^\d+]")  # what a phone cell holds besides its digits and a "+84"
