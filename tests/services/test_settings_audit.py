"""What a supervisor changes beyond the records is audited under their name too: the
central platform's address and access code (as fingerprints only), the signing key, the
laptop's site, a rejected record sent again, a conflict settled, a backup asked for and a
restore. And what only a supervisor may do, a volunteer cannot do by another door."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.db.backups import backup_copy
from desktop_app.db.database import open_database
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts, audit, backups, restore, signing
from desktop_app.services import site as sites
from desktop_app.services import sync as syncing
from desktop_app.services.actor import Actor, NotAllowed, Role
from desktop_app.services.day_defaults import set_day_defaults
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from tests.keys import TEST_PASSPHRASE, TEST_PASSWORD, TEST_USER, raw_connect

TOKEN = "site-token-0123456789abcdef"


def trail(path, since: int = 0) -> list[tuple]:
    with raw_connect(path) as conn:
        return [(a, e, i, u, json.loads(d) if d else {}) for a, e, i, u, d in conn.execute(
            "SELECT action, entity, entity_id, user_id, details FROM audit_entry WHERE id > ?"
            " ORDER BY id", (since,))]


def last_id(path) -> int:
    with raw_connect(path) as conn:
        return conn.execute("SELECT coalesce(max(id), 0) FROM audit_entry").fetchone()[0]


def account(db, boss, role: Role) -> Actor:
    made = accounts.add_user(db, f"u-{role.value}", f"Người {role.value}", role,
                             "mật khẩu đủ dài 123", actor=boss)
    return Actor(made.id, made.full_name, role)


def test_the_platform_address_and_code_are_audited_but_the_code_never_written(db, site, boss):
    start = last_id(db.path)
    syncing.save_config(db, "https://tiemchung.example.vn/fhir/", TOKEN, actor=boss)
    syncing.save_config(db, "https://tiemchung.example.vn/fhir", TOKEN, actor=boss)  # same
    [(action, entity, key, user, details)] = trail(db.path, start)
    assert (action, entity, user) == ("update", "setting", boss.user_id)
    assert details["server_url"] == [None, "https://tiemchung.example.vn/fhir"]
    old, new = details["sync_token"]
    assert old is None and new and len(new) == 12
    with raw_connect(db.path) as conn:
        raw = conn.execute("SELECT group_concat(details) FROM audit_entry").fetchone()[0]
    assert TOKEN not in raw and TOKEN[:12] not in raw
    said = audit.describe(action, details, "vi")
    assert "Địa chỉ hệ thống trung tâm" in said and "Mã truy cập của điểm tiêm" in said


def test_a_new_signing_key_is_audited_with_the_fingerprints_of_both_keys(db, site, boss):
    start = last_id(db.path)
    signing.create_signing_key(db, "khóa ký của trạm 2026", actor=boss)
    signing.create_signing_key(db, "khóa ký mới của trạm", replace=True, actor=boss)
    made, replaced = trail(db.path, start)
    assert made[:4] == ("update", "setting", "signing_key", boss.user_id)
    assert made[4]["signing_key"][0] is None
    assert replaced[4]["signing_key"][0] == made[4]["signing_key"][1]
    assert replaced[4]["signing_key"][1] not in (None, made[4]["signing_key"][1])
    assert "PRIVATE" not in json.dumps(replaced[4]) and "khóa ký" not in json.dumps(made[4])


def test_the_laptops_site_is_audited(db, site, boss):
    start = last_id(db.path)
    sites.set_up_site(db, "HN-0002", "Trạm Y tế Phường Kim Liên", province_code="01",
                      actor=boss)
    sites.set_up_site(db, "HN-0002", "Trạm Y tế Phường Kim Liên", province_code="01",
                      actor=boss)  # the same again: nothing new to say
    [moved] = trail(db.path, start)
    assert moved[:4] == ("update", "setting", "current_site_id", boss.user_id)
    assert moved[4]["site"] == ["HN-0001 Trạm Y tế Phường Láng Hạ (01)",
                                "HN-0002 Trạm Y tế Phường Kim Liên (01)"]
    assert "Điểm tiêm “HN-0001" in audit.describe("update", moved[4], "vi")


def test_the_laptops_first_site_is_said_created_not_corrected(db, boss):
    """The first set-up read "Corrected: Vaccination site “—” → “HN-0001 …”"."""
    start = last_id(db.path)
    sites.set_up_site(db, "HN-0001", "Trạm Y tế Phường Láng Hạ", province_code="01",
                      actor=boss)
    [made] = trail(db.path, start)
    assert made[:4] == ("create", "setting", "current_site_id", boss.user_id)
    assert audit.describe("create", made[4], "en") == (
        "Created: Vaccination site “HN-0001 Trạm Y tế Phường Láng Hạ (01)”")


def test_a_volunteer_cannot_choose_the_laptops_site_through_an_import(db, boss):
    volunteer = account(db, boss, Role.VOLUNTEER)
    start = last_id(db.path)
    made = sites.site_for_records(db, "HN-0003", "Trạm Y tế Xã Ba Vì", actor=volunteer)
    assert made.code == "HN-0003"
    [created] = trail(db.path, start)  # the site the import made, under her name
    assert created == ("create", "site", made.id, volunteer.user_id,
                       {"site": "HN-0003 Trạm Y tế Xã Ba Vì"})
    start = last_id(db.path)
    sites.site_for_records(db, "HN-0003", "Trạm Y tế Xã Ba Vì", actor=volunteer)
    assert trail(db.path, start) == []  # found, not made: nothing to say
    assert sites.current_site(db) is None  # recorded under it; the laptop's is still unset
    adopted = sites.site_for_records(db, "HN-0003", "Trạm Y tế Xã Ba Vì", actor=boss)
    assert sites.current_site(db) == adopted


def test_the_day_s_vaccine_lot_and_vaccinator_are_audited_when_they_change(db, site, boss):
    start = last_id(db.path)
    day = date(2026, 12, 3)
    set_day_defaults(db, "COMIRNATY", "FK1234", "Y tá Lan", day, actor=boss)
    set_day_defaults(db, "COMIRNATY", "FK1234", "Y tá Lan", day, actor=boss)  # no change
    set_day_defaults(db, "COMIRNATY", "FK1234", "Y tá Hoa", day, actor=boss)
    first, second = trail(db.path, start)
    assert first[:4] == ("update", "setting", "day_defaults", boss.user_id)
    assert first[4]["lot_number"] == [None, "FK1234"]
    assert second[4] == {"vaccinator": ["Y tá Lan", "Y tá Hoa"]}
    assert audit.describe("update", second[4], "vi") == "Sửa: Người tiêm “Y tá Lan” → “Y tá Hoa”"


def test_only_a_supervisor_exports_the_audit_trail(db, site, boss, tmp_path):
    clerk = account(db, boss, Role.CLERK)
    with pytest.raises(NotAllowed):
        audit.export(db, tmp_path / "trail.csv", actor=clerk)
    assert not (tmp_path / "trail.csv").exists()
    assert audit.export(db, tmp_path / "trail.csv", actor=boss) > 0


def _queued_person(db) -> str:
    person = PersonInput("Lê Thị Hoa", date(1990, 2, 3), Sex.FEMALE, IdType.CCCD,
                         "001190000555")
    saved = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2022, 1, 5), "Lan"),
                        person=person, actor=Actor(None, "", Role.SUPERVISOR))
    return saved.person_id


def test_a_record_sent_again_and_a_conflict_settled_name_who_did_it(db, site, boss):
    rejected, in_conflict = _queued_person(db), None
    with raw_connect(db.path) as conn:
        in_conflict = conn.execute("SELECT record_id FROM sync_record WHERE entity = 'dose'"
                                   ).fetchone()[0]
        conn.execute("UPDATE sync_record SET state = 'rejected' WHERE record_id = ?",
                     (rejected,))
        conn.execute("UPDATE sync_record SET state = 'conflict' WHERE record_id = ?",
                     (in_conflict,))
        conn.commit()
    start = last_id(db.path)
    syncing.retry(db, "person", rejected, actor=boss)
    syncing.resolve_conflict(db, "dose", in_conflict, "mine", actor=boss)
    retried, resolved = trail(db.path, start)
    assert retried[:4] == ("retry", "person", rejected, boss.user_id)
    assert resolved[:4] == ("resolve", "dose", in_conflict, boss.user_id)
    assert audit.describe("resolve", resolved[4], "vi") == \
        "Giải quyết xung đột: giữ bản trên máy này"
    assert audit.describe("retry", {}, "en") == "Rejected record sent again"


def test_a_backup_asked_for_is_kept_and_a_restore_is_in_the_restored_trail(db, site, boss,
                                                                         tmp_path):
    _queued_person(db)
    made = backups.make_backup(db, backups.ON_REQUEST, user_id=boss.user_id)
    for _ in range(3):  # the schedule's copies rotate; the one asked for stays
        backups.make_backup(db)
    assert made.path.exists() and ".bak-manual-" in made.path.name
    [entry] = [e for e in trail(db.path) if e[2] == made.path.name]
    assert entry[:2] == ("backup", "file") and entry[3] == boss.user_id
    copy = backup_copy(db.path, "manual", db.key, tmp_path / "copies")
    path = db.path
    db.close()
    restore.restore_backup(path, copy, TEST_PASSPHRASE, username=TEST_USER,
                           password=TEST_PASSWORD)
    action, entity, name, user, details = trail(path)[-1]
    assert (action, entity, name, user) == ("restore", "file", copy.name, boss.user_id)
    assert not path.with_name(path.name + "-wal").exists()
    with open_database(path, TEST_PASSPHRASE) as restored:
        assert audit.verify_audit(restored).intact
        assert audit.describe(action, details, "vi").startswith("Khôi phục từ bản sao lưu")


def test_an_import_report_saved_is_an_audited_export(db, site, boss, tmp_path):
    """The report names people and the old values a corrected file changed: it leaves the
    encrypted file as every other export does, audited."""
    from desktop_app.progress import drain
    from desktop_app.services.backfill import import_file
    from desktop_app.services.backfill_report import export_reports
    from tests.importers.sheets import person_row, write_csv

    report = drain(import_file(db, write_csv(tmp_path / "f.csv", [person_row(1, name="")]),
                               actor=boss))
    export_reports(db, report, json_path=tmp_path / "r.json", fix_path=tmp_path / "fix.xlsx",
                   actor=boss)
    exported = [e for e in trail(db.path) if e[0] == "export"]
    assert [(e[1], e[2], e[3]) for e in exported] == [("file", "r.json", boss.user_id),
                                                      ("file", "fix.xlsx", boss.user_id)]
