"""An import recorded as a batch its doses and people carry, listed, and undone whole by a
supervisor: its doses voided the way the desk voids one (reason, audit entry naming who,
queued for the sync), those someone relies on since left and counted by why. Real file,
real database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from desktop_app.clock import local_time, utc_now
from desktop_app.db import certificate_issues
from desktop_app.db.models import AuditEntry, Dose, ImportBatch, Person, SyncRecord
from desktop_app.progress import drain
from desktop_app.services import accounts, import_batches, records
from desktop_app.services.actor import Actor, NotAllowed, Role
from desktop_app.services.backfill import ImportRefused, import_file
from desktop_app.services.doses import void_dose
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.import_batches import recent_imports
from desktop_app.services.import_undo import plan_undo, undo_import
from desktop_app.services.status import site_status
from tests.importers.sheets import name_of, person_row, write_xlsx

TODAY = date(2026, 11, 20)


def _rows(n, dose=1, when="01/08/2021"):
    return [person_row(i, name=name_of(i), cccd=f"001090{i:06d}", dose=dose, when=when)
            for i in range(1, n + 1)]


def _import(db, path, actor):
    return drain(import_file(db, path, today=TODAY, actor=actor))


def _doses(db, *where):
    with db.reading() as s:
        return s.execute(select(Dose.id, Dose.person_id, Dose.status, Dose.void_reason,
                                Dose.import_batch_id).where(*where).order_by(Dose.id)).all()


@pytest.fixture
def volunteer(db, boss) -> Actor:
    account = accounts.add_user(db, "tinhnguyen", "Tình Nguyện Viên", "volunteer",
                                "mật khẩu tình nguyện viên", actor=boss)
    return Actor(account.id, account.full_name, Role.VOLUNTEER)


def test_an_import_is_a_batch_its_rows_carry_and_the_list_names_it(db, site, boss, tmp_path):
    report = _import(db, write_xlsx(tmp_path / "thang8.xlsx", _rows(4)), boss)
    [listed] = recent_imports(db)
    assert (listed.id, listed.file_name, listed.sheet, listed.by, listed.outcome) == (
        report.batch_id, "thang8.xlsx", "Hồi cứu", "Người kiểm thử", "done")
    assert listed.stored == 4 and listed.people == 4 and listed.undone_at is None
    assert {d.import_batch_id for d in _doses(db)} == {report.batch_id}
    with db.reading() as s:
        assert set(s.scalars(select(Person.import_batch_id))) == {report.batch_id}
    second = _import(db, write_xlsx(tmp_path / "thang9.xlsx", _rows(2, 2, "01/09/2021")), boss)
    assert [i.id for i in recent_imports(db)] == [second.batch_id, report.batch_id]
    assert second.batch_id != report.batch_id


def test_a_big_import_written_by_its_own_process_tags_its_rows_too(db, site, boss, tmp_path,
                                                                   monkeypatch):
    from desktop_app.services import backfill

    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)  # the writer process, as for 1M rows
    report = _import(db, write_xlsx(tmp_path / "lon.xlsx", _rows(5)), boss)
    assert {d.import_batch_id for d in _doses(db)} == {report.batch_id}
    with db.reading() as s:
        assert set(s.scalars(select(Person.import_batch_id))) == {report.batch_id}
    assert plan_undo(db, report.batch_id).to_void == 5


def test_undo_voids_what_nothing_relies_on_and_says_why_it_left_the_rest(
        db, site, boss, volunteer, tmp_path):
    first = _import(db, write_xlsx(tmp_path / "sai.xlsx", _rows(6)), volunteer)
    ids = [d.id for d in _doses(db)]
    people = {d.id: d.person_id for d in _doses(db)}
    # Since the import: a supervisor corrected one, voided another, a certificate was
    # issued for a third, and a later file brought the fourth one's next dose.
    records.correct_dose(db, ids[0], {"lot_number": "XY9"}, actor=boss, confirm_warnings=True,
                         today=TODAY)
    void_dose(db, ids[1], "Nhập nhầm", actor=boss)
    with db.transaction() as s:
        certificate_issues.record_issue(s, "URN:UVCI:01:VN:TEST#1", person_id=people[ids[2]],
                                        dose_id=ids[2], kid="00", now=utc_now(), user_id=None)
    fourth = _doses(db, Dose.id == ids[3])[0].person_id
    with db.reading() as s:
        name = s.get(Person, fourth).full_name
    _import(db, write_xlsx(tmp_path / "sau.xlsx", [
        person_row(9, name=name, cccd="001090000004", dose=2, when="01/10/2021")]), boss)

    plan = plan_undo(db, first.batch_id)
    assert plan.to_void == 2 and plan.people == 6
    assert plan.left == {"voided": 1, "changed": 1, "certified": 1, "counted_on": 1}
    with pytest.raises(NotAllowed):  # a volunteer imports; only a supervisor undoes
        drain(undo_import(db, first.batch_id, actor=volunteer))
    pending_before = site_status(db).pending

    outcome = drain(undo_import(db, first.batch_id, actor=boss, lang="vi", chunk=1))
    assert outcome.voided == 2 and not outcome.stopped
    # The two whose only dose it voided, and the one whose dose was voided by hand: kept.
    assert outcome.people_without_doses == 3
    undone = _doses(db, Dose.id.in_(ids[4:]))
    assert {d.status for d in undone} == {"voided"}
    assert {d.void_reason for d in undone} == {
        f"Hoàn tác lần nhập tệp sai.xlsx lúc {local_time(recent_imports(db)[-1].started_at)}"}
    assert [d.status for d in _doses(db, Dose.id.in_(ids[:4]))] == [
        "active", "voided", "active", "active"]
    with db.reading() as s:
        for dose_id in ids[4:]:  # each as the desk's void: who, why, queued again
            entry = s.scalars(select(AuditEntry).where(AuditEntry.entity_id == dose_id,
                                                       AuditEntry.action == "void")).one()
            assert entry.user_id == boss.user_id
            assert json.loads(entry.details)["reason"].startswith("Hoàn tác lần nhập")
            sync = s.get(SyncRecord, ("dose", dose_id))
            assert (sync.local_version, sync.state) == (2, "pending")
        assert s.scalar(select(func.count()).select_from(Person)) == 6  # nobody deleted
        batch = s.get(ImportBatch, first.batch_id)
        assert batch.undone_at is not None and batch.undone_by == boss.user_id
        summary = s.scalars(select(AuditEntry).where(AuditEntry.action == "undo_import")).one()
        assert (summary.entity, summary.entity_id, summary.user_id) == (
            "import", str(first.batch_id), boss.user_id)
        assert json.loads(summary.details)["voided"] == 2
    assert site_status(db).pending == pending_before  # already pending: still counted once
    assert recent_imports(db)[-1].undone_by == "Người kiểm thử"
    assert plan_undo(db, first.batch_id).to_void == 0  # a second undo has nothing to do


def test_a_file_once_undone_imports_again(db, site, boss, tmp_path):
    path = write_xlsx(tmp_path / "f.xlsx", _rows(3))
    first = _import(db, path, boss)
    drain(undo_import(db, first.batch_id, actor=boss))
    again = _import(db, path, boss)  # the voids were the undo's, not doses sent before
    assert again.counts["imported"] == 3 and again.counts["duplicate"] == 0
    assert len([d for d in _doses(db) if d.status == "active"]) == 3


def test_a_stopped_undo_keeps_what_it_voided_and_a_second_one_finishes(db, site, boss,
                                                                       tmp_path):
    first = _import(db, write_xlsx(tmp_path / "f.xlsx", _rows(5)), boss)
    job = undo_import(db, first.batch_id, actor=boss, chunk=2)
    assert next(job).voided == 2
    job.close()  # Stop
    assert len([d for d in _doses(db) if d.status == "voided"]) == 2
    with db.reading() as s:
        assert s.get(ImportBatch, first.batch_id).undone_at is None
        stopped = s.scalars(select(AuditEntry).where(AuditEntry.action == "undo_import")).one()
        assert json.loads(stopped.details)["stopped"] is True
    assert plan_undo(db, first.batch_id).to_void == 3
    assert drain(undo_import(db, first.batch_id, actor=boss)).voided == 3


def test_the_sync_tells_the_central_platform_each_undone_dose_was_entered_in_error(
        wired, boss, tmp_path):
    from tests.sync.helpers import server_copies

    names = ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường")  # as central takes names
    first = _import(wired.db, write_xlsx(tmp_path / "f.xlsx", [
        person_row(i, name=name, cccd=f"001090{i:06d}") for i, name in enumerate(names, 1)]),
        boss)
    assert wired.sync().synced == 6  # the people and their doses, as imported
    drain(undo_import(wired.db, first.batch_id, actor=boss))
    summary = wired.sync()
    # The doses, and the people they leave with none: flagged, so that the platform does
    # not hold them as clean records of people vaccinated (before: the doses only).
    assert (summary.sent, summary.synced, summary.rejected) == (6, 6, 0)
    statuses = {r["id"]: r["status"] for r in
                server_copies(wired.server.url, wired.token, "Immunization")}
    assert statuses == {d.id: "entered-in-error" for d in _doses(wired.db)}
    flags = {p["id"]: [e.get("valueString") for e in p.get("extension", ())
                       if e["url"].endswith("/needs-cleaning")]
             for p in server_copies(wired.server.url, wired.token, "Patient")}
    assert flags == {d.person_id: ["IMPORT_UNDONE_NO_DOSE"] for d in _doses(wired.db)}


def test_an_import_left_running_is_closed_at_the_next_open_with_what_it_stored(
        db, db_path, site, boss, tmp_path):
    """Killed before it was marked finished (power cut, task manager), an import left its
    batch 'running' with no counts: listed for good as running with 0 doses. At the next
    open (one process holds a database, so nothing runs it any more) it is closed. Here its
    last chunk, and the audit entry committed with it, were stored: done, with its
    counts, and no second entry. (Killed between chunks, it is failed part-way with what
    it stored: tests/importers/test_import_crash_listed.py.) Its undo takes them all."""
    from desktop_app.db.database import open_database
    from tests.keys import TEST_PASSPHRASE

    report = _import(db, write_xlsx(tmp_path / "thang9.xlsx", _rows(5)), boss)
    with db.transaction() as s:  # what the kill leaves: the row begin() wrote, doses stored
        batch = s.get(ImportBatch, report.batch_id)
        batch.outcome, batch.counts, batch.people, batch.finished_at = "running", None, 0, None
    db.close()
    again = open_database(db_path, TEST_PASSPHRASE)
    try:
        [listed] = recent_imports(again)
        assert (listed.outcome, listed.stored, listed.people) == ("done", 5, 5)
        assert listed.counts == report.counts
        with again.reading() as s:
            entries = s.scalars(select(AuditEntry.details)
                                .where(AuditEntry.action == "import")).all()
        assert [json.loads(e).get("failed") for e in entries] == [None]
        assert plan_undo(again, report.batch_id).to_void == 5
        again.close()
        again = open_database(db_path, TEST_PASSPHRASE)  # closed once: left as it is
        assert [b.outcome for b in recent_imports(again)] == ["done"]
    finally:
        again.close()


def test_an_import_still_running_is_not_undone_half_way(db, site, boss, tmp_path):
    """An undo asked while the import is still being written (its first chunks stored) is
    refused, naming the file: it used to void the chunks stored so far, mark the import
    undone, and leave the chunks written after it active. Once the import has ended, the
    undo takes it whole."""
    job = import_file(db, write_xlsx(tmp_path / "thang8.xlsx", _rows(8)), today=TODAY,
                      actor=boss, chunk=3)
    batch = next(job).report.batch_id  # the first chunk is stored, the import goes on
    for refused in (lambda: plan_undo(db, batch), lambda: drain(undo_import(db, batch,
                                                                             actor=boss))):
        with pytest.raises(ChangeRefused) as said:
            refused()
        assert said.value.message("vi") == ("Tệp thang8.xlsx đang được nhập: chưa hoàn tác "
                                             "gì. Hãy chờ nhập xong rồi mới hoàn tác.")
    drain(job)
    assert [d.status for d in _doses(db)] == ["active"] * 8
    [listed] = recent_imports(db)
    assert listed.undone_at is None and listed.outcome == "done"
    assert drain(undo_import(db, batch, actor=boss)).voided == 8


def test_a_file_imported_while_an_undo_runs_is_refused_not_lost(db, site, boss, tmp_path):
    """The supervisor undoes a wrong import (a chunk a transaction: minutes on a big file)
    and meanwhile the file is imported again: refused, saying which undo runs. It used to
    find every row a duplicate of the doses the undo had not reached yet, store nothing
    and report them all there; then the undo voided the rest, and nothing was left."""
    path = write_xlsx(tmp_path / "thang8.xlsx", _rows(6))
    first = _import(db, path, boss)
    undo = undo_import(db, first.batch_id, actor=boss, chunk=2)
    next(undo)  # two doses voided, the undo goes on
    with pytest.raises(ImportRefused) as said:
        _import(db, path, boss)
    assert said.value.message("vi").startswith(
        "Đang hoàn tác lần nhập tệp thang8.xlsx (thẻ “Các lần nhập”): tệp này chưa được nhập.")
    drain(undo)
    again = _import(db, path, boss)  # once undone, the file imports again
    assert again.stored == 6
    assert len([d for d in _doses(db) if d.status == "active"]) == 6


def test_an_undo_stopped_part_way_is_listed_as_partly_undone(db, site, boss, tmp_path):
    """Stop during an undo keeps the doses voided so far ("undo it again to finish"). The
    list - what the supervisor or the next volunteer looks at tomorrow - used to say the
    import was done, whole; it says it is partly undone, and how many doses the undo
    voided (not one voided at the desk since), until an undo again finishes it."""
    report = _import(db, write_xlsx(tmp_path / "thang8.xlsx", _rows(6)), boss)
    void_dose(db, _doses(db)[5].id, "Tiêm cho người khác", actor=boss)  # the desk's own
    job = undo_import(db, report.batch_id, actor=boss, chunk=2)
    next(job)
    job.close()  # Stop
    [listed] = recent_imports(db)
    assert listed.undone_at is None and listed.undo_voided == 2
    assert import_batches.state(listed, "vi") == (
        "hoàn tác dở dang: 2 mũi tiêm đã được đánh dấu nhập nhầm, các mũi còn lại vẫn được "
        "tính. Hoàn tác lại để làm nốt.")
    assert import_batches.state(listed, "en").startswith("partly undone: 2 doses marked")
    drain(undo_import(db, report.batch_id, actor=boss))  # again: the rest
    [listed] = recent_imports(db)
    assert import_batches.state(listed, "vi").startswith("đã hoàn tác lúc")


def test_an_undo_cut_by_a_power_cut_is_still_listed_as_partly_undone(db, db_path, site, boss,
                                                                      tmp_path, monkeypatch):
    """A power cut or a killed app during an undo: its chunks voided stay voided, but its
    own audit entry (written as it ends) never is. The list used to call the import whole;
    the first voids' transaction says an undo began, so it is partly undone (review 33)."""
    from desktop_app.db.database import open_database
    from desktop_app.services import import_undo
    from tests.keys import TEST_PASSPHRASE

    report = _import(db, write_xlsx(tmp_path / "thang8.xlsx", _rows(6)), boss)
    job = undo_import(db, report.batch_id, actor=boss, chunk=2)
    next(job)  # the first chunk committed
    monkeypatch.setattr(import_undo, "_finish", lambda *a: None)  # killed: no end written
    job.close()
    db.close()
    again = open_database(db_path, TEST_PASSPHRASE)
    try:
        [listed] = recent_imports(again)
        assert import_batches.state(listed, "en").startswith("partly undone: 2 doses"), \
            import_batches.state(listed, "en")
    finally:
        again.close()


