"""A supervisor at the screen sees whom a corrected file changes before it changes them:
the import holds the corrections, and their yes makes them, their no leaves the records as
they are. Real file, real database."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop_app.db.models import AuditEntry, Person, SyncRecord
from desktop_app.rules.messages import UserError
from desktop_app.services.backfill_corrections import apply_held, decline_held
from tests.importers.sheets import write_xlsx
from tests.importers.test_corrected_files import (  # noqa: F401 - fixtures
    GOOD,
    TYPO,
    _bich,
    _first_file,
    _import,
    importer,
    volunteer,
)


def _held_import(db, tmp_path, importer):  # noqa: F811 - the fixture's value
    before = _first_file(db, tmp_path, importer)
    corrected = write_xlsx(tmp_path / "corrected.xlsx", [
        _bich(1, cccd=GOOD, dob="12/03/1990"),
        _bich(2, cccd=GOOD, dob="12/03/1990", dose=2, when="01/10/2021")])
    return before, _import(db, corrected, importer, hold_corrections=True)


def _person(db, pid):
    with db.reading() as s:
        return s.get(Person, pid)


def _updates(db):
    with db.reading() as s:
        return s.scalars(select(AuditEntry).where(AuditEntry.action == "update",
                                                  AuditEntry.entity == "person")).all()


def _decisions(db):
    """The supervisor's answers, as audited: who, and the counts (not the file's name)."""
    with db.reading() as s:
        entries = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "import_answer")).all()
    return [(e.user_id, {k: v for k, v in json.loads(e.details).items()
                         if k not in ("file", "sheet")}) for e in entries]


def _filled(entry, pid):
    """The update that filled in her date of birth, which her record lacked: made with the
    import (nothing printed changes), not held."""
    details = json.loads(entry.details)
    made_by = details.pop("import", None)  # the import it names, for its undo
    return (entry.entity_id, details) == (pid, {"dob": [None, "1990-03-12"]}) and \
        isinstance(made_by, int)


def test_the_import_holds_a_supervisors_corrections_until_asked(db, site, tmp_path,
                                                                 importer):  # noqa: F811
    before, report = _held_import(db, tmp_path, importer)
    after = _person(db, before.id)
    assert after.id_number == TYPO  # the ID she holds: unchanged yet
    assert str(after.dob) == "1990-03-12"  # the date of birth she lacked: filled in
    [filled] = _updates(db)
    assert _filled(filled, before.id)
    [held] = report.held
    assert (held.person_id, held.person_name) == (before.id, "Trần Thị Bích")
    assert held.changes == {"id_number": [TYPO, GOOD]}
    assert report.counts["corrected"] == 0 and report.counts["duplicate"] == 2
    assert [i.code for i in report.issues] == ["CORRECTION_AWAITS"] * 2
    assert "người giám sát đồng ý" in report.issues[0].message
    assert GOOD in report.issues[0].message and "Đã bổ sung" in report.issues[0].message


def test_yes_corrects_as_an_import_would_and_says_so(db, site, tmp_path,
                                                     importer):  # noqa: F811
    before, report = _held_import(db, tmp_path, importer)
    assert apply_held(db, report, actor=importer) == 1
    after = _person(db, before.id)
    assert (after.id_number, str(after.dob), after.cleaning_reason) == (
        GOOD, "1990-03-12", None)
    filled, entry = _updates(db)
    assert _filled(filled, before.id)
    assert (entry.entity_id, entry.user_id) == (before.id, importer.user_id)
    assert json.loads(entry.details) == {"id_number": [TYPO, GOOD], "import": report.batch_id}
    with db.reading() as s:
        outbox = s.scalar(select(SyncRecord).where(SyncRecord.record_id == before.id))
    assert (outbox.local_version, outbox.state) == (3, "pending")  # filled, then corrected
    assert report.counts["corrected"] == 2 and report.counts["duplicate"] == 0
    assert [i.code for i in report.issues] == ["PERSON_CORRECTED"] * 2
    assert report.held == []
    assert _decisions(db) == [(importer.user_id, {"applied": 1, "stale": 0})]


def test_no_leaves_the_record_and_is_audited(db, site, tmp_path, importer):  # noqa: F811
    before, report = _held_import(db, tmp_path, importer)
    decline_held(db, report, actor=importer)
    after = _person(db, before.id)
    assert (after.id_number, str(after.dob)) == (TYPO, "1990-03-12")  # only what she lacked
    [filled] = _updates(db)
    assert _filled(filled, before.id)
    assert [i.code for i in report.issues] == ["CORRECTION_DECLINED"] * 2
    assert report.counts["duplicate"] == 2 and report.held == []
    assert _decisions(db) == [(importer.user_id, {"declined": 1})]


def test_a_record_changed_since_the_import_is_not_overwritten(db, site, tmp_path,
                                                              importer):  # noqa: F811
    before, report = _held_import(db, tmp_path, importer)
    desk = "001190054321"
    with db.transaction() as s:  # a supervisor corrected her at the desk meanwhile
        s.get(Person, before.id).id_number = desk
    assert apply_held(db, report, actor=importer) == 0
    assert _person(db, before.id).id_number == desk
    assert [_filled(e, before.id) for e in _updates(db)] == [True]
    assert [i.code for i in report.issues] == ["CORRECTION_STALE"] * 2
    assert "sau khi nhập tệp" in report.issues[0].message


def test_only_a_supervisor_may_answer(db, site, tmp_path, importer, volunteer):  # noqa: F811
    before, report = _held_import(db, tmp_path, importer)
    with pytest.raises(UserError):
        apply_held(db, report, actor=volunteer)
    with pytest.raises(UserError):
        decline_held(db, report, actor=volunteer)
    assert _person(db, before.id).id_number == TYPO
    assert len(report.held) == 1 and _decisions(db) == []


def test_a_volunteers_import_holds_nothing(db, site, tmp_path, volunteer):  # noqa: F811
    _first_file(db, tmp_path, volunteer)
    report = _import(db, write_xlsx(tmp_path / "c.xlsx", [_bich(1, cccd=GOOD)]), volunteer,
                     hold_corrections=True)
    assert report.held == []
    assert [i.code for i in report.issues] == ["CORRECTION_NEEDS_SUPERVISOR"]


def test_the_answer_reads_in_the_trail_as_what_was_decided(db, site, tmp_path,
                                                           importer):  # noqa: F811
    """Found by a review: the answer read as an import of a file that stored nothing,
    "Nhập từ tệp:  (0 đã nhập, 0 cần làm sạch, …)", for a paper form with no file name at
    all, and a "no" said nothing of being one."""
    from desktop_app.services.audit import describe

    _before, report = _held_import(db, tmp_path, importer)
    decline_held(db, report, actor=importer)
    with db.reading() as s:
        [entry] = s.scalars(select(AuditEntry).where(
            AuditEntry.action == "import_answer")).all()
    said = describe(entry.action, json.loads(entry.details), "vi")
    assert said.startswith("Trả lời có sửa hồ sơ theo dữ liệu nhập không: ")
    assert report.file in said and "không sửa, giữ nguyên 1 hồ sơ" in said, said
    paper = describe("import_answer", {"file": "", "sheet": "", "applied": 1, "stale": 0},
                     "vi")
    assert "Phiếu giấy: sửa 1 hồ sơ; 0 hồ sơ đã thay đổi" in paper, paper
