"""The chip-card citizen ID's QR code, as a USB 2D scanner types it into a text box.

The code on the front of a CCCD holds seven fields joined by ``|``::

    ID|old ID|name|ddmmyyyy|sex|address|issue date

the 12-digit ID, the old 9-digit CMND (empty when the holder never had one), the name with
its diacritics, the date of birth, "Nam" or "Nữ", the permanent address and the card's issue
date. Newer cards append fields after these; they are ignored. A scanner "types" the text,
so it arrives in a search box like anything else: ``read_cccd_qr`` tells it apart (None for
ordinary text) and reads it, or says which field is wrong.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import NamedTuple

from desktop_app.rules.identity import Sex
from desktop_app.rules.messages import UserError
from desktop_app.rules.names import normalize_name
from desktop_app.rules.text_fields import all_digits

SEPARATOR = "|"
FIELDS = 7
# Ordinary search text never holds five bars; a scan that lost a field still does, and is
# then reported as a damaged scan rather than searched for as a name.
_MIN_BARS = 5
_SEXES = {"nam": Sex.MALE, "nữ": Sex.FEMALE, "nu": Sex.FEMALE}


class CccdQr(NamedTuple):
    id_number: str
    old_id_number: str | None
    full_name: str
    dob: date
    sex: Sex
    address: str
    issued: date | None


def looks_like_cccd_qr(text: str) -> bool:
    """Whether ``text`` is meant as a scanned QR (well-formed or not).

    >>> looks_like_cccd_qr("001190012345||Nguyễn Văn An|01011990|Nam|Hà Nội|01012021")
    True
    >>> looks_like_cccd_qr("nguyen van an")
    False
    """
    return text.count(SEPARATOR) >= _MIN_BARS


def read_cccd_qr(text: str) -> CccdQr | None:
    """The card's fields, or None when ``text`` is not a scan at all.

    Raises ``UserError("CCCD_QR_INVALID", field=...)`` for a scan with a wrong field (a
    scanner that dropped characters), so the clerk scans again instead of registering a
    wrong person.

    >>> qr = read_cccd_qr("001190012345|123456789|NGUYỄN THỊ NHUNG|05031990|Nữ|"
    ...                   "Số 1, Phường Láng, Hà Nội|10052021")
    >>> qr.id_number, qr.old_id_number, qr.full_name, qr.dob, qr.sex.value
    ('001190012345', '123456789', 'Nguyễn Thị Nhung', datetime.date(1990, 3, 5), 'F')
    >>> qr.address, qr.issued
    ('Số 1, Phường Láng, Hà Nội', datetime.date(2021, 5, 10))
    >>> read_cccd_qr("038095000123||Lê Văn Tám|31121995|Nam|Thanh Hóa|").old_id_number is None
    True
    >>> read_cccd_qr("nguyen thi nhung") is None
    True
    >>> try:
    ...     read_cccd_qr("00119001234|123456789|A B|05031990|Nữ|x|10052021")
    ... except UserError as damaged:
    ...     print(damaged.code, damaged.params)
    CCCD_QR_INVALID {'position': 1, 'value': '00119001234'}
    """
    text = unicodedata.normalize("NFC", text).strip()
    if not looks_like_cccd_qr(text):
        return None
    parts = [p.strip() for p in text.split(SEPARATOR)]
    if len(parts) < FIELDS:
        parts += [""] * (FIELDS - len(parts))
    id_number, old_id, name, dob, sex, address, issued = parts[:FIELDS]
    if not (all_digits(id_number) and len(id_number) == 12):
        raise _invalid("id_number", id_number)
    if old_id and not (all_digits(old_id) and len(old_id) in (9, 12)):
        raise _invalid("old_id_number", old_id)
    full_name = normalize_name(name)
    if not full_name or any(c.isdigit() for c in full_name):
        raise _invalid("full_name", name)
    born = _date(dob)
    if born is None:
        raise _invalid("dob", dob)
    holder_sex = _SEXES.get(sex.lower())
    if holder_sex is None:
        raise _invalid("sex", sex)
    issue_date = _date(issued)
    if issued and issue_date is None:
        raise _invalid("issued", issued)
    return CccdQr(id_number, old_id if old_id and old_id != id_number else None, full_name,
                  born, holder_sex, " ".join(address.split()), issue_date)


def card_number(text: str) -> str | None:
    """The CCCD of a well-formed scan, else None (ordinary text or a damaged scan).

    >>> card_number("001190012345||Trần An|01011990|Nam|Huế|"), card_number("tran an")
    ('001190012345', None)
    """
    try:
        card = read_cccd_qr(text)
    except UserError:
        return None
    return card.id_number if card else None


def format_cccd_qr(qr: CccdQr) -> str:
    """The text a card's QR holds, as its scanner types it (for tests and the demo).

    >>> q = read_cccd_qr("001190012345||Trần An|01011990|Nam|Huế|")
    >>> format_cccd_qr(q)
    '001190012345||Trần An|01011990|Nam|Huế|'
    """
    return SEPARATOR.join([
        qr.id_number, qr.old_id_number or "", qr.full_name, qr.dob.strftime("%d%m%Y"),
        "Nam" if qr.sex is Sex.MALE else "Nữ", qr.address,
        qr.issued.strftime("%d%m%Y") if qr.issued else ""])


def _date(ddmmyyyy: str) -> date | None:
    if not (all_digits(ddmmyyyy) and len(ddmmyyyy) == 8):
        return None
    try:
        return date(int(ddmmyyyy[4:]), int(ddmmyyyy[2:4]), int(ddmmyyyy[:2]))
    except ValueError:
        return None


_POSITIONS = {"id_number": 1, "old_id_number": 2, "full_name": 3, "dob": 4, "sex": 5,
              "issued": 7}


def _invalid(field: str, value: str) -> UserError:
    # The field by its place in the code: the same in both languages, and what a
    # technician comparing the scanner's output needs.
    return UserError("CCCD_QR_INVALID", position=_POSITIONS[field], value=value)
