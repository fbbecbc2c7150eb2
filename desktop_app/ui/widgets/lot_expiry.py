"""A lot's expiry beside its number, as the desk's "today" panel and the setup dialog show it.

A lot already listed has its expiry on record: shown, read only. A new one asks for the date
printed on its box; a listed lot's date shown a moment before is cleared then, so it is never
taken for the new lot's.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.rules.lots import LotFact, normal_lot
from desktop_app.ui.widgets.date_field import DateField


def show_lot_expiry(expiry: DateField, lots: Sequence[LotFact], typed: str) -> None:
    number = normal_lot(typed)
    lot = next((x for x in lots if normal_lot(x.lot_number) == number), None)
    was_listed = expiry.isReadOnly()
    expiry.setReadOnly(lot is not None)
    if lot is not None:
        expiry.set_value(lot.expiry_date)
    elif was_listed:
        expiry.set_value(None)
