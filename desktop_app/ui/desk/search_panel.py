"""Search as you type: ID number, phone, or name without accents; pick with arrows and Enter.

Focus stays in the search box while arrows move the selection, so a clerk never reaches for
the mouse. Each keystroke queues a search on the database worker under one key: only the
newest query's answer is shown, stale ones are dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.dates import format_date
from desktop_app.services.search import PersonHit, search_people
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op

Index = QModelIndex | QPersistentModelIndex


class HitsModel(QAbstractTableModel):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.hits: list[PersonHit] = []
        self.headers = [self.tr("Full name"), self.tr("Date of birth"), self.tr("Sex"),
                        self.tr("ID number"), self.tr("Phone"), self.tr("Last dose")]

    def set_hits(self, hits: list[PersonHit]) -> None:
        self.beginResetModel()
        self.hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        h = self.hits[index.row()]
        column = index.column()
        if column == 0:
            return h.full_name
        if column == 1:
            return format_date(h.dob) if h.dob else "—"
        if column == 2:
            return {"M": self.tr("Male"), "F": self.tr("Female")}.get(h.sex or "", "—")
        if column == 3:
            return h.id_number or "—"
        if column == 4:
            return h.phone or "—"
        if h.last_dose_date is None:
            return "—"
        product = self.ctx.db.catalogue.get(h.last_product_code or "")
        name = product.name if product else h.last_product_code
        return self.ctx.text("DESK_LAST_DOSE", dose_number=h.last_dose_number,
                             date=format_date(h.last_dose_date), product=name or "")


class SearchBox(QLineEdit):
    """Up/Down move the result selection without leaving the box."""

    moved = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up):
            self.moved.emit(1 if event.key() == Qt.Key.Key_Down else -1)
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    picked = Signal(object)  # PersonHit
    new_person = Signal(str)  # the query, to prefill the form

    def __init__(self, ctx: AppContext, pick_hint: str | None = None) -> None:
        """``pick_hint``: what Enter does, for a panel that picks a person for something
        other than recording a dose (then there is no "new person" either)."""
        super().__init__()
        self.ctx = ctx
        self.pick_hint = pick_hint
        self.box = SearchBox()
        self.box.setPlaceholderText(
            self.tr("Search: ID number, phone, or name without accents") if pick_hint else
            self.tr("Search: ID number, phone, or name without accents  (Ctrl+N: new person)"))
        self.box.setClearButtonEnabled(True)
        self.model = HitsModel(ctx)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.hint = QLabel()
        self.hint.setStyleSheet("color: #555;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        self.box.textChanged.connect(self.search)
        self.box.returnPressed.connect(self.pick_current)
        self.box.moved.connect(self._move)
        self.table.doubleClicked.connect(lambda _i: self.pick_current())
        self.last_query = ""
        self.shown_query: str | None = None  # the query the table currently answers
        self._pick_when_answered = False

    def search(self, text: str) -> None:
        self.last_query = text
        self._pick_when_answered = False
        query = text.strip()
        if not query:
            self.show_hits(text, [])
            return
        Op.read(self.ctx, self, lambda db: (text, search_people(db, query))) \
            .latest("desk-search").done(lambda answer: self.show_hits(*answer)).run()

    def show_hits(self, query: str, hits: list[PersonHit]) -> None:
        self.model.set_hits(hits)
        self.shown_query = query
        if hits:
            self.table.selectRow(0)
            self.hint.setText(self.pick_hint or self.tr(
                "Enter: record a dose for the selected person.  Ctrl+N: new person."))
        elif query.strip():
            self.hint.setText(self.tr("Nobody found.") if self.pick_hint else self.tr(
                "Nobody found. Enter or Ctrl+N: register a new person."))
        else:
            self.hint.setText("")
        if self._pick_when_answered and query == self.last_query:
            self._pick_when_answered = False
            self.pick_current()

    def _move(self, step: int) -> None:
        if not self.model.hits:
            return
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() + step if rows else 0
        self.table.selectRow(max(0, min(row, len(self.model.hits) - 1)))

    def pick_current(self) -> None:
        if self.shown_query != self.last_query:
            # Enter came before the answer to what was typed: act on that answer, not an
            # older one, as soon as it arrives.
            self._pick_when_answered = True
            return
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.picked.emit(self.model.hits[rows[0].row()])
        elif self.last_query.strip():
            self.new_person.emit(self.last_query)

    def reset(self) -> None:
        self.box.clear()
        self.box.setFocus()
