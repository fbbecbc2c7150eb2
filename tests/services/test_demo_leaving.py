"""What leaves the laptop from the demo database: every file written from it says it is sample
data, and nothing of it is sent towards a central platform (review 4 Dec 2026: the report
workbook, the call-back list and the police's list looked like a site's own work, and
``vaxdesk sync`` put 1,935 of its doses on a real platform)."""

from __future__ import annotations

import csv
import json
import re
import shutil
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from desktop_app import settings
from desktop_app.clock import local_today
from desktop_app.db.models import AuditEntry
from desktop_app.progress import drain
from desktop_app.rules.demo import DEMO_FILENAME
from desktop_app.rules.messages import text
from desktop_app.services import (
    audit,
    callbacks,
    demo,
    police_export,
    police_returned,
    report_export,
    reports,
    status,
    transfer,
)
from desktop_app.services import sync as syncing
from desktop_app.services.database import open_database
from desktop_app.services.demo_guard import DemoNotSent, export_mark, mark_json

MARK_VI = "MẪU (DEMO) — dữ liệu mẫu, không phải dữ liệu thật"
MARK_EN = "DEMO — sample data, not real"
SERVICES = Path(__file__).resolve().parents[2] / "desktop_app" / "services"


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    return demo.make_demo(tmp_path_factory.mktemp("made") / DEMO_FILENAME, people=60)


@pytest.fixture
def demo_db(made, tmp_path):
    """A fresh copy of the demo, under the demo's own file name."""
    copy = tmp_path / "demo" / DEMO_FILENAME
    copy.parent.mkdir()
    shutil.copy(made.path, copy)
    with open_database(copy, demo.DEMO_PASSPHRASE) as db:
        db.actor = demo.demo_login(db)
        yield db


def _all_reports(db, actor, lang):
    """Every report over the demo's months (it is made on the day it is asked for)."""
    today = local_today()
    return [reports.build(db, k, today - timedelta(days=demo.HISTORY_DAYS), today, lang,
                          actor=actor) for k in reports.shown_to(actor)]


def test_the_mark_says_demo_in_both_languages_the_files_first(demo_db, db, site):
    assert export_mark(demo_db, "en") == f"{MARK_EN} · {MARK_VI}"
    assert export_mark(demo_db, "vi") == f"{MARK_VI} · {MARK_EN}"
    assert export_mark(db, "vi") is None  # a site's own database


def test_json_from_the_demo_says_demo_last_in_an_object_and_in_each_listed_one(demo_db, db,
                                                                                site):
    """What ``vaxdesk … --json`` prints (desktop_app/cli_json.py): an object keeps its first
    key (``verify``'s verdict) and a list stays a list for the scripts that read it."""
    mark = f"{MARK_EN} · {MARK_VI}"
    marked = mark_json(demo_db, {"verdict": "valid", "rows": [1]}, "en")
    assert marked == {"verdict": "valid", "rows": [1], "demo": mark}
    assert list(marked) == ["verdict", "rows", "demo"]
    assert mark_json(demo_db, [{"id": "a"}, {"id": "b"}], "en") == [
        {"id": "a", "demo": mark}, {"id": "b", "demo": mark}]
    assert mark_json(db, {"rows": [1]}, "en") == {"rows": [1]}  # a site's own: unmarked
    assert mark_json(db, [{"id": "a"}], "vi") == [{"id": "a"}]


def test_every_report_sheet_from_the_demo_says_demo_and_names_the_site(demo_db, tmp_path):
    out = report_export.export_xlsx(demo_db, _all_reports(demo_db, demo_db.actor, "en"),
                                    tmp_path / "reports.xlsx", actor=demo_db.actor, lang="en")
    book = openpyxl.load_workbook(out)
    assert len(book.worksheets) > 1
    for sheet in book.worksheets:
        assert sheet["A1"].value == f"{MARK_EN} · {MARK_VI}", sheet.title
        assert sheet["A2"].value == f"{demo.DEMO_SITE_NAME} (site code DEMO-01)"
        assert sheet.freeze_panes in ("A6", "A7")  # the header under the lines above


def test_a_sites_report_sheet_names_the_site_and_says_no_demo(db, site, boss, tmp_path):
    out = report_export.export_xlsx(db, _all_reports(db, boss, "vi"), tmp_path / "r.xlsx",
                                    actor=boss)
    for sheet in openpyxl.load_workbook(out).worksheets:
        assert sheet["A1"].value == f"{site.name} (mã điểm tiêm {site.code})"
        cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
        assert "DEMO" not in cells


def test_the_demos_call_back_list_says_demo_above_its_people(demo_db, tmp_path):
    out = tmp_path / "goi-tiem.xlsx"
    people = callbacks.export_call_backs(demo_db, out, actor=demo_db.actor, lang="vi")
    sheet = openpyxl.load_workbook(out).active
    assert people > 0 and sheet["A1"].value == f"{MARK_VI} · {MARK_EN}"
    # then whose list, its title and the day its states hold on (test_call_back_sheet_day)
    assert sheet["A5"].value == text("CALLBACK_COL_NAME", "vi") and sheet.freeze_panes == "A6"
    assert sheet.max_row == 5 + people


