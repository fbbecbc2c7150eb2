"""The Records area: every dose of the site, today's or all, filtered, sorted, opened.

The screen only gathers the filter and hands it to the table model, which pages through the
database on the worker; the total is counted beside it, also in the background, so a site
with two million doses opens the list as fast as it opens its first 200 rows.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_today
from desktop_app.services.records import SYNC_STATES, DoseFilter, count_doses
from desktop_app.services.search import PersonHit, search_people
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.records.dose_table_model import COLUMNS, SORTABLE, DoseTableModel
from desktop_app.ui.records.record_dialog import RecordDialog
from desktop_app.ui.widgets.compact_combo import product_combo
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.flow_layout import FlowLayout
from desktop_app.ui.widgets.flow_layout import row_of as _row
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.refresh_when_shown import RefreshWhenShown
from desktop_app.ui.widgets.row_table import row_view
from desktop_app.ui.widgets.table_or_empty import TableOrEmpty

PEOPLE_FOUND = 50  # a search's people whose doses are listed, the likeliest first
WIDEST = {"name": 260, "vaccine": 240}  # px; longer text is elided (the record has it whole)
NAME = COLUMNS.index("name")
# A sync round changes each dose's Sync column (and what the Waiting filter lists); the
# cleaning worklist and the desk's card check its Needs cleaning mark.
WATCHED = ("doses", "people", "sync", "cleaning")


class RecordsScreen(RefreshWhenShown, QWidget):
    watched = WATCHED

    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.model = DoseTableModel(ctx, self)
        self.dialog: RecordDialog | None = None
        self.total: int | None = None

        self.today = QRadioButton(self.tr("Today"))
        self.all = QRadioButton(self.tr("All"))
        self.range = QRadioButton(self.tr("From"))
        self.period = QButtonGroup(self)
        for button in (self.today, self.all, self.range):
            self.period.addButton(button)
        self.today.setChecked(True)
        self.date_from = DateField()
        self.date_to = DateField()
        self.vaccine = product_combo(ctx.db.catalogue, ctx.lang, self.tr("All vaccines"))
        self.sync_state = QComboBox()
        self.sync_state.addItem(self.tr("Any sync state"), None)
        sync_labels = (self.tr("Waiting"), self.tr("Sending"), self.tr("Synced"),
                       self.tr("Rejected"), self.tr("Conflict"))
        for state, label in zip(SYNC_STATES, sync_labels, strict=True):
            self.sync_state.addItem(label, state)
        self.needs_cleaning = QCheckBox(self.tr("Needs cleaning"))
        # A person's doses, found as the desk finds people (a citizen on the phone).
        self.person = QLineEdit()
        self.person.setPlaceholderText(self.tr("Find a person: name, ID or phone"))
        self.person.setClearButtonEnabled(True)
        self.person.setMinimumWidth(  # its hint whole: what it finds people by
            self.person.fontMetrics().horizontalAdvance(self.person.placeholderText()) + 40)
        self._person_ids: tuple[str, ...] | None = None
        self.count_label = plain_label()
        self.open_button = QPushButton(self.tr("Open…"))

        self.table = row_view(self.model)
        # What a screen reader says of each (a placeholder is gone once typed into, and a
        # date or a combo has no text of its own to say).
        for widget, name in ((self.person, self.tr("Find a person")),
                             (self.date_from, self.tr("From date")),
                             (self.date_to, self.tr("To date")),
                             (self.vaccine, self.tr("Vaccine")),
                             (self.sync_state, self.tr("Sync state")),
                             (self.table, self.tr("Doses"))):
            widget.setAccessibleName(name)
        header = self.table.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        header.sectionClicked.connect(self._header_clicked)
        # The columns widen to each query's first page; one the user resized stays theirs.
        self._fitting = False
        self._fitted = False
        self._user_sized: set[int] = set()
        self._name_fit = 0  # the name column's own width, before the room left is added
        header.sectionResized.connect(self._section_resized)
        self.model.rowsInserted.connect(self._fit_columns)
        self.model.rowsInserted.connect(self._first_row_current)
        self.table.viewport().installEventFilter(self)
        self.body = TableOrEmpty(self.table)
        self.empty = self.body.empty

        # The filters wrap onto a second line on a narrow screen instead of widening it.
        bar = FlowLayout()
        period = QHBoxLayout()
        for widget in (self.range, self.date_from, QLabel("–"), self.date_to):
            period.addWidget(widget)
        bar.add_widgets(self.person, self.today, self.all, _row(period), self.vaccine,
                        self.sync_state, self.needs_cleaning)
        bar.add_stretch()
        bar.add_widgets(self.count_label, self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.body, 1)

        self.period.buttonClicked.connect(lambda _b: self.apply_filter())
        for field in (self.date_from, self.date_to):
            field.editingFinished.connect(self._range_typed)
        self.vaccine.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.sync_state.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.needs_cleaning.toggled.connect(lambda _c: self.apply_filter())
        self.person.textChanged.connect(self._find_person)
        self.table.activated.connect(self._open_index)
        self.open_button.clicked.connect(self.open_selected)
        ctx.data_changed.connect(self._data_changed)

    # -- showing ---------------------------------------------------------------------------
    def activate(self) -> None:
        """Called when the area is shown: the first query, or a refresh if data changed."""
        self._show_fresh()
        self.table.setFocus()

    def refresh(self) -> None:
        self._stale = False
        self._run(self.current_filter())

    def _update_actions(self) -> None:
        """Nothing here depends on who is logged in: the record window says who may
        correct or void (and refreshes its buttons itself)."""

    # -- the filter ------------------------------------------------------------------------
    def _find_person(self, typed: str) -> None:
        """The people the text finds (the desk's search), then their doses of every day:
        a person is asked for by name, not by the day of a dose."""
        if not typed.strip():
            self._person_ids = None
            self.apply_filter()
            return
        if self.today.isChecked():
            self.all.setChecked(True)
        Op.read(self.ctx, self, lambda db: search_people(db, typed, limit=PEOPLE_FOUND)) \
            .latest(f"records-person-{id(self)}").done(self._people_found).run()

    def _people_found(self, hits: list[PersonHit]) -> None:
        if not self.person.text().strip():
            return  # emptied meanwhile
        self._person_ids = tuple(h.id for h in hits)
        self.apply_filter()

    def current_filter(self) -> DoseFilter:
        others = {
            "product_code": self.vaccine.currentData(),
            "sync_state": self.sync_state.currentData(),
            "needs_cleaning": self.needs_cleaning.isChecked(),
            "person_ids": self._person_ids,
        }
        if self.today.isChecked():
            return DoseFilter.today(local_today(), **others)
        if self.range.isChecked():
            first, last = self.date_from.value(), self.date_to.value()
            if first and last and first > last:
                first, last = last, first
            return DoseFilter(date_from=first, date_to=last, **others)
        return DoseFilter(**others)

    def set_range(self, first: date | None, last: date | None) -> None:
        self.date_from.set_value(first)
        self.date_to.set_value(last)
        self.range.setChecked(True)
        self.apply_filter()

    def _range_typed(self) -> None:
        if self.date_from.value() or self.date_to.value():
            self.range.setChecked(True)
            self.apply_filter()

    def apply_filter(self) -> None:
        if self._started:
            self._run(self.current_filter())

    def _run(self, filter: DoseFilter) -> None:
        self.model.set_query(filter)
        self.total = None
        self.count_label.setText(self.tr("Counting…"))
        Op.read(self.ctx, self, lambda db: count_doses(db, filter)) \
            .latest(f"records-count-{id(self)}").done(self._counted).run()

    def _counted(self, total: int) -> None:
        self.total = total
        self.count_label.setText(self.tr("%n record(s)", "", total))
        self.body.show_rows(total > 0, self._nothing_found() if total == 0 else "")

    def _first_row_current(self, _parent, first: int, _last: int) -> None:
        """A query's first page makes its first row current (and selected), so Enter on
        the list opens it: with no current row, Enter did nothing until an arrow key."""
        if first == 0 and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.model.index(0, 0))
            self.table.selectRow(0)

    def _nothing_found(self) -> str:
        """Why the list is empty, and where the records are: the list opens on today, which
        at a morning's start (or a day of backfilling) holds nothing."""
        filtered = self.vaccine.currentData() or self.sync_state.currentData() \
            or self.needs_cleaning.isChecked()
        if self._person_ids is not None:
            return self.tr("No dose of anyone this search finds matches these filters.")
        if self.today.isChecked() and not filtered:
            return self.tr("No dose has been recorded today yet. Choose “All” to see the "
                           "doses recorded before.")
        return self.tr("No record matches these filters.")

    def _fit_columns(self, _parent, first: int, _last: int) -> None:
        """Each column as wide as a query's first page needs (a name on one line), a long name
        or vaccine elided past WIDEST rather than pushing the rest out of sight. Columns only
        widen, so switching filters does not make them jump, and later pages of the same
        query (scrolling) change nothing."""
        if first != 0:
            return
        self._fitting = True
        try:
            for column, name in enumerate(COLUMNS):
                if column in self._user_sized:
                    continue
                before = self._name_fit if name == "name" else self.table.columnWidth(column)
                self.table.resizeColumnToContents(column)
                width = min(self.table.columnWidth(column), WIDEST.get(name, 10_000))
                self.table.setColumnWidth(column, max(width, before if self._fitted else 0))
            self._name_fit = self.table.columnWidth(NAME)
        finally:
            self._fitting = False
        self._fitted = True
        self._give_names_the_room()

    def _give_names_the_room(self) -> None:
        """The room the columns leave goes to the names, what a clerk reads first, rather
        than to whichever column is last: a long name is then seldom elided."""
        if NAME in self._user_sized or not self._fitted:
            return
        header = self.table.horizontalHeader()
        room = self.table.viewport().width() - (header.length() - header.sectionSize(NAME))
        self._fitting = True
        try:
            self.table.setColumnWidth(NAME, max(self._name_fit, room))
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._give_names_the_room()
        return super().eventFilter(watched, event)

    def _section_resized(self, column: int, _old: int, _new: int) -> None:
        if not self._fitting:
            self._user_sized.add(column)
            self._give_names_the_room()  # what the user's column took or left

    def _header_clicked(self, column: int) -> None:
        header = self.table.horizontalHeader()
        _filter, sort = self.model.query
        current = next(c for c, k in SORTABLE.items() if k is sort.key)
        if column not in SORTABLE:
            header.setSortIndicator(current, _order(sort.descending))
            return
        descending = not sort.descending if column == current else column == 0
        header.setSortIndicator(column, _order(descending))
        self.model.sort(column, _order(descending))

    # -- opening a record ------------------------------------------------------------------
    def open_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self._open_index(rows[0])

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_record(self.model.row_at(index.row()).dose_id)

    def open_record(self, dose_id: str) -> RecordDialog:
        self.dialog = RecordDialog(self.ctx, dose_id, self)
        self.dialog.open()
        return self.dialog


def _order(descending: bool) -> Qt.SortOrder:
    return Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