def test_a_paper_form_is_not_saved_while_an_undo_runs(db, site, boss, tmp_path):
    """The paper form is the backfill by another door: saved while an undo of the import
    holding that dose runs, it was said recorded already (a duplicate of a dose being
    voided), then the undo voided it: the person was left with no dose. Refused, as a file
    is, and saved once the undo is done (review 33)."""
    from desktop_app.services.actor import AT_THIS_LAPTOP
    from desktop_app.services.paper_backfill import CONFIRMED, record_paper_dose

    first = _import(db, write_xlsx(tmp_path / "thang8.xlsx", _rows(6)), boss)
    undo = undo_import(db, first.batch_id, actor=boss, chunk=2)
    next(undo)
    form = {"full_name": name_of(6), "dob": "05/09/1990", "sex": "Nam",
            "id_number": "001090000006", "product": "AstraZeneca", "lot_number": "AB1234",
            "dose_number": "1", "dose_date": "01/08/2021", "facility": "",
            "address": "12 Láng Hạ, Đống Đa", CONFIRMED: ()}
    with pytest.raises(ImportRefused) as said:
        record_paper_dose(db, form, TODAY, actor=AT_THIS_LAPTOP)
    assert said.value.message("vi").startswith(
        "Đang hoàn tác lần nhập tệp thang8.xlsx (thẻ “Các lần nhập”): phiếu này chưa được lưu.")
    drain(undo)
    assert record_paper_dose(db, form, TODAY, actor=AT_THIS_LAPTOP).outcome in (
        "imported", "flagged")
    assert [d for d in _doses(db) if d.status == "active"]


