"""The desk asks the platform again about a person whose doses came from another site, in the
background, when the person is opened and before their certificate is signed: real widgets
offscreen, a real central server process, two laptops at two sites.

Before, site B showed and printed site A's dose 1 for good after A voided it; offline, the
card said nothing of how old that picture was.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from PySide6.QtCore import Qt

from desktop_app.clock import local_time, utc_now
from desktop_app.db.models import CertificateIssue
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import lookup, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.lookup_refresh import refresh_person
from desktop_app.services.sync import save_config
from desktop_app.ui.certificates.certificate_dialog import CertificateDialog
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner
from tests.certificates.signed import PASSPHRASE
from tests.live_server import free_port
from tests.ui.desk_helpers import make_screen, press, rows, type_into

HOA = make_cccd("001", Sex.FEMALE, 1979, 6060)
DAY1 = date.today() - timedelta(days=70)
DAY2 = date.today() - timedelta(days=40)


def _hoa_at_a_then_b(wired, wired_b) -> tuple[str, str, str]:
    """A gives Hoa dose 1; B brings her and gives dose 2; both sync. (A's person, A's
    dose 1, B's person)."""
    a = record_dose(wired.db, DoseInput("COMIRNATY", "FK1", 1, DAY1, "Y tá Lan"),
                    person=PersonInput("Phạm Thị Hoa", date(1979, 5, 6), Sex.FEMALE,
                                       IdType.CCCD, HOA),
                    today=DAY1, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert a.saved and wired.sync().rejected == 0
    pid_b = lookup.bring_person(wired_b.db, lookup.look_up(wired_b.db, HOA, actor=AT_THIS_LAPTOP),
                                actor=AT_THIS_LAPTOP)
    b = record_dose(wired_b.db, DoseInput("COMIRNATY", "FK2", 2, DAY2, "Y tá Hà"),
                    person_id=pid_b, today=DAY2, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert b.saved and wired_b.sync().rejected == 0
    return a.person_id, a.dose_id, pid_b


def _last_answered(db, at) -> None:  # noqa: ANN001
    """The platform last answered for the person's other sites' doses ``at`` (past the
    few minutes within which the desk asks nothing)."""
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE elsewhere_check SET confirmed_at = ?, asked_at = ?",
                             (at.isoformat(sep=" "), at.isoformat(sep=" ")))


def _open(qtbot, screen, number: str) -> None:  # noqa: ANN001
    type_into(qtbot, screen.search.box, number)
    qtbot.waitUntil(lambda: bool(screen.search.model.hits), timeout=10_000)
    press(qtbot, screen.search.box, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None and screen.entry.isVisible())


def test_a_dose_voided_at_a_leaves_the_card_opened_at_b_and_the_paper_is_revoked(
        qtbot, wired, wired_b):
    _pid_a, dose_1, pid_b = _hoa_at_a_then_b(wired, wired_b)
    [(dose_2,)] = rows(wired_b.db, "SELECT id FROM dose")
    with wired_b.db.transaction() as s:
        s.add(CertificateIssue(uvci="URN:UVCI:01:VN:HN0002/D1", person_id=pid_b,
                               dose_id=dose_2, issued_at=utc_now(), kid="00"))
    void_dose(wired.db, dose_1, "Ghi nhầm người", actor=AT_THIS_LAPTOP)
    assert wired.sync().rejected == 0
    _last_answered(wired_b.db, utc_now() - timedelta(minutes=30))

    screen = make_screen(qtbot, wired_b.db)
    _open(qtbot, screen, HOA)
    # The card follows the platform's answer by itself: A's dose 1 gone, said, the paper
    # that listed it revoked.
    qtbot.waitUntil(lambda: "HN-0001" not in screen.person_card.text(), timeout=15_000)
    assert [(d.dose_number, d.site_code) for d in screen.person.doses] == [(2, None)]
    note = screen.elsewhere.text()
    assert note.startswith("Đã cập nhật mũi tiêm ở điểm tiêm khác theo hệ thống trung tâm: "
                           "thêm 0, bỏ 1, sửa 0.")
    assert "1 chứng nhận đã in có các mũi đó đã bị thu hồi: hãy in lại." in note
    assert screen.elsewhere.isVisible()
    assert rows(wired_b.db, "SELECT revoke_reason FROM certificate_issue") == [("dose_voided",)]

    # Opened again at once: nothing asked (the answer is minutes old), nothing said.
    asked = rows(wired_b.db, "SELECT count(*) FROM audit_entry WHERE action = 'lookup'")
    press(qtbot, screen, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not screen.entry.isVisible())
    _open(qtbot, screen, HOA)
    qtbot.waitUntil(lambda: screen.elsewhere.job is None, timeout=10_000)
    assert not screen.elsewhere.isVisible()
    assert rows(wired_b.db, "SELECT count(*) FROM audit_entry WHERE action = 'lookup'") == asked


def test_offline_the_card_says_when_the_other_sites_doses_were_last_confirmed(
        qtbot, wired, wired_b):
    _at_a, _dose_1, _pid_b = _hoa_at_a_then_b(wired, wired_b)
    confirmed = (utc_now() - timedelta(days=2)).replace(microsecond=0)
    _last_answered(wired_b.db, confirmed)
    save_config(wired_b.db, f"http://127.0.0.1:{free_port()}/fhir", wired_b.token,
                actor=AT_THIS_LAPTOP)  # the platform unreachable

    screen = make_screen(qtbot, wired_b.db)
    _open(qtbot, screen, HOA)
    assert screen.dose_form.dose_number.value() == 3  # the desk never waited for the answer
    qtbot.waitUntil(lambda: "xác nhận lần cuối" in screen.elsewhere.text(), timeout=15_000)
    at = local_time(confirmed)
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", at)
    assert screen.elsewhere.text() == (
        "Chưa hỏi lại được hệ thống trung tâm: các mũi tiêm ở điểm tiêm khác được xác nhận "
        f"lần cuối lúc {at}.")
    assert "HN-0001" in screen.person_card.text()  # as known, nothing dropped blindly


def test_the_certificate_is_signed_after_asking_again_and_offline_from_what_is_known(
        qtbot, wired, wired_b, tmp_path):
    signing.create_signing_key(wired_b.db, PASSPHRASE, actor=AT_THIS_LAPTOP)
    assert wired_b.sync().signer_enrolled
    pid_a, dose_1, pid_b = _hoa_at_a_then_b(wired, wired_b)
    record_dose(wired.db, DoseInput("COMIRNATY", "FK3", 3, date.today() - timedelta(days=3),
                                    "Y tá Lan"),
                person_id=pid_a, today=date.today() - timedelta(days=3),
                confirm_warnings=True, actor=AT_THIS_LAPTOP)  # A's booster, after B's dose 2
    assert wired.sync().rejected == 0
    _last_answered(wired_b.db, utc_now() - timedelta(minutes=30))
    ctx = AppContext(wired_b.db, TaskRunner(), "vi")
    ctx.signer = signing.unlock_signer(wired_b.db, PASSPHRASE)

    def previewed() -> CertificateDialog:
        dialog = CertificateDialog(ctx, pid_b)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.content is not None, timeout=15_000)
        return dialog

    dialog = previewed()
    listed = [(d.dose_number, d.site_code) for d in dialog.content.doses]
    assert listed == [(1, "HN-0001"), (2, "HN-0002"), (3, "HN-0001")]  # A's booster came
    assert dialog.elsewhere.text().startswith(
        "Đã cập nhật mũi tiêm ở điểm tiêm khác theo hệ thống trung tâm: thêm 1, bỏ 0, sửa 0.")

    # Offline: signed all the same from what this laptop holds, and said so.
    void_dose(wired.db, dose_1, "Ghi nhầm người", actor=AT_THIS_LAPTOP)
    assert wired.sync().rejected == 0
    confirmed = (utc_now() - timedelta(hours=3)).replace(microsecond=0)
    _last_answered(wired_b.db, confirmed)
    save_config(wired_b.db, f"http://127.0.0.1:{free_port()}/fhir", wired_b.token,
                actor=AT_THIS_LAPTOP)
    offline = previewed()
    assert [(d.dose_number, d.site_code) for d in offline.content.doses] == listed
    assert offline.elsewhere.text().startswith(
        "Không hỏi lại được hệ thống trung tâm: chứng nhận ghi các mũi tiêm ở điểm tiêm khác "
        f"như lần xác nhận lúc {local_time(confirmed)}.")
    assert offline.elsewhere.isVisible()
    qtbot.waitUntil(offline.save_button.isEnabled, timeout=15_000)
    with qtbot.waitSignal(offline.saved, timeout=10_000):  # saved: issued, to be revoked
        offline.save_pdf(str(tmp_path / "offline.pdf"))

    # Back online, the next answer drops A's voided dose 1: the paper signed offline, which
    # lists it, is revoked as any paper listing a dropped dose is.
    save_config(wired_b.db, wired.server.url, wired_b.token, actor=AT_THIS_LAPTOP)
    assert refresh_person(wired_b.db, pid_b, actor=AT_THIS_LAPTOP, force=True).dropped == 1
    with wired_b.db.reading() as s:
        assert s.get(CertificateIssue, offline.issued.content.uvci).revoke_reason == \
            "dose_voided"
