"""What the list of imports says after a crash: an import whose writer died is listed with
the doses and people it really stored (not the rows it had read) and told to be imported
again; one killed after its last chunk is listed done, with its counts; the audit keeps
why it failed as the catalogue's code, said in each reader's language. Real database
files, real processes killed (SIGKILL)."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.progress import drain
from desktop_app.rules.numbers import count
from desktop_app.services import backfill
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.audit import describe
from desktop_app.services.backfill import ImportFailed, import_file
from desktop_app.services.import_batches import recent_imports
from tests import forked
from tests.child_process import run_killed
from tests.importers.sheets import name_of, person_row, write_csv
from tests.keys import TEST_PASSPHRASE


def _rows(n: int) -> list[list]:
    return [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, n + 1)]


def _stored(db) -> tuple[int, int]:
    with db.reading() as s:
        return (s.scalar(select(func.count()).select_from(Dose)),
                s.scalar(select(func.count()).select_from(Person)))


def _import_entries(db) -> list[dict]:
    with db.reading() as s:
        return [json.loads(d) for d in s.scalars(
            select(AuditEntry.details).where(AuditEntry.action == "import")
            .order_by(AuditEntry.id))]


def _vaxdesk(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    return forked.vaxdesk("--db", str(db_path), *args, timeout=180)


def test_a_writer_killed_part_way_is_listed_with_what_it_stored_and_to_import_again(
        db, db_path, site, tmp_path, monkeypatch):
    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)  # the writer process
    path = write_csv(tmp_path / "thang8.csv", _rows(3000))
    steps = import_file(db, path, chunk=500, actor=AT_THIS_LAPTOP)
    next(steps)
    time.sleep(1)  # the first chunk committed
    [writer] = [p for p in multiprocessing.active_children() if p.name == "vaxdesk-bulk-writer"]
    os.kill(writer.pid, signal.SIGKILL)
    with pytest.raises(ImportFailed) as failed:
        drain(steps)
    doses, people = _stored(db)
    assert 0 < doses == failed.value.report.committed < 3000
    assert failed.value.report.counts["imported"] > doses  # it had read more than it stored

    [listed] = recent_imports(db)
    assert (listed.outcome, listed.stored, listed.people) == ("failed", doses, people)
    assert people == doses  # one new person a row: none of them "0 new people"

    # Fix 4: the audit keeps the reason's code, and says it in the reader's language.
    [entry] = _import_entries(db)
    assert entry["failed"] == "IMPORT_WRITER_DIED" and entry["failed_params"] == {"code": -9}
    assert entry["committed"] == doses
    assert "tiến trình ghi dữ liệu đã dừng đột ngột (mã -9)" in describe("import", entry, "vi")
    assert "the process writing the data stopped unexpectedly (code -9)" in describe(
        "import", entry, "en")
    db.close()

    # The list a supervisor reads later: what was stored, and that the rest was not.
    line = _vaxdesk(db_path, "imports")
    assert line.returncode == 0, line.stderr
    _number, _when, _file, _by, counts, state = line.stdout.strip().split("\t")
    assert counts == f"{count(doses, 'vi')} mũi tiêm, {count(people, 'vi')} người mới"
    assert state.startswith("lỗi giữa chừng: chỉ lưu được số mũi tiêm ghi bên cạnh")
    assert "Hãy nhập lại chính tệp này: những dòng đã lưu sẽ được bỏ qua" in state

    # And it is so: the same file again takes the rest, nothing twice.
    again = open_database(db_path, TEST_PASSPHRASE)
    try:
        report = drain(import_file(again, path, chunk=500, actor=AT_THIS_LAPTOP))
        assert (report.counts["imported"], report.counts["duplicate"]) == (3000 - doses, doses)
        assert _stored(again) == (3000, 3000)
        assert [(b.outcome, b.stored) for b in recent_imports(again)] == [
            ("done", 3000 - doses), ("failed", doses)]
    finally:
        again.close()


# Run by run_killed, after its HEADER: db_path, args, killed(), open_db().
KILLED = """
from desktop_app.db import bulk
from desktop_app.progress import drain
from desktop_app.rules.numbers import count
from desktop_app.services import backfill, import_batches
from desktop_app.services.actor import AT_THIS_LAPTOP

csv, at = Path(args[0]), args[1]
if at == "before_finish":  # the last chunk committed, the batch not marked done yet
    import_batches.finish = killed
else:  # the first chunk committed, the rest to come
    write = bulk.BulkWriter._write

    def write_then_die(self, *args):
        write(self, *args)
        killed()

    bulk.BulkWriter._write = write_then_die
db = open_db()
drain(backfill.import_file(db, csv, chunk=500, actor=AT_THIS_LAPTOP))
print("not killed")
"""


def test_an_import_killed_after_its_last_chunk_is_listed_done_with_its_counts(
        db, db_path, site, tmp_path):
    rows = _rows(1200)
    rows += [rows[5], person_row(1300, name="", cccd="001090001300")]  # a duplicate, a reject
    csv = write_csv(tmp_path / "thang9.csv", rows)
    db.close()
    run_killed(KILLED, db_path, csv, "before_finish")

    again = open_database(db_path, TEST_PASSPHRASE)  # the next start closes it
    try:
        [listed] = recent_imports(again)
        assert (listed.outcome, listed.stored, listed.people) == ("done", 1200, 1200)
        assert (listed.counts["duplicate"], listed.counts["rejected"]) == (1, 1)
        [entry] = _import_entries(again)  # its own, complete: no second "failed" one
        assert "failed" not in entry and entry["counts"] == listed.counts
    finally:
        again.close()
    line = _vaxdesk(db_path, "imports")
    assert line.stdout.strip().split("\t")[-2:] == ["1.200 mũi tiêm, 1.200 người mới", "đã xong"]


def test_an_import_killed_between_chunks_is_listed_failed_with_what_it_stored(
        db, db_path, site, tmp_path):
    csv = write_csv(tmp_path / "thang10.csv", _rows(1500))
    db.close()
    run_killed(KILLED, db_path, csv, "after_first_chunk")

    again = open_database(db_path, TEST_PASSPHRASE)
    try:
        assert _stored(again) == (500, 500)
        [listed] = recent_imports(again)
        assert (listed.outcome, listed.stored, listed.people) == ("failed", 500, 500)
        [entry] = _import_entries(again)
        assert (entry["failed"], entry["committed"]) == ("IMPORT_INTERRUPTED", 500)
        assert describe("import", entry, "vi").endswith(
            "VaxDesk đã bị tắt (mất điện, bị buộc đóng) trước khi lần nhập xong.)")
        assert "VaxDesk was closed (a power cut, a forced quit)" in describe("import", entry,
                                                                                "en")
    finally:
        again.close()
