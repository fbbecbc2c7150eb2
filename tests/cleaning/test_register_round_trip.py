"""The population register's verdict reaches the site through the sync and feeds the
worklist; a correction is checked again when it arrives (issue #15, point 5, end to end with
a real central server process)."""

from __future__ import annotations

import subprocess
import sys

from desktop_app.services import cleaning
from desktop_app.services.records import correct_person
from tests.cleaning.people import GOOD_ID, TODAY, paper


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
