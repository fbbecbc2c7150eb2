"""Import a spreadsheet: pick the file, check how its columns were understood (and correct
them), see the first rows' outcomes, then import with progress and a Stop button."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_today
from desktop_app.importers.headers import FIELDS
from desktop_app.importers.reading import Table
from desktop_app.importers.rows import Row, RowReader
from desktop_app.services import backfill
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import Cancelled, Job

PREVIEW_ROWS = 20
OUTCOME_COLOURS = {"imported": "#1b5e20", "flagged": "#8a6d00", "rejected": "#b00020"}


class ImportPanel(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.path: Path | None = None
        self.sample: list[tuple[int, list]] = []
        self.report: backfill.ImportReport | None = None
        self.job: Job | None = None
        self.labels = {
            "full_name": self.tr("Full name"), "dob": self.tr("Date of birth"),
            "sex": self.tr("Sex"), "id_number": self.tr("ID number"),
            "phone": self.tr("Phone"), "address": self.tr("Address"),
            "product": self.tr("Vaccine"), "lot_number": self.tr("Lot"),
            "dose_number": self.tr("Dose number"), "dose_date": self.tr("Dose date"),
            "facility": self.tr("Vaccination site"),
        }
        self.file_label = QLabel(self.tr("No file chosen."))
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(lambda: self.choose_file())
        self.combos: dict[str, QComboBox] = {}
        grid = QGridLayout()
        for i, field in enumerate(FIELDS):
            combo = QComboBox()
            combo.currentIndexChanged.connect(self._judge_sample)
            self.combos[field] = combo
            grid.addWidget(QLabel(self.labels[field]), i // 4, (i % 4) * 2)
            grid.addWidget(combo, i // 4, (i % 4) * 2 + 1)
        self.preview = QTableWidget(0, 4)
        self.preview.setHorizontalHeaderLabels(
            [self.tr("Row"), self.tr("Outcome"), self.tr("Reason"), self.tr("Full name")])
        self.preview.horizontalHeader().setStretchLastSection(False)
        self.preview.verticalHeader().hide()  # the "Row" column is the sheet's own number
        self.preview.setColumnWidth(2, 520)
        self.preview.setColumnWidth(3, 220)
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.report_button = QPushButton(self.tr("Save report (JSON)…"))
        self.fix_button = QPushButton(self.tr("Save rows to fix (.xlsx)…"))
        for b in (self.report_button, self.fix_button):
            b.setEnabled(False)
        self.report_button.clicked.connect(lambda: self.save_report())
        self.fix_button.clicked.connect(lambda: self.save_fix_file())

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        run = QHBoxLayout()
        for w in (self.import_button, self.stop_button):
            run.addWidget(w)
        run.addWidget(self.progress, 1)
        after = QHBoxLayout()
        after.addWidget(self.summary, 1)
        after.addWidget(self.report_button)
        after.addWidget(self.fix_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid)
        layout.addWidget(self.preview, 1)
        layout.addLayout(run)
        layout.addLayout(after)

    # -- the file and its columns --------------------------------------------------------
    def choose_file(self, path: str | None = None) -> None:
        chosen = path or QFileDialog.getOpenFileName(
            self, self.tr("Choose a spreadsheet of historical doses"), "",
            self.tr("Spreadsheets (*.xlsx *.xls *.csv)"))[0]
        if not chosen:
            return
        self.path = Path(chosen)
        self.file_label.setText(self.ctx.text("READING_FILE", file=self.path.name))
        self.ctx.runner.aside(lambda: _inspect(self.path), self._inspected, self._failed)

    def _inspected(self, result: tuple) -> None:
        table, sample = result
        self.sample = sample
        headers = _column_labels(table)
        mapping = table.header.mapping if table.header else {}
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(none)"), -1)
            for index, header in enumerate(headers):
                combo.addItem(f"{_column_letter(index)}: {header}", index)
            combo.setCurrentIndex(combo.findData(mapping.get(field, -1)))
            combo.blockSignals(False)
        if table.header is None:
            where = self.tr("no header row found: map the columns")
        elif table.header.complete:
            where = self.ctx.text("BACKFILL_HEADER_AT", row=table.header.row_index + 1)
        else:
            where = self.ctx.text("BACKFILL_HEADER_PARTIAL", row=table.header.row_index + 1)
        self.file_label.setText(f"{self.path.name} — {table.sheet} — {where}")
        self._judge_sample()

    def mapping(self) -> dict[str, int]:
        return {f: c.currentData() for f, c in self.combos.items()
                if c.currentData() is not None and c.currentData() >= 0}

    def _judge_sample(self) -> None:
        mapping = self.mapping()
        ready = "full_name" in mapping and "dose_date" in mapping and self.path is not None
        self.import_button.setEnabled(ready and self.job is None)
        reader = RowReader(mapping, self.ctx.db.catalogue, local_today())
        rows = [r for r in (reader.read(n, cells) for n, cells in self.sample) if r is not None]
        self.preview.setRowCount(len(rows))  # blank template rows are skipped, as on import
        for i, row in enumerate(rows):
            self._show_row(i, row)

    def _show_row(self, i: int, row: Row) -> None:
        outcome = row.outcome
        names = {"imported": self.tr("will be imported"), "flagged": self.tr("flagged"),
                 "rejected": self.tr("rejected")}
        reason = " ".join(p.message(self.ctx.lang) for p in row.problems)
        for column, text in enumerate((str(row.sheet_row), names[outcome], reason,
                                       row.full_name)):
            item = QTableWidgetItem(text)
            if column == 1:
                item.setForeground(QColor(OUTCOME_COLOURS[outcome]))
            self.preview.setItem(i, column, item)

    # -- the import ------------------------------------------------------------------------
    def start_import(self) -> None:
        path, mapping = self.path, self.mapping()
        self.report = None
        self.import_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.summary.setText(self.tr("Importing…"))
        self.job = self.ctx.runner.aside_job(
            lambda: backfill.import_file(self.ctx.db, path, mapping=mapping),
            self._progress, self._done, self._stopped)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.stop_button.setEnabled(False)

    def _progress(self, p: backfill.ImportProgress) -> None:
        self.report = p.report
        if p.total_rows:
            self.progress.setRange(0, p.total_rows)
            self.progress.setValue(min(p.rows_read, p.total_rows))
        self.summary.setText(self.ctx.text("BACKFILL_PROGRESS", read=f"{p.rows_read:,}",
                                           stored=f"{p.imported:,}"))

    def _done(self, report: backfill.ImportReport) -> None:
        self.report = report
        self._finish(self._counts_text(report))

    def _stopped(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled) and self.report is not None and not self.report.cancelled:
            self._finish(self._counts_text(self.report))  # it had finished before the Stop
        elif isinstance(exc, Cancelled) and self.report is not None:
            self._finish(self.tr("Stopped. What was stored before stopping is kept: ")
                         + self._counts_text(self.report)
                         + self.tr(" Import the same file again to take the rest."))
        elif isinstance(exc, backfill.ImportRefused):
            self._finish(exc.message(self.ctx.lang))
        else:
            self._finish(str(exc))

    def _finish(self, text: str) -> None:
        self.job = None
        self.progress.setVisible(False)
        self.stop_button.setEnabled(False)
        self.summary.setText(text)
        self.report_button.setEnabled(self.report is not None)
        self.fix_button.setEnabled(bool(self.report and self.report.to_fix))
        self._judge_sample()
        self.ctx.data_changed.emit("doses")

    def _counts_text(self, r: backfill.ImportReport) -> str:
        return self.ctx.text("BACKFILL_DONE", **{k: f"{n:,}" for k, n in r.counts.items()})

    def save_report(self, path: str | None = None) -> None:
        chosen = path or QFileDialog.getSaveFileName(
            self, self.tr("Save the import report"), "bao-cao-nhap.json", "JSON (*.json)")[0]
        if chosen and self.report is not None:
            backfill.save_reports(self.report, json_path=Path(chosen))

    def save_fix_file(self, path: str | None = None) -> None:
        chosen = path or QFileDialog.getSaveFileName(
            self, self.tr("Save the rows to fix"), "can-sua.xlsx", "Excel (*.xlsx)")[0]
        if chosen and self.report is not None:
            backfill.save_reports(self.report, fix_path=Path(chosen))

    def _failed(self, exc: BaseException) -> None:
        text = exc.message(self.ctx.lang) if isinstance(exc, backfill.ImportRefused) \
            else str(exc)
        self.file_label.setText(text)
        self.sample = []
        self.preview.setRowCount(0)
        self.import_button.setEnabled(False)


def _inspect(path: Path) -> tuple:
    table = backfill.inspect_file(path)
    sample = []
    for item in table.data_rows():
        sample.append(item)
        if len(sample) >= PREVIEW_ROWS:
            break
    return table, sample


def _column_labels(table: Table) -> list[str]:
    """A label for each column: its header, else the first value the rows read show in it
    (as wide as the widest row: a title row has one cell)."""
    width = max((len(cells) for cells in table.head), default=0)
    given = list(table.header.headers) if table.header else []
    labels = []
    for index in range(width):
        label = given[index] if index < len(given) else ""
        if not label:
            label = next((str(cells[index]) for cells in table.head_data
                          if index < len(cells) and cells[index] not in ("", None)), "")
        labels.append(label)
    return labels


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
