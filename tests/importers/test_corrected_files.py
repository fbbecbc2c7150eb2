"""A province re-sends a corrected spreadsheet: rows whose dose and folded name match a
person already recorded correct that person, through a real file and a real database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.db.models import AuditEntry, Dose, Person, SyncRecord
from desktop_app.progress import drain
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import accounts
from desktop_app.services.actor import Actor, Role
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_report import save_reports
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import raw_connect

TODAY = date(2026, 11, 23)
GOOD = make_cccd("001", Sex.FEMALE, 1990, 12345)  # what the corrected file says
TYPO = GOOD[:-1]  # eleven digits: the first file's typo, flagged ID_WRONG_LENGTH


@pytest.fixture
def importer(db) -> Actor:
    """A supervisor of the site: correcting recorded people is theirs (a volunteer's import
    of a corrected file says so instead, test at the end)."""
    account = accounts.add_user(db, "giamsat2", "Giám Sát Viên", "supervisor",
                                "mật khẩu giám sát viên", actor=_supervisor(db))
    return Actor(account.id, account.full_name, Role.SUPERVISOR)


@pytest.fixture
def volunteer(db) -> Actor:
    account = accounts.add_user(db, "tinhnguyen", "Tình Nguyện Viên", "volunteer",
                                "mật khẩu tình nguyện viên", actor=_supervisor(db))
    return Actor(account.id, account.full_name, Role.VOLUNTEER)


def _supervisor(db) -> Actor:
    account = next(a for a in accounts.list_accounts(db) if a.role == Role.SUPERVISOR)
    return Actor(account.id, account.full_name, account.role)


def _import(db, path, actor, **kw):
    return drain(import_file(db, path, today=TODAY, actor=actor, **kw))


def _count(db, model, *where):
    with db.reading() as s:
        return s.scalar(select(func.count()).select_from(model).where(*where))


def _bich(n, **kw):
    values = {"name": "Trần Thị Bích", "sex": "Nữ", "dob": "", "cccd": TYPO, "dose": 1,
              "when": "01/08/2021"}
    return person_row(n, **{**values, **kw})


def _first_file(db, tmp_path, actor):
    """Bích's two doses, with her ID mistyped and no date of birth."""
    report = _import(db, write_xlsx(tmp_path / "first.xlsx", [
        _bich(1), _bich(2, dose=2, when="01/10/2021")]), actor)
    assert report.counts["flagged"] == 2
    with db.reading() as s:
        return s.scalar(select(Person))


def test_a_corrected_row_updates_the_person_instead_of_adding_another(db, site, tmp_path,
                                                                         importer):
    before = _first_file(db, tmp_path, importer)
    assert before.cleaning_reason == "DOB_REQUIRED,ID_WRONG_LENGTH"
    corrected = write_xlsx(tmp_path / "corrected.xlsx", [
        _bich(1, cccd=GOOD, dob="12/03/1990", phone="0987654321"),
        _bich(2, cccd=GOOD, dob="12/03/1990", phone="0987654321", dose=2, when="01/10/2021")])
    report = _import(db, corrected, importer)

    assert _count(db, Person) == 1 and _count(db, Dose) == 2  # no second Bích, no copy
    with db.reading() as s:
        after = s.scalar(select(Person))
    assert (after.id, after.id_number, after.id_type, after.dob, after.phone) == (
        before.id, GOOD, "CCCD", date(1990, 3, 12), "0987654321")
    assert after.cleaning_reason is None  # every reason she was on the list is gone
    assert report.counts == {"imported": 0, "flagged": 0, "duplicate": 0, "rejected": 0,
                             "corrected": 2}  # both rows say the same: both corrected her
    fix, _same = report.issues
    assert (fix.sheet_row, fix.person_id, fix.person_name) == (5, before.id, "Trần Thị Bích")
    assert (_same.sheet_row, _same.changes) == (6, fix.changes)
    assert fix.changes == {"dob": [None, "1990-03-12"], "id_number": [TYPO, GOOD],
                           "phone": ["0912345678", "0987654321"]}
    assert "Trần Thị Bích" in fix.message and "12/03/1990" in fix.message
    # Audited as the supervisor who imported, and queued for the central platform once more.
    with db.reading() as s:
        [entry] = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "update", AuditEntry.entity == "person")).all()
        outbox = s.scalar(select(SyncRecord).where(SyncRecord.record_id == before.id))
    assert (entry.entity, entry.entity_id, entry.user_id) == ("person", before.id,
                                                              importer.user_id)
    assert json.loads(entry.details) == {**fix.changes, "import": report.batch_id}
    assert (outbox.local_version, outbox.state) == (2, "pending")