def test_an_earlier_dose_typed_since_does_not_keep_a_wrong_later_one(db, site, boss,
                                                                      tmp_path):
    """Found by a review: a wrong file gave Trần Thị An a dose 3 (05/01/2022); a volunteer
    then typed her dose 2 (05/09/2021) from its paper. Nothing relies on the wrong dose 3,
    yet the undo kept it "because a dose recorded since counts on it": it stayed her last
    dose, and the desk suggested dose 4. Only a dose numbered after it counts on it."""
    from desktop_app.rules.identity import Sex, make_cccd
    from desktop_app.services.paper_backfill import record_paper_dose

    cccd = make_cccd("001", Sex.FEMALE, 1990, 11)
    row = dict(name="Trần Thị An", sex="Nữ", dob="12/03/1990", cccd=cccd,
               vaccine="AstraZeneca")
    drain(import_file(db, write_xlsx(tmp_path / "dung.xlsx", [person_row(1, **row)]),
                      actor=boss))
    wrong = drain(import_file(db, write_xlsx(tmp_path / "sai.xlsx", [
        person_row(1, **row, dose=3, when="05/01/2022")]), actor=boss))
    typed = record_paper_dose(db, {
        "full_name": "Trần Thị An", "dob": "12/03/1990", "sex": "Nữ", "id_number": cccd,
        "product": "VAXZEVRIA", "dose_number": "2", "dose_date": "05/09/2021",
        "facility": "TYT Láng Hạ"}, actor=boss)
    assert typed.outcome == "imported"
    plan = plan_undo(db, wrong.batch_id)
    assert plan.to_void == 1, plan.left
    drain(undo_import(db, wrong.batch_id, actor=boss))
    with db.reading() as s:
        doses = s.execute(select(Dose.dose_number, Dose.status).order_by(Dose.dose_number)).all()
        last = s.scalar(select(Person.last_dose_number))
    assert [tuple(d) for d in doses] == [(1, "active"), (2, "active"), (3, "voided")]
    assert last == 2
