"""Render every screen of the app to PNG (offscreen) for the README and for review.

    python scripts/render_screens.py [--out docs/screens] [--lang vi] [--x11]

Builds a throw-away database with synthetic people, opens the real main window on it and
grabs each area and state: the desk while searching, a returning person, a new person with
an ID cross-check error, the records list, a record's detail, the data-cleaning worklist,
and the site setup dialog.

With ``--x11`` the same screens are shown on a real X display (Xvfb with openbox, see
``scripts/xdisplay.py``; an existing ``DISPLAY`` is used if set) through Qt's xcb plugin and
captured by the X server's tools instead of Qt's own rendering, as a user's desktop shows them.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from desktop_app.db.database import open_database  # noqa: E402
from desktop_app.display_check import find_problem  # noqa: E402
from desktop_app.rules.identity import IdType, Sex  # noqa: E402
from desktop_app.rules.messages import text  # noqa: E402
from desktop_app.services.actor import AT_THIS_LAPTOP  # noqa: E402
from desktop_app.services.day_defaults import set_day_defaults  # noqa: E402
from desktop_app.services.doses import DoseInput, PersonInput, record_dose  # noqa: E402
from desktop_app.services.site import set_up_site  # noqa: E402
from desktop_app.ui.context import AppContext  # noqa: E402
from desktop_app.ui.i18n import set_language  # noqa: E402
from desktop_app.ui.main_window import MainWindow  # noqa: E402
from desktop_app.ui.tasks import TaskRunner  # noqa: E402
from scripts.xdisplay import screenshot, virtual_display  # noqa: E402

PEOPLE = [
    ("Nguyễn Thị Nhung", date(1990, 9, 5), Sex.FEMALE, "001190000123", "0912345678"),
    ("Nguyễn Thị Nhàn", date(1985, 1, 12), Sex.FEMALE, "001185004567", "0987654321"),
    ("Nguyễn Thị Nhật Lệ", date(2001, 7, 30), Sex.FEMALE, "079301000042", None),
    ("Nguyễn Thanh Nhân", date(1978, 4, 2), Sex.MALE, "038078001122", "0905111222"),
    ("Trần Văn Bình", date(1966, 12, 1), Sex.MALE, "034066000321", None),
]


def seed(db) -> None:  # type: ignore[no-untyped-def]
    set_up_site(db, "01-00166", "Trạm Y tế Phường Láng Hạ", province_code="01",
                actor=AT_THIS_LAPTOP)
    set_day_defaults(db, "COMIRNATY", "FK8891", "Y tá Phạm Thị Lan", actor=AT_THIS_LAPTOP)
    for i, (name, dob, sex, cccd, phone) in enumerate(PEOPLE):
        first = record_dose(
            db, DoseInput("VAXZEVRIA" if i % 2 else "COMIRNATY", f"A{i}221", 1,
                          date(2021, 8, 2 + i), "Y tá Hoa"),
            person=PersonInput(name, dob, sex, IdType.CCCD, cccd, phone=phone),
            actor=AT_THIS_LAPTOP)
        if i < 3:
            record_dose(db, DoseInput("COMIRNATY", "FK1290", 2, date(2021, 11, 5 + i), "Y tá Hoa"),
                        person_id=first.person_id, actor=AT_THIS_LAPTOP)


def seed_sync_issues(db) -> None:  # type: ignore[no-untyped-def]
    """What a site sees after a sync that met a refused record and a central correction."""
    import json

    from sqlalchemy import text

    from desktop_app.services.sync import save_config
    from desktop_app.wire import fhir

    save_config(db, "https://tiemchung.example.vn/fhir", "demo-token", actor=AT_THIS_LAPTOP)
    with db.transaction() as s:
        people = s.execute(text("SELECT id, full_name FROM person ORDER BY full_name")).all()
        s.execute(text("UPDATE sync_record SET state = 'synced', synced_version = 1, "
                       "server_version = '1'"))
        refused = [{"code": "ID_SEX_MISMATCH", "where": "Patient.identifier.value",
                    "vi": "Số CCCD không khớp với giới tính đã nhập.",
                    "en": "The CCCD number does not match the sex entered."}]
        s.execute(text("UPDATE sync_record SET state = 'rejected', last_error = :e "
                       "WHERE record_id = :i"), {"e": json.dumps(refused), "i": people[0].id})
        central = fhir.patient({"id": people[1].id, "full_name": "Nguyễn Thị Nhàn",
                                "id_type": "CCCD", "id_number": "001185004567"}, "01-00166", 1)
        central["meta"] = {"versionId": "2", "source": fhir.CENTRAL_SOURCE}
        conflict = [{"code": "CENTRAL_EDIT_CONFLICT", "where": None,
                     "vi": "Hồ sơ được sửa cả trên máy này và trên hệ thống trung tâm: "
                           "hãy chọn bản đúng.",
                     "en": "Edited both on this laptop and on the central platform: "
                           "choose the right one."}]
        s.execute(text("UPDATE sync_record SET state = 'conflict', last_error = :e, "
                       "server_body = :b WHERE record_id = :i"),
                  {"e": json.dumps(conflict), "b": json.dumps(central), "i": people[1].id})
        s.execute(text("UPDATE sync_record SET state = 'pending' WHERE entity = 'dose' "
                       "AND rowid % 3 = 0"))


PASSPHRASE = "mật khẩu demo"


def seed_signing(db) -> None:  # type: ignore[no-untyped-def]
    """A site key certified by the reference server's own CSCA code, over an in-memory store
    (no server process is needed to render the screens)."""
    from sqlalchemy import create_engine

    from central_server.db.models import Base
    from central_server.signing.authority import enrol, load_authority
    from central_server.signing.trust_list import trust_list
    from desktop_app.services import signing

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    authority = load_authority(engine, "mật khẩu csca demo")
    signing.create_signing_key(db, PASSPHRASE, actor=AT_THIS_LAPTOP)
    from desktop_app.services.site import current_site

    signer = enrol(engine, authority, current_site(db).code, signing.public_key(db), days=90)
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    pem = x509.load_der_x509_certificate(signer.der).public_bytes(Encoding.PEM).decode()
    signing.save_enrolment(db, pem, authority.certificate_pem)
    signing.save_trust_list(db, trust_list(engine, authority), None)


def seed_cleaning(db) -> None:  # type: ignore[no-untyped-def]
    """People the paper backfill flagged, in each list and several statuses, one of them
    sent to the police three days ago (late)."""
    from datetime import timedelta

    from desktop_app.clock import utc_now
    from desktop_app.rules.identity import make_cccd
    from desktop_app.services import cleaning
    from desktop_app.services.paper_backfill import CONFIRMED, record_paper_dose

    def paper(name: str, **changes: str) -> str:
        form = {"full_name": name, "dob": "12/03/1985", "sex": "Nữ",
                "id_number": make_cccd("001", Sex.FEMALE, 1985, 100 + len(name)),
                "product": "Pfizer", "lot_number": "FK1", "dose_number": "1",
                "dose_date": "02/09/2021", "facility": "Trạm Y tế Phường Láng Hạ",
                "address": "12 Láng Hạ, Phường Láng, Hà Nội"}
        out = record_paper_dose(db, form | changes, date(2026, 11, 23), actor=AT_THIS_LAPTOP)
        if out.outcome == "confirm":  # the form asks; the paper says so: stored, flagged
            asked = tuple(p.code for p in out.problems)
            out = record_paper_dose(db, form | changes | {CONFIRMED: asked},
                                    date(2026, 11, 23), actor=AT_THIS_LAPTOP)
        assert out.saved, out
        return out.person_id

    paper("Trần Thị Mai", id_number=make_cccd("001", Sex.MALE, 1985, 777))
    late = paper("Lê Thị Hoa", dob="", address="45 Kim Liên Mới, Phường Kim Liên, Hà Nội")
    called = paper("Đỗ Văn Hùng", sex="Nam", id_number="",
                   address="8 Hào Nam, Phường Ô Chợ Dừa, Hà Nội")
    paper("Phan Thị Long", dob="04/07/1990", address="Thôn 3, xã Ba Vì")
    paper("John Smith", sex="Nam", dob="20/01/1979", id_number="C1234567",
          address="Khách sạn Hà Nội, Phường Giảng Võ")
    paper("Vũ Thị Thu", id_number="00118500123")
    # Nguyễn Thị Nhung's second dose typed from paper with two digits swapped in her CCCD:
    # kept as the paper says, flagged naming her record.
    paper("Nguyễn Thị Nhung", dob="05/09/1990", id_number="001190000132", dose_number="2",
          dose_date="08/11/2021")
    cleaning.move(db, [late], "sent", actor=AT_THIS_LAPTOP, note="Công an phường Kim Liên",
                  now=utc_now() - timedelta(days=3))
    cleaning.move(db, [called], "contacted", actor=AT_THIS_LAPTOP)


def seed_complaints(db) -> None:  # type: ignore[no-untyped-def]
    """Complaints as central routes them here: one overdue, two counting down, one
    resolved, and a hotline call not yet sent (on the people of ``seed_cleaning``)."""
    from datetime import timedelta

    from desktop_app.clock import utc_now
    from desktop_app.db import complaint_store
    from desktop_app.rules.identity import make_cccd
    from desktop_app.services import complaints
    from desktop_app.wire import complaints as wire

    now = utc_now()
    hoa = make_cccd("001", Sex.FEMALE, 1985, 100 + len("Lê Thị Hoa"))
    mai = make_cccd("001", Sex.MALE, 1985, 777)
    said = [
        ("PA-7K3M9Q2X", wire.DOSE_MISSING, hoa, "Lê Thị Hoa", 2, 53,
         "Tôi tiêm mũi 2 ngày 7/10/2021 ở trạm y tế phường nhưng ứng dụng chỉ có mũi 1."),
        ("PA-4H8N2P6R", wire.DETAILS_WRONG, mai, "Trần Thị Mai", None, 17,
         "Giới tính trên hồ sơ tiêm bị ghi sai, không in được chứng nhận."),
        ("PA-9C1D5F3G", wire.MISSING_DOB, "001190004321", "Nguyễn Văn Bình", None, 40,
         "Hồ sơ của tôi không có ngày sinh."),
        ("PA-2B6M8T4W", wire.NOT_ON_SYSTEM, "001185009999", "Hoàng Thị Yến", 1, 70,
         "Tôi đã tiêm nhưng tra cứu không thấy."),
    ]
    with db.transaction() as s:
        for code, kind, idn, name, number, hours, text in said:
            sub = wire.Submission(kind, idn, name, date(1985, 3, 12), "0912345678", number,
                                  date(2021, 10, 7) if number else None,
                                  "Trạm Y tế Phường Láng Hạ", None, text)
            received = now - timedelta(hours=hours)
            complaint_store.keep_pulled(s, wire.Complaint(
                code, sub, received, wire.ROUTE_SITE, "HN-0001", "01", None,
                escalated=hours > 48, changed_at=received))
    complaints.resolve_reject(db, "PA-2B6M8T4W", "Không có hồ sơ tiêm tại trạm này; "
                              "đề nghị liên hệ nơi đã tiêm.", actor=AT_THIS_LAPTOP)
    complaints.take_hotline(db, wire.Submission(
        wire.DETAILS_HIDE_DOSES, "001185000777", "Phạm Văn Tuấn", date(1985, 6, 1),
        "0987654321", text="Gọi điện: tên trên hồ sơ thiếu chữ đệm nên không thấy mũi tiêm."),
        actor=AT_THIS_LAPTOP)


def render_backfill(app, ctx, window, tmp: Path, out: Path, suffix: str) -> None:  # type: ignore[no-untyped-def]
    """The import panel on a small messy template (after import), then the paper form."""
    from tests.importers.sheets import person_row, write_xlsx

    rows = [person_row(1, name="Hoàng Văn Minh", cccd="001090012399", dob="05/09/1990"),
            person_row(2, name="HOÀNG VĂN MINH", cccd=1090012399.0, dose="Mũi 2",
                       when="15/10/2021", vaccine="Pfizer"),
            person_row(3, name="", cccd="001190012388"),
            person_row(4, name="Vũ Thị Hạnh", sex="nữ", cccd="", dob=""),
            person_row(5, name="Đỗ Văn Quang", cccd="079085000077", dob="01/02/1985",
                       vaccine="Vắc xin lạ")]
    path = write_xlsx(tmp / "hoi-cuu-phuong-lang-ha.xlsx", rows)
    window.show_area("backfill")
    panel = window.areas["backfill"].import_panel
    panel.choose_file(str(path))
    ctx.runner.wait_idle()
    settle(app, 300)
    grab(window, out / f"backfill-preview{suffix}.png")
    panel.start_import()
    ctx.runner.wait_idle()
    settle(app, 300)
    grab(window, out / f"backfill-imported{suffix}.png")
    screen = window.areas["backfill"]
    screen.tabs.setCurrentIndex(1)
    form = screen.paper_form
    form.full_name.setText("Lý Thị Mai")
    form.dob.setText("03/04/1972")
    form.sex.set_value("F")
    form.id_number.setText("001172004455")
    form.product.setCurrentIndex(form.product.findData("VAXZEVRIA"))
    form.lot_number.setText("AB1234")
    form.dose_number.setText("1")
    form.dose_date.setText("")
    form.facility.setText("Trạm Y tế Phường Láng Hạ")
    form.save()
    ctx.runner.wait_idle()
    settle(app, 300)
    grab(window, out / f"backfill-paper{suffix}.png")
    screen.tabs.setCurrentIndex(0)


def settle(app: QApplication, ms: int = 150) -> None:
    end = QTimer()
    end.setSingleShot(True)
    end.start(ms)
    while end.isActive():
        app.processEvents()


X11_DISPLAY: str | None = None  # set by --x11: grab through the X server, not Qt


def grab(widget: QWidget, path: Path) -> None:
    if X11_DISPLAY is None:
        widget.grab().save(str(path))
    else:
        settle(QApplication.instance(), 300)  # let the X server draw what Qt sent
        screenshot(X11_DISPLAY, path, window=int(widget.winId()))
    print(path)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screens"))
    parser.add_argument("--lang", choices=["vi", "en"], default="vi")
    parser.add_argument("--x11", action="store_true",
                        help="show the screens on a real X display and capture them there")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    # The screens show a site's desk, whatever the zone of the machine rendering them: not
    # the note a laptop off Vietnam's zone shows (clock.zone_off).
    os.environ.setdefault("VAXDESK_ZONE_CHECK", "off")
    if not args.x11:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        render(args)
    elif os.environ.get("DISPLAY"):
        render_on_x11(args, os.environ["DISPLAY"])
    else:
        with virtual_display(1366, 768) as display:
            render_on_x11(args, display)


def render_on_x11(args: argparse.Namespace, display: str) -> None:
    global X11_DISPLAY
    problem = find_problem(dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb"))
    if problem is not None:
        sys.exit(problem.message("en"))
    os.environ.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    X11_DISPLAY = display
    render(args)


def render(args: argparse.Namespace) -> None:
    app = QApplication.instance() or QApplication([])
    set_language(args.lang)
    suffix = "" if args.lang == "vi" else "-en"
    with tempfile.TemporaryDirectory() as tmp, \
            open_database(Path(tmp) / "demo.db", PASSPHRASE) as db:
        seed(db)
        ctx = AppContext(db, TaskRunner(), args.lang)
        window = MainWindow(ctx, auto_sync=False)  # no network while rendering
        window.resize(1280, 800)
        window.show()
        settle(app)
        desk = window.areas["record"]
        desk.search.box.setText("nguyen thi nh")
        settle(app)
        grab(window, args.out / f"desk-search{suffix}.png")

        desk.search.pick_current()
        settle(app)
        grab(window, args.out / f"desk-returning-person{suffix}.png")

        desk.back_to_search()
        desk.start_new_person("")
        form = desk.person_form
        form.full_name.setText("Lê Thị Hoa")
        form.dob.setText("14/02/1992")
        form.sex.set_value(Sex.FEMALE)
        form.id_number.setText("001092004455")  # encodes a man: the cross-check fires
        form.revalidate()
        settle(app)
        grab(window, args.out / f"desk-new-person-error{suffix}.png")
        desk.person_form.clear()
        desk.back_to_search()

        window.show_area("records")
        window.areas["records"].all.click()  # the demo doses are historical, not today's
        settle(app, 400)
        grab(window, args.out / f"records{suffix}.png")

        seed_sync_issues(db)
        ctx.data_changed.emit("sync")
        window.show_area("sync")
        settle(app, 400)
        grab(window, args.out / f"sync{suffix}.png")

        render_backfill(app, ctx, window, Path(tmp), args.out, suffix)
        seed_signing(db)
        ctx.signer = None
        window.show_area("certificates")
        certs = window.areas["certificates"]
        certs.search.box.setText("nguyen thi nh")
        settle(app, 400)
        grab(window, args.out / f"certificates{suffix}.png")
        from desktop_app.certificates.pdf import A4_PORTRAIT, A5_LANDSCAPE, pdf_bytes
        from desktop_app.certificates.preview import render_pages
        from desktop_app.services import certificates, signing
        from desktop_app.ui.certificates.certificate_dialog import (
            CertificateDialog,
            to_qimage,
        )
        from desktop_app.ui.certificates.verify_dialog import VerifyDialog

        ctx.signer = signing.unlock_signer(db, PASSPHRASE)
        person_id = certs.search.model.hits[0].id
        dialog = CertificateDialog(ctx, person_id, window)
        dialog.show()
        ctx.runner.wait_idle()
        settle(app, 600)
        ctx.runner.wait_idle()
        settle(app, 300)
        grab(dialog, args.out / f"certificate-dialog{suffix}.png")
        dialog.reject()
        # The preview shows no code (it is signed at print): the paper's pictures sign one.
        issued = certificates.sign_certificate(db, ctx.signer, person_id, actor=ctx.actor)
        for fmt, dpi in ((A5_LANDSCAPE, 110), (A4_PORTRAIT, 80)):
            page = render_pages(pdf_bytes(issued.content, issued.qr_text, fmt), dpi)[0]
            to_qimage(page).save(str(args.out / f"certificate-{fmt.name}.png"))
            print(args.out / f"certificate-{fmt.name}.png")
        verify = VerifyDialog(ctx, window)
        verify.show()
        verify.text.setPlainText(issued.qr_text)
        verify.check_text()
        ctx.runner.wait_idle()
        settle(app, 300)
        grab(verify, args.out / f"verify{suffix}.png")
        verify.reject()
        assert certificates.verify_text(db, issued.qr_text).ok

        seed_cleaning(db)
        ctx.data_changed.emit("people")
        window.show_area("cleaning")
        ctx.runner.wait_idle()
        settle(app, 400)
        window.areas["cleaning"].table.selectRow(2)  # the late one shows its red
        settle(app, 100)
        grab(window, args.out / f"cleaning{suffix}.png")

        seed_complaints(db)
        ctx.data_changed.emit("complaints")
        window.show_area("complaints")
        ctx.runner.wait_idle()
        settle(app, 400)
        window.areas["complaints"].table.selectRow(1)  # the overdue one above shows its red
        settle(app, 100)
        grab(window, args.out / f"complaints{suffix}.png")

        from PySide6.QtCore import QDate

        reports_area = window.areas["reports"]
        window.show_area("reports")
        reports_area.start.setDate(QDate(2021, 8, 1))
        reports_area.end.setDate(QDate(2021, 11, 30))
        reports_area.chooser.setCurrentIndex(reports_area.chooser.findData("completeness"))
        ctx.runner.wait_idle()
        settle(app, 400)
        grab(window, args.out / f"reports{suffix}.png")

        try:
            from desktop_app.ui.setup.setup_dialog import SetupDialog
        except ImportError:
            SetupDialog = None  # noqa: N806
        if SetupDialog is not None:
            dialog = SetupDialog(ctx, window)
            dialog.show()
            settle(app, 300)
            grab(dialog, args.out / f"setup{suffix}.png")
            dialog.reject()
        from desktop_app.ui.login_dialog import LoginDialog
        from desktop_app.ui.unlock_dialog import UnlockDialog

        unlock = UnlockDialog(Path(tmp) / "demo.db", args.lang, new=True)
        unlock.show()
        settle(app, 200)
        grab(unlock, args.out / f"unlock-new{suffix}.png")
        unlock.reject()
        again = UnlockDialog(Path(tmp) / "demo.db", args.lang, new=False, failures=2,
                             problem=text("DB_WRONG_PASSPHRASE", args.lang,
                                          path=Path(tmp) / "demo.db"))
        again.show()
        settle(app, 200)
        grab(again, args.out / f"unlock-wrong{suffix}.png")
        again.reject()
        first = LoginDialog(db, args.lang, first=True)
        first.show()
        settle(app, 200)
        grab(first, args.out / f"login-first{suffix}.png")
        first.reject()
        ctx.runner.wait_idle()


if __name__ == "__main__":
    main()
