"""The Backfill area: import a spreadsheet, type paper records one by one, or look at the
imports made (and undo one)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desktop_app.services.paper_backfill import CONFIRMED
from desktop_app.ui.backfill.import_panel import ImportPanel
from desktop_app.ui.backfill.imports_panel import ImportsPanel
from desktop_app.ui.backfill.paper_form import CARRIED, PaperForm
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import confirm
from desktop_app.ui.tasks import Job


class BackfillScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        # An import and an undo never run at once (services/import_batches.claim): each
        # panel waits for the other's.
        self.import_panel = ImportPanel(ctx, undoing=lambda: self.imports_panel.job is not None)
        self.paper_form = PaperForm(ctx)
        self.imports_panel = ImportsPanel(ctx, busy=lambda: self.import_panel.job is not None)
        self.imports_panel.running_changed.connect(self.import_panel.enable_import)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.import_panel, self.tr("From a spreadsheet"))
        self.tabs.addTab(self.paper_form, self.tr("From paper forms"))
        self.tabs.addTab(self.imports_panel, self.tr("Imports made"))
        # Ctrl+Tab or a click left the focus on the tab bar: the volunteer pressed Tab
        # before every stack of forms. The paper tab opens on its first field, as the area.
        self.tabs.currentChanged.connect(lambda _index: self.activate())
        QVBoxLayout(self).addWidget(self.tabs)

    def activate(self) -> None:
        if self.tabs.currentWidget() is self.paper_form:
            self.paper_form.full_name.setFocus()
        elif self.tabs.currentWidget() is self.imports_panel:
            self.imports_panel.refresh()

    def may_discard(self) -> bool:
        """True when no import runs and no paper form is half typed, or the volunteer agreed
        to stop the one and lose the other: closing the window and a language switch ask
        this, as they ask the desk's question. A closed window's import went on unseen."""
        if self.import_panel.job is not None and not self.import_panel.job.cancelled \
                and not confirm(
                    self, self.tr("Stop the running import?"),
                    self.tr("A file is being imported. Stop it? The rows read so far are "
                            "kept; import the same file again to take the rest."),
                    self.tr("Stop the import"), self.tr("Keep importing")):
            return False
        if not self._person_typed():
            return True
        return confirm(
            self, self.tr("Discard this paper form?"),
            self.tr("The paper form in Backfill has not been saved. Discard it?"),
            self.tr("Discard"), self.tr("Keep editing"),
        )

    def stop_work(self) -> list[Job]:
        """The window is closing: a running import stops as its Stop button stops it; its
        job, which the app's exit waits for (``Shell.stop``)."""
        job = self.import_panel.job
        self.import_panel.stop()
        return [job] if job is not None else []

    def _person_typed(self) -> bool:
        # The vaccine, lot and site stay after every save (the next form's): only what a
        # save clears is a form in progress, else closing after a stack would always ask;
        # the questions already answered are no typing of their own.
        return any(text.strip() for name, text in self.paper_form.values().items()
                   if name not in CARRIED and name != CONFIRMED)
