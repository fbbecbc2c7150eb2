"""An import's undo puts back the people it corrected: a wrong file (here, phones and dates
of birth of another list) changed recorded people as wrongly as it stored doses. Real files,
real database, the undo's own words read back."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from desktop_app.clock import local_time
from desktop_app.db.models import AuditEntry, Person, SyncRecord
from desktop_app.progress import drain
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import import_undo_said as said
from desktop_app.services import records
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_corrections import apply_held
from desktop_app.services.import_undo import plan_undo, undo_import
from tests.importers.sheets import person_row, write_xlsx

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


def _import(db, tmp_path, name, rows, actor):
    return drain(import_file(db, write_xlsx(tmp_path / name, rows), today=TODAY, actor=actor))


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
    assert (plan.to_void, plan.corrections, plan.corrections_left) == (1, 2, 0)
    assert "2 người đã có hồ sơ bị lần nhập này sửa thông tin sẽ được đưa về như trước khi " \
           "nhập" in said.question(plan, "vi")

    done = drain(undo_import(db, report.batch_id, actor=boss))

    assert (done.voided, done.corrections_back, done.corrections_left) == (1, 2, 0)
    bich, an = _person(db, "Trần Thị Bích"), _person(db, "Lê Văn An")
    assert (bich.phone, an.phone, an.dob) == ("0912345678", "0911111111", None)
    assert said.done(done, "en")[-1] == "2 people already recorded were put back as before " \
                                         "the import."
    # Each put back as a supervisor's correction: audited as theirs, sent again.
    with db.reading() as s:
        last, flags = s.scalars(select(AuditEntry).where(
            AuditEntry.entity_id == an.id, AuditEntry.action == "update")
            .order_by(AuditEntry.id.desc())).all()[1::-1]
        outbox = s.get(SyncRecord, ("person", an.id))
    assert last.user_id == flags.user_id == boss.user_id
    assert json.loads(last.details) == {"phone": ["0987000002", "0911111111"],
                                        "dob": ["1999-09-09", None]}
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
    assert (plan.corrections, plan.corrections_left) == (1, 1)

    done = drain(undo_import(db, report.batch_id, actor=boss))

    assert (done.corrections_back, done.corrections_left) == (1, 1)
    an = _person(db, "Lê Văn An")
    assert (an.phone, an.dob) == ("0933333333", date(1999, 9, 9))  # as the desk left him
    assert _person(db, "Trần Thị Bích").phone == "0912345678"
    assert any("1 person already recorded whom this import corrected stays as it is: "
               "corrected again since" in line for line in said.done(done, "en"))


def test_a_file_of_corrections_alone_is_undone_too(db, site, boss, tmp_path):
    """A re-sent file whose rows are all doses recorded already stores nothing, but it
    corrected people: the undo is asked, and puts them back."""
    _import(db, tmp_path, "first.xlsx", [_bich(1), _an(2)], boss)
    report = _import(db, tmp_path, "again.xlsx", [_bich(1, phone="0987000001")], boss)
    plan = plan_undo(db, report.batch_id)
    assert (plan.to_void, plan.corrections) == (0, 1) and said.undoes_anything(plan)
    assert said.question(plan, "en").startswith("Undo the import of again.xlsx")
    assert "no dose left to mark entered in error" in said.question(plan, "en")

    done = drain(undo_import(db, report.batch_id, actor=boss))

    assert (done.voided, done.corrections_back) == (0, 1)
    assert _person(db, "Trần Thị Bích").phone == "0912345678"
    again = plan_undo(db, report.batch_id)  # nothing left: put back is not "changed since"
    assert (again.corrections, again.corrections_left) == (0, 0)
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
    assert (plan.to_void, plan.corrections, plan.corrections_left) == (0, 1, 0)
    done = drain(undo_import(db, report.batch_id, actor=boss))
    assert (done.corrections_back, done.corrections_left) == (1, 0)
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
