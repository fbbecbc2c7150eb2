"""An import's undo puts back the people it corrected: a wrong file (here, phones and dates
of birth of another list) changed recorded people as wrongly as it stored doses. Real files,
real database, the undo's own words read back."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from desktop_app.clock import local_time, utc_now
from desktop_app.db import certificate_issues
from desktop_app.db.models import AuditEntry, CertificateIssue, Dose, Person, SyncRecord
from desktop_app.progress import drain
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import audit, records
from desktop_app.services import import_undo_said as said
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_corrections import apply_held
from desktop_app.services.import_batches import imports_page, state, stored_said
from desktop_app.services.import_undo import UndoProgress, plan_undo, undo_import
from desktop_app.services.merges import merge_people
from tests.importers.sheets import name_of, person_row, write_xlsx

TODAY = date(2026, 11, 23)
BICH = make_cccd("001", Sex.FEMALE, 1990, 12345)
TYPO = BICH[:-1]  # eleven digits: flagged ID_WRONG_LENGTH


def _bich(n, **kw):
    values = {"name": "Trần Thị Bích", "sex": "Nữ", "dob": "12/03/1990", "cccd": BICH,
              "dose": 1, "when": "01/08/2021", "phone": "0912345678"}
    return person_row(n, **{**values, **kw})


def _an(n, **kw):
    values = {"name": "Lê Văn An", "sex": "Nam", "dob": "", "cccd": make_cccd(
        "001", Sex.MALE, 1985, 777), "dose": 1, "when": "02/08/2021", "phone": "0911111111"}
    return person_row(n, **{**values, **kw})


def _import(db, tmp_path, name, rows, actor, **kw):
    return drain(import_file(db, write_xlsx(tmp_path / name, rows), today=TODAY, actor=actor,
                             **kw))


def _person(db, name):
    with db.reading() as s:
        return s.scalar(select(Person).where(Person.full_name == name))


def _wrong_file(db, tmp_path, boss):
    """Bích and An recorded from the first file, then a wrong one: their doses again with
    another list's phones and An's date of birth, and one new dose (Bích's second)."""
    _import(db, tmp_path, "first.xlsx", [_bich(1), _an(2)], boss)
    report = _import(db, tmp_path, "wrong.xlsx", [
        _bich(1, phone="0987000001"), _an(2, phone="0987000002", dob="09/09/1999"),
        _bich(3, phone="0987000001", dose=2, when="01/10/2021")], boss)
    assert report.counts["corrected"] == 2 and report.counts["imported"] == 1
    assert _person(db, "Lê Văn An").dob == date(1999, 9, 9)
    return report


def test_an_undo_puts_back_the_people_its_import_corrected(db, site, boss, tmp_path):
    report = _wrong_file(db, tmp_path, boss)
    plan = plan_undo(db, report.batch_id)
    assert (plan.to_void, plan.corrections, plan.corrections_left) == (1, 2, {})
    assert "Thông tin của 2 người đã có hồ sơ mà lần nhập này đã sửa sẽ được trả lại như " \
           "trước khi nhập" in said.question(plan, "vi")

    done = drain(undo_import(db, report.batch_id, actor=boss))

    assert (done.voided, done.corrections_back, done.corrections_left) == (1, 2, {})
    bich, an = _person(db, "Trần Thị Bích"), _person(db, "Lê Văn An")
    assert (bich.phone, an.phone, an.dob) == ("0912345678", "0911111111", None)
    assert said.done(done, "en")[-1] == "2 people already recorded were restored to how they " \
                                         "were before the import."
    # Each put back as a supervisor's correction: audited as theirs, sent again.
    with db.reading() as s:
        last, flags = s.scalars(select(AuditEntry).where(
            AuditEntry.entity_id == an.id, AuditEntry.action == "update")
            .order_by(AuditEntry.id.desc())).all()[1::-1]
        outbox = s.get(SyncRecord, ("person", an.id))
    assert last.user_id == flags.user_id == boss.user_id
    assert json.loads(last.details) == {"phone": ["0987000002", "0911111111"],
                                        "dob": ["1999-09-09", None], "undo_of": {
                                            "import": report.batch_id, "file": "wrong.xlsx"}}
    assert audit.describe("update", json.loads(last.details), "vi").endswith(
        "(hoàn tác lần nhập tệp wrong.xlsx)")
    # The wrong birth year flagged him (not his CCCD's); as before, his is not known.
    assert json.loads(flags.details) == {"cleaning_reason": ["ID_BIRTH_YEAR_MISMATCH",
                                                             "DOB_REQUIRED"]}
    assert (outbox.local_version, outbox.state) == (3, "pending")


def test_a_person_corrected_again_since_is_left_and_said(db, site, boss, tmp_path):
    report = _wrong_file(db, tmp_path, boss)
    an = _person(db, "Lê Văn An")
    records.correct_person(db, an.id, {"phone": "0933333333"}, actor=boss,
                           confirm_warnings=True, today=TODAY)
    plan = plan_undo(db, report.batch_id)
    assert (plan.corrections, plan.corrections_left) == (1, {"changed": 1})

    done = drain(undo_import(db, report.batch_id, actor=boss))

    assert (done.corrections_back, done.corrections_left) == (1, {"changed": 1})
    an = _person(db, "Lê Văn An")
    assert (an.phone, an.dob) == ("0933333333", date(1999, 9, 9))  # as the desk left him
    assert _person(db, "Trần Thị Bích").phone == "0912345678"
    assert "1 person this import corrected keeps their details as they are: corrected " \
           "again since the import; see the record's history and correct it there if need " \
           "be." in said.done(done, "en")


def test_a_file_of_corrections_alone_is_undone_too(db, site, boss, tmp_path):
    """A re-sent file whose rows are all doses recorded already stores nothing, but it
    corrected people: the undo is asked, and puts them back."""
    _import(db, tmp_path, "first.xlsx", [_bich(1), _an(2)], boss)
    report = _import(db, tmp_path, "again.xlsx", [_bich(1, phone="0987000001")], boss)
    plan = plan_undo(db, report.batch_id)
    assert (plan.to_void, plan.corrections) == (0, 1) and said.undoes_anything(plan)
    assert said.question(plan, "en").startswith("Undo the import of again.xlsx")
    assert "This import has no dose to mark entered in error." in said.question(plan, "en")

    done = drain(undo_import(db, report.batch_id, actor=boss))

    assert (done.voided, done.corrections_back) == (0, 1)
    assert said.done(done, "en")[0] == "The import of again.xlsx is undone."  # no "0 doses"
    assert _person(db, "Trần Thị Bích").phone == "0912345678"
    again = plan_undo(db, report.batch_id)  # nothing left: put back is not "changed since"
    assert (again.corrections, again.corrections_left) == (0, {})
    assert not said.undoes_anything(again)
    assert said.nothing(again, "en") == [  # and not "its corrections are not undone"
        f"The import of again.xlsx at {local_time(again.batch.started_at)} has no dose left "
        "to undo."]


def test_an_error_the_record_had_before_comes_back_flagged(db, site, boss, tmp_path):
    """Her ID was mistyped in the first file and the second "fixed" it; undone, the record
    is as it was, on the cleaning list for the typo again (the desk's rule, a correction
    never brings a new error, does not refuse the record's own)."""
    _import(db, tmp_path, "first.xlsx", [_bich(1, cccd=TYPO)], boss)
    assert _person(db, "Trần Thị Bích").cleaning_reason == "ID_WRONG_LENGTH"
    report = _import(db, tmp_path, "fixed.xlsx", [_bich(1)], boss)
    assert _person(db, "Trần Thị Bích").id_number == BICH

    done = drain(undo_import(db, report.batch_id, actor=boss))

    bich = _person(db, "Trần Thị Bích")
    assert done.corrections_back == 1
    assert (bich.id_number, bich.cleaning_reason) == (TYPO, "ID_WRONG_LENGTH")


def test_a_stopped_undo_leaves_the_rest_for_the_next(db, site, boss, tmp_path):
    report = _wrong_file(db, tmp_path, boss)
    undo = undo_import(db, report.batch_id, actor=boss, chunk=1)
    for _ in range(2):  # the dose voided, then Bích put back (a chunk of one)
        next(undo)
    undo.close()  # Stop
    assert _person(db, "Trần Thị Bích").phone == "0912345678"
    assert _person(db, "Lê Văn An").phone == "0987000002"
    plan = plan_undo(db, report.batch_id)
    assert (plan.to_void, plan.corrections, plan.corrections_left) == (0, 1, {})
    done = drain(undo_import(db, report.batch_id, actor=boss))
    assert (done.corrections_back, done.corrections_left) == (1, {})
    assert _person(db, "Lê Văn An").phone == "0911111111"


def test_corrections_held_for_a_yes_are_the_imports_too(db, site, boss, tmp_path):
    """The screen's question before corrections (held, then applied): they carry the
    import's name as well, and its undo puts them back."""
    _import(db, tmp_path, "first.xlsx", [_bich(1)], boss)
    report = drain(import_file(db, write_xlsx(tmp_path / "again.xlsx", [
        _bich(1, phone="0987000001")]), today=TODAY, actor=boss, hold_corrections=True))
    assert _person(db, "Trần Thị Bích").phone == "0912345678"  # held: nothing changed yet
    assert apply_held(db, report, actor=boss) == 1
    assert _person(db, "Trần Thị Bích").phone == "0987000001"
    assert plan_undo(db, report.batch_id).corrections == 1
    drain(undo_import(db, report.batch_id, actor=boss))
    assert _person(db, "Trần Thị Bích").phone == "0912345678"


# Found by a review of the first version, each failing before its fix.

def test_people_the_import_made_are_not_people_already_recorded(db, site, boss, tmp_path):
    """A person the file made in one chunk whose later row fills in her phone (a correction
    with the next chunk, as a file sorted by date lands dose 2 later): hers, not put back."""
    report = _import(db, tmp_path, "one.xlsx", [
        _bich(1, phone=""), _bich(2, dose=2, when="01/10/2021")], boss, chunk=1)
    plan = plan_undo(db, report.batch_id)
    assert (plan.people, plan.corrections, plan.corrections_left) == (1, 0, {})
    drain(undo_import(db, report.batch_id, actor=boss))
    assert _person(db, "Trần Thị Bích").phone == "0912345678"


def test_a_value_from_before_now_anothers_is_refused_and_said_so(db, site, boss, tmp_path):
    """The wrong file gave Bích another CCCD; her first number has since been recorded for
    someone else. She cannot be put back, and the plan says so before (not a promise the
    outcome breaks as "corrected again since")."""
    _import(db, tmp_path, "first.xlsx", [_bich(1, cccd=TYPO)], boss)
    wrong = _import(db, tmp_path, "wrong.xlsx", [_bich(1)], boss)
    _import(db, tmp_path, "third.xlsx", [person_row(
        1, name="Đỗ Thị Hoa", sex="Nữ", dob="01/01/1990", cccd=TYPO, phone="0900000000")],
        boss)
    plan = plan_undo(db, wrong.batch_id)
    assert (plan.corrections, plan.corrections_left) == (0, {"refused": 1})
    done = drain(undo_import(db, wrong.batch_id, actor=boss))
    assert done.corrections_left == {"refused": 1}
    assert _person(db, "Trần Thị Bích").id_number == BICH
    assert any(line.startswith("1 person this import corrected could not be restored")
               for line in said.done(done, "en"))


def test_two_wrong_files_undone_oldest_first_end_where_they_began(db, site, boss, tmp_path):
    _import(db, tmp_path, "first.xlsx", [_bich(1)], boss)
    a = _import(db, tmp_path, "a.xlsx", [_bich(1, phone="0987000001")], boss)
    b = _import(db, tmp_path, "b.xlsx", [_bich(1, phone="0987000002")], boss)
    assert drain(undo_import(db, a.batch_id, actor=boss)).corrections_left == {"changed": 1}
    assert drain(undo_import(db, b.batch_id, actor=boss)).corrections_back == 1
    assert _person(db, "Trần Thị Bích").phone == "0912345678"  # not a.xlsx's


def test_a_certificate_printed_since_keeps_what_it_prints(db, site, boss, tmp_path):
    """The wrong file filled in Bích's date of birth and stored her dose 2; a certificate
    was printed since. The undo leaves the dose for it (a person holds the paper), and so
    her date of birth: putting it back would revoke that very certificate."""
    _import(db, tmp_path, "first.xlsx", [_bich(1, dob="")], boss)
    wrong = _import(db, tmp_path, "wrong.xlsx", [
        _bich(1), _bich(2, dose=2, when="01/10/2021")], boss)
    bich = _person(db, "Trần Thị Bích")
    with db.reading() as s:
        dose2 = s.scalar(select(Dose.id).where(Dose.import_batch_id == wrong.batch_id))
    with db.transaction() as s:
        certificate_issues.record_issue(s, "URN:UVCI:01:VN:HN0001/TEST#1", person_id=bich.id,
                                        dose_id=dose2, kid="00", now=utc_now(), user_id=None)
    plan = plan_undo(db, wrong.batch_id)
    assert (plan.to_void, plan.left, plan.corrections, plan.corrections_left) == (
        0, {"certified": 1}, 0, {"certified": 1})
    drain(undo_import(db, wrong.batch_id, actor=boss))
    with db.reading() as s:
        assert s.scalar(select(CertificateIssue.revoked_at)) is None
    assert _person(db, "Trần Thị Bích").dob == date(1990, 3, 12)


def test_a_person_merged_since_is_left_and_said_so(db, site, boss, tmp_path):
    _import(db, tmp_path, "first.xlsx", [_bich(1)], boss)
    wrong = _import(db, tmp_path, "wrong.xlsx", [_bich(1, phone="0987000001")], boss)
    _import(db, tmp_path, "third.xlsx", [_bich(1, cccd="", phone="", address="Xóm 3",
                                               dose=2, when="01/10/2021")], boss)
    with db.reading() as s:
        first, second = s.scalars(select(Person).order_by(Person.created_at, Person.id)).all()
    merge_people(db, second.id, first.id, actor=boss, confirm_differences=True)
    done = drain(undo_import(db, wrong.batch_id, actor=boss))
    assert done.corrections_left == {"merged": 1}
    assert any("merged into another record since" in line for line in said.done(done, "en"))


def test_a_renumbering_by_the_cmnd_column_is_put_back_whole(db, site, boss, tmp_path):
    """A file with "Số CMND" and "Số CCCD" apart renumbered An's record from his CMND to
    his CCCD, the CMND kept as his old number: undone, he is under his CMND alone again."""
    from tests.importers.test_old_cmnd_column import APART, CCCD, CMND, ONE, _apart, _one

    drain(import_file(db, write_xlsx(tmp_path / "cmnd.xlsx", [_one(1, CMND, 1, "01/08/2021")],
                                     headers=ONE), today=TODAY, actor=boss))
    wrong = drain(import_file(db, write_xlsx(tmp_path / "both.xlsx", [
        _apart(1, CMND, CCCD, 2, "01/10/2021")], headers=APART), today=TODAY, actor=boss))
    an = _person(db, "Nguyễn Văn An")
    assert (an.id_type, an.id_number, an.old_id_number) == ("CCCD", CCCD, CMND)
    drain(undo_import(db, wrong.batch_id, actor=boss))
    an = _person(db, "Nguyễn Văn An")
    assert (an.id_type, an.id_number, an.old_id_number) == ("CMND", CMND, None)


def test_the_big_file_writers_corrections_are_put_back_too(db, site, boss, tmp_path,
                                                           monkeypatch):
    from desktop_app.services import backfill

    _import(db, tmp_path, "first.xlsx", [_bich(1)], boss)
    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)  # the writer process
    wrong = _import(db, tmp_path, "wrong.xlsx", [_bich(1, phone="0987000001")], boss)
    assert drain(undo_import(db, wrong.batch_id, actor=boss)).corrections_back == 1
    assert _person(db, "Trần Thị Bích").phone == "0912345678"


