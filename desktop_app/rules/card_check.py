"""A scanned chip card against the record it found: what differs, and what it may fill in.

The card in the clerk's hand is the authority on who its holder is: a record imported as
"Nguyen Thi Nhung, 01/01/1990" that the card says is "Nguyễn Thị Nhung, 05/03/1990" is wrong,
and the desk says so instead of opening it silently (a supervisor corrects it from the card, a
clerk puts it on the cleaning worklist with the card's values). What the record lacks and the
card holds (the address, the old CMND) may be filled in, but only from a card that agrees with
the record: a card that does not may not be the record's person at all.

The name is compared with its diacritics (after the stored form's spacing and capitals: a card
prints "NGUYỄN THỊ NHUNG"); the ID number only when the record is not held under the card's
CCCD (found by the old CMND the card still carries).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import NamedTuple, Protocol

from desktop_app.rules.cccd_qr import CccdQr
from desktop_app.rules.field_values import field_label, shown_value
from desktop_app.rules.identity import IdType, clean_id_number, is_well_formed_id
from desktop_app.rules.messages import text
from desktop_app.rules.names import normalize_name

# On the cleaning worklist: a scanned card disagrees with the record (its values are in the
# case's note, services/card_check.py).
CARD_DIFFERS = "CARD_DIFFERS"
COMPARED = ("full_name", "dob", "sex", "id_number")
FILLED = ("address", "old_id_number")


class HeldIdentity(Protocol):
    """What a record holds of a person's identity (a stored person, the desk's card)."""

    @property
    def full_name(self) -> str: ...
    @property
    def dob(self) -> date | None: ...
    @property
    def sex(self) -> str | None: ...
    @property
    def id_number(self) -> str | None: ...


class Difference(NamedTuple):
    field: str  # one of COMPARED
    card: str | date  # as the card says, stored form ("F", a date)
    record: str | date | None  # as the record holds it


def card_differences(card: CccdQr, record: HeldIdentity) -> tuple[Difference, ...]:
    """Where the record disagrees with the card, in the order of ``COMPARED``.

    >>> from desktop_app.rules.identity import Sex
    >>> card = CccdQr("001190012345", "012345678", "Nguyễn Thị Nhung", date(1990, 3, 5),
    ...               Sex.FEMALE, "Số 1, Phường Láng, Hà Nội", None)
    >>> class Held(NamedTuple):
    ...     full_name: str
    ...     dob: date | None
    ...     sex: str | None
    ...     id_number: str | None
    >>> for d in card_differences(card, Held("Nguyen Thi Nhung", date(1990, 1, 1), "F",
    ...                                       "001190012345")):
    ...     print(d.field, d.card, "|", d.record)
    full_name Nguyễn Thị Nhung | Nguyen Thi Nhung
    dob 1990-03-05 | 1990-01-01
    >>> card_differences(card, Held("NGUYỄN  THỊ NHUNG", date(1990, 3, 5), "F", "001190012345"))
    ()
    >>> [d.field for d in card_differences(card, Held("Nguyễn Thị Nhung", None, "M",
    ...                                                "012345678"))]
    ['dob', 'sex', 'id_number']
    """
    found = []
    if normalize_name(card.full_name) != normalize_name(record.full_name or ""):
        found.append(Difference("full_name", card.full_name, record.full_name))
    if card.dob != record.dob:
        found.append(Difference("dob", card.dob, record.dob))
    if card.sex.value != record.sex:
        found.append(Difference("sex", card.sex.value, record.sex))
    if card.id_number != record.id_number:
        found.append(Difference("id_number", card.id_number, record.id_number))
    return tuple(found)


def card_fills(card: CccdQr, *, address: str | None, old_id_number: str | None,
               id_number: str | None) -> dict[str, str]:
    """What the card may fill in: an address or old CMND the record lacks and the card has
    (never one the record already holds, even a different one: that is a correction).

    >>> from desktop_app.rules.identity import Sex
    >>> card = CccdQr("001190012345", "012345678", "Trần An", date(1990, 1, 1), Sex.MALE,
    ...               "Huế", None)
    >>> card_fills(card, address=None, old_id_number="", id_number="001190012345")
    {'address': 'Huế', 'old_id_number': '012345678'}
    >>> card_fills(card, address="Đà Nẵng", old_id_number=None, id_number="012345678")
    {}
    """
    fills: dict[str, str] = {}
    if not (address or "").strip() and card.address:
        fills["address"] = card.address
    if not old_id_number and card.old_id_number and card.old_id_number != id_number:
        fills["old_id_number"] = card.old_id_number
    return fills


def card_corrections(card: CccdQr, differences: Iterable[Difference], *,
                     id_type: str | None, id_number: str | None) -> dict[str, object]:
    """The correction that makes the record say what the card says. A record held under
    the old CMND takes the card's CCCD as its ID, the CMND kept as the old number.

    >>> from desktop_app.rules.identity import Sex
    >>> card = CccdQr("001190012345", None, "Trần An", date(1990, 1, 1), Sex.MALE, "", None)
    >>> changes = card_corrections(
    ...     card, [Difference("full_name", "Trần An", "Tran An"),
    ...            Difference("id_number", "001190012345", "012345678")],
    ...     id_type="CMND", id_number="012345678")
    >>> for name, value in changes.items():
    ...     print(name, value)
    full_name Trần An
    id_type CCCD
    id_number 001190012345
    old_id_number 012345678
    """
    changes: dict[str, object] = {}
    for difference in differences:
        if difference.field == "id_number":
            changes.update(cccd_replacing(card.id_number, id_type=id_type, id_number=id_number))
        else:
            changes[difference.field] = difference.card
    return changes


def cccd_replacing(cccd: str, *, id_type: str | None, id_number: str | None
                   ) -> dict[str, str]:
    """The correction that gives a record a CCCD, from a card or the police's answer: a
    record held under the old CMND keeps it as the old number (the person's papers, and
    the card's QR code, still carry it; other sites find them by it).

    >>> cccd_replacing("001190012345", id_type="CMND", id_number="012345678")
    {'id_type': 'CCCD', 'id_number': '001190012345', 'old_id_number': '012345678'}
    >>> cccd_replacing("001190012345", id_type="NONE", id_number=None)
    {'id_type': 'CCCD', 'id_number': '001190012345'}

    A number only a CMND's by its length ("001", flagged when imported) is no one's old
    number: kept, it would be synced and matched at other sites.

    >>> cccd_replacing("001190012345", id_type="CMND", id_number="001")
    {'id_type': 'CCCD', 'id_number': '001190012345'}
    """
    changes = {"id_type": IdType.CCCD.value, "id_number": cccd}
    if id_type == IdType.CMND and is_well_formed_id(IdType.CMND.value, id_number):
        changes["old_id_number"] = id_number
    return changes


def cmnd_kept(changes: Mapping[str, object], *, id_type: str | None,
              id_number: str | None) -> dict[str, object]:
    """A correction typed by hand, with ``cccd_replacing``'s rule applied: a new CCCD for a
    record held under a CMND (``id_type``, ``id_number``) keeps the CMND as the old number,
    as a card's or the police's correction keeps it; one that names the old number itself
    is left as it is.

    >>> cmnd_kept({"id_type": "CCCD", "id_number": "001190012345"},
    ...           id_type="CMND", id_number="012345678")
    {'id_type': 'CCCD', 'id_number': '001190012345', 'old_id_number': '012345678'}
    >>> cmnd_kept({"full_name": "Trần An"}, id_type="CMND", id_number="012345678")
    {'full_name': 'Trần An'}
    >>> cmnd_kept({"id_type": "CCCD", "id_number": "001190012345", "old_id_number": None},
    ...           id_type="CMND", id_number="012345678")["old_id_number"] is None
    True
    """
    number = clean_id_number(str(changes.get("id_number") or ""))
    if "old_id_number" in changes or changes.get("id_type", id_type) != IdType.CCCD \
            or not number or number == clean_id_number(id_number):
        return dict(changes)
    return {**cccd_replacing(number, id_type=id_type, id_number=id_number), **changes}


def described(difference: Difference, lang: str) -> str:
    """One difference in a sentence: what the card says, what the record holds.

    >>> described(Difference("dob", date(1990, 3, 5), date(1990, 1, 1)), "vi")
    'Ngày sinh: thẻ ghi “05/03/1990”, hồ sơ ghi “01/01/1990”'
    >>> described(Difference("sex", "F", None), "en")
    'Sex: the card says “female”, the record “—”'
    """
    return text("CARD_DIFFERS_LINE", lang, field=field_label(difference.field, lang),
                card=shown_value(difference.field, difference.card, lang),
                record=shown_value(difference.field, difference.record, lang))


def card_note(differences: Iterable[Difference], lang: str) -> str:
    """The card's values, for the cleaning case's note (the record's are on the record).

    >>> card_note([Difference("full_name", "Nguyễn Thị Nhung", "Nguyen Thi Nhung"),
    ...            Difference("dob", date(1990, 3, 5), date(1990, 1, 1))], "vi")
    'Thẻ CCCD ghi: Họ và tên “Nguyễn Thị Nhung”; Ngày sinh “05/03/1990”'
    """
    values = "; ".join(f"{field_label(d.field, lang)} “{shown_value(d.field, d.card, lang)}”"
                       for d in differences)
    return text("CARD_NOTE", lang, values=values)
