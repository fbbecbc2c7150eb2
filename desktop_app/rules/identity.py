"""Identity documents: the 12-digit citizen ID (CCCD), the 9-digit CMND, passports, or none.

A CCCD carries the province where the birth was registered (digits 1-3), sex and century
(digit 4) and the last two digits of the birth year (digits 5-6). A CCCD that disagrees with
the entered sex or year of birth is a typing error we can catch while the person is still at
the desk, instead of weeks later when the population database rejects the record.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date
from enum import StrEnum
from typing import NamedTuple

from desktop_app.bundled import load_json
from desktop_app.rules.dates import age_on
from desktop_app.rules.messages import Part
from desktop_app.rules.names import fold
from desktop_app.rules.problems import Problem, error
from desktop_app.rules.text_fields import all_digits


class IdType(StrEnum):
    CCCD = "CCCD"  # 12-digit citizen ID / personal identification number
    CMND = "CMND"  # the older 9-digit people's ID card
    PASSPORT = "PASSPORT"  # foreigners, verified through the immigration police
    NONE = "NONE"  # no document: a NoIdReason says why


class NoIdReason(StrEnum):
    UNKNOWN_IDENTITY = "UNKNOWN_IDENTITY"
    HOMELESS_OR_ITINERANT = "HOMELESS_OR_ITINERANT"
    CHILD_WITHOUT_NUMBER = "CHILD_WITHOUT_NUMBER"


class Sex(StrEnum):
    MALE = "M"
    FEMALE = "F"


SEX_LABEL_VI = {Sex.MALE: "Nam", Sex.FEMALE: "Nữ"}  # as the police exchange file writes it
CHILD_MAX_AGE = 18
# Enum lookups by value through a dict: IdType("CCCD") costs a microsecond, which counts
# when a backfill checks a million IDs.
_ID_TYPES: dict[str, IdType] = {t.value: t for t in IdType}
_SEXES: dict[str, Sex] = {s.value: s for s in Sex}
_PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
_NATIONALITY = re.compile(r"^[A-Z]{3}$")


def province_codes() -> dict[str, str]:
    """The 63 birth-registration province codes, code -> province name."""
    return load_json("cccd_province_codes.json")["codes"]


def clean_id_number(raw: str | None) -> str:
    """Strip what people and spreadsheets add around an ID: spaces, dots, dashes, apostrophes,
    and the kind of paper written before the digits ("CCCD 001…", "Số CMND: 0123…"): read
    with it, the number was taken for a foreign passport's.

    >>> clean_id_number(" 001 090-012.345 ")
    '001090012345'
    >>> clean_id_number("'038190000123")
    '038190000123'
    >>> clean_id_number("CCCD 001185012345"), clean_id_number("Số CMND: 012.345.678")
    ('001185012345', '012345678')
    >>> clean_id_number("cccd số 001185012345"), clean_id_number("C1234567")
    ('001185012345', 'C1234567')

    The label as Unikey's decomposed Unicode types it, or without its accent:

    >>> clean_id_number("So\u0302\u0301 CCCD: 001185012345"), clean_id_number("So CCCD 0011850")
    ('001185012345', '0011850')
    >>> clean_id_number("So\u0302\u0301 001185012345"), clean_id_number("SO1234567")
    ('001185012345', 'SO1234567')
    """
    if not raw:
        return ""
    if type(raw) is str and all_digits(raw):
        return raw  # the common case: nothing to strip
    cleaned = re.sub(r"[\s.\-'’]", "", str(raw)).upper()
    labelled = _ID_LABEL.match(fold(cleaned).upper()) or _NUMBER_LABEL.match(
        unicodedata.normalize("NFC", cleaned))
    return labelled.group(1) if labelled else cleaned


# A label before the digits: "CCCD", "CMND", "CMT", each perhaps with "Số" before or after,
# or "Số" alone; a colon or "#" after. Only when digits alone follow: a passport stays.
# The paper's name matched on the folded text: composed, decomposed or typed without its
# accents. "Số" alone only with its accents: "SO1234567" may be a passport's number.
_ID_LABEL = re.compile(r"^(?:SO)?(?:CCCD|CMND|CMT)(?:SO)?[:#]?([0-9]+)$")
_NUMBER_LABEL = re.compile(r"^SỐ[:#]?([0-9]+)$")


# "3.80170E+11": a long ID in a General cell, which Excel shows (and a CSV then keeps) in
# scientific notation. Decimal comma as a Vietnamese Excel writes it; an apostrophe ahead.
_SCIENTIFIC = re.compile(r"^\s*'?(\d)(?:[.,](\d+))?\s*[eE]\s*\+?(\d{1,2})\s*$")


def scientific_id(raw: str | None) -> tuple[str | None, int] | None:
    """An ID written in scientific notation: (its digits, or None when some are lost; how
    many digits the number had), or None when ``raw`` is not in that notation. A mantissa
    of six digits for a 12-digit number has lost the other six: no one can tell them, and
    the clerk must see the cell as the file has it, not "380170E+11".

    >>> scientific_id("3.80170E+11"), scientific_id("1,090012345E+9"), scientific_id("38")
    ((None, 12), ('1090012345', 10), None)
    """
    if not raw or "e" not in raw.lower():
        return None
    found = _SCIENTIFIC.match(raw)
    if found is None:
        return None
    first, rest, power = found.group(1), found.group(2) or "", int(found.group(3))
    return (first + rest if len(rest) == power else None), power + 1


class CccdInfo(NamedTuple):
    province: str
    sex: Sex
    birth_year: int


def decode_cccd(number: str) -> CccdInfo | None:
    """What a well-formed 12-digit CCCD says about its holder, or None if it is malformed.

    Digit 4: 0/1 = male/female born 1900-1999, 2/3 = 2000-2099, ... up to 8/9 for 2300s.

    >>> decode_cccd("001190012345")
    CccdInfo(province='001', sex=<Sex.FEMALE: 'F'>, birth_year=1990)
    """
    if len(number) != 12 or not all_digits(number):
        return None
    digit = int(number[3])
    century = 1900 + 100 * (digit // 2)
    sex = Sex.MALE if digit % 2 == 0 else Sex.FEMALE
    return CccdInfo(number[:3], sex, century + int(number[4:6]))


def make_cccd(province: str, sex: Sex, birth_year: int, serial: int) -> str:
    """Build a CCCD with the given facts; for test data and benchmarks.

    >>> make_cccd("079", Sex.MALE, 2001, 42)
    '079201000042'
    """
    century_index = (birth_year - 1900) // 100
    digit = century_index * 2 + (0 if sex is Sex.MALE else 1)
    return f"{province}{digit}{birth_year % 100:02d}{serial:06d}"


def is_well_formed_id(id_type: str, number: str | None) -> bool:
    """Whether ``number`` has the shape of its document (12 digits for a CCCD, 9 for a CMND,
    5-20 letters and digits for a passport): only such a number can say who someone is.
    "0" or "000" typed where no ID was known must not make strangers one person.

    >>> is_well_formed_id("CCCD", "001090012345"), is_well_formed_id("CMND", "0")
    (True, False)
    """
    if not number:
        return False
    if id_type == IdType.PASSPORT:
        return _PASSPORT.match(number) is not None
    return all_digits(number) and len(number) == (12 if id_type == IdType.CCCD else 9)


def check_identity(
    id_type: IdType | str | None,
    id_number: str | None,
    *,
    sex: Sex | str | None,
    dob: date | None,
    today: date,
    no_id_reason: NoIdReason | str | None = None,
    nationality: str | None = None,
) -> list[Problem]:
    """All identity-document problems, including the CCCD cross-check with sex and birth year.

    The cross-check is skipped for whichever of sex / dob is missing: those have rules of
    their own, and a clerk should see each problem once.
    """
    if not id_type:
        return [error("ID_TYPE_REQUIRED", "id_type")]
    kind = _ID_TYPES.get(id_type) or IdType(id_type)
    number = clean_id_number(id_number)
    if kind is IdType.NONE:
        return _check_no_id(no_id_reason, dob, today)
    if not number:
        return [error("ID_NUMBER_REQUIRED", "id_number", id_type=kind.value)]
    if kind is IdType.PASSPORT:
        problems = []
        if not _PASSPORT.match(number):
            problems.append(error("PASSPORT_INVALID", "id_number", value=number))
        if not _NATIONALITY.match((nationality or "").strip().upper()):
            problems.append(error("NATIONALITY_REQUIRED", "nationality"))
        return problems
    if not all_digits(number):
        if scientific_id(id_number) is not None:  # what the file has, not "380170E+11"
            return [error("ID_SCIENTIFIC_NOTATION", "id_number", id_type=kind.value,
                          value=(id_number or "").strip())]
        return [error("ID_NOT_DIGITS", "id_number", id_type=kind.value, value=number)]
    expected = 12 if kind is IdType.CCCD else 9
    if len(number) != expected:
        return [
            error(
                "ID_WRONG_LENGTH",
                "id_number",
                id_type=kind.value,
                expected=expected,
                value=number,
                length=len(number),
            )
        ]
    if kind is IdType.CCCD:
        return _check_cccd(number, sex, dob, today)
    return []


def _check_cccd(
    number: str, sex: Sex | str | None, dob: date | None, today: date
) -> list[Problem]:
    info = decode_cccd(number)
    assert info is not None  # length and digits were checked by the caller
    problems: list[Problem] = []
    if info.province not in province_codes():
        problems.append(error("ID_PROVINCE_UNKNOWN", "id_number", province=info.province))
    if info.birth_year > today.year:  # a century digit for people not yet born
        problems.append(error("ID_CENTURY_INVALID", "id_number", digit=number[3]))
        return problems
    entered = (_SEXES.get(sex) or Sex(sex)) if sex else None
    if entered is not None and entered is not info.sex:
        problems.append(
            error(
                "ID_SEX_MISMATCH",
                "id_number",
                id_sex=Part(f"SEX_{info.sex.value}"),  # "female" in English, not "Nữ"
                entered_sex=Part(f"SEX_{entered.value}"),
            )
        )
    if dob is not None and dob.year != info.birth_year:
        problems.append(
            error(
                "ID_BIRTH_YEAR_MISMATCH",
                "id_number",
                id_year=info.birth_year,
                entered_year=dob.year,
            )
        )
    return problems


def _check_no_id(
    reason: NoIdReason | str | None, dob: date | None, today: date
) -> list[Problem]:
    if not reason:
        return [error("NO_ID_REASON_REQUIRED", "no_id_reason")]
    if (
        NoIdReason(reason) is NoIdReason.CHILD_WITHOUT_NUMBER
        and dob is not None
        and age_on(dob, today) >= CHILD_MAX_AGE
    ):
        return [error("NO_ID_CHILD_TOO_OLD", "no_id_reason", max_age=CHILD_MAX_AGE)]
    return []


def clean_phone(raw: str | None) -> str:
    """Vietnamese phone numbers in one form: digits, national prefix 0.

    >>> clean_phone("+84 912 345 678"), clean_phone("0912.345.678")
    ('0912345678', '0912345678')
    >>> clean_phone("84912345678"), clean_phone("842438561234")  # "+84" a number cell lost
    ('0912345678', '02438561234')
    """
    digits = re.sub(r"[\s.\-()]", "", raw or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and (len(digits) == 11
                                      or (len(digits) == 12 and digits[2] == "2")):
        digits = "0" + digits[2:]
    return digits


def check_phone(raw: str | None) -> list[Problem]:
    """Optional; if given: 10 digits starting 0 (mobile) or 11 starting 02 (landline); never
    "00", the international prefix (the first digits of a CCCD, 001…, were kept as one).

    >>> [p.code for p in check_phone("0011900123")], check_phone("0912345678")
    (['PHONE_INVALID'], [])
    """
    if not raw or not raw.strip():
        return []
    return [] if is_phone(clean_phone(raw)) else [
        error("PHONE_INVALID", "phone", value=raw.strip())]


def is_phone(phone: str) -> bool:
    """``check_phone``'s rule for a phone already in ``clean_phone``'s form: what the
    importer asks of every row's phone, at a tenth of the cost.

    >>> is_phone("0912345678"), is_phone("02438123456"), is_phone("0"), is_phone("091234567")
    (True, True, False, False)
    >>> is_phone("2438561234")  # a landline whose 0 Excel dropped: clean_phone's to restore
    False
    """
    return all_digits(phone) and phone[:2] != "00" and (
        (len(phone) == 10 and phone[0] == "0") or (len(phone) == 11 and phone[:2] == "02"))
