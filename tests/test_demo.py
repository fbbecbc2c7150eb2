"""`vaxdesk demo`: sample data in a database of its own, clearly marked, never the real one."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import unicodedata
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import Complaint, Dose, Person, SyncRecord
from desktop_app.rules.demo import DEMO_FILENAME
from desktop_app.rules.identity import check_identity
from desktop_app.rules.messages import UserError
from desktop_app.services import demo
from desktop_app.services.database import open_database
from desktop_app.services.site import current_site
from tests import forked

# A demo made on a day of its own (its dates count back from it), at 09:00 UTC that day.
DAY = date(2025, 3, 14)
AT = datetime(2025, 3, 14, 9, 0)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    made = demo.make_demo(folder / DEMO_FILENAME, people=400, today=DAY, now=AT)
    return made


def _scalar(db, query):
    with db.reading() as s:
        return s.scalar(query)


def test_the_demo_holds_realistic_people_doses_flags_complaints_and_unsynced(made):
    assert made.people >= 395 and made.doses > made.people
    assert made.flagged > 0 and made.complaints > 0 and made.synced > 0 and made.unsynced > 0
    with open_database(made.path, demo.DEMO_PASSPHRASE) as db:
        assert current_site(db).code == "DEMO-01"
        with db.reading() as s:
            people = s.execute(select(Person.full_name, Person.id_number, Person.sex,
                                      Person.dob, Person.address)).all()
            days = list(s.scalars(select(Dose.dose_date)))
            flagged = s.scalar(select(func.count()).select_from(Person)
                               .where(Person.cleaning_reason.is_not(None)))
            complaints = s.scalar(select(func.count()).select_from(Complaint))
            states = dict(s.execute(select(SyncRecord.state, func.count())
                                    .group_by(SyncRecord.state)).all())
    assert len(people) == made.people
    # Names with their diacritics, as NFC; a commune of Hà Nội in every address.
    assert sum(1 for p in people if p.full_name != unicodedata.normalize("NFD", p.full_name)) \
        > len(people) * 0.9
    assert all("Thành phố Hà Nội" in p.address for p in people)
    clean = [p for p in people if p.id_number and p.dob and p.sex]
    agree = [p for p in clean if not check_identity("CCCD", p.id_number, sex=p.sex, dob=p.dob,
                                                    today=DAY)]
    assert len(agree) > len(clean) * 0.9  # valid-looking CCCDs, a few made wrong on purpose
    # The ten months up to the day it was made; that day's doses are the desk's.
    assert min(days) >= DAY - timedelta(days=demo.HISTORY_DAYS)
    assert max(days) == DAY and DAY - timedelta(days=1) in days
    assert days.count(DAY) == made.today > 0
    assert flagged > 0 and complaints == made.complaints
    assert states["synced"] == made.synced and states["pending"] == made.unsynced


def test_a_demo_made_today_opens_on_todays_work(tmp_path):
    """Its doses were of 2021-2022: the Records area (on today), Reports (the last 30 days)
    and the call-back list (who is due now) of a demo made today showed nothing."""
    from desktop_app.clock import local_today, utc_now
    from desktop_app.db import desk_day_queries
    from desktop_app.rules.callbacks import Due
    from desktop_app.services import callbacks, observation, records, reports

    made = demo.make_demo(tmp_path / DEMO_FILENAME, people=300)  # the clock's day
    today = local_today()
    with open_database(made.path, demo.DEMO_PASSPHRASE) as db:
        assert records.count_doses(db, records.DoseFilter.today()) == made.today > 0
        month = reports.daily_doses(db, today - timedelta(days=29), today)
        assert sum(c for *_, c in month) > made.today  # the sheet's recent days too
        due = {c.state for c in callbacks.call_back_list(db)}
        assert {Due.DUE, Due.OVERDUE} <= due <= set(Due)
        # Each of today's people screened before the injection (the day's tally said 4
        # doses, 0 screened: a desk that saves no dose unscreened), one more sent home.
        with db.reading() as s:
            screened = desk_day_queries.screening_outcomes(s, today, today)
        assert screened == {"eligible": made.today, "postpone": 1}
        # Each let go after their 30 minutes; only those whose time is not over yet, in a
        # demo made in the day's first 40 minutes, are still watched.
        assert all(utc_now() - watched.started_at < timedelta(minutes=38)
                   for watched in observation.under_observation(db))


@pytest.mark.parametrize(("local", "watched"), [((5, 0), 0), ((0, 20), 2)])
def test_a_demo_made_early_in_the_morning_holds_nothing_after_it_was_made(tmp_path, local,
                                                                          watched):
    """Before the desk's hours, today's people came after midnight; each let go after
    their 30 minutes before the demo was made. Made in the day's first 40 minutes, those
    people are still watched: no one is let go, and nothing audited, after ``now``."""
    from desktop_app.clock import local_to_utc
    from desktop_app.db.models import AuditEntry, Observation

    now = local_to_utc(datetime.combine(DAY, datetime.min.time()).replace(
        hour=local[0], minute=local[1]))
    made = demo.make_demo(tmp_path / DEMO_FILENAME, people=300, today=DAY, now=now)
    with open_database(made.path, demo.DEMO_PASSPHRASE) as db, db.reading() as s:
        seen = s.execute(select(Observation.started_at, Observation.ended_at)).all()
        left = list(s.scalars(select(AuditEntry.at).where(AuditEntry.action == "observation")))
    midnight = local_to_utc(datetime.combine(DAY, datetime.min.time()))
    assert made.today == len(seen) == 2
    assert all(midnight < start <= now for start, _end in seen)  # today, never after now
    assert all(end - start >= timedelta(minutes=30) for start, end in seen if end)
    assert all(at <= now for at in left) and len(left) == 2 - watched
    assert sum(end is None for _start, end in seen) == watched


def test_the_same_seed_and_day_make_the_same_demo_a_later_day_moves_it(tmp_path):
    def doses(day, folder):
        made = demo.make_demo(tmp_path / folder / DEMO_FILENAME, people=40, today=day,
                              now=datetime.combine(day, datetime.min.time()).replace(hour=9))
        with open_database(made.path, demo.DEMO_PASSPHRASE) as db, db.reading() as s:
            return sorted(s.execute(select(Person.full_name, Dose.dose_date, Dose.dose_number,
                                           Dose.product_code).join(Dose)).all())

    first, again = doses(DAY, "a"), doses(DAY, "b")
    assert first == again and first
    later = doses(DAY + timedelta(days=10), "c")
    assert later == [(n, d + timedelta(days=10), k, p) for n, d, k, p in first]


def test_the_demo_is_never_made_over_the_real_database(tmp_path):
    real = tmp_path / "vaxdesk.db"
    real.write_bytes(b"the real data")
    with pytest.raises(UserError) as refused:
        demo.make_demo(real, people=10)
    assert refused.value.code == "DEMO_NOT_THERE"
    assert real.read_bytes() == b"the real data"


def test_a_demo_open_in_another_vaxdesk_is_not_deleted_under_it(tmp_path):
    """The first start's demo button in a second VaxDesk remade the demo file while the
    first had it open: refused as any second opening is."""
    from desktop_app.db.errors import DatabaseLocked

    path = tmp_path / DEMO_FILENAME
    first = demo.make_demo(path, people=10)
    with open_database(first.path, demo.DEMO_PASSPHRASE):
        with pytest.raises(DatabaseLocked):
            demo.make_demo(path, people=10)
        assert path.exists()
    assert demo.make_demo(path, people=10).path == path  # closed: made afresh


def test_certificates_printed_from_the_demo_say_demo(tmp_path):
    import pypdfium2

    from desktop_app.certificates.pdf import pdf_bytes

    def words(site_code):
        page = pypdfium2.PdfDocument(pdf_bytes(_content(site_code), "HC1:X"))[0]
        if site_code == "DEMO-01":  # look at it
            page.render(scale=2).to_pil().save(tmp_path / "demo-certificate.png")
        return page.get_textpage().get_text_range()

    assert "DEMO" in words("DEMO-01") and "MẪU" in words("DEMO-01")
    assert "DEMO" not in words("HN-0001")


def _content(site_code):
    from datetime import date, datetime

    from desktop_app.certificates.payload import CertificateDose, Subject, build_content
    from desktop_app.rules.catalogue import default_catalogue

    subject = Subject("p1", "Lê Thị Hoa", date(1990, 3, 12), "F", "CCCD", "001190012345")
    dose = CertificateDose("0190a0b0-0000-7000-8000-000000000001", date(2021, 8, 1), 1,
                           "VAXZEVRIA", "Vaxzevria", "AB1", site_code, "Trạm mẫu")
    return build_content(subject, [dose], default_catalogue(), site_code=site_code,
                         site_name="Trạm mẫu", issued_at=datetime(2026, 1, 1))


def test_vaxdesk_demo_makes_its_own_file_and_opens_without_a_passphrase(tmp_path):
    from tests.test_cli import vaxdesk

    data = tmp_path / "data"
    out = vaxdesk("demo", "--people", "200", env_dir=data)
    assert out.returncode == 0, out.stderr
    assert "Đã tạo dữ liệu mẫu" in out.stdout and str(data / DEMO_FILENAME) in out.stdout
    env = {k: v for k, v in os.environ.items() if not k.startswith("VAXDESK_")}
    info = forked.vaxdesk("--db", str(data / DEMO_FILENAME), "info",
                          env=dict(env, VAXDESK_DATA_DIR=str(data)), timeout=120)
    assert info.returncode == 0, info.stderr
    assert "DEMO-01" in info.stdout


CHILD = textwrap.dedent("""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from desktop_app.cli import main
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.setup.setup_dialog import SetupDialog

    steps = []

    def window():
        return next((w for w in QApplication.topLevelWidgets()
                     if isinstance(w, MainWindow) and w.isVisible()), None)

    def step():
        dialog = QApplication.activeModalWidget()
        shown = window()
        if not steps and isinstance(dialog, SetupDialog):
            print("SETUP", shown.windowTitle(), flush=True)
            steps.append("demo")
            dialog.demo_button.click()  # the first-run choice: try with demo data
        elif steps == ["demo"] and shown is not None and shown.demo_banner is not None:
            print("DEMO", shown.windowTitle(), flush=True)
            steps.append("back")
            shown.demo_banner.back_button.click()
        elif steps == ["demo", "back"] and isinstance(dialog, SetupDialog):
            print("REAL", shown.windowTitle(), shown.demo_banner, flush=True)
            dialog._quitting = True
            dialog.reject()
            return
        QTimer.singleShot(50, step)

    QTimer.singleShot(0, step)
    raise SystemExit(main([]))
