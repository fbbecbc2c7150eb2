"""One record opened from the list: the person, all their doses, and who changed what.

Everything shown comes from one ``record_detail`` call on the database worker; after a
correction or a void the dialog announces the change, so the list behind it refreshes too,
and reloads. It reloads after any change to doses or people made elsewhere too (a sync round
taking the platform's copy, another window), once the correction or void open over it is
closed. Voided doses stay listed (greyed, with their reason): nothing is deleted.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_time
from desktop_app.rules.dates import format_date
from desktop_app.rules.doses import PriorDose
from desktop_app.rules.field_values import shown_value
from desktop_app.services import audit
from desktop_app.services.actor import RECORDERS, SUPERVISORS
from desktop_app.services.merged_records import FoldedRecord
from desktop_app.services.records import RecordDetail, record_detail
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.observation_panel import ReactionDialog, ReactionOn
from desktop_app.ui.merge_records import SplitOf, record_words, split_again
from desktop_app.ui.operations import Op
from desktop_app.ui.records.correction_dialogs import (
    CorrectDoseDialog,
    CorrectPersonDialog,
    VoidDialog,
)
from desktop_app.ui.records.reaction_move_dialog import ReactionMoveDialog
from desktop_app.ui.widgets.plain_label import plain_label
from desktop_app.ui.widgets.row_table import fit_columns, item_table
from desktop_app.ui.widgets.screen_fit import resize_within_screen

# What a record shows: its doses and their sync state, the person, their cleaning mark, and
# the history (a reaction recorded on the dose is in it).
WATCHED = ("doses", "people", "sync", "cleaning", "reactions")


class RecordDialog(QDialog):
    def __init__(self, ctx: AppContext, dose_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.dose_id = dose_id
        self.detail: RecordDetail | None = None
        self.person_id: str | None = None  # whom the window shows, once loaded
        self.child: QDialog | None = None  # the correction or void dialog open on top
        self._child_open = False
        self._stale = False  # changed elsewhere while the child was open: reload after it
        self.setWindowTitle(self.tr("Record"))
        resize_within_screen(self, 900, 620)
        self.person = QLabel(self.tr("Loading…"))
        self.person.setTextFormat(Qt.TextFormat.RichText)  # the name in bold, every value escaped
        self.person.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.person.setWordWrap(True)  # many records merged in: lines, not a wider window
        self.doses = item_table((self.tr("Date"), self.tr("Dose number"), self.tr("Vaccine"),
                                 self.tr("Lot"), self.tr("Vaccinator"), self.tr("Source"),
                                 self.tr("Status"), self.tr("Sync")))
        self.audit = item_table((self.tr("When"), self.tr("Who"), self.tr("Action"),
                                 self.tr("Record"), self.tr("Details")))
        self.correct_person_button = QPushButton(self.tr("Correct person…"))
        self.correct_dose_button = QPushButton(self.tr("Correct dose…"))
        self.void_button = QPushButton(self.tr("Void dose…"))
        # A reaction that began after the person was let go (the observation list, the
        # other door to this form, no longer holds them) is recorded on the dose here.
        self.reaction_button = QPushButton(self.tr("Reaction after the dose…"))
        # A voided dose's reactions, when the dose was the wrong person's: shown only then.
        self.move_reactions_button = QPushButton(self.tr("Move reactions…"))
        self.move_reactions_button.hide()
        # A record merged into this one split off again (two people merged by mistake),
        # whenever and wherever the merge was made: one entry per record folded here.
        self.split_button = QPushButton(self.tr("Split a merged record"))
        self.split_menu = QMenu(self)
        self.split_button.setMenu(self.split_menu)
        self.split_button.hide()
        self.message = plain_label()
        self.message.setWordWrap(True)
        # In the dialog from the start: a default set before it is never the dialog's own
        # (``dialogs.careful_buttons``).
        self.close_button = close = QPushButton(self.tr("Close"), self)
        for button in (self.correct_person_button, self.correct_dose_button, self.void_button,
                       self.reaction_button, self.move_reactions_button, self.split_button):
            button.setEnabled(False)
            # Each change takes a click or Tab and Space: Enter (the one that opened this
            # window from the list) closes it, never opens a correction.
            button.setAutoDefault(False)
        close.setDefault(True)
        self.correct_person_button.clicked.connect(self.correct_person)
        self.correct_dose_button.clicked.connect(self.correct_dose)
        self.void_button.clicked.connect(self.void)
        self.reaction_button.clicked.connect(self.reaction)
        self.move_reactions_button.clicked.connect(self.move_reactions)
        close.clicked.connect(self.accept)

        buttons = QHBoxLayout()
        for button in (self.correct_person_button, self.correct_dose_button, self.void_button,
                       self.reaction_button, self.move_reactions_button, self.split_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.person)
        layout.addWidget(QLabel(self.tr("Doses of this person")))
        layout.addWidget(self.doses, 1)
        layout.addWidget(QLabel(self.tr("History of changes")))
        layout.addWidget(self.audit, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        ctx.data_changed.connect(self._data_changed)
        self.reload()

    # -- loading ---------------------------------------------------------------------------
    def reload(self) -> None:
        self._stale = False
        dose_id, person_id = self.dose_id, self.person_id
        Op.read(self.ctx, self, lambda db: record_detail(db, dose_id, person_id)) \
            .latest(f"record-detail-{id(self)}").done(self._show).run()

    def _show(self, detail: RecordDetail) -> None:
        self.detail = detail
        p = detail.person
        self.dose_id, self.person_id = detail.dose_id, p.id  # a split may have moved the dose
        kind = shown_value("id_type", p.id_type, self.ctx.lang) if p.id_type else ""
        lines = [
            f"<b>{_html(p.full_name)}</b>",
            _html(self.ctx.text("RECORD_DOB", dob=format_date(p.dob) if p.dob else "—")),
            _html(self.ctx.text("RECORD_ID", id=f"{kind} {p.id_number or ''}".strip())),
            _html(self.ctx.text("RECORD_PHONE", phone=p.phone or "—")),
        ]
        if p.cleaning_reason:
            said = shown_value("cleaning_reason", p.cleaning_reason, self.ctx.lang)
            lines.append(_html(self.ctx.text("RECORD_CLEANING", reason=said)))
        lines += [_html(self._folded_line(f)) for f in detail.folded_in]
        self.person.setText("<br>".join(lines))
        self.split_menu.clear()
        for folded in detail.folded_in:
            if folded.via is None:  # one merged into it is split off it first
                action = self.split_menu.addAction(self._folded_line(folded, menu=True))
                action.triggered.connect(lambda _=False, f=folded: self.split(f))
        self.split_button.setVisible(bool(self.split_menu.actions()))
        labels = self._labels()
        self.doses.setRowCount(len(detail.doses))
        for row, d in enumerate(detail.doses):
            status = labels.get(d.status, d.status)
            if d.void_reason:
                status += f": {d.void_reason}"
            cells = (format_date(d.dose_date), str(d.dose_number),
                     self.ctx.product_name(d.product_code), d.lot_number or "",
                     d.vaccinator or "", shown_value("source", d.source, self.ctx.lang), status,
                     labels.get(d.sync_state or "", d.sync_state or ""))
            _fill(self.doses, row, cells, bold=d.id == self.dose_id, grey=d.status == "voided")
        self.audit.setRowCount(len(detail.audit))
        doses = {d.id: d for d in detail.doses}
        for row, a in enumerate(detail.audit):
            dose = doses.get(a.entity_id) if a.entity == "dose" else None
            # Which dose: the history covers them all ("Dose" alone said nothing of a void).
            what = self.tr("Person") if a.entity == "person" else self.ctx.text(
                "RECORD_AUDIT_DOSE", number=dose.dose_number,
                date=format_date(dose.dose_date)) if dose is not None else \
                self.tr("Record") if a.entity == "import" else self.tr("Dose")
            # No account: done before accounts existed, or from the command line at this
            # laptop (which the file's passphrase lets in); an empty cell said nothing.
            who = a.user or self.tr("(no account)")
            cells = (local_time(a.at), who,
                     labels.get(a.action) or audit.action_words(a.action, self.ctx.lang), what,
                     audit.describe(a.action, a.details, self.ctx.lang, self.ctx.db.catalogue))
            _fill(self.audit, row, cells)
        fit_columns(self.doses)
        fit_columns(self.audit)
        self.audit.resizeRowsToContents()  # each change told whole, over as many lines as it takes
        self._enable_for_role()

    def _data_changed(self, what: str) -> None:
        if what == "actor":  # whoever logged in at the lock acts from now on
            self._enable_for_role()
        elif what in WATCHED and self.isVisible():  # a closed window reads nothing
            if self._child_open:  # the form over it stays as the user filled it
                self._stale = True
            else:
                self.reload()

    def _enable_for_role(self) -> None:
        if self.detail is None:
            return
        active = self.detail.dose.status == "active"
        # Corrections and voids are a supervisor's (the services refuse anyone else): said
        # before a clerk types a reason, not after.
        allowed = self.ctx.actor.role in SUPERVISORS
        why = "" if allowed else self.tr("Only a supervisor corrects or voids records.")
        for button, ready in ((self.correct_person_button, True),
                              (self.correct_dose_button, active), (self.void_button, active)):
            button.setEnabled(allowed and ready)
            button.setToolTip(why)
        records = self.ctx.actor.role in RECORDERS  # who records doses records reactions
        self.reaction_button.setEnabled(records and active)
        self.reaction_button.setToolTip("" if records else self.tr(
            "Only those who record doses record reactions."))
        movable = not active and self.detail.dose.reactions > 0
        self.move_reactions_button.setVisible(movable)
        self.move_reactions_button.setEnabled(allowed and movable)
        self.move_reactions_button.setToolTip("" if allowed else self.tr(
            "Only a supervisor moves reactions."))
        self.split_button.setEnabled(allowed)
        self.split_button.setToolTip(
            "" if allowed else self.tr("Only a supervisor splits merged records."))

    def _labels(self) -> dict[str, str]:
        return {
            "active": self.tr("Active"), "voided": self.tr("Voided"),
            "create": self.tr("Created"), "update": self.tr("Corrected"),
            "void": self.tr("Voided"), "pending": self.tr("Waiting"),
            "sending": self.tr("Sending"), "synced": self.tr("Synced"),
            "rejected": self.tr("Rejected"), "conflict": self.tr("Conflict"),
        }

    # -- changes ---------------------------------------------------------------------------
    def correct_person(self) -> None:
        if self.detail is not None:
            self._open_child(CorrectPersonDialog(self.ctx, self.detail.person, self), "people")

    def correct_dose(self) -> None:
        if self.detail is None:
            return
        others = [PriorDose(d.dose_number, d.dose_date, d.product_code)
                  for d in self.detail.doses if d.status == "active" and d.id != self.dose_id]
        dialog = CorrectDoseDialog(self.ctx, self.detail.dose, others, self.detail.person.dob,
                                   self)
        self._open_child(dialog, "doses")

    def void(self) -> None:
        if self.detail is None:
            return
        self._open_child(VoidDialog(self.ctx, self.dose_id, self._dose_summary(), self),
                         "doses")

    def reaction(self) -> None:
        if self.detail is not None:
            on = ReactionOn(self.detail.dose.id, self.detail.person.full_name)
            ReactionDialog(self.ctx, on, self, dated=True).open()

    def move_reactions(self) -> None:
        if self.detail is None:
            return
        self._open_child(ReactionMoveDialog(self.ctx, self.dose_id, self._dose_summary(),
                                            self.detail.dose.reactions, self), "reactions")

    def _dose_summary(self) -> str:
        """The dose a change is about, as its dialog names it."""
        assert self.detail is not None
        d = self.detail.dose
        return self.ctx.text("RECORD_DOSE_OF", dose_number=d.dose_number,
                             product=self.ctx.product_name(d.product_code),
                             date=format_date(d.dose_date), name=self.detail.person.full_name)

    def _folded_line(self, folded: FoldedRecord, menu: bool = False) -> str:
        """A record merged in: by name, birth date and ID, when, and the doses that moved
        (namesakes without an ID read alike otherwise); in the menu, without the lead."""
        moved = ", ".join(self.ctx.text("RECORD_FOLDED_DOSE", number=n, date=format_date(d))
                          for n, d in folded.moved) or "—"
        said = self.ctx.text("RECORD_FOLDED", record=record_words(self.ctx, folded.record),
                             merged=local_time(folded.merged_at).split()[0], doses=moved)
        if menu:
            return said
        if folded.via is not None:
            return self.ctx.text("RECORD_MERGED_THROUGH", record=said, via=folded.via)
        return self.ctx.text("RECORD_MERGED_FROM", records=said)

    def split(self, folded: FoldedRecord) -> None:
        """Split ``folded`` off this record again, after the one question a split asks."""
        if self.ctx.actor.role in SUPERVISORS and self.detail is not None:
            kept = self.detail.person
            split_again(self, self.ctx, SplitOf(folded.record.id, kept.id,
                                                record_words(self.ctx, folded.record),
                                                record_words(self.ctx, kept)),
                        self.message.setText, lambda _split: self.reload())

    def _open_child(self, dialog: QDialog, what: str) -> None:
        self.child = dialog
        self._child_open = True

        def closed(result: int) -> None:
            # Emitted before ``accepted``, whose announcement reloads a saved change. A
            # dialog closed unsaved may have been refused (the dose voided meanwhile): the
            # window reloads, to show what stands.
            self._child_open = False
            if self._stale or result != QDialog.DialogCode.Accepted:
                self.reload()

        dialog.finished.connect(closed)
        # The change announced: the list behind refreshes, and this window with it.
        dialog.accepted.connect(lambda: self.ctx.data_changed.emit(what))
        dialog.open()


def _fill(table: QTableWidget, row: int, cells: tuple[str, ...], *, bold: bool = False,
          grey: bool = False) -> None:
    for column, value in enumerate(cells):
        item = QTableWidgetItem(value)
        if bold or grey:
            font = item.font()
            font.setBold(bold)
            font.setStrikeOut(grey)
            item.setFont(font)
        if grey:
            item.setForeground(Qt.GlobalColor.gray)
        table.setItem(row, column, item)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