def test_only_what_the_row_gives_and_is_valid_is_taken(db, site, tmp_path, importer):
    """An empty cell or a value that cannot be read corrects nothing: the file does not
    know better than the record there."""
    _first_file(db, tmp_path, importer)
    report = _import(db, write_xlsx(tmp_path / "c.xlsx", [
        _bich(1, cccd=GOOD, dob="không rõ", phone="", sex="")]), importer)
    assert report.counts["corrected"] == 1
    with db.reading() as s:
        after = s.scalar(select(Person))
    assert (after.id_number, after.dob, after.phone, after.sex) == (GOOD, None, "0912345678",
                                                                    "F")
    assert after.cleaning_reason == "DOB_INVALID"  # recomputed: the ID is right now


def test_a_correction_keeps_the_codes_the_identity_rules_cannot_see(db, site, tmp_path,
                                                                   importer):
    """Her ID is corrected, which clears ID_WRONG_LENGTH; her booster stored as dose 1
    stays to check, as a correction at the desk keeps it (before: the import dropped it)."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [
        _bich(1, dob="12/03/1990", dose="Mũi nhắc lại", when="20/12/2021")]), importer)
    with db.reading() as s:
        assert s.scalar(select(Person.cleaning_reason)) == "ID_WRONG_LENGTH,DOSE_BOOSTER_AS_FIRST"
    report = _import(db, write_xlsx(tmp_path / "c.xlsx", [
        _bich(1, cccd=GOOD, dob="12/03/1990", dose="Mũi nhắc lại", when="20/12/2021")]),
        importer)
    assert report.counts["corrected"] == 1
    with db.reading() as s:
        assert s.execute(select(Person.id_number, Person.cleaning_reason)).one() == (
            GOOD, "DOSE_BOOSTER_AS_FIRST")


@pytest.mark.parametrize("state, then", [("synced", "pending"), ("conflict", "conflict")])
def test_the_outbox_and_its_counter_follow_a_correction(db, site, tmp_path, importer,
                                                        state, then):
    before = _first_file(db, tmp_path, importer)
    with raw_connect(db.path) as conn:
        conn.execute("UPDATE sync_record SET state = ?, synced_version = 1", (state,))
    _import(db, write_xlsx(tmp_path / "c.xlsx", [_bich(1, cccd=GOOD)]), importer)
    with raw_connect(db.path) as conn:
        version, now = conn.execute("SELECT local_version, state FROM sync_record WHERE"
                                    " record_id = ?", (before.id,)).fetchone()
        kept = dict(conn.execute("SELECT state, n FROM sync_counter WHERE n > 0").fetchall())
        real = dict(conn.execute("SELECT state, count(*) FROM sync_record GROUP BY state"))
    assert (version, now) == (2, then) and kept == real


def test_a_large_corrected_file_goes_through_the_writer_process_alike(
        db, site, tmp_path, importer, monkeypatch):
    from desktop_app.services import backfill

    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)
    before = _first_file(db, tmp_path, importer)
    report = _import(db, write_xlsx(tmp_path / "c.xlsx", [
        _bich(1, cccd=GOOD, dob="12/03/1990"), person_row(2, name="Lê Văn Tám",
                                                          cccd=make_cccd("001", Sex.MALE,
                                                                         1990, 7))]),
        importer, chunk=1)
    assert report.counts["corrected"] == 1 and report.counts["imported"] == 1
    with db.reading() as s:
        after = s.get(Person, before.id)
        audited = s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "update", AuditEntry.entity == "person",
            AuditEntry.user_id == importer.user_id))
    assert (after.id_number, after.dob, after.cleaning_reason) == (GOOD, date(1990, 3, 12),
                                                                    None)
    assert audited == 1 and _count(db, Person) == 2 and _count(db, Dose) == 3


def test_a_person_without_an_id_is_corrected_by_name_and_dose(db, site, tmp_path, importer):
    """Without an ID a person is known by name, date of birth, phone and address: a fixed
    phone used to make a stranger of her."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [_bich(1, cccd="", dob="12/03/1990")]),
            importer)
    report = _import(db, write_xlsx(tmp_path / "c.xlsx", [
        _bich(1, cccd="", dob="12/03/1990", phone="0987654321")]), importer)
    assert report.counts["corrected"] == 1 and _count(db, Person) == 1
    again = _import(db, tmp_path / "c.xlsx", importer)  # the same corrected file: nothing
    assert again.counts["duplicate"] == 1 and again.counts["corrected"] == 0
    assert _count(db, AuditEntry, AuditEntry.action == "update", AuditEntry.entity == "person") == 1


