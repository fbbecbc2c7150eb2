"""A citizen's complaint taken by phone: the fields of the wire's Submission, checked by the
same rule as the public form (``rules/complaints``), problems shown beside each field. The
next sync sends it to the central platform, which gives it its code and routes it.

A citizen who comes in person brings their card: scanned while the form is open, it fills
the ID number, name and date of birth (``take_scan``; ``ui/scanner.py`` sends it here)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules import admin_units
from desktop_app.rules.cccd_qr import CccdQr, read_cccd_qr
from desktop_app.rules.field_values import field_names
from desktop_app.rules.messages import UserError
from desktop_app.services.complaints import (
    HOTLINE,
    KINDS,
    MAX_DOSE_NUMBER,
    ComplaintItem,
    HotlineRefused,
    Submission,
    take_hotline,
)
from desktop_app.services.site import SiteInfo, current_site
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import describe_error, may_discard
from desktop_app.ui.operations import Op
from desktop_app.ui.setup.searchable_combo import SearchableCombo
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.problem_label import FieldProblems, ProblemLabel
from desktop_app.ui.widgets.screen_fit import keep_within_screen, resize_within_screen
from desktop_app.ui.widgets.text_box import text_box
from desktop_app.ui.widgets.tones import ERROR_STYLE
from desktop_app.ui.widgets.vertical_scroll import VerticalScroll

CARD_FIELDS = ("id_number", "full_name", "dob")  # what a card says that the form asks


class HotlineDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.taken: ComplaintItem | None = None
        self.card: CccdQr | None = None  # the chip card scanned into the form, if any
        self.setWindowTitle(self.tr("Take a complaint by phone"))
        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(ctx.text(f"COMPLAINT_KIND_{kind.upper()}"), kind)
        self.id_number = QLineEdit()
        self.full_name = QLineEdit()
        self.dob = DateField()
        self.phone = QLineEdit()
        self.dose_number = QSpinBox()
        self.dose_number.setRange(0, MAX_DOSE_NUMBER)
        self.dose_number.setSpecialValueText(self.tr("not said"))
        self.dose_date = DateField()
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("where, in the citizen's words"))
        # The site's province's communes, searched by name: clerks know names, not codes.
        self.commune_code = SearchableCombo()
        self.commune_code.lineEdit().setPlaceholderText(self.tr("Type to search, e.g. lang"))
        Op.read(ctx, self, lambda db: current_site(db)).done(self._site_read).run()
        self.text = text_box()
        self.text.setPlaceholderText(self.tr("What the citizen says"))
        self.general = ProblemLabel()
        self.problems = FieldProblems(self.general)
        body = QWidget()
        form = QFormLayout(body)
        form.setContentsMargins(0, 0, 0, 0)
        for name, label, widget in (
                ("kind", self.tr("Kind"), self.kind),
                ("id_number", self.tr("ID number"), self.id_number),
                ("full_name", self.tr("Full name"), self.full_name),
                ("dob", self.tr("Date of birth"), self.dob),
                ("phone", self.tr("Phone"), self.phone),
                ("dose_number", self.tr("Dose number"), self.dose_number),
                ("dose_date", self.tr("Dose date"), self.dose_date),
                ("place", self.tr("Place"), self.place),
                ("commune_code", self.tr("Commune"), self.commune_code),
                ("text", self.tr("Complaint"), self.text)):
            self.problems.add_row(form, name, label, widget)
        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(self.tr("Take the complaint"),
                                             QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        # An error under each of its fields makes the form taller than a netbook at 150 %
        # scaling (400 px): it scrolls then, the buttons below it always in sight.
        self.body_scroll = VerticalScroll(body)
        layout = QVBoxLayout(self)
        layout.addWidget(self.body_scroll)
        layout.addWidget(self.general)
        layout.addWidget(buttons)
        self.setMinimumWidth(520)
        # Left to Qt, a window opens at most 2/3 of the screen high, the form scrolled.
        resize_within_screen(self, self.sizeHint().width(), self.sizeHint().height())

    def _fit_to_screen(self) -> None:
        """As tall as the form with its errors needs, up to the room the screen has, and
        moved back up onto it: grown downwards, its buttons went below the screen's edge."""
        self.body_scroll.widget().layout().activate()  # the errors just shown count
        self.layout().activate()
        resize_within_screen(self, self.width(), max(self.height(), self.sizeHint().height()))
        keep_within_screen(self)

    def _site_read(self, site: SiteInfo | None) -> None:
        units = admin_units.communes(site.province_code if site else None)
        self.commune_code.set_items([(u.code, u.name) for u in units],
                                    lambda text: admin_units.code_named(units, text))

    def scan_taker(self) -> HotlineDialog:
        return self  # a card scanned while the form is open fills it (``ui/scanner.py``)

    def take_scan(self, text: str, enter: bool) -> None:
        """The citizen's card, scanned: its ID number, name and date of birth replace what
        the form holds (the card is the citizen's own word), and the form says what it
        filled. A damaged scan fills nothing and says so. The scanner's Enter takes nothing:
        the complaint itself is still to be written."""
        try:
            card = read_cccd_qr(text)
        except UserError as damaged:
            self._say(damaged.message(self.ctx.lang), ERROR_STYLE)
            return
        if card is None:
            return
        self.id_number.setText(card.id_number)
        self.card = card  # its old CMND finds a record made under it (``save``)
        self.full_name.setText(card.full_name)
        self.dob.set_value(card.dob)
        for name in CARD_FIELDS:
            self.problems.clear(name)
        self._say(self.ctx.text("CARD_FILLED", fields=field_names(CARD_FIELDS, self.ctx.lang)),
                  "")
        (self.phone if not self.phone.text().strip() else self.text).setFocus()

    def _say(self, sentence: str, style: str) -> None:
        self.general.setStyleSheet(style)
        self.general.setText(sentence)
        self.general.show()

    def _typed(self) -> tuple[str, ...]:
        return (self.id_number.text(), self.full_name.text(), self.dob.typed(),
                self.phone.text(), self.dose_date.typed(), self.place.text(),
                self.commune_code.typed_text(), self.text.toPlainText())

    def reject(self) -> None:  # a call taken down is not lost to Esc unasked
        # The kind and the dose number are picked, not typed, and often the caller's first
        # words: a form holding only them is a call begun too.
        begun = any(t.strip() for t in self._typed()) or self.kind.currentIndex() > 0 \
            or self.dose_number.value() > 0
        if may_discard(self, self.taken is None and begun):
            super().reject()

    def value(self) -> Submission:
        self.commune_code.commit_typed()  # a name typed whole, not picked, is its commune
        return Submission(
            kind=self.kind.currentData(), id_number=self.id_number.text().strip(),
            full_name=self.full_name.text().strip(), dob=self.dob.value(),
            phone=self.phone.text().strip(), dose_number=self.dose_number.value() or None,
            dose_date=self.dose_date.value(), place=self.place.text().strip(),
            # A name that names no commune goes as typed: the rules refuse it, saying so.
            commune_code=self.commune_code.code() or self.commune_code.typed_text().strip()
            or None,
            text=self.text.toPlainText().strip(), channel=HOTLINE)

    def save(self) -> None:
        sub, actor = self.value(), self.ctx.actor
        # The card's old CMND, while the ID number is still the card's (not typed over).
        card = self.card
        old = card.old_id_number if card is not None and card.id_number == sub.id_number \
            else None
        self.save_button.setEnabled(False)
        Op.write(self.ctx, self, lambda db: take_hotline(db, sub, actor=actor,
                                                         old_id_number=old)) \
            .done(self._taken).failed(self._failed).run()

    def _taken(self, item: ComplaintItem) -> None:
        self.taken = item
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, HotlineRefused):
            self.problems.show(exc.problems, self.ctx.message)
            self._fit_to_screen()
            first = self.problems.first_error_field(exc.problems)
            if first is not None:
                first.setFocus()
            return
        self.problems.show([], self.ctx.message)
        self.general.setText(describe_error(exc, self.ctx.lang))
        self.general.show()
