"""What a later row or a corrected file finds reaches the person's cleaning case, through
real files, the real import and a real SQLite file read back with raw SQL.

A dose outside its vaccine's ages, or a dose number the import had to move, flags the person
however they came (in the chunk in hand, in a chunk handed to the writer, recorded before,
a person of the file who turns out to be a recorded one), as a dose out of date order does.
A case a supervisor closed is opened again when a file brings its problem back or a new one,
and one the file leaves with nothing wrong is fixed, as a correction at the desk moves it
(``cleaning_store.after_correction``): audited, naming who imported."""

from __future__ import annotations

import json
from datetime import date

import pytest

from desktop_app.progress import drain
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import cleaning
from desktop_app.services.backfill import import_file
from desktop_app.services.backfill_corrections import apply_held
from desktop_app.services.paper_backfill import record_paper_dose
from desktop_app.services.records import correct_person
from tests.importers.sheets import person_row, write_xlsx
from tests.keys import raw_connect

TODAY = date(2026, 11, 23)
CHILDREN = "Pfizer (5-11 tuổi)"  # Comirnaty for children: outside an adult's ages
AN_ID = make_cccd("001", Sex.MALE, 1990, 12345)  # a man born in 1990


def _import(db, path, actor, **kw):
    return drain(import_file(db, path, today=TODAY, actor=actor, **kw))


def _reasons(db) -> dict[str, str | None]:
    """Each person's cleaning reason by name, as the database holds it."""
    with raw_connect(db.path) as conn:
        return dict(conn.execute("SELECT full_name, cleaning_reason FROM person"))


def _case(db) -> tuple | None:
    """The one case's status and register verdict."""
    with raw_connect(db.path) as conn:
        return conn.execute("SELECT status, register_verdict FROM cleaning_case").fetchone()


def _moves(db) -> list[tuple[str | None, dict]]:
    """Who moved the case, and from what to what, in order."""
    with raw_connect(db.path) as conn:
        return [(user, json.loads(details)) for user, details in conn.execute(
            "SELECT user_id, details FROM audit_entry WHERE action = 'cleaning'"
            " ORDER BY id")]


def _on_the_worklist(db) -> dict[str, tuple[str, ...]]:
    return {c.full_name: c.problems for c in cleaning.worklist(db).cases}


def _pid(db) -> str:
    with raw_connect(db.path) as conn:
        (pid,) = conn.execute("SELECT id FROM person").fetchone()
    return pid


# -- a later row's flag reaches the person -----------------------------------------------

@pytest.mark.parametrize("how", ["in the chunk", "handed over", "recorded before"])
def test_a_dose_outside_its_ages_on_a_later_row_flags_the_person(db, site, boss, tmp_path,
                                                                 how):
    """Before: only the row said so; the person, made by the first row, was not on the
    cleaning list."""
    first = person_row(1, dose=1, when="01/08/2021")
    later = person_row(2, vaccine=CHILDREN, dose=2, when="01/09/2021")
    if how == "recorded before":
        _import(db, write_xlsx(tmp_path / "first.xlsx", [first]), boss)
        report = _import(db, write_xlsx(tmp_path / "then.xlsx", [later]), boss)
    else:
        report = _import(db, write_xlsx(tmp_path / "f.xlsx", [first, later]), boss,
                         chunk=1 if how == "handed over" else None)
    assert [(i.sheet_row, i.code) for i in report.issues] == [
        (5 if how == "recorded before" else 6, "DOSE_AGE_OUTSIDE")]
    assert _reasons(db) == {"Nguyễn Văn An": "DOSE_AGE_OUTSIDE"}
    assert _on_the_worklist(db) == {"Nguyễn Văn An": ("DOSE_AGE_OUTSIDE",)}