def test_another_name_with_the_same_dose_is_never_merged(db, site, tmp_path, importer):
    """The same vaccine, dose and day is every second person of a vaccination campaign:
    without the same folded name it is somebody else, stored as before."""
    before = _first_file(db, tmp_path, importer)
    report = _import(db, write_xlsx(tmp_path / "c.xlsx", [
        _bich(1, name="Trần Thị Bảo", cccd=GOOD, dob="12/03/1990")]), importer)
    assert report.counts["imported"] == 1 and report.counts["corrected"] == 0
    assert _count(db, Person) == 2
    with db.reading() as s:
        assert s.get(Person, before.id).id_number == TYPO


def test_the_same_id_under_another_name_is_a_duplicate_that_says_so(db, site, tmp_path,
                                                                    importer):
    """The ID says it is the same person, the name says otherwise: the dose is not stored
    twice and nobody is changed; the row says whose ID it is, to be checked by a person."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [_bich(1, cccd=GOOD, dob="12/03/1990")]),
            importer)
    report = _import(db, write_xlsx(tmp_path / "c.xlsx", [
        _bich(1, name="Trần Thị Bảo", cccd=GOOD, dob="12/03/1991")]), importer)
    assert report.counts["duplicate"] == 1 and report.counts["corrected"] == 0
    [issue] = report.issues
    assert issue.code == "DUPLICATE_NAME_DIFFERS" and "Trần Thị Bích" in issue.message
    with db.reading() as s:
        assert s.scalar(select(Person.dob)) == date(1990, 3, 12)
    assert _count(db, AuditEntry, AuditEntry.action == "update", AuditEntry.entity == "person") == 0


def test_namesakes_with_the_same_dose_are_not_guessed_between(db, site, tmp_path, importer):
    _import(db, write_xlsx(tmp_path / "first.xlsx", [
        _bich(1, cccd="", dob="12/03/1990"), _bich(2, cccd="", dob="01/01/1985")]), importer)
    report = _import(db, write_xlsx(tmp_path / "c.xlsx", [_bich(1, cccd=GOOD)]), importer)
    assert report.counts["corrected"] == 0 and _count(db, Person) == 3  # stored as before,
    [issue] = report.issues  # and put before a person, who can tell which of them it is
    assert issue.outcome == "flagged" and "sửa hồ sơ của ai" in issue.message
    with db.reading() as s:
        assert s.scalar(select(Person.cleaning_reason).where(Person.id_number == GOOD)) == \
            "DOB_REQUIRED,CORRECTION_AMBIGUOUS"
    assert _count(db, AuditEntry, AuditEntry.action == "update", AuditEntry.entity == "person") == 0


def test_the_reports_say_which_row_corrected_whom(db, site, tmp_path, importer):
    before = _first_file(db, tmp_path, importer)
    report = _import(db, write_xlsx(tmp_path / "c.xlsx", [_bich(1, cccd=GOOD)]), importer,
                     lang="en")
    out = tmp_path / "report.json"
    save_reports(report, json_path=out)
    body = json.loads(out.read_text(encoding="utf-8"))
    assert body["counts"]["corrected"] == 1
    assert body["rows"] == [{
        "sheet_row": 5, "outcome": "corrected", "code": "PERSON_CORRECTED",
        "message": report.issues[0].message, "person_id": before.id,
        "person_name": "Trần Thị Bích", "changes": {"id_number": [TYPO, GOOD]}}]
    assert "Trần Thị Bích" in body["rows"][0]["message"] and GOOD in body["rows"][0]["message"]


def test_rows_that_disagree_correct_nothing_and_a_reimport_changes_nothing(db, site, tmp_path,
                                                                          importer):
    """A phone that changed between two doses: the file says two things, the record keeps
    what it has, whatever the order of the rows, and importing it again changes nothing."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [
        _bich(1, cccd=GOOD, dob="12/03/1990"),
        _bich(2, cccd=GOOD, dob="12/03/1990", dose=2, when="01/10/2021")]), importer)
    both = write_xlsx(tmp_path / "both.xlsx", [
        _bich(1, cccd=GOOD, dob="12/03/1990", phone="0987654321"),
        _bich(2, cccd=GOOD, dob="12/03/1990", dose=2, when="01/10/2021")])
    for _ in range(2):
        report = _import(db, both, importer)
        assert report.counts["corrected"] == 0 and report.counts["duplicate"] == 2
        assert report.issues[0].code == "CORRECTION_DISAGREES"
        assert "Số điện thoại" in report.issues[0].message
    with db.reading() as s:
        assert s.scalar(select(Person.phone)) == "0912345678"
    assert _count(db, AuditEntry, AuditEntry.action == "update", AuditEntry.entity == "person") == 0


