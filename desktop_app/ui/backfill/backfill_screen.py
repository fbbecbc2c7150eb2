"""The Backfill area: import a spreadsheet, or type paper records one by one."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_app.ui.backfill.import_panel import ImportPanel
from desktop_app.ui.backfill.paper_form import PaperForm
from desktop_app.ui.context import AppContext


class BackfillScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.import_panel = ImportPanel(ctx)
        self.paper_form = PaperForm(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.import_panel, self.tr("From a spreadsheet"))
        self.tabs.addTab(self.paper_form, self.tr("From paper forms"))
        QVBoxLayout(self).addWidget(self.tabs)

    def activate(self) -> None:
        if self.tabs.currentWidget() is self.paper_form:
            self.paper_form.full_name.setFocus()
