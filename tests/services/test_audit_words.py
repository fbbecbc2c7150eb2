"""The audit trail's values as a clerk reads them: no stored code (F, CCCD, COMIRNATY, desk)
in the record's history or in the exported CSV, in the reader's language."""

from __future__ import annotations

import csv
import json
from datetime import date, datetime

from sqlalchemy import select

from desktop_app.db.models import AuditEntry
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import audit
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose

PERSON = {"full_name": "Nguyễn Thị Nhung", "dob": "1990-09-05", "sex": "F", "id_type": "CCCD",
          "id_number": "001190000123", "no_id_reason": None, "nationality": None,
          "phone": "0912345678", "address": None, "old_id_number": None}
DOSE = {"product_code": "COMIRNATY", "lot_number": "A0221", "dose_number": 1,
        "dose_date": "2021-08-02", "vaccinator": "Y tá Hoa", "source": "desk",
        "person_id": "p-1", "confirmed_warnings": ["NAME_SINGLE_WORD"]}


def test_a_created_person_reads_in_words_in_each_language():
    vi = audit.describe("create", PERSON, "vi")
    assert "Giới tính “Nữ”" in vi and "Loại giấy tờ “Căn cước công dân (CCCD)”" in vi
    assert "“F”" not in vi
    en = audit.describe("create", PERSON, "en")
    assert "Sex “female”" in en and "ID type “Citizen ID (CCCD)”" in en


def test_a_created_dose_names_the_product_and_the_source_in_words():
    vi = audit.describe("create", DOSE, "vi")
    assert "Tên vắc xin “Comirnaty (Pfizer-BioNTech)”" in vi
    assert "Nguồn “Tại điểm tiêm”" in vi and "“desk”" not in vi
    assert "Cảnh báo đã xác nhận “Họ tên chỉ có một từ”" in vi
    assert "p-1" not in vi and "confirmed_warnings" not in vi
    en = audit.describe("create", dict(DOSE, source="import"), "en")
    assert "Vaccine “Comirnaty (Pfizer-BioNTech)”" in en and "Source “Import”" in en


def test_corrections_say_each_old_and_new_value_in_words():
    said = audit.describe("update", {"id_type": ["CMND", "PASSPORT"], "sex": [None, "M"],
                                     "no_id_reason": [None, "HOMELESS_OR_ITINERANT"]}, "vi")
    assert said == ("Sửa: Loại giấy tờ “Chứng minh nhân dân (CMND)” → “Hộ chiếu”; "
                    "Giới tính “—” → “Nam”; "
                    "Lý do không có giấy tờ “—” → “Vô gia cư, lang thang”")
    assert audit.describe("central", {"identity_verified": [False, True]}, "vi") == \
        "Cập nhật theo hệ thống trung tâm: Đã xác minh danh tính “Không” → “Có”"
    assert audit.describe("update", {"identity_verified": [True, False]}, "en") == \
        "Corrected: Identity verified “Yes” → “No”"


def test_a_product_the_catalogue_lost_keeps_its_code():
    assert "Tên vắc xin “OLD-1”" in audit.describe("create", {"product_code": "OLD-1"}, "vi")


def test_the_csv_export_carries_the_same_words(db, site, tmp_path):
    person = PersonInput("Lê Thị Hoa", date(1990, 2, 3), Sex.FEMALE, IdType.CCCD,
                         "001190000555")
    record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"), person=person,
                today=date(2022, 6, 1), actor=AT_THIS_LAPTOP)
    out = tmp_path / "audit.csv"
    audit.export(db, out, "vi", actor=AT_THIS_LAPTOP)
    with open(out, encoding="utf-8-sig", newline="") as f:
        what = [row[4] for row in csv.reader(f)][1:]
    person_row = next(w for w in what if "Lê Thị Hoa" in w)
    dose_row = next(w for w in what if "Số lô “FK1”" in w)
    assert "Giới tính “Nữ”" in person_row and "“CCCD”" not in person_row
    assert "Comirnaty (Pfizer-BioNTech)" in dose_row and "Tại điểm tiêm" in dose_row


