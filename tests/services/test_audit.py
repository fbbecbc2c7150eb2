"""The audit trail: chained by every writer, tampering found and named, told in words,
exported, and checked by the CLI."""

from __future__ import annotations

import csv
import os
import re
from datetime import date

import pytest

from desktop_app.progress import drain
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import audit
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import import_file
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.records import correct_person
from tests import forked
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import ensure_test_supervisor, raw_connect

TODAY = date(2022, 6, 1)


@pytest.fixture
def trail(db, site, tmp_path, monkeypatch):
    """Entries from each kind of writer: the desk (ORM), a correction, a void, and an import
    through the separate writer process."""
    from desktop_app.services import backfill

    person = PersonInput("Lê Thị Hoa", date(1990, 2, 3), Sex.FEMALE, IdType.CCCD,
                         "001190000555", phone="0912000111")
    first = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                        person=person, today=TODAY, actor=AT_THIS_LAPTOP)
    correct_person(db, first.person_id, {"phone": "0912000222"}, today=TODAY,
                   actor=AT_THIS_LAPTOP)
    void_dose(db, first.dose_id, "=Nhập nhầm", actor=AT_THIS_LAPTOP)
    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)  # the writer process
    path = write_xlsx(tmp_path / "f.xlsx", [person_row(1), person_row(2, name="Đỗ Văn Quang",
                                                                      cccd="079085000077")])
    drain(import_file(db, path, today=TODAY, actor=AT_THIS_LAPTOP))
    return db


def entries(db) -> list[tuple]:
    with raw_connect(db.path) as conn:
        return conn.execute("SELECT id, action, prev_hash, hash FROM audit_entry "
                            "ORDER BY id").fetchall()


def tamper(db, *statements: str) -> None:
    """What someone with the passphrase and an SQLite shell could do."""
    conn = raw_connect(db.path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_every_writer_chains_its_entries(trail):
    rows = entries(trail)
    # the test supervisor's account, the site chosen, the person, the dose, the correction,
    # the void, the file
    assert len(rows) == 7 and {"create", "update", "void", "import"} <= {r[1] for r in rows}
    assert rows[0][2] == "" and all(r[2] == p[3] for p, r in zip(rows, rows[1:], strict=False))
    check = audit.verify_audit(trail)
    assert check.intact and check.entries == len(rows)


def test_a_changed_entry_is_named(trail):
    target = entries(trail)[2][0]
    tamper(trail, f"UPDATE audit_entry SET details = '{{}}' WHERE id = {target}")
    check = audit.verify_audit(trail)
    assert [(b.code, b.entry_id) for b in check.breaks] == [("AUDIT_ENTRY_CHANGED", target)]
    assert f"Mục nhật ký số {target}" in check.messages("vi")[0]


def test_a_deleted_entry_is_found_where_it_was(trail):
    rows = entries(trail)
    tamper(trail, f"DELETE FROM audit_entry WHERE id = {rows[1][0]}")
    breaks = audit.verify_audit(trail).breaks
    assert [(b.code, b.entry_id) for b in breaks] == [("AUDIT_ENTRIES_MISSING", rows[2][0])]


def test_deleting_the_whole_trail_or_its_end_is_found(trail):
    count = len(entries(trail))
    tamper(trail, f"DELETE FROM audit_entry WHERE id = {entries(trail)[-1][0]}")
    assert [b.code for b in audit.verify_audit(trail).breaks] == ["AUDIT_TAIL_MISSING"]
    tamper(trail, "DELETE FROM audit_entry")
    [gone] = audit.verify_audit(trail).breaks
    assert gone.code == "AUDIT_TAIL_MISSING" and gone.params["missing"] == count
    assert f"{count} entries" in audit.verify_audit(trail).messages("en")[0]


def test_reordered_entries_are_found(trail):
    a, b = entries(trail)[1][0], entries(trail)[2][0]
    tamper(trail, f"UPDATE audit_entry SET id = -1 WHERE id = {a}",
           f"UPDATE audit_entry SET id = {a} WHERE id = {b}",
           f"UPDATE audit_entry SET id = {b} WHERE id = -1")
    codes = {x.code for x in audit.verify_audit(trail).breaks}
    assert "AUDIT_ENTRIES_MISSING" in codes


def test_entries_read_in_words_with_local_times():
    assert audit.describe("update", {"dob": ["1990-02-03", "1990-03-02"]}, "vi") == \
        "Sửa: Ngày sinh “03/02/1990” → “02/03/1990”"
    assert audit.describe("create", {"full_name": "Lê Thị Hoa", "phone": None}, "en") == \
        "Created: Full name “Lê Thị Hoa”"


def test_the_export_is_in_words_and_runs_no_formula(trail, tmp_path):
    out = tmp_path / "audit.csv"
    count = audit.export(trail, out, "vi", actor=AT_THIS_LAPTOP)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0][:2] == ["Số", "Thời gian"] and len(rows) == count + 1
    # yyyy-mm-dd hh:mm: the same date in every Excel, whatever its locale
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", r[1]) for r in rows[1:])
    text = "\n".join(";".join(r) for r in rows)
    assert "Đánh dấu mũi tiêm nhập nhầm: lý do “=Nhập nhầm”" in text and '{"' not in text
    assert all(not cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)