def test_the_list_counts_the_corrections_a_supervisor_said_yes_to(db, site, boss, tmp_path):
    """The screen holds corrections for a yes; the list's line was saved before it."""
    _import(db, tmp_path, "first.xlsx", [_bich(1)], boss)
    report = drain(import_file(db, write_xlsx(tmp_path / "again.xlsx", [
        _bich(1, phone="0987000001")]), today=TODAY, actor=boss, hold_corrections=True))
    apply_held(db, report, actor=boss)
    [batch] = [b for b in imports_page(db).imports if b.id == report.batch_id]
    assert stored_said(batch, "en") == \
        "0 doses, 0 new people, 1 row correcting people already recorded"


def test_a_stopped_undo_of_corrections_alone_is_listed_partly_undone(db, site, boss,
                                                                     tmp_path):
    _import(db, tmp_path, "first.xlsx", [_bich(1), _an(2)], boss)
    again = _import(db, tmp_path, "again.xlsx", [_bich(1, phone="0987000001"),
                                                 _an(2, phone="0987000002")], boss)
    undo = undo_import(db, again.batch_id, actor=boss, chunk=1)
    assert next(undo).people == 1  # Bích put back
    undo.close()  # Stop
    assert _person(db, "Lê Văn An").phone == "0987000002"
    [batch] = [b for b in imports_page(db).imports if b.id == again.batch_id]
    assert state(batch, "en") == "partly undone: some people restored to how they were " \
                                 "before it. Undo it again to finish."
    assert said.stopped("again.xlsx", UndoProgress(0, 0, 1, 2), "en") == \
        "Undoing the import of again.xlsx stopped: 1 person restored to how they were " \
        "before it. Undo it again to finish."


