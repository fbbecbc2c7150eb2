"""Nguyễn Văn An had dose 1 at site A and dose 2 at site B; A's laptop knows of B's dose
(the platform told it at a sync round). A's certificate carries dose 1 in its QR (1/2: a
site vouches only for the doses it can void or correct), and every verifier reads that as
an incomplete series. The clerk at A is told before printing, where a QR that shortens
the name is told: the certificate dialog, the day's batch, ``vaxdesk certificate`` and
``vaxdesk certificates``. A person whose latest dose is here is told nothing.

Real parts: two site databases, one central server process, B's dose brought to A by A's
sync round as an ``ExternalDose``, B's name from the trust list B's enrolment put it on,
certificates really signed."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from desktop_app.rules.dates import format_date
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import lookup, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from tests.certificates.signed import PASSPHRASE
from tests.certificates.test_cert_day_batch_held import day_batch_from_screen
from tests.certificates.test_cli_certificates import _vaxdesk
from tests.ui.desk_helpers import open_area
from tests.wired import Wired

AN = make_cccd("001", Sex.MALE, 1980, 4242)
BINH = make_cccd("001", Sex.FEMALE, 1980, 4343)
DAY1 = date.today() - timedelta(days=80)
DAY2 = date.today() - timedelta(days=40)
SITE_B = "Trạm Y tế Xã Đông Anh"
SCREENS = Path(__file__).resolve().parents[2] / "docs" / "screens"


def _told_vi() -> str:
    return (f"Mã QR của chứng nhận này ghi mũi 1 (1/2) tiêm tại đây; Nguyễn Văn An đã tiêm "
            f"mũi 2 tại {SITE_B} ngày {format_date(DAY2)}: chứng nhận có mũi đó do {SITE_B} "
            "cấp.")


def _dose_one(site: Wired, name: str, sex: Sex, number: str) -> str:
    out = record_dose(site.db, DoseInput("COMIRNATY", "FK1", 1, DAY1, "Y tá Lan"),
                      person=PersonInput(name, date(1980, 3, 4), sex, IdType.CCCD, number),
                      today=DAY1, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def _an_given_dose_2_at_b(a: Wired, b: Wired) -> tuple[str, str]:
    """An's dose 1 and Bình's at A; An's dose 2 at B; A's next round takes B's word (and
    B's name: B's key is certified). The two people's ids at A."""
    an, binh = _dose_one(a, "Nguyễn Văn An", Sex.MALE, AN), \
        _dose_one(a, "Trần Thị Bình", Sex.FEMALE, BINH)
    assert a.sync().rejected == 0
    signing.create_signing_key(b.db, PASSPHRASE, actor=AT_THIS_LAPTOP)
    at_b = lookup.bring_person(b.db, lookup.look_up(b.db, AN, actor=AT_THIS_LAPTOP),
                               actor=AT_THIS_LAPTOP)
    given = record_dose(b.db, DoseInput("COMIRNATY", "FK2", 2, DAY2, "Y tá Hà"),
                        person_id=at_b, today=DAY2, confirm_warnings=True,
                        actor=AT_THIS_LAPTOP)
    assert given.saved and b.sync().signer_enrolled
    assert a.sync().elsewhere == 1
    return an, binh


def test_the_command_line_says_the_qr_carries_an_earlier_dose_than_the_person_had(
        signed, wired_b, db_path, tmp_path):
    _an_given_dose_2_at_b(signed, wired_b)
    signed.db.close()

    one = _vaxdesk(db_path, "certificate", AN, "--out", str(tmp_path / "an.pdf"))
    assert one.returncode == 0, one.stderr
    assert _told_vi() in one.stderr
    english = _vaxdesk(db_path, "--lang", "en", "certificate", AN, "--qr-text")
    assert english.returncode == 0, english.stderr
    assert (f"This certificate's QR code carries dose 1 (1/2), given here; Nguyễn Văn An "
            f"was given dose 2 at {SITE_B} on {format_date(DAY2)}: the certificate with "
            f"that dose is {SITE_B}'s to issue.") in english.stderr

    binh = _vaxdesk(db_path, "certificate", BINH, "--out", str(tmp_path / "binh.pdf"))
    assert binh.returncode == 0, binh.stderr
    assert "Mã QR" not in binh.stderr  # her latest dose is here: nothing to say

    day = _vaxdesk(db_path, "certificates", "--day", DAY1.isoformat(), "--out",
                   str(tmp_path / "ngay.pdf"))
    assert day.returncode == 0, day.stderr
    assert day.stderr.count("Mã QR") == 1 and _told_vi() in day.stderr


def test_the_dialog_and_the_days_batch_tell_the_clerk(qtbot, signed, wired_b, tmp_path):
    an, binh = _an_given_dose_2_at_b(signed, wired_b)
    db = signed.db
    ctx, _window, screen = open_area(qtbot, db, "certificates", "vi")
    ctx.signer = signing.unlock_signer(db, PASSPHRASE)

    dialog = CertificateDialog(ctx, an, screen)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=20_000)
    assert dialog.content.payload["v"][0]["dn"] == 1  # the design stays
    assert dialog.notice.isVisible() and dialog.notice.text() == _told_vi()
    dialog.resize(1000, 760)
    dialog.grab().save(str(SCREENS / "certificate-dose-elsewhere.png"))
    dialog.close()

    plain = CertificateDialog(ctx, binh, screen)
    qtbot.addWidget(plain)
    plain.show()
    qtbot.waitUntil(plain.print_button.isEnabled, timeout=20_000)
    assert not plain.notice.isVisible() and plain.notice.text() == ""
    ctx.runner.wait_idle()

    said = day_batch_from_screen(qtbot, db, DAY1, tmp_path / "ngay.pdf")
    assert said.count("Mã QR") == 1 and _told_vi() in said.splitlines(), said