def vaxdesk(*args, data):
    ensure_test_supervisor(data / "vaxdesk.db")
    env = dict(os.environ, VAXDESK_DATA_DIR=str(data))
    return forked.vaxdesk(*args, env=env, timeout=120)


def test_the_cli_verifies_and_exits_5_on_tampering(tmp_path):
    data = tmp_path / "data"
    assert vaxdesk("setup-site", "HN-1", "Trạm", data=data).returncode == 0
    from desktop_app.db.database import open_database
    from tests.keys import TEST_PASSPHRASE

    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        person = PersonInput("Lê Thị Hoa", date(1990, 2, 3), Sex.FEMALE, IdType.CCCD,
                             "001190000555")
        record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                    person=person, actor=AT_THIS_LAPTOP)
    ok = vaxdesk("audit", "verify", data=data)
    assert ok.returncode == 0 and "nguyên vẹn" in ok.stdout
    with raw_connect(data / "vaxdesk.db") as conn:
        conn.execute("DELETE FROM audit_entry WHERE action = 'create' AND entity = 'person'")
    broken = vaxdesk("--lang", "en", "audit", "verify", data=data)
    assert broken.returncode == 5 and "were deleted or reordered" in broken.stderr


def test_a_sync_rounds_outcome_is_audited(wired):
    from tests.sync.helpers import make_people

    make_people(wired.db, 3, doses_each=1)
    wired.sync()
    with raw_connect(wired.db.path) as conn:
        (details,) = conn.execute("SELECT details FROM audit_entry WHERE action = 'sync' "
                                  "ORDER BY id DESC").fetchone()
    import json

    assert json.loads(details)["synced"] == 6
    assert audit.verify_audit(wired.db).intact


def test_a_deleted_head_is_named_as_tampering(trail):
    """The chain's one-row head (count, last id, last hash) deleted with one statement, no
    hash to compute: the check raised (NoResultFound) and the app's start said nothing."""
    tamper(trail, "DELETE FROM audit_head")
    check = audit.verify_audit(trail)
    assert not check.intact
    assert check.messages("en")[-1].startswith("The record that seals the end of the audit")


def test_the_cli_says_a_deleted_head_is_tampering(tmp_path):
    """`vaxdesk audit verify` ended in a traceback with exit 1; tampering is exit 5."""
    data = tmp_path / "data"
    assert vaxdesk("setup-site", "HN-1", "Trạm", data=data).returncode == 0
    with raw_connect(data / "vaxdesk.db") as conn:
        conn.execute("DELETE FROM audit_head")
        conn.commit()
    broken = vaxdesk("--lang", "en", "audit", "verify", data=data)
    assert "Traceback" not in broken.stderr, broken.stderr[-300:]
    assert broken.returncode == 5
    assert "seals the end of the audit trail" in broken.stdout + broken.stderr


def test_a_police_list_sent_again_reads_in_words_and_local_time():
    """The trail read "sent_again “2026-12-07T08:10:59.120834, …”": a raw key, UTC times."""
    said = audit.describe("cleaning", {"sent_again": ["2026-12-05T01:10:59.120834",
                                                      "2026-12-07T02:00:00"]}, "vi")
    assert "sent_again" not in said and "T0" not in said
    assert said.startswith("Làm sạch dữ liệu: gửi lại danh sách cho công an lúc ")
    assert re.search(r"lúc \d\d/12/2026 \d\d:00 \(lần gửi trước: \d\d/12/2026 \d\d:10\)", said)
