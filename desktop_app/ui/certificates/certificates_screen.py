"""The Certificates area: the site's signing key, a person's certificate, a day's batch PDF,
and checking a certificate someone shows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.clock import local_today, utc_to_local
from desktop_app.progress import Cancelled
from desktop_app.rules.card_check import described
from desktop_app.rules.cccd_qr import CccdQr
from desktop_app.services import certificates, signing
from desktop_app.services.actor import SUPERVISORS
from desktop_app.services.card_check import CardComparison, compare_card
from desktop_app.services.certificates import FORMATS
from desktop_app.services.database import Database
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from desktop_app.ui.certificates.key_dialogs import PassphraseDialog
from desktop_app.ui.certificates.verify_dialog import VerifyDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.desk.search_panel import SearchPanel
from desktop_app.ui.dialogs import ask_save_path, confirm, describe_error, show_error
from desktop_app.ui.file_dialogs import CERTIFICATES
from desktop_app.ui.operations import Op
from desktop_app.ui.tasks import Job
from desktop_app.ui.widgets.date_field import DateField
from desktop_app.ui.widgets.flow_layout import FlowLayout, row_of
from desktop_app.ui.widgets.plain_label import plain_label


class CertificatesScreen(QWidget):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.job: Job | None = None

        self.key_state = plain_label(wordWrap=True)
        self.create_button = QPushButton(self.tr("Create signing key…"))
        self.unlock_button = QPushButton(self.tr("Unlock for this session…"))
        self.verify_button = QPushButton(self.tr("Check a certificate…"))
        self.create_button.clicked.connect(self.create_key)
        self.unlock_button.clicked.connect(lambda: self.with_signer(self.refresh))
        self.verify_button.clicked.connect(lambda: VerifyDialog(ctx, self).exec())

        self.search = SearchPanel(
            ctx, pick_hint=self.tr("Enter or double-click: the person's certificate."))
        self.search.picked.connect(
            lambda hit: self.open_certificate(hit.id, self.search.picked_card))

        self.day = DateField()
        self.day.set_value(local_today())
        self.session = QComboBox()
        self.session.addItem(self.tr("Whole day"), "day")
        self.session.addItem(self.tr("Morning session"), "morning")
        self.session.addItem(self.tr("Afternoon session"), "afternoon")
        self.paper = QComboBox()
        self.paper.addItem(self.tr("A5 landscape"), "a5")
        self.paper.addItem(self.tr("A4 portrait"), "a4")
        self.batch_button = QPushButton(self.tr("Make the day's PDF…"))
        self.stop_button = QPushButton(self.tr("Stop"))
        self.stop_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.batch_result = plain_label(wordWrap=True)  # names the people it holds back
        self.batch_button.clicked.connect(lambda: self.make_batch())
        self.stop_button.clicked.connect(self.stop_batch)

        key_box = QGroupBox(self.tr("Site signing key"))
        key_row = QHBoxLayout(key_box)
        key_row.addWidget(self.key_state, 1)
        for b in (self.create_button, self.unlock_button, self.verify_button):
            key_row.addWidget(b)
        person_box = QGroupBox(self.tr("Certificate for one person"))
        QVBoxLayout(person_box).addWidget(self.search)
        day_box = QGroupBox(self.tr("All certificates of a day (one PDF)"))
        date_pair = QHBoxLayout()
        date_pair.addWidget(QLabel(self.tr("Vaccination date")))
        date_pair.addWidget(self.day)
        # Wraps on a narrow screen: on one line the choices made the window 861 px wide in
        # English, past a netbook at 125 % scaling (819 px).
        day_row = FlowLayout()
        day_row.add_widgets(row_of(date_pair), self.session, self.paper, self.batch_button,
                            self.stop_button)
        day_layout = QVBoxLayout(day_box)
        day_layout.addLayout(day_row)
        day_layout.addWidget(self.progress)
        day_layout.addWidget(self.batch_result)
        layout = QVBoxLayout(self)
        layout.addWidget(key_box)
        layout.addWidget(person_box, 1)
        layout.addWidget(day_box)
        ctx.data_changed.connect(
            lambda what: what in ("signing", "sync", "actor") and self.refresh())
        self.refresh()

    def activate(self) -> None:
        self.refresh()
        self.search.box.setFocus()

    def scan_taker(self) -> SearchPanel:
        """A card scanned anywhere in the area finds its person here (``ui/scanner.py``)."""
        return self.search

    def refresh(self) -> None:
        Op.read(self.ctx, self, signing.signer_state).done(self._show_state).run()

    def _show_state(self, state: signing.SignerState) -> None:
        if not state.has_key:
            text = self.tr("This site has no signing key yet. Create one (a manager's task).")
        elif state.revoked:
            text = self.tr("The central platform revoked this site's key. Create a new key, "
                           "then sync.")
        elif state.awaiting_approval:
            text = self.ctx.text("CERT_AWAITING_APPROVAL", fingerprint=state.fingerprint)
        elif state.certificate is None:
            text = self.tr("Key created; the central platform certifies it at the next sync.")
            text += " " + self.ctx.text("CERT_KEY_FINGERPRINT", fingerprint=state.fingerprint)
        else:
            # The site's day, as the certificate prints it (not_after is UTC: at 00:05 in
            # Vietnam the UTC date is the day before).
            until = utc_to_local(state.not_after).strftime("%d/%m/%Y") \
                if state.not_after else "?"
            text = self.ctx.text("CERT_CERTIFIED_UNTIL", date=until)
            text += " " + (self.tr("Unlocked for this session.") if self.ctx.signer
                           else self.tr("Locked."))
        self.key_state.setText(text)
        self.create_button.setText(self.tr("Create signing key…") if not state.has_key
                                   else self.tr("Replace signing key…"))
        self.unlock_button.setEnabled(state.certificate is not None and not state.revoked)
        # The service refuses anyone else (signing.create_signing_key): said before a click.
        supervisor = self.ctx.actor.role in SUPERVISORS
        self.create_button.setEnabled(supervisor)
        self.create_button.setToolTip("" if supervisor else self.ctx.text(
            "ROLE_ONLY", roles=self.ctx.text("ROLE_SUPERVISOR")))

    def create_key(self) -> None:
        replace = self.create_button.text() != self.tr("Create signing key…")
        if replace and not confirm(
                self, self.tr("Replace the signing key"),
                self.tr("A new key replaces this site's key for good; certificates already "
                        "printed stay valid unless the key was revoked. No certificate can be "
                        "printed until central staff approve the new key (the site calls "
                        "them with its fingerprint after the next sync). Replace it?"),
                self.tr("Replace"), self.tr("Cancel")):
            return
        self.ctx.signer = None
        PassphraseDialog(self.ctx, self, create=True, replace=replace).exec()

    def with_signer(self, then: Callable[[], None]) -> None:
        """Run ``then`` once the key is unlocked and may still sign (the clock or the
        certificate may have moved since it was unlocked); ask the passphrase if needed,
        and only then: with no key, or one not certified, a passphrase was asked for
        nothing before the refusal."""

        def refused(exc: BaseException) -> None:
            self.ctx.signer = None
            show_error(self, self.tr("Cannot sign"), describe_error(exc, self.ctx.lang))
            self.refresh()

        def may(_state: object) -> None:
            if self.ctx.signer is not None:
                then()
                return
            PassphraseDialog(self.ctx, self).exec()
            if self.ctx.signer is not None:
                then()

        Op.read(self.ctx, self, signing.may_sign).done(may).failed(refused).run()

    def open_certificate(self, person_id: str, card: CccdQr | None = None) -> None:
        """The person's certificate. One found by scanning their chip card is compared with
        it first: a card that differs from the record holds the certificate back (it would
        print what the card contradicts) until the desk puts the record right."""
        if card is None:
            self.with_signer(lambda: CertificateDialog(self.ctx, person_id, self).exec())
            return
        Op.read(self.ctx, self, lambda db: compare_card(db, person_id, card)) \
            .done(lambda compared: self._card_compared(person_id, compared)).run()

    def _card_compared(self, person_id: str, compared: CardComparison | None) -> None:
        if compared is None or compared.agrees:
            self.open_certificate(person_id)
            return
        lines = [self.ctx.text("CARD_DIFFERS_HEAD", name=compared.full_name)]
        lines += ["• " + described(d, self.ctx.lang) for d in compared.differences]
        lines.append(self.ctx.text("CERT_CARD_DIFFERS"))
        show_error(self, self.tr("Certificate for one person"), "\n".join(lines))

    def make_batch(self, path: str | None = None) -> None:
        day = self.day.value()
        if day is None:
            show_error(self, self.tr("Certificates of a day"),
                       self.tr("Enter the vaccination date as day/month/year."))
            return
        self.with_signer(lambda: self._choose_file(day, path))

    def _choose_file(self, day: date, path: str | None) -> None:
        session = self.session.currentData()
        chosen = path or ask_save_path(
            self, self.tr("Save the day's certificates"),
            self.ctx.text("FILE_DAY_CERTIFICATES", day=day.isoformat()), "PDF (*.pdf)", ".pdf",
            kind=CERTIFICATES)
        if not chosen:
            return
        lang = self.ctx.lang

        def people_of_day(db: Database) -> tuple[list[str], list[str]]:
            # Those an identity error holds back are left out and named, as the command
            # line does: one of them stopped the whole day's batch.
            people = certificates.people_vaccinated_on(db, day, session=session)
            held = certificates.held_back(db, people, lang=lang)
            people = [p for p in people if p not in held]
            return people, [*held.values(), *certificates.qr_notices_of(db, people, lang)]

        Op.read(self.ctx, self, people_of_day).done(
            lambda found: self._start_batch(day, found[0], Path(chosen), found[1])).run()

    def _start_batch(self, day: date, people: list[str], out: Path,
                     notices: list[str] = ()) -> None:
        """``notices``: the people held back, and those whose QR says less than their
        paper (``qr_notices_of``), said with the result."""
        if not people:  # nobody that day, or nobody whose certificate may be printed
            self.batch_result.setText("\n".join(notices) or self.ctx.text(
                "CERT_DAY_EMPTY", date=day.strftime("%d/%m/%Y")))
            return
        signer, fmt = self.ctx.signer, FORMATS[self.paper.currentData()]
        self.progress.setRange(0, len(people))
        self.progress.setValue(0)
        self.progress.setVisible(True)
        self.batch_button.setEnabled(False)
        self.stop_button.setEnabled(True)
        self.batch_result.setText(self.ctx.text("CERT_DAY_SIGNING", count=len(people)))
        self.job = Op.bulk(self.ctx, self, lambda db: certificates.write_certificates(
            db, signer, people, out, fmt,
            actor=self.ctx.actor)).on_progress(self.progress.setValue) \
            .done(lambda pages: self._batch_done("\n".join(
                [self.ctx.text("CERT_DAY_SAVED", count=pages, path=out), *notices]))) \
            .failed(self._batch_failed).run()

    def stop_batch(self) -> None:
        if self.job is not None:
            self.job.cancel()

    def _batch_done(self, text: str) -> None:
        self.job = None
        self.progress.setVisible(False)
        self.batch_button.setEnabled(True)
        self.stop_button.setEnabled(False)
        self.batch_result.setText(text)

    def _batch_failed(self, exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            self._batch_done(self.tr("Stopped: no file was written."))
        else:
            self._batch_done(describe_error(exc, self.ctx.lang))