def test_a_chunk_of_people_put_back_holds_the_write_lock_briefly(db, site, boss, tmp_path):
    """2,000 people put back took one transaction of ~6 s (the desk's saves wait 15 s at
    most, on a slow laptop less is left): now a chunk of PEOPLE_CHUNK, progress each."""
    rows = [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, 251)]
    _import(db, tmp_path, "first.xlsx", rows, boss)
    wrong = _import(db, tmp_path, "wrong.xlsx", [[*r[:5], "0987000000", *r[6:]]
                                                  for r in rows], boss)
    steps = list(drain_steps(undo_import(db, wrong.batch_id, actor=boss)))
    assert [p.people for p in steps] == [100, 200, 250]
    assert all(p.people_total == 250 for p in steps)


def drain_steps(job):
    try:
        while True:
            yield next(job)
    except StopIteration:
        return


def test_a_file_whose_import_was_undone_corrects_again_when_imported_again(
        db, site, boss, tmp_path):
    """The undo's putting back is no correction made since the file was read: an import
    undone by mistake is made again by importing its file again (a file imported before
    corrects no field changed since, ``backfill_recorded``, unless that import is undone)."""
    report = _wrong_file(db, tmp_path, boss)
    drain(undo_import(db, report.batch_id, actor=boss))
    assert _person(db, "Lê Văn An").dob is None
    again = drain(import_file(db, tmp_path / "wrong.xlsx", today=TODAY, actor=boss))
    assert again.counts["corrected"] == 2
    assert _person(db, "Lê Văn An").dob == date(1999, 9, 9)
