"""The app's Check-a-certificate dialog over genuine certificates of every shape a desk is
handed: a file holding several, a visitor's EU test or recovery certificate. The verdict
leads with what decides; the details say only what the certificate says."""

from __future__ import annotations

from datetime import timedelta

import pytest

from desktop_app.certificates import hcert
from desktop_app.clock import utc_now
from desktop_app.services import certificates as certificate_service
from desktop_app.ui.certificates.verify_dialog import COLOURS, VerifyDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner
from desktop_app.wire.trust_list import kid_of
from tests.certificates.factory import Pki, content
from tests.certificates.hostile import pdf_of, qr_image


@pytest.fixture
def pki_now(monkeypatch):
    """A CSCA and one site signer in force today, as the laptop's cached trust list."""
    pki = Pki()
    now = utc_now().replace(microsecond=0)
    key, cert = pki.signer(start=now - timedelta(days=5), days=90)
    monkeypatch.setattr(certificate_service, "cached_trust_list", lambda db: pki.trust_list())
    return key, kid_of(cert), now


def _dialog(qtbot, db, lang="en"):
    ctx = AppContext(db, TaskRunner(), lang)
    dialog = VerifyDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    return ctx, dialog


def _side_by_side(left, right):
    from PIL import Image

    both = Image.new("L", (left.width + right.width + 40, max(left.height, right.height)), 255)
    both.paste(left, (0, 0))
    both.paste(right, (left.width + 40, 0))
    return both


def test_a_file_with_two_certificates_is_judged_by_the_one_that_fails(qtbot, db, pki_now,
                                                                      tmp_path):
    """A PDF holding two QR codes (a family's certificates, a day's batch page): the first
    genuine, the second damaged. The dialog reads MALFORMED in red, says the file holds 2
    certificates and gives each one's verdict; it showed the first alone, VALID in green."""
    key, kid, now = pki_now
    good = hcert.seal(content(issued_at=now).payload, key, kid, issued_at=now,
                      expires_at=now + timedelta(days=60))
    pdf = tmp_path / "hai.pdf"
    pdf.write_bytes(pdf_of(_side_by_side(qr_image(good), qr_image("HC1:NOT+A+CERT"))))
    ctx, dialog = _dialog(qtbot, db)
    dialog.check_file(str(pdf))
    qtbot.waitUntil(lambda: not dialog.verdict.text().startswith("Reading"), timeout=20_000)
    verdict, details = dialog.verdict.text(), dialog.details.text()
    assert verdict.startswith("MALFORMED: ") and COLOURS[False] in dialog.verdict.styleSheet()
    assert "This file holds 2 certificates, each checked below." in verdict
    assert details.index("Certificate 1 of 2:") < details.index("VALID: ") \
        < details.index("Certificate 2 of 2:") < details.index("MALFORMED: ")
    assert "Nguyễn Thị Ánh Tuyết" in details  # the genuine one's details, under its verdict
    ctx.runner.wait_idle()


NAME = {"fn": "Musterfrau", "fnt": "MUSTERFRAU", "gn": "Erika", "gnt": "ERIKA"}
UVCI = "URN:UVCI:01DE/IZ12345A/5CWLU12RNOB9RXSEOP6FG8#W"


def _check(qtbot, db, pki_now, entry):
    key, kid, now = pki_now
    payload = {"ver": "1.3.0", "dob": "1990-05-09", "nam": NAME, **entry(now)}
    qr = hcert.seal(payload, key, kid, issued_at=now, expires_at=now + timedelta(days=2))
    ctx, dialog = _dialog(qtbot, db)
    dialog.text.setPlainText(qr)
    dialog.check_button.click()
    qtbot.waitUntil(lambda: dialog.verdict.text() != "", timeout=20_000)
    ctx.runner.wait_idle()
    return dialog.verdict.text(), dialog.details.text()


def _row(label, value):
    return f"<b>{label}</b>&nbsp;&nbsp;</td><td>{value}</td>"


def test_a_genuine_test_certificate_shows_its_test_not_empty_vaccination_rows(qtbot, db,
                                                                              pki_now):
    """A visitor's genuine EU test certificate: under the verdict (not a vaccination
    certificate), what kind it is, the result, when the sample was taken and where, and its
    ID; the details read "Dose number None/None" with every vaccination row empty."""
    def test(now):
        return {"t": [{"tg": "840539006", "tt": "LP217198-3", "ma": "1232",
                       "sc": now.strftime("%Y-%m-%dT%H:%M:%SZ"), "tr": "260415000",
                       "tc": "Testzentrum Köln", "co": "DE", "is": "Robert Koch-Institut",
                       "ci": UVCI}]}

    verdict, details = _check(qtbot, db, pki_now, test)
    assert verdict.startswith("NOT A VACCINATION CERTIFICATE")
    assert "None" not in details and "Dose number" not in details, details
    day = pki_now[2].strftime("%d/%m/%Y")
    for row in (_row("Name", "Musterfrau Erika"), _row("Certificate type", "Test certificate"),
                _row("Test result", "Not detected"), _row("Sample taken", day),
                _row("Testing centre", "Testzentrum Köln"), _row("Certificate ID", UVCI)):
        assert row in details, (row, details)


def test_a_genuine_recovery_certificate_shows_its_dates(qtbot, db, pki_now):
    """A recovery certificate: its kind, the first positive test and the days it is valid,
    where a vaccination's empty rows were shown."""
    def recovery(_now):
        return {"r": [{"tg": "840539006", "fr": "2026-10-01", "df": "2026-10-12",
                       "du": "2027-03-30", "co": "DE", "is": "Robert Koch-Institut",
                       "ci": UVCI}]}

    verdict, details = _check(qtbot, db, pki_now, recovery)
    assert verdict.startswith("NOT A VACCINATION CERTIFICATE")
    assert "None" not in details and "Dose number" not in details, details
    for row in (_row("Certificate type", "Recovery certificate"),
                _row("First positive test", "01/10/2026"), _row("Valid from", "12/10/2026"),
                _row("Valid until", "30/03/2027"), _row("Certificate ID", UVCI)):
        assert row in details, (row, details)
