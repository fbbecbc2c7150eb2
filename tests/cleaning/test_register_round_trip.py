"""The population register's verdict reaches the site through the sync and feeds the
worklist; a correction is checked again when it arrives (issue #15, point 5, end to end with
a real central server process)."""

from __future__ import annotations

import subprocess
import sys

from desktop_app.db.models import CleaningCase, SyncRecord
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import cleaning
from desktop_app.services.merges import merge_people
from desktop_app.services.records import correct_person
from desktop_app.services.sync import resolve_conflict
from tests.cleaning.people import GOOD_ID, TODAY, paper
from tests.sync.helpers import central_edit

TAM = make_cccd("001", Sex.MALE, 1990, 1)  # not in the register


def load_register(central, path, rows):
    path.write_text("id_number,full_name,dob,sex\n" + "".join(r + "\n" for r in rows),
                    encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "central_server.cli", "--database-url",
                          central.database_url, "load-register", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr


def test_a_register_mismatch_comes_back_and_a_correction_clears_it(wired, boss, tmp_path):
    db = wired.db
    load_register(wired.server, tmp_path / "register.csv",
                  [f"{GOOD_ID},Phạm Thị Lan Anh,1985-03-12,F"])
    pid = paper(db)  # "Phạm Thị Lan": the register says "Phạm Thị Lan Anh"
    assert cleaning.worklist(db).cases == []  # the rules find nothing wrong
    summary = wired.sync()
    assert summary.verdicts == 1
    [case] = cleaning.worklist(db).cases
    assert (case.person_id, case.problems, case.register_fields) == (
        pid, ("REGISTER_MISMATCH",), ("full_name",))

    out = correct_person(db, pid, {"full_name": "Phạm Thị Lan Anh"}, actor=boss, today=TODAY,
                         confirm_warnings=True)
    assert out.saved
    assert cleaning.worklist(db).cases == []  # awaiting the check again
    wired.sync()
    assert cleaning.worklist(db).cases == []
    fixed = cleaning.worklist(db, status="fixed").cases
    assert [c.person_id for c in fixed] == [pid] and fixed[0].problems == ()
    assert wired.sync().verdicts == 0  # nothing new the next round


def _state(db, pid):
    with db.reading() as s:
        return s.get(SyncRecord, ("person", pid)).state, s.get(CleaningCase, pid)


def test_a_verdict_on_a_central_edit_does_not_undo_a_correction_held_in_conflict(
        wired, boss, tmp_path):
    db = wired.db
    load_register(wired.server, tmp_path / "register.csv",
                  [f"{GOOD_ID},Phạm Thị Lan Anh,1985-03-12,F"])
    pid = paper(db)
    wired.sync()
    assert cleaning.worklist(db).cases[0].problems == ("REGISTER_MISMATCH",)
    assert correct_person(db, pid, {"full_name": "Phạm Thị Lan Anh"}, actor=boss,
                          today=TODAY, confirm_warnings=True).saved
    # meanwhile central staff add a phone to the record as the site last sent it; the
    # platform checks their version, with the old name, against the register
    central_edit(wired, pid, full_name="Phạm Thị Lan", phone="0987654321")
    wired.sync()
    state, case = _state(db, pid)
    assert state == "conflict"  # the correction waits for a person's choice
    assert cleaning.worklist(db).cases == []
    assert (case.status, case.register_verdict) == ("fixed", None)

    resolve_conflict(db, "person", pid, "mine", actor=boss)
    wired.sync()  # the correction reaches the platform and is checked again
    state, case = _state(db, pid)
    assert (state, case.status, case.register_verdict) == ("synced", "fixed", "verified")
    assert cleaning.worklist(db).cases == []


def test_a_verdict_on_a_record_folded_by_a_merge_is_not_kept(wired, boss, tmp_path):
    db = wired.db
    load_register(wired.server, tmp_path / "register.csv",
                  [f"{GOOD_ID},Phạm Thị Lan,1985-03-12,F"])
    keep = paper(db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="12 Láng Hạ, Hà Nội")
    folded = paper(db, full_name="Phạm Thị Lam")  # the same woman, her name mistyped
    merge_people(db, keep, folded, actor=boss)  # the kept record takes her ID
    assert wired.sync().verdicts == 1  # the kept record, verified
    assert cleaning.worklist(db).cases == []
    with db.reading() as s:
        assert s.get(CleaningCase, folded) is None


def test_a_verdict_held_in_a_conflict_counts_once_the_platforms_copy_is_taken(
        wired, boss, tmp_path):
    """The verdict on central staff's version was held back while the desk's correction was
    in conflict with it; settled by taking their copy, the desk holds what was judged. The
    platform sends no verdict again (no new version): the verdict was lost, and the old
    name stood as checked."""
    db = wired.db
    load_register(wired.server, tmp_path / "register.csv",
                  [f"{GOOD_ID},Phạm Thị Lan Anh,1985-03-12,F"])
    pid = paper(db)
    wired.sync()
    assert correct_person(db, pid, {"full_name": "Phạm Thị Lan Anh"}, actor=boss,
                          today=TODAY, confirm_warnings=True).saved
    central_edit(wired, pid, full_name="Phạm Thị Lan", phone="0987654321")
    wired.sync()
    assert _state(db, pid)[0] == "conflict" and cleaning.worklist(db).cases == []
    # another person's verdict, later, moves the verdict cursor past the one held
    other = paper(db, full_name="Lê Văn Tám", sex="Nam", dob="01/01/1990", id_number=TAM)
    wired.sync()
    assert [c.person_id for c in cleaning.worklist(db).cases] == [other]

    resolve_conflict(db, "person", pid, "theirs", actor=boss)
    wired.sync()
    state, case = _state(db, pid)
    assert (state, case.register_verdict) == ("synced", "mismatch")
    listed = {c.person_id: (c.problems, c.register_fields)
              for c in cleaning.worklist(db).cases}
    assert listed[pid] == (("REGISTER_MISMATCH",), ("full_name",))
