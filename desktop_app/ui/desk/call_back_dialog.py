"""The call-back list: who is due or overdue for their next dose, or soon will be, with
phone numbers; exported to .xlsx for the calls."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.dates import format_date
from desktop_app.rules.numbers import count
from desktop_app.services.callbacks import (
    CallBack,
    call_back_list,
    columns,
    export_call_backs,
    row_values,
)
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import ask_save_path
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.row_table import Index, RowTableModel, row_view
from desktop_app.ui.widgets.screen_fit import resize_within_screen


class CallBackModel(RowTableModel):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.headers = columns(ctx.lang)
        self.rows: list[tuple[Any, ...]] = []

    def set_rows(self, found: list[CallBack]) -> None:
        self.beginResetModel()
        self.rows = []
        for c in found:
            self.rows.append(row_values(c, self.ctx.lang,
                                        self.ctx.product_name(c.product_code)))
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        value = self.rows[index.row()][index.column()]
        return format_date(value) if isinstance(value, date) else value


class CallBackDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(ctx.text("CALLBACK_TITLE"))
        self.model = CallBackModel(ctx)
        self.table = row_view(self.model)
        self.count = plain_label()
        self.export_button = QPushButton(self.tr("Export to Excel (.xlsx)…"))
        self.export_button.clicked.connect(lambda: self.export())
        bottom = QHBoxLayout()
        bottom.addWidget(self.count)
        bottom.addStretch()
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        # Nine columns, two of them vaccine names: at its bare size hint (about 280 px) the
        # list showed one name and a sideways scroll; it opens as wide as its columns need,
        # within the screen.
        resize_within_screen(self, 1280, 520)
        Op.read(ctx, self, call_back_list).done(self._show).run()

    def _show(self, found: list[CallBack]) -> None:
        self.model.set_rows(found)
        self.table.resizeColumnsToContents()
        self.count.setText(self.tr("{n} people to call").format(n=count(len(found),
                                                                        self.ctx.lang)))

    def export(self, path: str | None = None) -> None:
        if not path:
            path = ask_save_path(self, self.tr("Export"), self.ctx.text("FILE_CALLBACK"),
                                 "Excel (*.xlsx)", ".xlsx")
        if path:
            out = Path(path)
            Op.write(self.ctx, self, lambda db: export_call_backs(db, out, actor=self.ctx.actor,
                                                                  lang=self.ctx.lang)) \
                .done(lambda n: self.count.setText(self.tr("{n} people exported to {path}")
                                                   .format(n=count(n, self.ctx.lang),
                                                           path=out.name))).run()
