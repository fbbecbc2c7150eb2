"""A lot at the desk: of the product being given, and not past its expiry on the day.

Lots are known from the central platform's list (pulled by the sync) or entered in the
desk's "today" panel with their expiry. A lot nobody has listed is left to the clerk: a
site offline since morning may hold a new delivery the list has not reached yet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import Words
from desktop_app.rules.problems import Problem, error

# A lot is printed in letters and digits, perhaps with these between; never this long.
LOT_PUNCTUATION = "-./"
LOT_MAX_LENGTH = 30


@dataclass(frozen=True)
class LotFact:
    product_code: str
    lot_number: str
    expiry_date: date | None


def check_lot(product_code: str | None, lot_number: str | None, dose_date: date | None,
              known: Iterable[LotFact], names: Mapping[str, Words] | None = None
              ) -> list[Problem]:
    """LOT_OTHER_PRODUCT or LOT_EXPIRED for a listed lot; nothing for an unlisted one.
    ``names`` gives the products' names for the message (else their codes):
    ``Product.names``, so the message names it in the language it is read in.

    >>> lots = [LotFact("COMIRNATY", "FK1", date(2026, 1, 31))]
    >>> [p.code for p in check_lot("SPIKEVAX", "fk1", date(2026, 1, 2), lots)]
    ['LOT_OTHER_PRODUCT']
    >>> [p.code for p in check_lot("COMIRNATY", "FK1", date(2026, 2, 1), lots)]
    ['LOT_EXPIRED']
    >>> check_lot("COMIRNATY", "FK1", date(2026, 1, 31), lots)
    []
    """
    number = normal_lot(lot_number)
    if not number or not product_code:
        return []
    same = [lot for lot in known if normal_lot(lot.lot_number) == number]
    if not same:
        return []
    mine = [lot for lot in same if lot.product_code == product_code]
    if not mine:
        return [error("LOT_OTHER_PRODUCT", "lot_number", lot=number,
                      product=(names or {}).get(same[0].product_code,
                                                same[0].product_code))]
    expiry = mine[0].expiry_date
    if expiry is not None and dose_date is not None and dose_date > expiry:
        return [error("LOT_EXPIRED", "lot_number", lot=number, expiry=format_date(expiry))]
    return []


def check_lot_format(lot_number: str | None) -> list[Problem]:
    """LOT_FORMAT for text that cannot be a lot number: letters, digits and ``- . /`` only
    (spaces aside), 30 at most. An ID card's QR (the next person's card scanned while the
    lot field had the keys) is refused here, not saved on the dose and sent on.

    >>> check_lot_format("FK 1234"), check_lot_format("md-0042"), check_lot_format("")
    ([], [], [])
    >>> [p.code for p in check_lot_format("001085054321||Trần Văn Bình|12071985|Nam|Hà Nội|")]
    ['LOT_FORMAT']
    """
    typed = (lot_number or "").strip()
    number = normal_lot(typed)
    if len(number) <= LOT_MAX_LENGTH and all(c.isalnum() or c in LOT_PUNCTUATION
                                             for c in number):
        return []
    shown = typed if len(typed) <= 20 else typed[:20] + "…"  # the field holds the rest
    return [error("LOT_FORMAT", "lot_number", value=shown)]


def lot_as_listed(lot_number: str | None, known: Iterable[LotFact],
                  product_code: str | None = None) -> str | None:
    """The lot as a dose stores it: the listed lot's own number when the typed one is that
    lot (the product's own first), else the typed one as lots are printed; None for none.
    The dose, the platform's copy and the report by lot then name one lot one way.

    >>> lots = [LotFact("COMIRNATY_PAED", "PD1", None)]
    >>> lot_as_listed("pd 1", lots), lot_as_listed(" fk 12 ", lots), lot_as_listed(" ", lots)
    ('PD1', 'FK12', None)
    """
    number = normal_lot(lot_number)
    same = sorted((lot for lot in known if normal_lot(lot.lot_number) == number),
                  key=lambda lot: lot.product_code != product_code)
    return (same[0].lot_number if same else number) or None


def normal_lot(lot_number: str | None) -> str:
    """Lots are printed in capitals; a clerk types them any way.

    >>> normal_lot(" fk 1234 ")
    'FK1234'
    """
    return "".join((lot_number or "").split()).upper()
