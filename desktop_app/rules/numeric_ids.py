"""An ID number that Excel turned into a number: its leading zeros are gone.

Every CCCD starts with a province code 001-096, so a CCCD typed into a General cell loses one
zero (038... -> 38..., 11 digits) or two (001... -> 1..., 10 digits). The zeros come back
only when the padded number starts with a real province code: an 11-digit number that pads
to "099..." was something else, and guessing would make a stranger's ID. The old 9-digit
CMND starts with a two-digit area code 01-38ish; "0X" is a real one for every X, "00" is
not, so 8 digits pad to 9 and 7 digits do not. What is not restored keeps the digits as read
and the identity rules flag its length, so someone looks at it.
"""

from __future__ import annotations

from functools import cache

from desktop_app.rules.identity import IdType, province_codes

_CCCD, _CMND = IdType.CCCD.value, IdType.CMND.value


@cache
def _provinces() -> frozenset[str]:
    return frozenset(province_codes())


def id_from_number(value: int | float) -> tuple[str, str]:
    """(ID number, ID type) from a numeric cell.

    >>> id_from_number(1090012345.0), id_from_number(38190000123)
    (('001090012345', 'CCCD'), ('038190000123', 'CCCD'))
    >>> id_from_number(99190000123), id_from_number(12345678), id_from_number(1234567)
    (('99190000123', 'CCCD'), ('012345678', 'CMND'), ('1234567', 'CMND'))
    """
    digits = str(int(value))
    length = len(digits)
    if length in (10, 11):
        padded = digits.zfill(12)
        return (padded if padded[:3] in _provinces() else digits), _CCCD
    if length == 8:
        return "0" + digits, _CMND
    return digits, (_CMND if length <= 9 else _CCCD)
