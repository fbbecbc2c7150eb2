"""Search as you type: ID number, phone, or name without accents; pick with arrows and Enter.

Focus stays in the search box while arrows move the selection, so a clerk never reaches for
the mouse. Each keystroke queues a search on the database worker under one key: only the
newest query's answer is shown, stale ones are dropped.

A citizen ID found nowhere here is asked of the central platform in the background (only at
the desk, and only when sync is configured): a person vaccinated at another site is offered
with their doses instead of being registered again from scratch. It is asked as the account
logged in (the service audits each lookup under it); an account that may not look people up
(a volunteer) is told so instead, and the platform is not asked.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSignalBlocker,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules.cccd_qr import CccdQr, card_number, read_cccd_qr
from desktop_app.rules.dates import format_date
from desktop_app.rules.messages import UserError
from desktop_app.services.database import Database
from desktop_app.services.lookup import (
    RemoteCitizen,
    can_look_up,
    find_elsewhere,
    looks_like_citizen_id,
    lookup_refusal,
)
from desktop_app.services.search import PersonHit, search_people
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.tasks import Job
from desktop_app.ui.widgets.fit_columns import ColumnFitter
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.tones import INFO_STYLE, MUTED_STYLE

log = logging.getLogger(__name__)
Index = QModelIndex | QPersistentModelIndex
# The platform is asked once typing pauses: a CCCD typed digit by digit passes through a
# 9-digit number that is somebody's CMND.
LOOKUP_DELAY_MS = 350
# The columns that may be narrowed (column → the least kept): name, phone, last dose.
ELASTIC = {0: 110, 4: 60, 5: 140}
# Left out while a person's form is open beside the list (a 1024-px screen leaves it ~450
# px), or the list alone is as narrow (150 % scaling): the sex and the phone, which the
# card shows. It scrolled sideways, its last dose (what tells namesakes apart) hidden.
COMPACT_HIDDEN = (2, 4)


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
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole) \
                or not index.isValid():
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
        name = self.ctx.product_name(h.last_product_code)
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
    bring = Signal(object)  # RemoteCitizen: the clerk accepted the platform's person
    answered = Signal()  # the query typed (or scanned) last has its answer shown

    def __init__(self, ctx: AppContext, pick_hint: str | None = None) -> None:
        """``pick_hint``: what Enter does, for a panel that picks a person for something
        other than recording a dose (then there is no "new person" either)."""
        super().__init__()
        self.ctx = ctx
        self.pick_hint = pick_hint
        self.box = SearchBox()
        # Short enough to be read whole in a netbook's search box (the longer text was cut
        # before "without accents"); how names may be typed is said on the line under the
        # list while the box is empty, and in the box's tooltip.
        self.box.setPlaceholderText(self.tr(
            "Scan the ID card, or type an ID number, phone or name"))
        self.box.setToolTip(self._empty_hint())
        # What a screen reader says of the box (the placeholder is gone once typed into).
        self.box.setAccessibleName(self.tr("Search for a person"))
        self.box.setClearButtonEnabled(True)
        self.model = HitsModel(ctx)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.verticalHeader().hide()
        self.table.setAccessibleName(self.tr("People found"))
        # What tells namesakes apart (date of birth, sex, ID, the last dose) is shown whole
        # when there is room; when there is not, the name, phone and last dose are elided
        # (their tooltip says all) before a column is pushed behind a scroll bar.
        self.fitter = ColumnFitter(self.table, ELASTIC, droppable=COMPACT_HIDDEN)
        self.table.setWordWrap(False)
        # Wrapped: one line of it beside a person's form pushed a scaled netbook's window
        # past its screen.
        self.hint = plain_label(self._empty_hint(), wordWrap=True)
        self.hint.setStyleSheet(MUTED_STYLE)
        self.remote_hint = plain_label()
        self.remote_hint.setWordWrap(True)
        self.remote_hint.setStyleSheet(INFO_STYLE)
        self.bring_button = QPushButton()
        self.bring_button.clicked.connect(self._bring)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.box)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.hint)
        layout.addWidget(self.remote_hint)
        layout.addWidget(self.bring_button)
        self.citizen: RemoteCitizen | None = None  # what the platform offers, if anything
        self._remote_job: Job | None = None
        self._remote_query = ""
        self._remote_timer = QTimer(self)
        self._remote_timer.setSingleShot(True)
        self._remote_timer.setInterval(LOOKUP_DELAY_MS)
        self._remote_timer.timeout.connect(self._ask_platform)
        self._clear_remote()
        self.box.textChanged.connect(self.search)
        self.box.returnPressed.connect(self.pick_current)
        self.box.moved.connect(self._move)
        self.table.doubleClicked.connect(lambda _i: self.pick_current())
        self.last_query = ""
        self.shown_query: str | None = None  # the query the table currently answers
        # The scan whose person was opened, shown as its number (``_card_as_number``).
        self._opened_scan: str | None = None
        self._pick_when_answered = False
        self.scan_damaged = False  # the shown answer is a refused scan: Enter does nothing
        # The chip card scanned to find the person last picked (or brought), None when they
        # were typed: the desk compares the card with their record.
        self.picked_card: CccdQr | None = None

    def set_compact(self, compact: bool) -> None:
        """The list beside a person's form (``COMPACT_HIDDEN`` left out), or alone."""
        self.fitter.kept_out = set(COMPACT_HIDDEN) if compact else set()
        self.fitter.fit()

    def _empty_hint(self) -> str:
        return self.tr("Names without accents, in any order.") if self.pick_hint else \
            self.tr("Names without accents, in any order.  Ctrl+N: new person.")

    def search(self, text: str) -> None:
        if text and text == self._opened_scan == self.last_query == self.shown_query:
            # The open person's card put back whole by the next card's keys (the scanner's
            # undo): the same query, answered already; shown as its number again.
            self.show_scan_as_number()
            return
        self.last_query = text
        self._pick_when_answered = False
        self._clear_remote()
        query = text.strip()
        if not query:
            self.show_hits(text, [])
            return
        # A scanned card is asked of the platform by its CCCD, as if typed.
        remote = self.pick_hint is None and looks_like_citizen_id(card_number(query) or query)

        def work(db: Database) -> tuple[str, list[PersonHit], bool]:
            hits = search_people(db, query)
            return text, hits, remote and not hits and can_look_up(db)

        Op.read(self.ctx, self, work).latest("desk-search") \
            .done(lambda answer: self.show_hits(*answer)) \
            .failed(lambda exc: self._search_failed(text, exc)).run()

    def _search_failed(self, query: str, exc: BaseException) -> None:
        # Only the newest query's failure arrives (``TaskRunner``'s ``latest``): an older
        # one's would cancel the Enter pressed for the query typed after it.
        self.box.setReadOnly(False)
        if not isinstance(exc, UserError):
            self._pick_when_answered = False
            self.ctx.report_error(exc, self)
            self.answered.emit()
            return
        # A damaged scan: say so, offer nothing.
        self.model.set_hits([])
        self.shown_query = query
        self._pick_when_answered = False
        self.scan_damaged = True
        self.hint.setText(exc.message(self.ctx.lang))
        self.answered.emit()

    def show_hits(self, query: str, hits: list[PersonHit], ask_platform: bool = False) -> None:
        self.scan_damaged = False
        self.model.set_hits(hits)
        self.shown_query = query
        refused = lookup_refusal(self.ctx.actor)
        if ask_platform and query == self.last_query and refused is not None:
            # Not asked at all (the service would refuse, and audit, each pause in typing):
            # the account is told why nobody from other sites is offered.
            self.remote_hint.setText(refused.message(self.ctx.lang))
            self.remote_hint.show()
        elif ask_platform and query == self.last_query:
            self._remote_query = query
            self.remote_hint.setText(self.tr("Searching the central platform…"))
            self.remote_hint.show()
            self._remote_timer.start()
        if hits:
            self.table.selectRow(0)
            self.hint.setText(self.pick_hint or self.tr(
                "Enter: record a dose for the selected person.  Ctrl+N: new person."))
        elif query.strip():
            self.hint.setText(self.tr("Nobody found.") if self.pick_hint else self.tr(
                "Nobody found. Enter or Ctrl+N: register a new person."))
        else:
            self.hint.setText(self._empty_hint())
        if self._pick_when_answered and query == self.last_query:
            self._pick_when_answered = False
            self.pick_current()
        if query == self.last_query:
            self.box.setReadOnly(False)
            if query == self._opened_scan and self.box.text() == query:
                self.show_scan_as_number()  # put back whole by the next card's keys (scanner)
            self.answered.emit()

    # -- the central platform ---------------------------------------------------------------
    def _ask_platform(self) -> None:
        query = self._remote_query
        if query != self.last_query:
            return
        number = card_number(query) or query.strip()
        actor = self.ctx.actor
        op = Op.ask(self.ctx, self, lambda db, token: find_elsewhere(
            db, number, actor=actor, cancel=token))
        job = op.job
        # Each answer is checked against the job still wanted: a cancelled or outrun one
        # must not clear or fill the panel for the number typed since.
        op.done(lambda citizen: self._show_remote(job, citizen)) \
            .failed(lambda exc: self._remote_failed(job, exc))
        self._remote_job = op.run()

    def _show_remote(self, job: Job, citizen: RemoteCitizen | None) -> None:
        if job is not self._remote_job:
            return
        self._remote_job = None
        if citizen is None:
            self._clear_remote()
            return
        if citizen.people > 1:  # said, and nothing offered to bring
            self._clear_remote()
            self.remote_hint.setText(self.ctx.text(
                "LOOKUP_ID_SHARED", id_number=citizen.id_number, sites=", ".join(citizen.sites())))
            self.remote_hint.show()
            return
        self.citizen = citizen
        who = citizen.identity.fields
        self.remote_hint.setText(self.ctx.text(
            "DESK_FOUND_ELSEWHERE", name=who.full_name,
            dob=format_date(who.dob) if who.dob else "—",
            sex=self.ctx.text({"M": "SEX_M", "F": "SEX_F"}.get(who.sex or "", "SEX_UNKNOWN")),
            sites=", ".join(citizen.sites())))
        self.remote_hint.show()
        self.bring_button.setText(self.tr(
            "Bring this person with their %n dose(s) from other sites", "",
            len(citizen.doses)))
        self.bring_button.show()

    def _remote_failed(self, job: Job, exc: BaseException) -> None:
        if job is not self._remote_job:
            return
        self._remote_job = None
        # A refused token or a broken answer is the sync screen's to show; at the desk the
        # search simply found nobody, as when offline.
        self._clear_remote()
        log.info("looking up on the central platform failed: %s", exc)
        # The platform's hourly limit, or its not searching by citizen ID: said, in the hint.
        if isinstance(exc, UserError):
            self.remote_hint.setText(exc.message(self.ctx.lang))
            self.remote_hint.show()

    def _clear_remote(self) -> None:
        self._remote_timer.stop()
        if self._remote_job is not None:
            self._remote_job.cancel()
            self._remote_job = None
        self.citizen = None
        self.remote_hint.hide()
        self.bring_button.hide()

    def _bring(self) -> None:
        if self.citizen is not None:
            citizen = self.citizen
            self._clear_remote()  # one click brings them once
            self.picked_card = _scanned(self.last_query)
            self.bring.emit(citizen)

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
            self.picked_card = _scanned(self.last_query)
            self.picked.emit(self.model.hits[rows[0].row()])
        elif self.last_query.strip() and not self.scan_damaged:
            self.new_person.emit(self.last_query)

    def show_scan_as_number(self) -> None:
        """Once its person is open (the desk calls this), a scanned card in the box is
        shown as its CCCD: its whole text (name, birth date, home address) was left in view
        beside the open record, where anyone at the desk could read it. Only the display
        changes: the query stays the card's, so its answer, the platform's look-up and the
        card's check go on as for any scan."""
        # The box's text, or the card answered last: the next card's first digits may be
        # passing through the box (the scanner takes them back once it knows them a scan).
        scan, card = next(((q, c) for q in (self.box.text(), self.shown_query)
                           if q and (c := _scanned(q)) is not None), ("", None))
        if card is None:
            return
        self._opened_scan = scan
        if self.box.text().startswith(scan):
            with QSignalBlocker(self.box):  # no search: the query is the same card
                self.box.setText(card.id_number)

    def reset(self) -> None:
        self._opened_scan = None
        self.box.setReadOnly(False)
        self.box.clear()
        self.box.setFocus()

    # -- a scanner's burst (ui/scanner.py, desk/scans.py) ---------------------------------
    def take_scan(self, text: str, enter: bool) -> None:
        """A card's whole QR text: it replaces what the box holds (never appended to it) and
        is searched at once; with the scanner's Enter, its person opens when found. Until
        then the box takes no keys: the next card's first digits, typed before it is
        recognised as a scan, would change the query and lose this Enter."""
        self.box.setReadOnly(False)
        self.box.setFocus()
        if self.box.text() == text:
            self.search(text)  # scanned again: asked again (setText would not say so)
        else:
            self.box.setText(text)
        if enter:
            self.pick_current()
            self.box.setReadOnly(self._pick_when_answered)

    def awaiting_pick(self) -> bool:
        """Enter was pressed and waits for its query's answer."""
        return self._pick_when_answered


def _scanned(query: str) -> CccdQr | None:
    """The chip card a query is the scan of; None for typed text (or a damaged scan)."""
    try:
        return read_cccd_qr(query)
    except UserError:
        return None