def test_a_value_only_some_rows_give_still_corrects(db, site, tmp_path, importer):
    """Recorded without a date of birth; the corrected file's first row has none either, a
    later one has it: the file says one date of birth, and the person gets it (off the
    cleaning list), the phone they agree on stays."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [
        _bich(1, cccd=GOOD), _bich(2, cccd=GOOD, dose=2, when="01/10/2021")]), importer)
    fixed = write_xlsx(tmp_path / "fixed.xlsx", [
        _bich(1, cccd=GOOD), _bich(2, cccd=GOOD, dob="12/03/1990", dose=2, when="01/10/2021")])
    report = _import(db, fixed, importer)
    assert report.counts["corrected"] == 1
    assert [i.sheet_row for i in report.corrections] == [6]
    with db.reading() as s:
        assert s.execute(select(Person.dob, Person.cleaning_reason)).one() == (
            date(1990, 3, 12), None)
    assert _import(db, fixed, importer).counts["corrected"] == 0


@pytest.mark.parametrize("through_the_writer_process", [False, True])
def test_a_correction_of_what_the_paper_prints_revokes_the_certificates(
        db, site, tmp_path, importer, monkeypatch, through_the_writer_process):
    from datetime import datetime

    from desktop_app.db import bulk_sql, certificate_issues
    from desktop_app.db.models import CertificateIssue
    from desktop_app.rules.certificates import PRINTED_PERSON_FIELDS
    from desktop_app.services import backfill
    from desktop_app.wire.revocations import PERSON_CORRECTED

    # The writer process loads bulk_sql alone, so it keeps its own copies of these.
    assert bulk_sql.PRINTED_COLUMNS == PRINTED_PERSON_FIELDS
    assert bulk_sql.REVOKED_REASON == PERSON_CORRECTED
    if through_the_writer_process:
        monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)
    before = _first_file(db, tmp_path, importer)
    with db.transaction() as s:  # a certificate handed out before the correction
        dose = s.scalar(select(Dose).where(Dose.person_id == before.id))
        certificate_issues.record_issue(s, "URN:UVCI:01:VN:HN0001/AB12#C", person_id=before.id,
                                        dose_id=dose.id, kid="00", now=datetime(2026, 11, 1),
                                        user_id=None)
    _import(db, write_xlsx(tmp_path / "c.xlsx", [_bich(1, cccd=GOOD, dob="12/03/1990")]),
            importer, chunk=1)
    with db.reading() as s:
        issue = s.get(CertificateIssue, "URN:UVCI:01:VN:HN0001/AB12#C")
        audit = s.scalar(select(AuditEntry).where(AuditEntry.action == "revoke"))
    assert issue.revoke_reason == PERSON_CORRECTED and issue.revoked_at is not None
    assert (audit.entity_id, audit.user_id) == (before.id, importer.user_id)
    assert json.loads(audit.details)["uvcis"] == ["URN:UVCI:01:VN:HN0001/AB12#C"]


def test_a_new_phone_alone_revokes_nothing(db, site, tmp_path, importer):
    from datetime import datetime

    from desktop_app.db import certificate_issues
    from desktop_app.db.models import CertificateIssue

    _first_file(db, tmp_path, importer)
    _import(db, write_xlsx(tmp_path / "c.xlsx", [_bich(1, cccd=GOOD, dob="12/03/1990")]),
            importer)
    with db.reading() as s:
        person = s.scalar(select(Person))
    with db.transaction() as s:
        dose = s.scalar(select(Dose).where(Dose.person_id == person.id))
        certificate_issues.record_issue(s, "URN:UVCI:01:VN:HN0001/CD34#C", person_id=person.id,
                                        dose_id=dose.id, kid="00", now=datetime(2026, 11, 1),
                                        user_id=None)
    _import(db, write_xlsx(tmp_path / "d.xlsx", [
        _bich(1, cccd=GOOD, dob="12/03/1990", phone="0987654321")]), importer)
    with db.reading() as s:
        assert s.scalar(select(Person)).phone == "0987654321"
        assert s.get(CertificateIssue, "URN:UVCI:01:VN:HN0001/CD34#C").revoked_at is None


def test_a_volunteers_corrected_file_fills_in_and_says_who_may_correct(db, site, tmp_path,
                                                                       volunteer, importer):
    """Correcting what a recorded person holds (and revoking their certificates) is a
    supervisor's, at the desk and by file alike: a volunteer's import stores nothing twice,
    changes no value the record holds, and each row says what a supervisor's import of the
    same file would correct. What the record lacks (her date of birth) is filled in, as a
    file fills in the people it makes, audited as the volunteer's."""
    before = _first_file(db, tmp_path, volunteer)
    corrected = write_xlsx(tmp_path / "c.xlsx", [_bich(1, cccd=GOOD, dob="12/03/1990")])
    report = _import(db, corrected, volunteer)
    assert report.counts["corrected"] == 0 and report.counts["duplicate"] == 1
    [said] = [i for i in report.issues if i.code == "CORRECTION_NEEDS_SUPERVISOR"]
    assert "người giám sát" in said.message and GOOD in said.message
    assert "Đã bổ sung vào hồ sơ: Ngày sinh “—” → “12/03/1990”" in said.message
    with db.reading() as s:
        after = s.get(Person, before.id)
        assert (after.id_number, after.dob) == (TYPO, date(1990, 3, 12))
        [filled] = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "update", AuditEntry.entity == "person")).all()
    assert filled.user_id == volunteer.user_id
    assert json.loads(filled.details) == {"dob": [None, "1990-03-12"], "import": report.batch_id}
    assert _import(db, corrected, importer).counts["corrected"] == 1  # the supervisor's


