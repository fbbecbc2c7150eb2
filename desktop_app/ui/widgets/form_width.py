"""The width a form takes with every caption beside its field.

A form whose long rows wrap (``QFormLayout.WrapLongRows``: a caption above its field) is as
narrow as its widest field, and a layout short of room gives it no more. Where there is
room, ``unwrapped_width`` is how wide to keep it for no row to wrap: the desk's entry keeps
its forms so beside the observation list on every screen but a netbook at 150 % scaling.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout

ROLE = QFormLayout.ItemRole


def unwrapped_width(form: QFormLayout) -> int:
    """The least width of ``form`` with no row wrapped: its widest caption and its widest
    field side by side (a row spanning both, alone), its hidden rows left out."""
    captions = fields = spanning = 0
    for row in range(form.rowCount()):
        span, field = form.itemAt(row, ROLE.SpanningRole), form.itemAt(row, ROLE.FieldRole)
        if span is not None and not span.isEmpty():
            spanning = max(spanning, span.minimumSize().width())
        if field is None or field.isEmpty():
            continue
        fields = max(fields, field.minimumSize().width())
        caption = form.itemAt(row, ROLE.LabelRole)
        if caption is not None and not caption.isEmpty():
            captions = max(captions, caption.minimumSize().width())
    margins = form.contentsMargins()
    beside = captions + max(form.horizontalSpacing(), 0) + fields if captions else fields
    return max(beside, spanning) + margins.left() + margins.right()
