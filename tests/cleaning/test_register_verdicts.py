"""The population register's verdicts kept on the worklist (issue #15, point 5, the site's
side): a mismatch or not-found opens a case with its code, a correction makes the verdict
stale, a later verified verdict closes it; an older verdict never overrides a newer one,
nor one on a version of the person older than the desk's."""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db import cleaning_store
from desktop_app.db.models import Person, SyncRecord
from desktop_app.services import cleaning
from desktop_app.services.records import correct_person
from desktop_app.wire import fhir
from desktop_app.wire.register import Verdict
from tests.cleaning.people import TODAY, acknowledged, paper


def keep(db, pid, verdict, fields=(), at=datetime(2026, 11, 24, 8, 0), version=1):
    with db.transaction() as s:
        return cleaning_store.record_verdict(s, Verdict(pid, verdict, fields, at, version),
                                             utc_now())


def test_a_mismatch_puts_a_clean_person_on_the_list_naming_the_fields(db, site):
    pid = paper(db)
    acknowledged(db, pid, 1)
    assert cleaning.worklist(db).cases == []
    assert keep(db, pid, "mismatch", ("dob",))
    [case] = cleaning.worklist(db).cases
    assert case.problems == ("REGISTER_MISMATCH",) and case.register_fields == ("dob",)
    assert not keep(db, pid, "verified", at=datetime(2026, 11, 23))  # older: ignored
    assert cleaning.worklist(db).cases[0].problems == ("REGISTER_MISMATCH",)


def test_a_correction_waits_for_the_check_again_and_verified_closes_it(db, site, boss):
    pid = paper(db)
    acknowledged(db, pid, 1)
    keep(db, pid, "not_found")
    out = correct_person(db, pid, {"id_number": "001185099999"}, actor=boss, today=TODAY,
                         confirm_warnings=True)
    assert out.saved
    assert cleaning.worklist(db, status="fixed").cases[0].person_id == pid  # stale verdict
    acknowledged(db, pid, 2)  # the correction reached the platform
    keep(db, pid, "mismatch", ("full_name",), at=datetime(2026, 11, 25), version=2)
    assert cleaning.worklist(db).cases[0].status == "to_check"  # reopened by the register
    keep(db, pid, "verified", at=datetime(2026, 11, 26), version=3)
    assert cleaning.worklist(db).cases == []
    assert cleaning.worklist(db, status="fixed").cases[0].problems == ()


def test_a_verdict_on_someone_not_ours_is_not_kept(db, site):
    assert not keep(db, "not-a-person-here", "not_found")


def _corrected_after_a_mismatch(db, boss):
    """A person the register said differs, then corrected at the desk (not yet sent)."""
    pid = paper(db)
    acknowledged(db, pid, 1)
    keep(db, pid, "mismatch", ("full_name",))
    assert correct_person(db, pid, {"full_name": "Phạm Thị Lan Anh"}, actor=boss,
                          today=TODAY, confirm_warnings=True).saved
    assert cleaning.worklist(db, status="fixed").cases[0].person_id == pid
    return pid


def test_a_verdict_on_the_version_before_an_unsent_correction_is_not_kept(db, site, boss):
    pid = _corrected_after_a_mismatch(db, boss)
    # the register was loaded again: the platform judges the version it has, uncorrected
    assert not keep(db, pid, "mismatch", ("full_name",), at=datetime(2026, 11, 25))
    assert cleaning.worklist(db).cases == []
    assert cleaning.worklist(db, status="fixed").cases[0].person_id == pid


def test_a_verdict_on_a_version_older_than_the_acknowledged_one_is_not_kept(db, site, boss):
    pid = _corrected_after_a_mismatch(db, boss)
    acknowledged(db, pid, 2)
    assert not keep(db, pid, "mismatch", ("full_name",), at=datetime(2026, 11, 25))
    assert cleaning.worklist(db).cases == []
    assert keep(db, pid, "verified", at=datetime(2026, 11, 26), version=2)
    assert cleaning.worklist(db, status="fixed").cases[0].problems == ()


def test_in_a_conflict_a_verdict_counts_only_where_the_desk_agrees_with_the_platform(
        db, site, boss):
    pid = _corrected_after_a_mismatch(db, boss)

    def in_conflict_with(**central):
        """Central staff edited the version the desk had sent: theirs is version 2."""
        with db.transaction() as s:
            row = dict(s.execute(select(Person.__table__).where(Person.id == pid))
                       .mappings().one())
            body = fhir.patient(row | central, site.code, 1) | {"meta": {"versionId": "2"}}
            sync = s.get(SyncRecord, ("person", pid))
            sync.state, sync.server_body = "conflict", json.dumps(body, default=str)

    # they added a phone to the name as it was: the register judged the old name
    in_conflict_with(full_name="Phạm Thị Lan", phone="0987654321")
    assert not keep(db, pid, "mismatch", ("full_name",), at=datetime(2026, 11, 25), version=2)
    assert cleaning.worklist(db).cases == []
    # had they kept the desk's name, the verdict is on the desk's identity too
    in_conflict_with(phone="0987654321")
    assert keep(db, pid, "mismatch", ("dob",), at=datetime(2026, 11, 26), version=2)
    assert cleaning.worklist(db).cases[0].problems == ("REGISTER_MISMATCH",)


def test_a_register_mismatch_the_police_outranked_is_not_reopened_by_a_phone_change(
        db, site, boss, tmp_path):
    """The register says the birth date differs; the police, asked, answer "khớp": the case
    is closed as fixed, the register outranked. Weeks later the person's phone number is
    corrected: the platform judges the new version and sends the very same mismatch. The
    case once went back to *to check*, as if the police had never answered. It stays
    fixed; a mismatch on other fields still reopens it."""
    import openpyxl

    from desktop_app.db.models import CleaningCase
    from desktop_app.importers.police_file import WRITTEN
    from desktop_app.services import police_apply, police_export, police_returned

    def status():
        with db.reading() as s:
            return s.get(CleaningCase, pid).status

    pid = paper(db)  # Phạm Thị Lan, nothing wrong by the rules
    acknowledged(db, pid, 1)
    assert keep(db, pid, "mismatch", ("dob",), version=1)
    out = tmp_path / "xac-minh.xlsx"
    police_export.export_for_police(db, out, actor=boss)
    book = openpyxl.load_workbook(out)
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == pid:
            row[WRITTEN.index("Kết quả xác minh")].value = "khớp"
    book.save(tmp_path / "tra-ve.xlsx")
    outcome = police_apply.apply_returned(
        db, police_returned.read_returned(db, tmp_path / "tra-ve.xlsx", today=TODAY),
        actor=boss, today=TODAY)
    assert outcome.fixed == 1
    assert correct_person(db, pid, {"phone": "0912345678"}, actor=boss, today=TODAY,
                          confirm_warnings=True).saved
    acknowledged(db, pid, 2)
    assert keep(db, pid, "mismatch", ("dob",), at=datetime(2026, 12, 10, 8, 0), version=2)
    assert status() == "fixed"

    # Another field the register finds wrong is news: the case opens again.
    assert keep(db, pid, "mismatch", ("dob", "sex"), at=datetime(2026, 12, 11, 8, 0),
                version=2)
    assert status() == "to_check"