def test_the_demos_police_list_says_demo_on_every_row_and_still_reads_back(demo_db, tmp_path):
    out = tmp_path / "xac-minh.xlsx"
    sent = police_export.export_for_police(demo_db, out, actor=demo_db.actor)
    book = openpyxl.load_workbook(out)
    sheet = book.active
    assert sent > 0 and sheet.title == "Xác minh (DEMO)"
    column = [c.value for c in sheet["A"]]
    assert column == ["Dữ liệu mẫu (DEMO)"] * (sent + 1)
    assert sheet["A1"].comment.text.startswith(MARK_VI)
    assert sheet["B1"].value == "Mã hồ sơ"
    # The result's list of words is on the result column, after the demo's.
    [choice] = sheet.data_validations.dataValidation
    assert str(choice.sqref) == f"P2:P{sent + 1}"  # after the demo column and the document's two
    # Returned by the police, the file is read by its headings as any other.
    first = sheet["B2"].value
    sheet["P2"].value = "khớp"
    book.save(tmp_path / "back.xlsx")
    returned = police_returned.read_returned(demo_db, tmp_path / "back.xlsx")
    assert {r.person_id for r in returned.rows} >= {first}
    assert next(r for r in returned.rows if r.person_id == first).result == "khớp"


def test_the_demos_audit_trail_says_demo_above_its_header(demo_db, tmp_path):
    out = tmp_path / "audit.csv"
    audit.export(demo_db, out, "en", actor=demo_db.actor)
    with out.open(encoding="utf-8-sig", newline="") as f:
        first, header = list(csv.reader(f))[:2]
    assert first == [f"{MARK_EN} · {MARK_VI}"]
    assert header[0] == text("AUDIT_COL_NO", "en")


def test_the_demos_police_report_says_demo(demo_db, tmp_path):
    from desktop_app.services.police_report import save_returned_report

    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(demo_db, out, actor=demo_db.actor)
    returned = police_returned.read_returned(demo_db, out)
    save_returned_report(demo_db, returned, tmp_path / "r.json", actor=demo_db.actor)
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["demo"].startswith(MARK_VI)


def test_every_export_service_asks_the_demo_guard():
    """The one way: a service that audits an export writes the demo's mark (itself, or
    with the site's line: ``report_export.whose_lines``), or, for the transfer file,
    refuses the demo. The backfill's reports are the volunteer's own file's rows handed
    back (to fix and import again), not the database's."""
    not_ours = {"backfill_report.py"}
    unasked = [p.name for p in SERVICES.glob("*.py")
               if re.search(r'audit_entry\(\s*"export"', p.read_text("utf-8"))
               and p.name not in not_ours
               and not re.search(r"\b(export_mark|refuse_upload|whose_lines)\(",
                                 p.read_text("utf-8"))]
    assert unasked == []


# -- nothing of the demo is sent ------------------------------------------------------------

def test_the_demo_refuses_to_sync_before_anything_is_sent(demo_db):
    client = syncing.SyncClient("https://127.0.0.1:9/fhir", "MA-DEMO")  # nothing listens
    with pytest.raises(DemoNotSent) as refused:
        drain(syncing.sync_round(demo_db, client, actor=demo_db.actor))
    assert refused.value.message("vi").startswith("Đây là dữ liệu mẫu (DEMO)")
    assert syncing.stopped_message(refused.value, "en") == text("DEMO_NOT_SENT", "en")
    with demo_db.reading() as s:
        assert not s.scalars(select(AuditEntry).where(
            AuditEntry.action.in_(("sync", "sync_failed")))).all()


def test_the_demo_saves_no_platform_to_sync_with(demo_db):
    with pytest.raises(DemoNotSent):
        syncing.save_config(demo_db, "https://tiemchung.example.vn/fhir", "MA-DEMO",
                            actor=demo_db.actor)
    assert syncing.load_config(demo_db) is None


def test_the_demo_writes_no_transfer_file(demo_db, tmp_path):
    with pytest.raises(DemoNotSent):
        transfer.export_outbox(demo_db, tmp_path / "outbox.vxt", None, actor=demo_db.actor)
    assert not list(tmp_path.glob("outbox*"))


def test_the_demos_last_sync_agrees_with_its_synced_records_and_says_demo(demo_db, made):
    now = status.site_status(demo_db)
    assert now.demo and now.last_sync_at is not None and not now.server_configured
    assert now.pending == made.unsynced
    with demo_db.reading() as s:
        assert settings.read(s, settings.LAST_SYNC) is not None


def test_a_sites_own_database_is_not_the_demo(db, site):
    assert not status.site_status(db).demo
