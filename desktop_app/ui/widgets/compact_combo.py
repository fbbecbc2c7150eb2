"""Combo boxes as wide as their field, not as their longest item.

A QComboBox is by default as wide as its longest entry: one vaccine's full trade name made the
desk's dose form 400 px wide. A compact combo asks for room for ``chars`` characters and
shows the rest of a long choice in its open list (which is as wide as the longest entry).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox

from desktop_app.ui.widgets.product_combo import ProductCombo

if TYPE_CHECKING:
    from desktop_app.rules.catalogue import Catalogue

CHARS = 16


def compact(*combos: QComboBox, chars: int = CHARS) -> None:
    for combo in combos:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
        view = combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + 24)  # long names read whole


def product_combo(catalogue: Catalogue, lang: str, empty: str = "—") -> ProductCombo:
    """The catalogue's vaccines named in ``lang``, compact, after an empty choice (``empty``,
    its data None): a form that opened on the first vaccine saved it for whoever forgot to
    choose. Typed, it takes what ledgers write ("AZ", "Sinopharm"): ``ProductCombo``."""
    combo = ProductCombo(catalogue)
    combo.addItem(empty, None)
    for product in catalogue.products.values():
        combo.addItem(product.name_in(lang), product.code)
    compact(combo)
    return combo
