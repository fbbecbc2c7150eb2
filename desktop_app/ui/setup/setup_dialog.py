"""First-run setup and later edits of the site: who this laptop records for, where, and the
day's vaccine, lot and vaccinator.

The address is a province and a commune/ward from ``rules.admin_units`` (Vietnam's units
since 1 July 2025: no district level, so ``district_code`` is not asked). Both are found by
typing without accents. The form is keyboard-first: Tab or Enter moves on, Enter in the last
field saves, Esc cancels an edit. On first run there is nothing to go back to, so Esc does
nothing and closing the window asks whether to quit the app instead.

Saving runs ``day_setup.save_settings`` on the database worker: the day's lot checked as the
desk's "today" panel checks it, and the site, in one transaction (both saved or neither);
problems are shown under the field they concern and nothing is saved until they are fixed.
The site is a supervisor's to change: anyone else sees it, read only, and saves the day's
defaults alone.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.rules import admin_units
from desktop_app.rules.lots import LotFact
from desktop_app.rules.problems import Problem
from desktop_app.rules.site_code import SITE_CODE_MAX, site_problems
from desktop_app.services.actor import RECORDERS, Role
from desktop_app.services.database import Database
from desktop_app.services.day_defaults import DayDefaults, get_day_defaults
from desktop_app.services.day_setup import SettingsSaved, lots_of, save_settings
from desktop_app.services.site import SiteChoice, SiteInfo, current_site
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import confirm, describe_error
from desktop_app.ui.language_choice import LanguageRow
from desktop_app.ui.operations import Op
from desktop_app.ui.setup.searchable_combo import SearchableCombo
from desktop_app.ui.widgets.compact_combo import product_combo
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.lot_expiry import show_lot_expiry
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.screen_fit import keep_within_screen, resize_within_screen
from desktop_app.ui.widgets.stale_message import clear_on_edit
from desktop_app.ui.widgets.tones import ERROR_FIELD_STYLE, ERROR_STYLE
from desktop_app.ui.widgets.vertical_scroll import VerticalScroll


class SetupDialog(QDialog):
    """``exec()`` returns Accepted once the site is saved. On first run it returns Rejected
    only when the clerk chose to quit; ``quit_requested`` is emitted then too."""

    quit_requested = Signal()

    def __init__(
        self, ctx: AppContext, parent: QWidget | None = None, *, first_run: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.first_run = first_run
        # Set for the person who opened it (the idle lock closes it before another logs in).
        # At the first run the site is the point: a clerk is told the service's refusal.
        self.site_editable = first_run or ctx.actor.role is Role.SUPERVISOR
        # Today's defaults are a recorder's (``day_setup.save_settings``): a volunteer
        # reads them, and is told so before typing, not refused after Save.
        self.defaults_editable = first_run or ctx.actor.role in RECORDERS
        self.loaded = False  # the current site and defaults have been read into the form
        self.saving = False
        self._site: SiteInfo | None = None
        self._quitting = False
        self.language_chosen: str | None = None
        self.setWindowTitle(
            self.tr("Set up this vaccination site") if first_run else self.tr("Site settings"))
        self.setMinimumWidth(560)

        self.code = QLineEdit()
        self.code.setMaxLength(SITE_CODE_MAX)
        self.code.setMaximumWidth(220)
        self.code.setPlaceholderText(self.tr("e.g. 79-00123"))
        self.name = QLineEdit()
        self.name.setMaxLength(200)
        self.name.setPlaceholderText(self.tr("e.g. Trạm Y tế Phường Láng"))
        self.province = SearchableCombo()
        self.province.lineEdit().setPlaceholderText(self.tr("Type to search, e.g. ha noi"))
        self.province.set_items([(p.code, p.name) for p in admin_units.provinces()],
                                lambda text: admin_units.code_named(admin_units.provinces(), text))
        self.commune = SearchableCombo()
        self.commune.lineEdit().setPlaceholderText(self.tr("Choose the province first"))
        self.product = product_combo(ctx.db.catalogue, ctx.lang)
        self.lot = QLineEdit()
        self.lot.setMaxLength(64)
        self.expiry = DateField()  # a lot nobody has listed yet is listed with it
        self._lots: list[LotFact] = []  # the chosen vaccine's, to show a listed lot's expiry
        self.vaccinator = QLineEdit()
        self.vaccinator.setMaxLength(100)
        self.general_error = plain_label()
        self.general_error.setStyleSheet(ERROR_STYLE)
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.save_button = QPushButton(self.tr("Save"))
        self.cancel_button = QPushButton(self.tr("Cancel (Esc)"))
        self.cancel_button.setVisible(not first_run)
        for button in (self.save_button, self.cancel_button):
            # Enter is handled by keyPressEvent: it must not save from the first field.
            button.setAutoDefault(False)
            button.setDefault(False)

        self._fields: dict[str, QWidget] = {
            "code": self.code, "name": self.name, "province": self.province,
            "commune": self.commune, "product": self.product, "lot": self.lot,
            "expiry": self.expiry, "vaccinator": self.vaccinator,
        }
        self._errors: dict[str, QLabel] = {}
        self._labels: list[QLabel] = []
        self._build_layout()
        self._connect()
        self._set_busy(True)
        Op.read(ctx, self, lambda db: (current_site(db), get_day_defaults(db))) \
            .done(self._on_loaded).failed(self._on_load_failed).run()

    # -- layout -----------------------------------------------------------------------------
    def _build_layout(self) -> None:
        site_box = QGroupBox(self.tr("Site"))
        site_form = self._form(site_box)
        self._add_row(site_form, "code", self.tr("Site code"))
        self._add_row(site_form, "name", self.tr("Site name"))
        self._add_row(site_form, "province", self.tr("Province / city"))
        self._add_row(site_form, "commune", self.tr("Commune / ward"))
        note = plain_label(self.ctx.text("SETUP_UNITS_NOTE", date=admin_units.data_version()))
        if not self.site_editable:
            note.setText(self.tr("Only a supervisor can change the site."))
            self._show_site_read_only()
        note.setStyleSheet("color: palette(mid);")
        note.setWordWrap(True)
        site_form.addRow("", note)

        day_box = QGroupBox(self.tr("Today's defaults"))
        day_form = self._form(day_box)
        self._add_row(day_form, "product", self.tr("Vaccine"))
        self._add_row(day_form, "lot", self.tr("Lot number"))
        self._add_row(day_form, "expiry", self.tr("Expiry"))
        self._add_row(day_form, "vaccinator", self.tr("Vaccinator"))
        if not self.defaults_editable:
            for field in ("product", "lot", "expiry", "vaccinator"):
                self._fields[field].setEnabled(False)
            only = plain_label(self.ctx.text("ROLE_ONLY", roles=self.ctx.text(
                "ROLE_CLERK") + " / " + self.ctx.text("ROLE_SUPERVISOR")))
            only.setStyleSheet("color: palette(mid);")
            only.setWordWrap(True)
            day_form.addRow("", only)

        buttons = QHBoxLayout()
        self.enter_hint = QLabel(self.tr("Enter in the last field saves."))
        self.enter_hint.setStyleSheet("color: palette(mid);")
        # Nothing here for this person to save (a volunteer): no word of saving either.
        self.enter_hint.setVisible(self.site_editable or self.defaults_editable)
        buttons.addWidget(self.enter_hint)
        buttons.addStretch(1)
        if self.first_run:  # nothing to lose yet: the app can be tried on sample data first
            self.demo_button = QPushButton(self.tr("Try with demo data"))
            self.demo_button.setAutoDefault(False)
            self.demo_button.clicked.connect(self._try_demo)
            buttons.addWidget(self.demo_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        if self.first_run:
            # Modal over the window: its Language menu cannot be reached until the site is
            # set up. The shell builds the window and this dialog again in the other one.
            self.language = LanguageRow(self.ctx.lang, self._choose_language)
            layout.addWidget(self.language)
            intro = QLabel(self.tr("Welcome to VaxDesk. Enter this site's details once; "
                                   "you can change them later."))
            intro.setWordWrap(True)
            layout.addWidget(intro)
            layout.addSpacing(6)
        layout.addWidget(site_box)
        layout.addWidget(day_box)
        # A short screen, or an error under every field, scrolls the form; what was not
        # saved and the buttons stay in view below it.
        self.body_scroll = VerticalScroll(body)
        outer = QVBoxLayout(self)
        outer.addWidget(self.body_scroll, 1)
        outer.addWidget(self.general_error)
        outer.addLayout(buttons)
        body.installEventFilter(self)  # errors shown under the fields: fit again
        # The two boxes are separate forms: give their label columns one width so the fields
        # line up.
        width = max(label.sizeHint().width() for label in self._labels)
        for label in self._labels:
            label.setMinimumWidth(width)
        # Tab follows the form, top to bottom, then Save.
        order = [*self._fields.values(), self.save_button, self.cancel_button]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)
        self.fit_to_screen()

    def fit_to_screen(self) -> None:
        """As tall as the form needs at the dialog's width, up to the room the screen has.
        Left to Qt, a window opens at most 2/3 of the screen high: 400 px on a 600 px
        netbook, 40 px short of this form, its fields squeezed and its note cut."""
        shown = self.isVisible()
        width = max(self.width() if shown else 0, self.minimumWidth(), self.sizeHint().width())
        layout = self.layout()
        margins = layout.contentsMargins()
        body = self.body_scroll.widget()
        needed = body.heightForWidth(width - margins.left() - margins.right())
        if needed < 0:
            needed = body.sizeHint().height()
        below = [layout.itemAt(i) for i in range(1, layout.count())]  # the error, the buttons
        inner = width - margins.left() - margins.right()
        height = margins.top() + needed + margins.bottom() + sum(
            max(layout.spacing(), 0) + (item.widget().heightForWidth(inner)
                                        if item.widget() and item.widget().hasHeightForWidth()
                                        else item.sizeHint().height())
            for item in below if not item.isEmpty())
        # Shown, it only grows: errors put right do not make it jump under the clerk's eyes.
        resize_within_screen(self, width, max(height, self.height()) if shown else height)
        if shown:
            keep_within_screen(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        # The form's layout request comes once the rows inside it have taken their new
        # heights: measured before, an error just shown would not count.
        if watched is self.body_scroll.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_to_screen()
        return super().eventFilter(watched, event)

    def _show_site_read_only(self) -> None:
        for line in (self.code, self.name):
            line.setReadOnly(True)  # still selectable: the code is read out on the phone
            shade = line.palette()  # and looking as little like a box to type in as the rest
            shade.setColor(QPalette.ColorRole.Base, shade.color(QPalette.ColorRole.Window))
            line.setPalette(shade)
        for combo in (self.province, self.commune):
            combo.setEnabled(False)

    def _editable_fields(self) -> list[QWidget]:
        site = ("province", "commune") if not self.site_editable else ()
        day = ("product", "lot", "expiry", "vaccinator") if not self.defaults_editable else ()
        return [w for f, w in self._fields.items() if f not in site + day]

    @staticmethod
    def _form(box: QGroupBox) -> QFormLayout:
        form = QFormLayout(box)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def _add_row(self, form: QFormLayout, field: str, label: str) -> None:
        cell = QWidget()
        box = QVBoxLayout(cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(2)
        box.addWidget(self._fields[field])
        error = plain_label()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        box.addWidget(error)
        self._errors[field] = error
        label_widget = plain_label(label)
        label_widget.setBuddy(self._fields[field])
        label_widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self._labels.append(label_widget)
        form.addRow(label_widget, cell)

    def _connect(self) -> None:
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.reject)
        self.province.code_changed.connect(self._on_province_changed)
        for field, widget in self._fields.items():
            if isinstance(widget, QLineEdit):
                widget.textEdited.connect(lambda _t, f=field: self._clear_error(f))
        # A place box says at once when what is typed names no unit, and on leaving when it
        # names several: it never picks one silently, and its message goes with its cause.
        for field, combo in (("province", self.province), ("commune", self.commune)):
            combo.code_changed.connect(lambda _c, f=field: self._clear_error(f))
            line = combo.lineEdit()
            line.textEdited.connect(lambda _t, f=field: self._check_place(f, typing=True))
            line.editingFinished.connect(lambda f=field: self._check_place(f, typing=False))
        self.product.currentIndexChanged.connect(lambda _i: self._clear_error("lot"))
        self.product.currentIndexChanged.connect(lambda _i: self._load_lots())
        self.lot.textEdited.connect(lambda _t: self._clear_error("expiry"))
        self.lot.textChanged.connect(self._lot_typed)
        clear_on_edit([self], self.general_error.hide)  # "not saved: …" goes

    # -- loading ----------------------------------------------------------------------------
    def _on_loaded(self, loaded: tuple[SiteInfo | None, DayDefaults]) -> None:
        site, defaults = loaded
        self._site = site
        if site is not None:
            self.code.setText(site.code)
            self.name.setText(site.name)
            self.province.set_code(site.province_code)
            self.commune.set_code(site.commune_code)
        if defaults.product_code:
            self.product.setCurrentIndex(max(self.product.findData(defaults.product_code), 0))
        # Yesterday's lot is not offered as today's; the vaccinator usually is the same.
        if defaults.is_for_today:
            self.lot.setText(defaults.lot_number or "")
        self.vaccinator.setText(defaults.vaccinator or "")
        self.loaded = True
        self._set_busy(False)
        if self.site_editable:
            self.code.setFocus()
            self.code.selectAll()
        else:
            self.product.setFocus()

    def _on_load_failed(self, exc: BaseException) -> None:
        self.loaded = True
        self._set_busy(False)
        self._show_general(self.ctx.text("SETUP_LOAD_FAILED",
                                         error=describe_error(exc, self.ctx.lang)))

    def _load_lots(self) -> None:
        code = self.product.currentData()
        Op.read(self.ctx, self, lambda db: lots_of(db, code)).done(self._set_lots).run()

    def _set_lots(self, lots: list[LotFact]) -> None:
        self._lots = lots
        self._lot_typed(self.lot.text())

    def _lot_typed(self, typed: str) -> None:
        show_lot_expiry(self.expiry, self._lots, typed)

    def _on_province_changed(self, code: str | None) -> None:
        units = admin_units.communes(code)
        self.commune.set_items([(u.code, u.name) for u in units],
                               lambda text: admin_units.code_named(units, text))
        self.commune.lineEdit().setPlaceholderText(
            self.tr("Type to search, e.g. lang") if code else self.tr("Choose the province first"))

    # -- validation -------------------------------------------------------------------------
    def validate(self) -> dict[str, str]:
        """The problem with each field that has one, as shown under it."""
        self.province.commit_typed()
        self.commune.commit_typed()
        problems: dict[str, str] = {}
        if self.site_editable:
            problems.update(self._site_problems())
        if self.lot.text().strip() and self.product.currentData() is None:
            problems["product"] = self.tr("Choose the vaccine this lot number belongs to.")
        return problems

    def _site_problems(self) -> dict[str, str]:
        # The service's own rules (``set_up_site`` refuses the same), said under each field.
        problems = {p.field: self.ctx.message(p)
                    for p in site_problems(self.code.text(), self.name.text())}
        problems.update(self._place_problems())
        return problems

    def _place_problems(self) -> dict[str, str]:
        problems: dict[str, str] = {}
        places = (("province", self.province, admin_units.provinces()),
                  ("commune", self.commune, admin_units.communes(self.province.code())))
        for field, combo, units in places:
            typed = combo.typed_text()
            if combo.code() is not None:
                continue
            if field == "commune" and self.province.code() is None:
                problems[field] = self.tr("Choose the province first, then its commune or ward.")
            elif not typed:
                problems[field] = (self.tr("Choose the province or city.") if field == "province"
                                   else self.tr("Choose the commune or ward."))
            elif not admin_units.search(units, typed):
                problems[field] = self.ctx.text("SETUP_PLACE_NO_MATCH", text=typed)
            else:
                problems[field] = self.ctx.text("SETUP_PLACE_SEVERAL", text=typed)
        return problems

    def _check_place(self, field: str, *, typing: bool) -> None:
        combo = self.province if field == "province" else self.commune
        problem = None
        if combo.typed_text() and combo.code() is None:
            problem = self._place_problems().get(field)
            if typing and problem != self.ctx.text("SETUP_PLACE_NO_MATCH",
                                                   text=combo.typed_text()):
                problem = None  # several matches while typing: the list is showing them
        if problem:
            self._show_error(field, problem)
        else:
            self._clear_error(field)

    def _show_error(self, field: str, text: str) -> None:
        self._errors[field].setText(text)
        self._errors[field].show()
        self._fields[field].setStyleSheet(ERROR_FIELD_STYLE)

    def show_problems(self, problems: dict[str, str]) -> None:
        for field, label in self._errors.items():
            text = problems.get(field)
            label.setText(text or "")
            label.setVisible(bool(text))
            self._fields[field].setStyleSheet(ERROR_FIELD_STYLE if text else "")

    def _clear_error(self, field: str) -> None:
        if self._errors[field].isVisible():
            self._errors[field].hide()
            self._fields[field].setStyleSheet("")

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        if self.saving or not self.loaded:
            return
        self.general_error.hide()
        problems = self.validate()
        self.show_problems(problems)
        if problems:
            first = next(f for f in self._fields if f in problems)
            self._fields[first].setFocus()
            return
        site = self._site_choice() if self.site_editable else None
        product, lot, expiry, vaccinator = (self.product.currentData(), self.lot.text(),
                                            self.expiry.value(), self.vaccinator.text())
        actor = self.ctx.actor

        def work(db: Database) -> SettingsSaved:
            # The day's lot is checked as the desk's "today" panel checks it (its product,
            # its expiry; a new one listed with its expiry), and nothing is saved if it fails.
            return save_settings(db, site, product, lot, expiry, vaccinator, actor=actor)

        self.saving = True
        self._set_busy(True)
        Op.write(self.ctx, self, work).done(self._on_saved).failed(self._on_save_failed).run()

    def _site_choice(self) -> SiteChoice:
        province = self.province.code()
        # A district recorded before the 2025 reform is kept while the province is unchanged.
        old = self._site
        district = old.district_code if old and old.province_code == province else None
        return SiteChoice(self.code.text().strip(), self.name.text().strip(), province,
                          district, self.commune.code())

    def _on_saved(self, saved: SettingsSaved) -> None:
        self.saving = False
        if saved.defaults is None:
            self._set_busy(False)
            self._show_lot_problems(saved.problems)
            return
        if saved.site is not None:
            self._site = saved.site
            self.ctx.data_changed.emit("site")
        self.ctx.data_changed.emit("defaults")
        self.accept()

    def _show_lot_problems(self, problems: list[Problem]) -> None:
        fields = {"product_code": "product", "lot_number": "lot", "expiry": "expiry"}
        shown = {fields.get(p.field, "lot"): self.ctx.message(p) for p in problems}
        self.show_problems(shown)
        self._fields[next(f for f in self._fields if f in shown)].setFocus()

    def _on_save_failed(self, exc: BaseException) -> None:
        self.saving = False
        self._set_busy(False)
        # A clerk's Save is of today's defaults only: "the site could not be saved" named
        # what they never touched.
        self._show_general(self.ctx.text(
            "SETUP_SAVE_FAILED" if self.site_editable else "SETUP_DEFAULTS_SAVE_FAILED",
            error=describe_error(exc, self.ctx.lang)))

    def _show_general(self, text: str) -> None:
        self.general_error.setText(text)
        self.general_error.show()
        self.fit_to_screen()  # below the form: its lines push the last field out of view

    def _set_busy(self, busy: bool) -> None:
        for widget in self._editable_fields():
            widget.setEnabled(not busy)
        self.save_button.setEnabled(not busy and (self.site_editable or self.defaults_editable))

    # -- keyboard and closing ---------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focus = self.focusWidget()
            if focus is self.cancel_button:
                self.reject()
            elif focus in (self.vaccinator, self.save_button):
                self.save()
            else:
                self.focusNextChild()
            return
        super().keyPressEvent(event)  # Esc → reject()

    def _choose_language(self, lang: str) -> None:
        self.language_chosen = lang  # the shell switches, then asks again in that language
        self._quitting = True
        super().reject()

    def _try_demo(self) -> None:
        self.demo_chosen = True  # the shell opens the demo database instead of quitting
        self._quitting = True
        super().reject()

    def reject(self) -> None:
        # First run: there is no earlier site to go back to; only quitting closes the dialog.
        if self.first_run and not self._quitting:
            return
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.first_run or self._quitting or not self.isVisible():
            super().closeEvent(event)
            return
        event.ignore()
        if confirm(self, self.tr("Quit VaxDesk?"),
                   self.tr("Doses cannot be recorded until this site is set up. Quit now?"),
                   self.tr("Quit"), self.tr("Continue setup")):
            self._quitting = True
            self.quit_requested.emit()
            super().reject()

