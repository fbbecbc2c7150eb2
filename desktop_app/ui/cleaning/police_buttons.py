"""The police round trip's two buttons: write the chosen list for verification (everyone in
it is then marked sent), and read a returned file into the preview, where nothing changes
and nothing is asked of the central platform until Apply (as ``vaxdesk cleaning import``
without ``--apply``: the same service, ``police_elsewhere.preview_returned``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QWidget

from desktop_app.clock import local_today
from desktop_app.services import police_elsewhere, police_export
from desktop_app.services.actor import SUPERVISORS
from desktop_app.services.police_export import ExportPlan
from desktop_app.services.police_returned import Returned
from desktop_app.ui import file_dialogs
from desktop_app.ui.cleaning.counts_bar import CountsBar
from desktop_app.ui.cleaning.police_preview import PolicePreviewDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import ask_save_path, confirm
from desktop_app.ui.operations import Op
from desktop_app.ui.when_present import ask_when_present


class PoliceButtons(QWidget):
    said = Signal(str)  # a sentence for the screen's message line

    def __init__(self, ctx: AppContext, counts: CountsBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.counts = counts
        self.listed = 0  # how many rows the table shows: what an export would write
        self.dialog: QDialog | None = None
        self.export_button = QPushButton(self.tr("E&xport for verification…"))
        self.import_button = QPushButton(self.tr("&Import verification results…"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.export_button)
        layout.addWidget(self.import_button)
        self.export_button.clicked.connect(self.ask_export)
        self.import_button.clicked.connect(self.ask_import)

    def allow(self, allowed: bool, listed: int) -> None:
        self.listed = listed
        self.export_button.setEnabled(allowed and listed > 0)
        self.import_button.setEnabled(allowed)

    # -- out -------------------------------------------------------------------------------
    def ask_export(self) -> None:
        """Who would be written is read first (those already sent stay out unless the sent
        status is chosen), then asked (a whole list changes status), then where to write."""
        if not self.export_button.isEnabled():
            return
        chosen = self._chosen()
        Op.read(self.ctx, self, lambda db: police_export.export_plan(db, **chosen)) \
            .done(self._confirm_export).run()

    def _chosen(self) -> dict[str, Any]:
        """The table's filters, every one: the export writes exactly the rows shown (it once
        left out the commune and "late only", and wrote every ward's people)."""
        c = self.counts
        return {"status": c.status, "problem": c.chosen_problem, "work_list": c.work_list,
                "commune": c.chosen_commune, "late_only": c.late_only}

    def _confirm_export(self, plan: ExportPlan) -> None:
        if not plan.cases:  # those a rule keeps out are said as such (a fixed case)
            self.said.emit(" ".join(plan.refusals(self.ctx.lang))
                           or self.ctx.text("POLICE_EXPORT_NOBODY"))
            return
        title = self.tr("Export for verification")
        ask_when_present(self.ctx, self, lambda: self._ask_export(plan, title), title=title,
                         roles=SUPERVISORS)

    def _ask_export(self, plan: ExportPlan, title: str) -> None:
        if not confirm(self, title, plan.question(self.ctx.lang), self.tr("Export"),
                       self.tr("Cancel")):
            return
        suggested = self.ctx.text("FILE_POLICE_EXPORT", day=local_today().isoformat())
        path = ask_save_path(self, self.tr("Export for verification"), suggested,
                             self.tr("Excel workbook (*.xlsx)"), ".xlsx")
        if path:
            self.export_to(path)

    def export_to(self, out: Path) -> None:
        actor, lang = self.ctx.actor, self.ctx.lang
        chosen = self._chosen()
        Op.bulk(self.ctx, self, lambda db: police_export.export_for_police(
            db, out, actor=actor, lang=lang, **chosen)) \
            .with_progress(self.tr("Writing the verification list…")) \
            .done(lambda count: self._exported(count, out)).run()

    def _exported(self, count: int, out: Path) -> None:
        self.said.emit(self.ctx.text("POLICE_EXPORTED", count=count, path=out))
        self.ctx.data_changed.emit("cleaning")

    # -- back ------------------------------------------------------------------------------
    def ask_import(self) -> None:
        path = file_dialogs.ask_open_path(self, self.tr("Import verification results"),
                                          self.tr("Spreadsheets (*.xlsx *.xlsm *.xls *.ods)"))
        if path:
            self.import_from(path)

    def import_from(self, path: Path) -> None:
        """Read and compare only: nothing changes, and no new ID number is looked up on the
        central platform (a look-up discloses a citizen's data and spends the site's hourly
        limit), until Apply in the preview; the preview says how many Apply will ask."""
        if not self.import_button.isEnabled():
            return
        actor, lang = self.ctx.actor, self.ctx.lang
        Op.bulk(self.ctx, self, lambda db: police_elsewhere.preview_returned(
            db, path, actor=actor, lang=lang)) \
            .with_progress(self.ctx.text("READING_FILE", file=path.name)) \
            .done(lambda returned: ask_when_present(
                self.ctx, self, lambda: self._preview(returned),
                title=self.tr("Import verification results"), roles=SUPERVISORS)).run()

    def _preview(self, returned: Returned) -> PolicePreviewDialog:
        self.dialog = PolicePreviewDialog(self.ctx, returned, self)
        self.dialog.open()
        return self.dialog