def test_the_csv_record_column_and_account_and_import_entries_are_in_words(db, site, tmp_path):
    # A reviewer read "user 01a23f86-…", "setting current_site_id", "role “supervisor”" and
    # "(imported 6040, flagged 471, …)" in the Vietnamese export.
    from desktop_app.clock import utc_now
    from desktop_app.db import store

    with db.transaction() as s:
        s.add(store.audit_entry("create", "user", "u-1", {"username": "lan",
                                                          "role": "supervisor"}, utc_now(), None))
        s.add(store.audit_entry("import", "file", "so-lieu.xlsx", {
            "file": "so-lieu.xlsx", "counts": {"imported": 6040, "flagged": 471,
                                               "duplicate": 68, "rejected": 36,
                                               "corrected": 0}}, utc_now(), None))
    out = tmp_path / "audit.csv"
    audit.export(db, out, "vi", actor=AT_THIS_LAPTOP)
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))[1:]
    records = [row[3] for row in rows]
    assert "Tài khoản u-1" in records and "Tệp so-lieu.xlsx" in records
    assert any(r == "Cài đặt: Điểm tiêm của máy này" for r in records)  # the site's setup
    account = next(row[4] for row in rows if row[3] == "Tài khoản u-1")
    assert account == "Tạo mới: Tên đăng nhập “lan”; Vai trò “người giám sát”"
    imported = next(row[4] for row in rows if row[3] == "Tệp so-lieu.xlsx")
    assert imported.endswith("(6040 đã nhập, 471 cần làm sạch, 68 trùng, 36 bị từ chối, "
                             "0 đã sửa hồ sơ)")


def test_every_warning_the_desk_asks_to_confirm_reads_in_words(db, site, boss):
    """"Save anyway" to each warning the desk asks (a same-named record, a dose number
    skipped, a single-word name): the dose's entry lists them in words, no code."""
    for n, (name, number) in enumerate((("Trần Thị Bích", "001190000102"),
                                        ("Trần Thị Bích", "001190000103"),
                                        ("Bích", "001190000104"))):
        person = PersonInput(name, date(1990, 6, 5), Sex.FEMALE, IdType.CCCD, number)
        assert record_dose(db, DoseInput("COMIRNATY", "FK1", 2, date(2021, 8, 1 + n), "Lan"),
                           person=person, today=date(2022, 6, 1), actor=boss,
                           confirm_warnings=True).saved
    with db.reading() as s:
        entries = s.execute(select(AuditEntry.details).where(
            AuditEntry.entity == "dose", AuditEntry.action == "create")).scalars().all()
    confirmed = {w for d in entries for w in json.loads(d).get("confirmed_warnings", ())}
    assert {"PERSON_MAYBE_REGISTERED", "DOSE_NUMBER_GAP", "NAME_SINGLE_WORD"} <= confirmed
    for details in entries:
        for lang in ("vi", "en"):
            said = audit.describe("create", json.loads(details), lang)
            assert not any(code in said for code in confirmed), said


def test_a_dose_moved_by_a_merge_says_so_without_the_records_ids():
    said = audit.describe("update", {"person_id": ["01a2-aaaa", "01a3-bbbb"]}, "vi")
    assert said == "Sửa: chuyển sang hồ sơ khác (gộp hoặc tách hồ sơ)"


def test_an_eligible_screening_says_nothing_of_answers_it_has_not():
    """It read 'Trả lời “có” “—”' (review of 6 Dec 2026)."""
    from desktop_app.services.audit import describe

    said = describe("screening", {"outcome": "eligible", "answers": [], "reason": None}, "vi")
    assert said == "Khám sàng lọc: Kết luận khám sàng lọc “Đủ điều kiện tiêm”"
    postponed = describe("screening", {"outcome": "postpone", "answers": ["FEVER"],
                                       "reason": "Sốt"}, "vi")
    assert "Trả lời “có” “" in postponed and "FEVER" not in postponed


