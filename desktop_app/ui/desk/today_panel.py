"""The desk's "today" panel: the day's vaccine, lot (with expiry) and vaccinator, always in
sight, changed only here ("Set for today"), never by a dose given to one person."""

from __future__ import annotations

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

from desktop_app.clock import zone_off
from desktop_app.rules.dates import format_date
from desktop_app.rules.lots import LotFact
from desktop_app.rules.problems import Problem, warning
from desktop_app.services.day_defaults import DayDefaults
from desktop_app.services.day_setup import lots_of, set_today
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import confirm
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.compact_combo import product_combo
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.lot_expiry import show_lot_expiry
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.problem_label import ProblemLabel
from desktop_app.ui.widgets.stale_message import clear_on_edit
from desktop_app.ui.widgets.tones import ERROR_BOLD_STYLE


class TodayPanel(QGroupBox):
    changed = Signal(object)  # DayDefaults, once saved

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTitle(self.tr("Today"))
        self.ctx = ctx
        self._lots: list[LotFact] = []
        self._shown = DayDefaults()
        self._as_set: tuple[object, str, str] | None = None  # the fields as last shown
        self.product = product_combo(ctx.db.catalogue, ctx.lang)
        self.lot = QComboBox()
        self.lot.setEditable(True)
        self.expiry = DateField()
        self.vaccinator = QLineEdit()
        self.apply_button = QPushButton(self.tr("Set for today"))
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        self.problems = ProblemLabel()
        self.zone_note = ProblemLabel()  # the laptop's zone, if not Vietnam's
        self.grid = QGridLayout(self)
        self._cells: list[tuple[QWidget, QWidget]] = []
        for label, widget in (
            (self.tr("Vaccine"), self.product), (self.tr("Lot number"), self.lot),
            (self.tr("Expiry"), self.expiry), (self.tr("Vaccinator"), self.vaccinator),
        ):
            caption = plain_label(label)
            caption.setBuddy(widget)
            # Named by its own caption, not by the panel's title ("Today") as all four were.
            widget.setAccessibleName(label)
            self._cells.append((caption, widget))
        self._per_row = 0
        self._arrange(len(self._cells))
        self.product.currentIndexChanged.connect(lambda _i: self._load_lots())
        self.lot.currentTextChanged.connect(self._lot_typed)
        self.apply_button.clicked.connect(self.apply)
        self.vaccinator.returnPressed.connect(self.apply)
        # "Lot OLD1 expired" goes once another lot (or vaccine, or anything) is typed.
        clear_on_edit([self], lambda: self.problems.show_problems([], self.ctx.message))

    # -- two fields a row when four do not fit --------------------------------------------
    def _arrange(self, per_row: int) -> None:
        """The four fields (a caption above each) ``per_row`` a row, the button after the
        last, the summary under them all."""
        if per_row == self._per_row:
            return
        self._per_row = per_row
        for index, (caption, field) in enumerate(self._cells):
            row, column = divmod(index, per_row)
            self.grid.addWidget(caption, 2 * row, column)  # moves it from where it was
            self.grid.addWidget(field, 2 * row + 1, column)
        last = 2 * (-(-len(self._cells) // per_row)) - 1
        self.grid.addWidget(self.apply_button, last, per_row)
        self.grid.addWidget(self.summary, last + 1, 0, 1, per_row + 1)
        self.grid.addWidget(self.problems, last + 2, 0, 1, per_row + 1)
        self.grid.addWidget(self.zone_note, last + 3, 0, 1, per_row + 1)
        for column in range(len(self._cells) + 1):
            # The date is short; the vaccine, lot and vaccinator take the room.
            stretch = 0 if column >= per_row else 1 if column == 2 else 2
            self.grid.setColumnStretch(column, stretch)
        self.updateGeometry()

    def _width_for(self, per_row: int) -> int:
        """The width ``per_row`` fields a row need: each column as wide as its widest
        caption or field, the button beside, the panel's frame around."""
        spacing = max(self.grid.horizontalSpacing(), 0)
        columns = [self._cells[column::per_row] for column in range(per_row)]
        margins = self.grid.contentsMargins()
        return (sum(max(w.minimumSizeHint().width() for cell in column for w in cell)
                    for column in columns)
                + self.apply_button.minimumSizeHint().width() + spacing * per_row
                + margins.left() + margins.right() + self._frame_width())

    def _frame_width(self) -> int:
        return max(super().minimumSizeHint().width() - self.grid.minimumSize().width(), 0)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        # As narrow as two a row: a netbook at 150 % display scaling leaves the desk 530 px.
        return QSize(self._width_for(2), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        most = len(self._cells)
        self._arrange(most if self._width_for(most) <= event.size().width() else 2)
        super().resizeEvent(event)

    def show_defaults(self, defaults: DayDefaults) -> None:
        index = self.product.findData(defaults.product_code) if defaults.product_code else 0
        self.product.setCurrentIndex(max(index, 0))
        self.lot.setEditText(defaults.lot_number or "")
        self.vaccinator.setText(defaults.vaccinator or "")
        self._as_set = self._typed()
        self._show_summary(defaults)

    def _typed(self) -> tuple[object, str, str]:
        return (self.product.currentData(), self.lot.currentText().strip(),
                self.vaccinator.text().strip())

    def may_discard(self) -> bool:
        """True when the vaccine, lot and vaccinator are as set (or were never shown), or
        the clerk agreed to lose what was typed without "Set for today": the desk asks this
        with its own question (``RecordScreen.may_discard``)."""
        if self._as_set is None or self._typed() == self._as_set:
            return True
        return confirm(
            self, self.tr("Discard today's changes?"),
            self.tr("The vaccine, lot or vaccinator typed for today has not been set. "
                    "Discard it?"),
            self.tr("Discard"), self.tr("Keep editing"),
        )

    def _show_summary(self, d: DayDefaults) -> None:
        self._shown = d  # shown again once the lots (and so the expiry) have loaded
        # Beside the day's date: a laptop off Vietnam's zone gives every dose its own day.
        zone = zone_off()
        self.zone_note.show_problems(
            [warning("CLOCK_ZONE_OFF", "zone", **zone.params())] if zone else [],
            self.ctx.message)
        if not (d.is_for_today and d.product_code and d.lot_number and d.vaccinator):
            self.summary.setStyleSheet(ERROR_BOLD_STYLE)
            self.summary.setText(self.tr(
                "Not set for today: choose the vaccine, lot and vaccinator, then Set for today."))
            return
        lot = next((x for x in self._lots if x.lot_number == d.lot_number), None)
        # A lot listed before expiries were asked for (or by an import) may have none.
        expiry = self.tr("expires {date}").format(date=format_date(lot.expiry_date)) \
            if lot and lot.expiry_date else self.tr("expiry not recorded")
        self.summary.setStyleSheet("font-weight: bold;")
        self.summary.setText(self.tr("Today: {product} · lot {lot} ({expiry}) · {who}")
                             .format(product=self.ctx.product_name(d.product_code),
                                     lot=d.lot_number, expiry=expiry, who=d.vaccinator))

    def _load_lots(self) -> None:
        code = self.product.currentData()
        Op.read(self.ctx, self, lambda db: lots_of(db, code)).done(self._set_lots).run()

    def _set_lots(self, lots: list[LotFact]) -> None:
        typed = self.lot.currentText()
        self._lots = lots
        self.lot.blockSignals(True)
        self.lot.clear()
        for lot in lots:
            self.lot.addItem(lot.lot_number)
        self.lot.setEditText(typed)
        self.lot.blockSignals(False)
        self._lot_typed(typed)
        self._show_summary(self._shown)

    def _lot_typed(self, typed: str) -> None:
        show_lot_expiry(self.expiry, self._lots, typed)

    def apply(self) -> None:
        code, lot = self.product.currentData(), self.lot.currentText()
        expiry, who = self.expiry.value(), self.vaccinator.text()
        Op.write(self.ctx, self, lambda db: set_today(db, code, lot, expiry, who,
                                                      actor=self.ctx.actor)) \
            .done(self._applied).run()

    def _applied(self, result: tuple[DayDefaults | None, list[Problem]]) -> None:
        saved, problems = result
        self.problems.show_problems(problems, self.ctx.message)
        if saved is None:
            return
        self._load_lots()
        self._as_set = self._typed()
        self._show_summary(saved)
        self.changed.emit(saved)
