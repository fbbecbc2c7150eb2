"""Choosing the record a complaint is about when no ID number found it (mistyped on the
record, a child recorded without one, an old CMND): what the citizen gave above, the desk's
search below (name, ID number, old CMND or phone; the birth date narrows it), the supervisor
picks one. Chosen wrongly, the complaint is linked again the same way while it is open."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.dates import format_date
from desktop_app.services.complaints import ComplaintItem, find_records, link_person
from desktop_app.services.search import PersonHit
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import careful_buttons, describe_error
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ErrorLine
from desktop_app.ui.widgets.row_table import Index, RowTableModel, row_view
from desktop_app.ui.widgets.screen_fit import resize_within_screen


class _Hits(RowTableModel):
    def __init__(self, linked_id: str | None) -> None:
        super().__init__()
        self.linked_id = linked_id
        self.rows: list[PersonHit] = []
        self.headers = (self.tr("Full name"), self.tr("Date of birth"), self.tr("ID number"),
                        self.tr("Phone"), self.tr("Last dose"))

    def set_hits(self, hits: list[PersonHit]) -> None:
        self.beginResetModel()
        self.rows = hits
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        h = self.rows[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole and h.id == self.linked_id:
            return self.tr("The record linked now")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        last = f"{h.last_dose_number} · {format_date(h.last_dose_date)}" \
            if h.last_dose_date else "—"
        name = f"{h.full_name} ✓" if h.id == self.linked_id else h.full_name
        return (name, format_date(h.dob) if h.dob else "—", h.id_number or "—",
                h.phone or "—", last)[index.column()]


class LinkDialog(QDialog):
    def __init__(self, ctx: AppContext, item: ComplaintItem, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx, self.item = ctx, item
        self.chosen: PersonHit | None = None
        self.linked: ComplaintItem | None = None  # once the link is saved
        self.setWindowTitle(self.tr("Choose the record this complaint is about"))
        sub = item.submission
        given = " · ".join([sub.full_name or "—", format_date(sub.dob) if sub.dob else "—",
                            sub.id_number or "—", *([sub.phone] if sub.phone else [])])
        self.given = plain_label(self.tr("The citizen gave: %1").replace("%1", given))
        self.given.setWordWrap(True)
        now = f"{item.person_name} ({item.person_id_number or '—'})" if item.person_name \
            else self.tr("no record yet")
        self.current = plain_label(self.tr("Linked now: %1").replace("%1", now))
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Name, ID number, old CMND or phone"))
        self.born = DateField()
        self.born.setToolTip(self.tr("Only people born on this day; empty: any day"))
        self.hits = _Hits(item.person_id)
        self.table = row_view(self.hits)
        self.table.setWordWrap(False)  # a name on one line: the columns fit what they show
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.found = plain_label()
        self.problem = ErrorLine()
        buttons, self.link_button = careful_buttons(self, self.tr("Link to this record"))
        self.link_button.setEnabled(False)
        buttons.accepted.connect(self.link)
        search = QHBoxLayout()
        search.addWidget(self.query, 3)
        search.addWidget(QLabel(self.tr("Born")))
        search.addWidget(self.born, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.given)
        layout.addWidget(self.current)
        layout.addLayout(search)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.found)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        # Room for the list's columns and a handful of namesakes, less what a small or
        # scaled screen lacks: a 440 px minimum put the buttons below a netbook's edge at
        # 150 % (400 px).
        resize_within_screen(self, 760, 520)
        self.table.selectionModel().currentRowChanged.connect(lambda i, _p: self.choose(i.row()))
        # As the citizen gave them: a mistyped ID number on the record is found by the
        # name and the birth date.
        self.born.set_value(sub.dob)
        self.query.setText(sub.full_name)
        self.query.textChanged.connect(lambda _t: self.search())
        self.born.textChanged.connect(lambda _t: self.search())
        self.search()

    def scan_taker(self) -> LinkDialog:
        return self  # a card scanned in the dialog searches (``ui/scanner.py``)

    def take_scan(self, text: str, enter: bool) -> None:
        """The card says who: its whole text is searched, by any birth date (the one the
        citizen gave may be the mistyped one). The scanner's Enter links nobody."""
        self.born.set_value(None)
        self.query.setFocus()
        self.query.setText(text)

    def search(self) -> None:
        query, dob = self.query.text(), self.born.value()
        Op.read(self.ctx, self, lambda db: find_records(db, query, dob)) \
            .latest(f"link-{id(self)}").done(self._found).run()

    def _found(self, hits: list[PersonHit]) -> None:
        # Nothing is chosen for the supervisor: the first namesake is not the record
        # because it came first.
        self.hits.set_hits(hits)
        self.found.setText("" if hits or not self.query.text().strip() else self.tr(
            "No record found: try the ID number, the phone, fewer words, or clear the "
            "birth date."))
        self.choose(-1)

    def choose(self, row: int) -> None:
        self.chosen = self.hits.rows[row] if 0 <= row < len(self.hits.rows) else None
        self.link_button.setEnabled(self.chosen is not None
                                    and self.chosen.id != self.item.person_id)
        self.problem.say(None)

    def link(self) -> None:
        if self.chosen is None:
            return
        ref, pid, actor = self.item.ref, self.chosen.id, self.ctx.actor
        self.link_button.setEnabled(False)
        Op.write(self.ctx, self, lambda db: link_person(db, ref, pid, actor=actor)) \
            .done(self._linked).failed(self._failed).run()

    def _linked(self, item: ComplaintItem) -> None:
        self.linked = item
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.link_button.setEnabled(self.chosen is not None)
        self.problem.say(describe_error(exc, self.ctx.lang))
