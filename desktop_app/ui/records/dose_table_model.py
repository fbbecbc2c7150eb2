"""The records table: rows arrive a page at a time from the database worker.

The model holds only the rows fetched so far and the keyset cursor of the next page. When
the view scrolls near the end it asks ``canFetchMore``/``fetchMore``; the next page is
queued on the database worker and appended when it arrives, so the GUI thread never waits
on the database and a million-row list opens as fast as its first page. ``data()`` only
reads those rows: no query ever runs while painting.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from desktop_app.rules.dates import format_date
from desktop_app.rules.field_values import shown_value
from desktop_app.services.records import (
    PAGE_SIZE,
    DoseFilter,
    DoseRow,
    DoseSort,
    Page,
    SortKey,
    list_doses,
)
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.row_table import ROOT, Index, RowTableModel
from desktop_app.ui.widgets.tones import MUTED

VOIDED_COLOUR = QColor(MUTED)
# Whether a dose stands or was voided, and whether it was synced, come right after whose
# dose it is: on a netbook's 1024 px the columns past the vaccine are out of sight, and these
# two were the last.
COLUMNS = ("date", "name", "status", "sync", "dob", "id_number", "vaccine", "dose", "lot",
           "source")
SORTABLE = {COLUMNS.index("date"): SortKey.DATE, COLUMNS.index("name"): SortKey.NAME,
            COLUMNS.index("vaccine"): SortKey.VACCINE}


class DoseTableModel(RowTableModel):
    def __init__(self, ctx: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.rows: list[DoseRow] = []
        self._filter = DoseFilter()
        self._sort = DoseSort()
        self._after: Any = None
        self._exhausted = True
        self._loading = False
        # Pages of an older query may still arrive after a new one started: drop them.
        self._generation = 0
        self._key = f"records-page-{id(self)}"
        self.page_size = PAGE_SIZE
        headers = {
            "date": self.tr("Date"), "name": self.tr("Name"), "status": self.tr("Status"),
            "sync": self.tr("Sync"), "dob": self.tr("Date of birth"),
            "id_number": self.tr("ID number"), "vaccine": self.tr("Vaccine"),
            "dose": self.tr("Dose number"), "lot": self.tr("Lot"), "source": self.tr("Source"),
        }
        self.headers = tuple(headers[c] for c in COLUMNS)
        self._labels = {
            "active": self.tr("Active"), "voided": self.tr("Voided"),
            "pending": self.tr("Waiting"), "sending": self.tr("Sending"),
            "synced": self.tr("Synced"), "rejected": self.tr("Rejected"),
            "conflict": self.tr("Conflict"),
        }

    # -- the query ------------------------------------------------------------------------
    @property
    def query(self) -> tuple[DoseFilter, DoseSort]:
        return self._filter, self._sort

    @property
    def loading(self) -> bool:
        return self._loading

    def set_query(self, filter: DoseFilter | None = None, sort: DoseSort | None = None) -> None:
        """Start again from the first page (a new filter, a new sort, or fresh data)."""
        self._filter = filter or self._filter
        self._sort = sort or self._sort
        self._generation += 1
        self.beginResetModel()
        self.rows = []
        self._after = None
        self._exhausted = False
        self._loading = False
        self.endResetModel()
        self._request()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = SORTABLE.get(column)
        if key is not None:
            self.set_query(sort=DoseSort(key, order == Qt.SortOrder.DescendingOrder))

    def row_at(self, row: int) -> DoseRow:
        return self.rows[row]

    # -- lazy loading ---------------------------------------------------------------------
    def canFetchMore(self, parent: Index = ROOT) -> bool:  # noqa: N802 - Qt's name
        return not parent.isValid() and not self._exhausted and not self._loading

    def fetchMore(self, parent: Index = ROOT) -> None:  # noqa: N802 - Qt's name
        if self.canFetchMore(parent):
            self._request()

    def _request(self) -> None:
        self._loading = True
        filter, sort, after, limit = self._filter, self._sort, self._after, self.page_size
        generation = self._generation
        Op.read(self._ctx, None, lambda db: list_doses(db, filter, sort, after=after,
                                                       limit=limit)) \
            .latest(self._key).done(lambda page: self._arrived(generation, page)) \
            .failed(lambda exc: self._failed(generation, exc)).run()

    def _arrived(self, generation: int, page: Page) -> None:
        if generation != self._generation:
            return
        self._loading = False
        self._after = page.after
        self._exhausted = page.after is None
        if page.rows:
            first = len(self.rows)
            self.beginInsertRows(ROOT, first, first + len(page.rows) - 1)
            self.rows.extend(page.rows)
            self.endInsertRows()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
            self._exhausted = True  # a retry is a refresh; never loop on a failing query
        self._ctx.report_error(exc)

    # -- Qt's table interface -------------------------------------------------------------
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, COLUMNS[index.column()])
        if role == Qt.ItemDataRole.ForegroundRole and row.status == "voided":
            return QBrush(VOIDED_COLOUR)
        if role == Qt.ItemDataRole.FontRole and row.status == "voided":
            font = QFont()
            font.setStrikeOut(index.column() != COLUMNS.index("status"))
            return font
        if role == Qt.ItemDataRole.ToolTipRole and row.needs_cleaning:
            return self.tr("This person is on the data-cleaning list.")
        return None

    def _text(self, row: DoseRow, column: str) -> str:
        if column == "date":
            return format_date(row.dose_date)
        if column == "name":
            return row.full_name + (" ⚑" if row.needs_cleaning else "")
        if column == "dob":
            return format_date(row.dob) if row.dob else ""
        if column == "id_number":
            return row.id_number or ""
        if column == "vaccine":
            return self._ctx.product_name(row.product_code)
        if column == "dose":
            return str(row.dose_number)
        if column == "lot":
            return row.lot_number or ""
        if column == "source":
            return shown_value("source", row.source, self._ctx.lang)
        if column == "status":
            return self._labels.get(row.status, row.status)
        return self._labels.get(row.sync_state or "", row.sync_state or "")