def test_the_csv_record_column_names_the_person_the_dose_and_the_account(db, site, boss,
                                                                          tmp_path):
    """A reviewer read "Người được tiêm 0190a1…" and "Tài khoản 01a23f86-…" in the record
    column: ids only, which nobody reading the trail in Excel can follow. Now the person by
    name and ID number, the dose as its number and its person's, the account by its login."""
    from desktop_app.clock import utc_now
    from desktop_app.db import store
    from desktop_app.services.accounts import add_user

    lan = add_user(db, "lan", "Phạm Thị Lan", "clerk", "mật khẩu của Lan 1", actor=boss)
    with db.transaction() as s:  # an import's entry: the file by its content's hash
        s.add(store.audit_entry("import", "file", "3fa9c1", {"file": "so-lieu.xlsx"},
                                utc_now(), boss.user_id))
    person = PersonInput("Lê Thị Hoa", date(1990, 2, 3), Sex.FEMALE, IdType.CCCD,
                         "001190000555")
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                      person=person, today=date(2022, 6, 1), actor=boss)
    csv_path = tmp_path / "audit.csv"
    audit.export(db, csv_path, "vi", actor=boss)
    with open(csv_path, encoding="utf-8-sig", newline="") as f:
        records = [row[3] for row in list(csv.reader(f))[1:]]
    named = "“Lê Thị Hoa” (số giấy tờ 001190000555)"
    assert f"Người được tiêm {out.person_id}: {named}" in records
    assert f"Mũi tiêm {out.dose_id}: mũi 1 của {named}" in records
    assert f"Tài khoản {lan.id}: lan (Phạm Thị Lan)" in records
    assert "Tệp 3fa9c1: so-lieu.xlsx" in records


def test_a_sync_round_an_export_and_a_lot_read_in_words_not_keys(db, site):
    """Every sync round read `sent “8231”; synced “8231”…`, a report's export `reports
    “doses, completeness…”; from …`, a new lot `expiry_date “04/06/2027”` in the
    Vietnamese trail (a site manager's review)."""
    import re

    said = [audit.describe("sync", {"server_url": "https://tw.example.vn/fhir", "sent": 8231,
                                    "synced": 8231, "rejected": 0, "conflicts": 0,
                                    "pulled": 2, "waiting": 0, "brought_back": 1,
                                    "clashes": 1, "elsewhere": 3}, "vi"),
            audit.describe("export", {"reports": ["doses", "desk_day"], "from": "2026-11-01",
                                      "to": "2026-11-30"}, "vi"),
            audit.describe("export", {"entries": 92, "file": "nhat-ky.csv"}, "vi"),
            audit.describe("lot", {"product_code": "COMIRNATY", "lot_number": "FK1",
                                   "expiry_date": "2027-06-04"}, "vi")]
    for words in said:
        assert not re.search(r"\b[a-z]+_[a-z_]+\b|\b(sent|synced|from|to|entries|reports)\b",
                             words), words
    assert "Đã gửi “8231”" in said[0] and "Còn chờ “0”" in said[0]
    assert "Báo cáo “Số mũi tiêm theo ngày, vắc xin, mũi và nhóm tuổi; Tổng hợp buổi tiêm”" \
        in said[1] and "Từ ngày “01/11/2026”" in said[1]
    assert "Hạn sử dụng “04/06/2027”" in said[3]
    assert audit.record_words("setting", "day_defaults", "vi") == \
        "Cài đặt: Vắc xin, lô và người tiêm của ngày"
    assert audit.record_words("setting", "sync_server_url", "vi") == \
        "Cài đặt: Địa chỉ hệ thống trung tâm"


def test_a_complaint_is_named_by_its_code_not_the_laptops_id(db, site):
    from desktop_app.db.models import Complaint

    with db.transaction() as s:
        at = datetime(2026, 12, 1, 2, 0)
        s.add(Complaint(local_id="01a2-local", code="PA7K2M9Q", kind="wrong_identity",
                        id_number="001190000123", full_name="Nguyễn Thị Nhung",
                        text="Sai ngày sinh", channel="hotline", received_at=at,
                        status="open", changed_at=at))
        s.add(AuditEntry(at=at, user_id=None, action="complaint", entity="complaint",
                         entity_id="01a2-local", details="{}"))
    with db.reading() as s:
        entries = s.scalars(select(AuditEntry).where(AuditEntry.entity == "complaint")).all()
        assert audit.record_names(s, entries, "vi") == {("complaint", "01a2-local"):
                                                        "PA7K2M9Q"}
