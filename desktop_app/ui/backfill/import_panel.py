"""Import a spreadsheet: pick the file (and, in a workbook of several, the sheet), check how
its columns were understood (and correct them), see the first rows' outcomes, then import
with progress and a Stop button."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.progress import Cancelled
from desktop_app.rules.dates import format_date
from desktop_app.rules.numbers import Count, count
from desktop_app.services import backfill, backfill_corrections, backfill_report
from desktop_app.services.actor import SUPERVISORS
from desktop_app.services.audit import describe_changes
from desktop_app.services.backfill_preview import (
    ID_ELSE,
    MAPPABLE_FIELDS,
    FilePreview,
    SampleRow,
    can_import,
    file_stamp,
    judge_sample,
    preview_file,
    preview_notes,
)
from desktop_app.services.backfill_sheets import WorkbookPreview, open_workbook
from desktop_app.services.cleaning import problems_in_brief
from desktop_app.ui import file_dialogs
from desktop_app.ui.backfill.mapping_grid import MappingGrid
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import ask_save_path, confirm, describe_error
from desktop_app.ui.operations import Op
from desktop_app.ui.tasks import Job
from desktop_app.ui.when_present import ask_when_present
from desktop_app.ui.widgets.plain_label import breakable, plain_label
from desktop_app.ui.widgets.row_table import item_table
from desktop_app.ui.widgets.tones import DONE, ERROR, INFO, MUTED, WARNING

MAPPING_CHARACTERS = 16  # each choice shows at least this much of "B: Họ và tên"
SHOWN_CORRECTIONS = 10  # rows that corrected a record, listed under the summary
ASKED_CORRECTIONS = 10  # people a held correction changes, named in the question
OUTCOME_COLOURS = {"imported": DONE, "flagged": WARNING, "rejected": ERROR,
                   "duplicate": MUTED, "corrected": INFO, "skipped": MUTED}
# A wide row's doses may differ; a row skipped as no dose (hidden in the file, a totals
# row, a line under it) is that alone.
WORST_FIRST = ("rejected", "flagged", "corrected", "duplicate", "skipped")
DATE_COLUMN_WIDTH = 100  # "30/12/2021" whole


class ImportPanel(QWidget):
    def __init__(self, ctx: AppContext, undoing: Callable[[], bool] = lambda: False) -> None:
        super().__init__()
        self.ctx = ctx
        # An undo running in this window: no import meanwhile (the service refuses it).
        self.undoing = undoing
        self._ready = False  # a file and columns enough to import
        self._by_hand = False  # a column chosen in the area, not as the header gave it
        self.path: Path | None = None
        self.preview_of: FilePreview | None = None
        self.workbook: WorkbookPreview | None = None  # its sheets, when it has several
        self.report: backfill_report.ImportReport | None = None
        self.outcomes: dict[int, list[backfill_report.RowIssue]] | None = None  # once imported
        self.job: Job | None = None
        # The file (its preview) and the columns the running import reads: its outcomes are
        # shown on those rows only, never on another file's chosen meanwhile.
        self._importing: tuple[FilePreview | None, dict[str, int]] | None = None
        self.labels = {
            "full_name": self.tr("Full name"), "dob": self.tr("Date of birth"),
            "sex": self.tr("Sex"), "id_number": self.tr("ID number"),
            "phone": self.tr("Phone"), "address": self.tr("Address"),
            "product": self.tr("Vaccine"), "lot_number": self.tr("Lot"),
            "dose_number": self.tr("Dose number"), "dose_date": self.tr("Dose date"),
            "facility": self.tr("Vaccination site"),
        }
        self.file_label = plain_label(self.tr("No file chosen."))
        # Wrapped: a long file name, its sheet and "có cột chưa nhận ra…" on one line made
        # the window 1093-1284 px wide, the column choices off a 1024 px laptop's screen.
        self.file_label.setWordWrap(True)
        self.choose_button = QPushButton(self.tr("Choose file…"))
        self.choose_button.clicked.connect(lambda: self.choose_file())
        # A workbook of several sheets: which one is read (an instructions sheet often
        # comes first), and the others that hold doses too, so none is left out unsaid.
        self.sheet_label = QLabel(self.tr("Sheet:"))
        self.sheet_combo = QComboBox()
        self.sheet_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.sheet_combo.activated.connect(lambda _index: self.choose_sheet())
        self.sheet_note = plain_label()
        self.sheet_note.setWordWrap(True)
        self.sheet_note.setStyleSheet(f"color: {OUTCOME_COLOURS['flagged']}")
        # How the dates will be read, when not day first as ever (a month-first CSV).
        self.dates_note = plain_label()
        self.dates_note.setWordWrap(True)
        self.dates_note.setStyleSheet(f"color: {OUTCOME_COLOURS['flagged']}")
        self.dates_note.setVisible(False)
        self.combos: dict[str, QComboBox] = {}
        for field in MAPPABLE_FIELDS:
            combo = QComboBox()
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(MAPPING_CHARACTERS)
            combo.currentIndexChanged.connect(self._mapping_changed)
            combo.currentTextChanged.connect(combo.setToolTip)  # a long header read whole
            self.combos[field] = combo
        self.choices = MappingGrid([(plain_label(self.labels[field]), combo)
                                    for field, combo in self.combos.items()])
        # Beside the name, the dose date as read: a month-first file shows what it became.
        self.preview = item_table((self.tr("Row"), self.tr("Outcome"), self.tr("Reason"),
                                   self.tr("Full name"), self.tr("Dose date")))
        # The reason takes the room the window has (no fixed width to scroll past on a small
        # screen) and a long one wraps onto a second line, shown whole.
        header = self.preview.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.preview.setColumnWidth(3, 220)
        self.preview.setColumnWidth(4, DATE_COLUMN_WIDTH)
        self.preview.setWordWrap(True)
        rows = self.preview.verticalHeader()
        rows.hide()  # the "Row" column is the sheet's own number
        rows.setMinimumSectionSize(rows.defaultSectionSize())  # as tall as other tables' rows
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # a sample: cheap
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.stop_button.clicked.connect(self.stop)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.saved_note = plain_label()  # where the last report was saved
        self.saved_note.setWordWrap(True)
        self.report_button = QPushButton(self.tr("Save the detailed report…"))
        self.fix_button = QPushButton(self.tr("Save rows to fix (.xlsx)…"))
        for b in (self.report_button, self.fix_button):
            b.setEnabled(False)
        self.report_button.clicked.connect(lambda: self.save_report())
        self.fix_button.clicked.connect(lambda: self.save_fix_file())

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        sheets = QHBoxLayout()
        sheets.addWidget(self.sheet_label)
        sheets.addWidget(self.sheet_combo)
        sheets.addWidget(self.sheet_note, 1)
        self._show_sheets(False)
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
        layout.addLayout(sheets)
        layout.addWidget(self.choices)
        layout.addWidget(self.dates_note)
        layout.addWidget(self.preview, 1)
        layout.addLayout(run)
        layout.addLayout(after)
        layout.addWidget(self.saved_note)

    # -- the file and its columns --------------------------------------------------------
    def choose_file(self, path: str | None = None) -> None:
        chosen = path or file_dialogs.ask_open_path(
            self, self.tr("Choose a spreadsheet of historical doses"),
            self.tr("Spreadsheets (*.xlsx *.xlsm *.xls *.xlsb *.ods *.csv *.txt)"))
        if not chosen:
            return
        self._forget_report()
        self.path = Path(chosen)
        self.workbook = None
        self._show_sheets(False)
        self.file_label.setText(breakable(self.ctx.text("READING_FILE", file=self.path.name)))
        path = self.path
        Op.bulk(self.ctx, self, lambda _db: open_workbook(path)) \
            .done(self._opened).failed(self._failed).run()

    def choose_sheet(self, name: str | None = None) -> None:
        """Read another sheet of the workbook (``name``, else the one chosen in the list)."""
        name = name or self.sheet_combo.currentData()
        workbook, path = self.workbook, self.path
        shown = self.preview_of.sheet if self.preview_of is not None else None
        if workbook is None or path is None or name == shown:
            return
        self._forget_report()
        self.file_label.setText(breakable(self.ctx.text("READING_FILE", file=path.name)))
        Op.bulk(self.ctx, self, lambda _db: preview_file(path, name)) \
            .done(lambda p: self._opened(WorkbookPreview(p, workbook.sheets))) \
            .failed(self._failed).run()

    def _opened(self, workbook: WorkbookPreview) -> None:
        self.workbook = workbook if workbook.sheets else None
        self._show_sheets(bool(workbook.sheets))
        self.sheet_combo.clear()
        no_header = self.ctx.text("BACKFILL_SHEET_NO_HEADER")
        for sheet in workbook.sheets:
            shown = sheet.name if sheet.header or sheet.data else f"{sheet.name} ({no_header})"
            self.sheet_combo.addItem(shown, sheet.name)
        self.sheet_combo.setCurrentIndex(self.sheet_combo.findData(workbook.preview.sheet))
        others = workbook.others_with_data()
        self.sheet_note.setText(self.ctx.text(
            "BACKFILL_OTHER_SHEETS", count=count(len(others), self.ctx.lang),
            sheets=", ".join(others)) if others else "")
        self._inspected(workbook.preview)

    def _show_sheets(self, shown: bool) -> None:
        for widget in (self.sheet_label, self.sheet_combo, self.sheet_note):
            widget.setVisible(shown)

    def _inspected(self, preview: FilePreview) -> None:
        self.preview_of = preview
        self._by_hand = False
        self.outcomes = None  # another file: its rows are judged afresh
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(self.tr("(none)"), -1)
            for index, label in enumerate(preview.columns):
                combo.addItem(label, index)
            combo.setCurrentIndex(combo.findData(preview.mapping.get(field, -1)))
            combo.blockSignals(False)
            combo.setToolTip(combo.currentText())
        self._enable_choices()
        if preview.wide is not None:
            where = self.ctx.text("BACKFILL_WIDE_AT", row=preview.header_row,
                                  groups=preview.dose_groups)
        elif preview.header_row is None:
            where = self.tr("no header row found: map the columns")
        elif preview.header_complete:
            where = self.ctx.text("BACKFILL_HEADER_AT", row=preview.header_row)
        else:
            where = self.ctx.text("BACKFILL_HEADER_PARTIAL", row=preview.header_row)
        self.file_label.setText(f"{breakable(preview.file)} — {preview.sheet} — {where}")
        self._judge_sample()

    def _enable_choices(self) -> None:
        """The file, its sheet and its columns are chosen while no import runs (its outcomes
        are shown on the rows it read); a wide template's columns are read as found."""
        idle = self.job is None
        self.choose_button.setEnabled(idle)
        self.sheet_combo.setEnabled(idle)
        wide = self.preview_of is not None and self.preview_of.wide is not None
        for combo in self.combos.values():
            combo.setEnabled(idle and not wide)

    def mapping(self) -> dict[str, int]:
        chosen = {f: c.currentData() for f, c in self.combos.items()
                  if c.currentData() is not None and c.currentData() >= 0}
        # The old CMND's column the header found beside the CCCD's (no box of its own):
        # read while the ID is the column found, or its people with a CMND alone lost it.
        found = self.preview_of.mapping if self.preview_of is not None else {}
        if ID_ELSE in found and chosen.get("id_number") == found.get("id_number"):
            chosen[ID_ELSE] = found[ID_ELSE]
        return chosen

    def _judge_sample(self) -> None:
        mapping = self.mapping()
        wide = self.preview_of is not None and self.preview_of.wide is not None
        ready = (wide or can_import(mapping)) and self.preview_of is not None
        self._ready = ready
        self.enable_import()
        preview = self.preview_of
        rows = judge_sample(preview, mapping, self.ctx.db.catalogue) \
            if preview is not None else []
        notes = preview_notes(preview, mapping, self.ctx.lang) if preview is not None else []
        self.dates_note.setText("\n".join(notes))
        self.dates_note.setVisible(bool(notes))
        self._show_sample(rows)
        if preview is None or self.outcomes is not None or not rows:
            return
        # Then against what is recorded, as the import will place them: a dose already
        # there is skipped, a recorded person the file says other things of is a correction.
        # That reads the database, so off the screen's thread; the rows alone show meanwhile.
        lang = self.ctx.lang
        Op.read(self.ctx, self, lambda db: judge_sample(preview, mapping, db.catalogue, db=db,
                                                        lang=lang)) \
            .latest("backfill-preview") \
            .done(lambda judged: self._placed(preview, mapping, judged)).run()

    def enable_import(self) -> None:
        """Import, once a file can be imported, unless an import or an undo is running."""
        undoing = self.undoing()
        self.import_button.setEnabled(self._ready and self.job is None and not undoing)
        self.import_button.setToolTip(self.tr(
            "An import is being undone (Imports made): import once it has finished.")
            if undoing else "")

    def _placed(self, preview: FilePreview, mapping: dict[str, int],
                judged: list[SampleRow]) -> None:
        if self.preview_of is preview and self.outcomes is None and self.mapping() == mapping:
            self._show_sample(judged)  # else the file or its mapping changed meanwhile

    def _show_sample(self, rows: list[SampleRow]) -> None:
        self.preview.setRowCount(len(rows))  # blank template rows are skipped, as on import
        for i, row in enumerate(rows):
            if self.outcomes is None:
                self._show_row(i, row)
            else:
                self._show_stored(i, row, [x for x in self.outcomes.get(row.sheet_row, [])
                                           if row.dose is None or x.dose == row.dose])

    def _mapping_changed(self) -> None:
        self._by_hand = True
        self.outcomes = None  # the rows as they would be read now, not as they were
        self._judge_sample()

    def _show_row(self, i: int, row: SampleRow) -> None:
        names = {"imported": self.tr("will be imported"), "flagged": self.tr("flagged"),
                 "rejected": self.tr("rejected"),
                 "duplicate": self.tr("duplicate, will be skipped"),
                 "corrected": self.tr("differs from the record"),
                 "skipped": self.tr("will be skipped")}
        reason = (row.said, "") if row.said else self._reason(row)
        self._set_row(i, row, row.outcome, names[row.outcome], *reason)

    def _show_stored(self, i: int, row: SampleRow, issues: list[backfill_report.RowIssue]) -> None:
        """What the import did with the row (the report's word), not what it would do."""
        names = {"imported": self.tr("imported"), "flagged": self.tr("flagged"),
                 "rejected": self.tr("rejected"), "duplicate": self.tr("duplicate, skipped"),
                 "corrected": self.tr("corrected a record"), "skipped": self.tr("skipped")}
        outcome = next((o for o in WORST_FIRST if any(x.outcome == o for x in issues)),
                       "imported")
        if outcome == row.outcome:  # as foreseen: the preview's words, every problem named
            reason, details = self._reason(row)
            # ... and what its stored dose's row did to the recorded person it is of.
            reason = " ".join(filter(None, (reason, *(
                x.message for x in issues
                if x.person_id is not None and backfill_report.is_stored(x)))))
        else:  # what only the database could tell (a duplicate, a record corrected, …)
            reason = " ".join(x.message for x in issues)  # a wide line is one dose already
            details = ""
        self._set_row(i, row, outcome, names[outcome], reason, details)

    def _reason(self, row: SampleRow) -> tuple[str, str]:
        """A rejected row: the rules' sentences, which say what to fix in the file. A
        flagged row is stored and goes to the data-cleaning list: its problems in that
        list's words, the sentences in the tooltip as the list has them."""
        lang = self.ctx.lang
        if row.said and not row.problems:  # skipped as no dose: the import's own words
            return row.said, ""
        sentences = " ".join(p.message(lang) for p in row.problems)
        if row.outcome != "flagged":
            return sentences, ""
        return problems_in_brief(row.problems, lang), sentences

    def _set_row(self, i: int, row: SampleRow, outcome: str, said: str, reason: str,
                 details: str) -> None:
        when = format_date(row.dose_date) if row.dose_date is not None else ""
        for column, text in enumerate((str(row.sheet_row), said, reason, row.full_name, when)):
            item = QTableWidgetItem(text)
            if column == 1:
                item.setForeground(QColor(OUTCOME_COLOURS[outcome]))
            if column == 2 and details:
                item.setToolTip(details)
            self.preview.setItem(i, column, item)

    # -- the import ------------------------------------------------------------------------
    def start_import(self) -> None:
        shown, path = self.preview_of, self.path
        if shown is not None and path is not None and file_stamp(path) != shown.stamp:
            self._read_again(path, shown)
            return
        self.outcomes = None
        path = self.path
        # A wide template: the importer reads its dose groups itself (no mapping to give).
        wide = self.preview_of is not None and self.preview_of.wide is not None
        mapping = None if wide else self.mapping()
        self._forget_report()
        self.import_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.summary.setText(self.tr("Importing…"))
        lang = self.ctx.lang
        # The sheet shown: in a workbook of several, the one chosen (else the first).
        sheet = self.preview_of.sheet if self.workbook is not None else None
        self._importing = (self.preview_of, self.mapping())
        self.job = Op.bulk(self.ctx, self, lambda db: backfill.import_file(
            db, path, mapping=mapping, sheet=sheet, lang=lang, actor=self.ctx.actor,
            hold_corrections=True)) \
            .on_progress(self._progress).done(self._done).failed(self._stopped).run()
        self._enable_choices()

    def _read_again(self, path: Path, old: FilePreview) -> None:
        """The file was saved again since its preview: read it again before any row is, as
        its columns may have moved (read with the old ones, every row was refused for the
        wrong field's words)."""
        self._forget_report()
        self.import_button.setEnabled(False)
        chosen, by_hand = self.mapping(), self._by_hand
        sheet = old.sheet if self.workbook is not None else None
        self.file_label.setText(breakable(self.ctx.text("READING_FILE", file=old.file)))
        Op.bulk(self.ctx, self, lambda _db: open_workbook(path, sheet)) \
            .done(lambda workbook: self._read_anew(workbook, path, old, chosen, by_hand)) \
            .failed(self._failed).run()

    def _read_anew(self, workbook: WorkbookPreview, path: Path, old: FilePreview,
                   chosen: dict[str, int], by_hand: bool) -> None:
        """The import goes on when the columns chosen still mean what they meant: the same
        headers in the same places, or none chosen by hand and the header found again;
        else the volunteer checks the columns read anew."""
        if self.path != path or self.preview_of is not old:
            return  # another file or sheet was chosen meanwhile: that one is shown
        self._opened(workbook)
        if workbook.preview.columns == old.columns:
            self._choose_columns(chosen, by_hand)
        elif by_hand or not self._ready:
            self.summary.setText(self.ctx.text("BACKFILL_FILE_CHANGED"))
            return
        if self.import_button.isEnabled():  # not while an undo runs, as the button
            self.start_import()

    def _choose_columns(self, chosen: dict[str, int], by_hand: bool) -> None:
        for field, combo in self.combos.items():
            combo.blockSignals(True)
            combo.setCurrentIndex(combo.findData(chosen.get(field, -1)))
            combo.blockSignals(False)
        self._by_hand = by_hand
        self._judge_sample()

    def _forget_report(self) -> None:
        """The last import's summary and saves gone: its report is of another file or sheet,
        or is being replaced by a running import's, which it fills in as it goes (saved
        meanwhile, a part of the rows with no word that they are a part)."""
        self.report = None
        self.summary.clear()
        self.saved_note.clear()
        self.report_button.setEnabled(False)
        self.fix_button.setEnabled(False)

    def stop(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.stop_button.setEnabled(False)

    def _progress(self, p: backfill_report.ImportProgress) -> None:
        self.report = p.report
        if p.total_rows:
            self.progress.setRange(0, p.total_rows)
            self.progress.setValue(min(p.rows_read, p.total_rows))
        lang = self.ctx.lang
        self.summary.setText(self.ctx.text("BACKFILL_PROGRESS", read=count(p.rows_read, lang),
                                           stored=count(p.imported, lang)))

    def _done(self, report: backfill_report.ImportReport) -> None:
        self.report = report
        self._decide_held(report, lambda: self._show_done(report))

    def _show_done(self, report: backfill_report.ImportReport) -> None:
        if self._importing == (self.preview_of, self.mapping()):  # the rows it read
            shown = {int(self.preview.item(r, 0).text())
                     for r in range(self.preview.rowCount())}
            self.outcomes = {n: [] for n in shown}
            for issue in report.issues:  # thousands on a big file: only the rows shown kept
                if issue.sheet_row in shown:
                    self.outcomes[issue.sheet_row].append(issue)
        self._finish(self._counts_text(report))

    def _stopped(self, exc: BaseException) -> None:
        report = self.report
        if isinstance(exc, Cancelled) and report is not None and not report.cancelled:
            self._done(report)  # it had finished before the Stop
        elif isinstance(exc, Cancelled) and report is not None:
            self._decide_held(report, lambda: self._finish(
                self.tr("Stopped. What was stored before stopping is kept: ")
                + self._counts_text(report)
                + self.tr(" Import the same file again to take the rest.")))
        else:
            if isinstance(exc, backfill.ImportFailed):  # stopped part-way: its report is saved
                self.report = exc.report  # like any other, and says what was stored
            self._finish(describe_error(exc, self.ctx.lang))

    def _decide_held(self, report: backfill_report.ImportReport, then: Callable[[], None]) -> None:
        """The import held corrections of people already recorded (a supervisor's): name
        them and ask; make them or leave the records, then ``then``. The safe answer, the
        default, leaves them. Ended while locked, it is asked of whoever logs in, a
        supervisor (``ask_when_present``): anyone else is told, and the records left."""
        if not report.held:
            then()
            return
        title = self.tr("Correct people already recorded?")
        ask_when_present(self.ctx, self, lambda: self._answer_held(report, title, then),
                         title=title, roles=SUPERVISORS, refused=then)

    def _answer_held(self, report: backfill_report.ImportReport, title: str,
                     then: Callable[[], None]) -> None:
        yes = confirm(self, title, self._held_question(report), self.tr("Correct them"),
                      self.tr("Leave them as they are"))
        answer = backfill_corrections.apply_held if yes else backfill_corrections.decline_held
        actor = self.ctx.actor
        Op.write(self.ctx, self, lambda db: answer(db, report, actor=actor)) \
            .done(lambda _r: then()) \
            .failed(lambda exc: self._finish(describe_error(exc, self.ctx.lang))).run()

    def _held_question(self, report: backfill_report.ImportReport) -> str:
        held = report.held
        people = [self.ctx.text("BACKFILL_HELD_PERSON", name=h.person_name,
                                person_id=h.person_id, changes=h.described)
                  for h in held[:ASKED_CORRECTIONS]]
        if len(held) > ASKED_CORRECTIONS:
            people.append(self.ctx.text("BACKFILL_HELD_MORE",
                                        count=Count(len(held) - ASKED_CORRECTIONS)))
        return self.ctx.text("BACKFILL_HELD_ASK", count=Count(len(held)),
                             people="\n".join(people))

    def _finish(self, text: str) -> None:
        self.job = None
        self._importing = None
        self._enable_choices()
        self.progress.setVisible(False)
        self.stop_button.setEnabled(False)
        self.summary.setText(text)
        self.report_button.setEnabled(self.report is not None)
        self.fix_button.setEnabled(bool(self.report and self.report.to_fix))
        self._judge_sample()
        self.ctx.data_changed.emit("doses")

    def _counts_text(self, r: backfill_report.ImportReport) -> str:
        wide = self.preview_of is not None and self.preview_of.wide is not None
        said = self.ctx.text("BACKFILL_DONE_DOSES" if wide else "BACKFILL_DONE",  # counted so
                             **{k: count(n, self.ctx.lang) for k, n in r.counts.items()})
        fixes = r.corrections
        lines = [self.ctx.text("BACKFILL_CORRECTED_ROW", row=f.sheet_row, name=f.person_name,
                               person_id=f.person_id,
                               changes=describe_changes(f.changes or {}, self.ctx.lang))
                 for f in fixes[:SHOWN_CORRECTIONS]]
        if len(fixes) > SHOWN_CORRECTIONS:  # the JSON report has every one
            lines.append(self.ctx.text("BACKFILL_CORRECTED_MORE",
                                       count=count(len(fixes) - SHOWN_CORRECTIONS, self.ctx.lang)))
        skipped = backfill_report.skipped_lines(r)  # totals, footer and hidden rows: once
        return "\n".join([said, *r.notes, *skipped, *lines])  # notes: how its dates were read

    def save_report(self, path: str | None = None) -> None:
        chosen = path or ask_save_path(
            self, self.tr("Save the import report"), self.ctx.text("FILE_IMPORT_REPORT"),
            "JSON (*.json)", ".json")
        if chosen:
            self._save(json_path=Path(chosen))

    def save_fix_file(self, path: str | None = None) -> None:
        chosen = path or ask_save_path(
            self, self.tr("Save the rows to fix"), self.ctx.text("FILE_ROWS_TO_FIX"),
            "Excel (*.xlsx)", ".xlsx")
        if chosen:
            self._save(fix_path=Path(chosen))

    def _save(self, **where: Path) -> None:
        """Beside the window: a re-imported million-row file has a million entries."""
        report = self.report
        if report is None:
            return
        [path] = where.values()
        actor = self.ctx.actor
        Op.bulk(self.ctx, self, lambda db: backfill_report.export_reports(db, report, **where,
                                                                   actor=actor)) \
            .with_progress(self.tr("Saving…")) \
            .done(lambda _r: self.saved_note.setText(self.ctx.text("SAVED_TO", path=path))) \
            .run()

    def _failed(self, exc: BaseException) -> None:
        self.file_label.setText(describe_error(exc, self.ctx.lang))
        self.preview_of = None
        self.preview.setRowCount(0)
        self.import_button.setEnabled(False)