""")


def test_the_first_run_can_try_the_demo_and_come_back_to_the_real_database(tmp_path):
    data = tmp_path / "fresh"
    env = dict(os.environ, VAXDESK_DATA_DIR=str(data), QT_QPA_PLATFORM="offscreen")
    out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "SETUP VaxDesk"
    assert lines[1] == "DEMO VaxDesk — DỮ LIỆU MẪU — không phải dữ liệu thật"
    assert lines[2] == "REAL VaxDesk None"  # the real database again: no banner, no site
    assert (data / DEMO_FILENAME).exists() and (data / "vaxdesk.db").exists()
    real = open_database(data / "vaxdesk.db", os.environ["VAXDESK_DB_PASSPHRASE"])
    with real:
        assert _scalar(real, select(func.count()).select_from(Person)) == 0


def test_a_demo_made_just_after_midnight_screens_its_people_today(tmp_path):
    """Its first people, injected in the day's first minutes, were screened 3 minutes
    before: yesterday (the day's tally said nobody screened; CI met it at 00:03)."""
    from desktop_app.clock import local_to_utc
    from desktop_app.db import desk_day_queries

    today = date(2026, 12, 7)
    now = local_to_utc(datetime(2026, 12, 7, 0, 3))
    made = demo.make_demo(tmp_path / DEMO_FILENAME, people=300, today=today, now=now)
    with open_database(made.path, demo.DEMO_PASSPHRASE) as db, db.reading() as s:
        screened = desk_day_queries.screening_outcomes(s, today, today)
    assert screened.get("eligible") == made.today > 0