def test_importing_the_same_sheet_again_does_not_undo_a_correction_made_since(
        db, site, tmp_path, importer):
    """Re-importing a file changes nothing (README, Backfill). The week's sheet flagged
    Lê Văn Dũng (his CCCD says born 1999, the sheet 1960); the police answered 1999 and the
    supervisor corrected him. The same sheet imported again, under its name or another
    (a volunteer's second try, the manager's to be sure), leaves him as corrected and off
    the cleaning list: a field changed after a file's import is newer than what it says."""
    from desktop_app.services.records import correct_person

    rows = [person_row(1, "Lê Văn Dũng", "01/01/1960", "Nam", "001099000222", "Moderna", 1,
                       "06/09/2021"),
            person_row(2, "Nguyễn Thị Nhung", "12/03/1985", "Nữ", "001185012345",
                       "AstraZeneca", 1, "01/08/2021")]
    sheet = write_xlsx(tmp_path / "so-lieu-hoi-cuu.xlsx", rows)
    assert _import(db, sheet, importer).counts["flagged"] == 1
    with db.reading() as s:
        dung = s.scalar(select(Person.id).where(Person.id_number == "001099000222"))
    done = correct_person(db, dung, {"dob": date(1999, 1, 1)}, actor=importer,
                          confirm_warnings=True)
    assert done.saved, done.problems
    copy = tmp_path / "so-lieu-hoi-cuu (1).xlsx"
    copy.write_bytes(sheet.read_bytes())
    for again in (sheet, copy):
        report = _import(db, again, importer)
        assert report.counts["corrected"] == 0 and report.counts["duplicate"] == 2, \
            report.issues
        with db.reading() as s:
            after = s.get(Person, dung)
            assert (after.dob, after.cleaning_reason) == (date(1999, 1, 1), None)
