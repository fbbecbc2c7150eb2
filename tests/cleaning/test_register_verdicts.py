"""The population register's verdicts kept on the worklist (issue #15, point 5, the site's
side): a mismatch or not-found opens a case with its code, a correction makes the verdict
stale, a later verified verdict closes it; an older verdict never overrides a newer one."""

from __future__ import annotations

from datetime import datetime

from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store
from desktop_app.services import cleaning
from desktop_app.services.records import correct_person
from desktop_app.wire.register import Verdict
from tests.cleaning.people import TODAY, paper


def keep(db, pid, verdict, fields=(), at=datetime(2026, 11, 24, 8, 0), version=1):
    with db.transaction() as s:
        return cleaning_store.record_verdict(s, Verdict(pid, verdict, fields, at, version),
                                             utc_now())


def test_a_mismatch_puts_a_clean_person_on_the_list_naming_the_fields(db, site):
    pid = paper(db)
    assert cleaning.worklist(db).cases == []
    assert keep(db, pid, "mismatch", ("dob",))
    [case] = cleaning.worklist(db).cases
    assert case.problems == ("REGISTER_MISMATCH",) and case.register_fields == ("dob",)
    assert not keep(db, pid, "verified", at=datetime(2026, 11, 23))  # older: ignored
    assert cleaning.worklist(db).cases[0].problems == ("REGISTER_MISMATCH",)


def test_a_correction_waits_for_the_check_again_and_verified_closes_it(db, site, boss):
    pid = paper(db)
    keep(db, pid, "not_found")
    out = correct_person(db, pid, {"id_number": "001185099999"}, actor=boss, today=TODAY,
                         confirm_warnings=True)
    assert out.saved
    assert cleaning.worklist(db, status="fixed").cases[0].person_id == pid  # stale verdict
    keep(db, pid, "mismatch", ("full_name",), at=datetime(2026, 11, 25), version=2)
    assert cleaning.worklist(db).cases[0].status == "to_check"  # reopened by the register
    keep(db, pid, "verified", at=datetime(2026, 11, 26), version=3)
    assert cleaning.worklist(db).cases == []
    assert cleaning.worklist(db, status="fixed").cases[0].problems == ()


def test_a_verdict_on_someone_not_ours_is_not_kept(db, site):
    assert not keep(db, "not-a-person-here", "not_found")
