"""A report chart's legend as widgets under the bars: each series' colour and its whole
name, wrapping onto as many lines as the width needs (``FlowLayout``).

Qt Charts' own legend lays its names on one line and cuts what does not fit: at 1024x600
four vaccines read "Comirnaty…  Vaxzevria…  Vero Cell (…  Spikevax …", the same names the
PDF's legend wraps whole (``services/report_pdf_chart.py``)."""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QHBoxLayout, QWidget

from desktop_app.ui.widgets.flow_layout import FlowLayout, row_of
from desktop_app.ui.widgets.plain_label import plain_label

SWATCH = 10  # px, a square of the series' colour


class ChartLegend(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self._flow = FlowLayout(self, spacing=12)
        self._flow.setContentsMargins(4, 2, 4, 2)
        self.setVisible(False)
        self.entries: list[tuple[str, str]] = []  # (name, colour) shown, in order

    def show_series(self, series: list[tuple[str, str]]) -> None:
        """``series``: (name, colour) in the chart's order; one or none needs no legend
        (the table's heading names it)."""
        while (item := self._flow.takeAt(0)) is not None:
            if item.widget() is not None:
                item.widget().deleteLater()
        for name, colour in series:
            swatch = QFrame()
            swatch.setFixedSize(SWATCH, SWATCH)
            swatch.setStyleSheet(f"background: {colour}")
            pair = QHBoxLayout()
            pair.setSpacing(4)
            pair.addWidget(swatch)
            pair.addWidget(plain_label(name))
            self._flow.addWidget(row_of(pair))
        self.entries = list(series)
        self.setVisible(len(series) > 1)