@pytest.mark.parametrize("chunk", [None, 1])
def test_a_dose_number_the_import_moved_on_a_later_row_flags_the_person(db, site, boss,
                                                                        tmp_path, chunk):
    """Row 5 has no number and takes dose 1; row 6 says dose 1 (another day): stored as
    dose 2 and flagged, and the person with it (before: the row only)."""
    report = _import(db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(1, dose="", when="01/08/2021"), person_row(2, dose=1, when="01/09/2021")]),
        boss, chunk=chunk)
    assert [(i.sheet_row, i.code) for i in report.issues] == [(6, "DOSE_NUMBER_TAKEN")]
    assert _reasons(db) == {"Nguyễn Văn An": "DOSE_NUMBER_TAKEN"}
    assert _on_the_worklist(db) == {"Nguyễn Văn An": ("DOSE_NUMBER_TAKEN",)}
    assert cleaning.problem_label("DOSE_NUMBER_TAKEN", "vi") == \
        "Số mũi đã có, lưu thành mũi kế tiếp"  # the group's title, not the bare code


def test_a_dose_outside_its_ages_of_a_file_person_who_turns_out_recorded_flags_them(
        db, site, boss, tmp_path):
    """Her first row (no ID) makes a person held back, flagged for a children's vaccine;
    her second is her recorded dose, so the file's person is her: the flag goes with the
    dose (before: it was dropped with the file's person)."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [person_row(1, dose=3, when="01/12/2021")]),
            boss)
    _import(db, write_xlsx(tmp_path / "then.xlsx", [
        person_row(1, cccd="", vaccine=CHILDREN, dose=1, when="09/05/2021"),
        person_row(2, cccd="", dose=3, when="01/12/2021")]), boss)
    assert _reasons(db) == {"Nguyễn Văn An": "DOSE_AGE_OUTSIDE"}


def test_a_paper_dose_outside_its_ages_puts_the_recorded_person_on_the_list(db, site, boss):
    form = {"full_name": "Nguyễn Văn An", "dob": "05/09/1990", "sex": "Nam",
            "id_number": AN_ID, "product": "AstraZeneca", "dose_number": "1",
            "dose_date": "01/08/2021"}
    assert record_paper_dose(db, form, TODAY, actor=boss).outcome == "imported"
    out = record_paper_dose(db, form | {"product": CHILDREN, "dose_number": "2",
                                        "dose_date": "01/09/2021"}, TODAY, actor=boss)
    assert out.saved and [p.code for p in out.problems] == ["DOSE_AGE_OUTSIDE"]
    assert _reasons(db) == {"Nguyễn Văn An": "DOSE_AGE_OUTSIDE"}


# -- a file's corrections and flags move a closed case as the desk does -------------------

@pytest.mark.parametrize("hold", [False, True])
def test_a_re_imported_file_that_brings_a_problem_back_opens_the_fixed_case_again(
        db, site, boss, tmp_path, hold):
    """His ID says 1990, the file 1991: a supervisor corrected the date of birth at the
    desk, which fixed the case. Another file saying 1991 again puts it back (a correction,
    decided at the file's end, or held and then applied): the problem is back, and so is
    the case, to be checked (before: it stayed fixed, off the worklist). The same file
    imported again changes nothing it said before (0ed3e84: the desk's correction was made
    knowing it)."""
    old_file = write_xlsx(tmp_path / "old.xlsx", [
        person_row(1, dob="05/09/1991", cccd=AN_ID)])
    _import(db, old_file, boss)
    assert _reasons(db) == {"Nguyễn Văn An": "ID_BIRTH_YEAR_MISMATCH"}
    assert correct_person(db, _pid(db), {"dob": date(1990, 9, 5)}, actor=boss).saved
    assert _case(db) == ("fixed", None) and _on_the_worklist(db) == {}
    assert _import(db, old_file, boss).counts["corrected"] == 0
    assert _case(db) == ("fixed", None)
    other_file = write_xlsx(tmp_path / "other.xlsx", [  # the week's next sheet: his row again
        person_row(1, dob="05/09/1991", cccd=AN_ID),
        person_row(2, name="Trần Thị Bình", sex="Nữ", dob="02/02/1985", cccd="001185012346")])
    report = _import(db, other_file, boss, hold_corrections=hold)
    if hold:
        assert _case(db) == ("fixed", None)  # nothing changes before the supervisor's yes
        assert apply_held(db, report, actor=boss) == 1
    assert report.counts["corrected"] == 1
    assert _reasons(db)["Nguyễn Văn An"] == "ID_BIRTH_YEAR_MISMATCH"
    assert _case(db) == ("to_check", None)
    assert _on_the_worklist(db) == {"Nguyễn Văn An": ("ID_BIRTH_YEAR_MISMATCH",)}
    assert _moves(db) == [
        (boss.user_id, {"status": ["to_check", "fixed"], "why": "correction"}),  # the desk
        (boss.user_id, {"status": ["fixed", "to_check"], "why": "import"})]


@pytest.mark.parametrize("closed", ["fixed", "cannot_verify"])
def test_a_files_new_dose_problem_opens_a_closed_case_again(db, site, boss, tmp_path,
                                                            closed):
    """A case a supervisor closed; a later file adds a children's vaccine to him: a new
    problem nobody has looked at, so the case is to check again, as a flag at the desk
    opens it (before: his reason was not even flagged)."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [person_row(1)]), boss)
    pid = _pid(db)
    cleaning.move(db, [pid], "contacted", actor=boss)
    cleaning.move(db, [pid], closed, actor=boss, note="đã gọi")
    _import(db, write_xlsx(tmp_path / "then.xlsx", [
        person_row(1, vaccine=CHILDREN, dose=2, when="01/09/2021")]), boss)
    assert _case(db) == ("to_check", None)
    assert _on_the_worklist(db) == {"Nguyễn Văn An": ("DOSE_AGE_OUTSIDE",)}
    assert _moves(db)[-1] == (boss.user_id, {"status": [closed, "to_check"], "why": "import"})


def test_a_corrected_file_that_leaves_nothing_wrong_fixes_the_open_case(db, site, boss,
                                                                        tmp_path):
    """Her ID was a digit short, her case contacted, and the register (judging the old ID)
    did not match her. The corrected file gives her whole ID: nothing is left, so the case
    is fixed and the stale verdict goes, as after a correction at the desk (before: the case
    stayed contacted, the verdict on it)."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [person_row(1, cccd=AN_ID[:-1])]), boss)
    assert _reasons(db) == {"Nguyễn Văn An": "ID_WRONG_LENGTH"}
    cleaning.move(db, [_pid(db)], "contacted", actor=boss)
    with raw_connect(db.path) as conn:  # as a sync round leaves it (record_verdict)
        conn.execute("UPDATE cleaning_case SET register_verdict = 'mismatch',"
                     " register_fields = 'id_number'")
        conn.commit()
    report = _import(db, write_xlsx(tmp_path / "fixed.xlsx", [person_row(1, cccd=AN_ID)]),
                     boss)
    assert report.counts["corrected"] == 1
    assert _reasons(db) == {"Nguyễn Văn An": None}
    assert _case(db) == ("fixed", None)
    assert _moves(db)[-1] == (boss.user_id, {"status": ["contacted", "fixed"], "why": "import"})


def test_a_file_that_flags_nobody_closed_leaves_the_case_as_it_is(db, site, boss, tmp_path):
    """An open case stays where the supervisor put it; nothing is moved or audited."""
    _import(db, write_xlsx(tmp_path / "first.xlsx", [person_row(1)]), boss)
    cleaning.move(db, [_pid(db)], "sent", actor=boss)
    _import(db, write_xlsx(tmp_path / "then.xlsx", [
        person_row(1, vaccine=CHILDREN, dose=2, when="01/09/2021")]), boss)
    assert _case(db) == ("sent", None)
    assert [details["status"] for _user, details in _moves(db)] == [["to_check", "sent"]]
