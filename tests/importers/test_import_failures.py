"""An import that fails part-way (issue #18): its writer process killed, the disk full, the
importer itself killed. Each ends in a clear message (never a hang or a traceback), a
report and an audit entry of what was stored, whole chunks only, and the indexes back."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.db import bulk_sql
from desktop_app.db.bulk_process import DEFERRED_INDEXES
from desktop_app.db.database import open_database
from desktop_app.db.models import AuditEntry, Dose, SyncRecord
from desktop_app.services import backfill
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.backfill import ImportFailed, import_file
from desktop_app.services.search import search_people
from tests.importers.hostile import alive, tree
from tests.importers.sheets import name_of, person_row, write_csv
from tests.keys import TEST_PASSPHRASE, ensure_test_supervisor, raw_connect


def _rows(n: int) -> list[list]:
    return [person_row(i, name=name_of(i), cccd=f"001090{i:06d}") for i in range(1, n + 1)]


def _people(db_path) -> int:
    with raw_connect(db_path) as conn:
        return conn.execute("SELECT count(*) FROM person").fetchone()[0]


def _indexes(db_path) -> set[str]:
    with raw_connect(db_path) as conn:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}


def test_a_writer_killed_mid_import_stops_it_with_what_was_stored(db, site, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setattr(backfill, "LARGE_FILE_BYTES", 0)  # the writer process, indexes set aside
    path = write_csv(tmp_path / "f.csv", _rows(3000))
    steps = import_file(db, path, chunk=500, actor=AT_THIS_LAPTOP)
    next(steps)
    time.sleep(1)  # the first chunk committed
    [writer] = [p for p in multiprocessing.active_children() if p.name == "vaxdesk-bulk-writer"]
    os.kill(writer.pid, signal.SIGKILL)
    started = time.monotonic()
    with pytest.raises(ImportFailed) as failed:
        for _ in steps:
            pass
    assert time.monotonic() - started < 5  # noticed within seconds, not a hang
    report = failed.value.report
    message = failed.value.message("vi")
    assert "dừng giữa chừng" in message and "tiến trình ghi dữ liệu đã dừng đột ngột (mã -9)" \
        in message and f"{report.committed:,} dòng đã được lưu" in message
    with db.reading() as s:
        doses = s.scalar(select(func.count()).select_from(Dose))
        pending = s.scalar(select(func.count()).select_from(SyncRecord))
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
    assert doses == report.committed and doses % 500 == 0 and 0 < doses < 3000  # whole chunks
    assert pending == 2 * doses  # each person and dose queued: nothing half-written
    details = json.loads(audit.details)
    assert details["committed"] == doses and details["failed"] == "IMPORT_WRITER_DIED"
    assert set(DEFERRED_INDEXES) <= _indexes(db.path)  # back at once, not at the next start


FULL_DISK = """
import json, shutil, sys
from pathlib import Path
from desktop_app.db.database import open_database
from desktop_app.progress import drain
from desktop_app.services import backfill
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.keys import TEST_PASSPHRASE

small, out, csv = map(Path, sys.argv[1:])
backfill.LARGE_FILE_BYTES = 0  # the writer process, indexes set aside
with open_database(small / "vaxdesk.db", TEST_PASSPHRASE) as db:
    try:
        drain(backfill.import_file(db, csv, chunk=500, actor=AT_THIS_LAPTOP))
        print(json.dumps({"failed": None}))
    except backfill.ImportFailed as exc:
        print(json.dumps({"failed": exc.message("en"), "committed": exc.report.committed}))
for name in ("vaxdesk.db", "vaxdesk.db-wal"):
    if (small / name).exists():
        shutil.copy(small / name, out / name)
"""


def test_a_full_disk_mid_import_ends_in_a_message_with_the_indexes_back(tmp_path):
    """A real full disk: a 2 MB tmpfs mounted in a private mount namespace (unshare)."""
    if subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode != 0:
        pytest.skip("no unshare here to mount a small disk")
    seed, out = tmp_path / "seed", tmp_path / "out"
    out.mkdir()
    ensure_test_supervisor(seed / "vaxdesk.db")
    with open_database(seed / "vaxdesk.db", TEST_PASSPHRASE) as db:
        db.engine.dispose()
    csv = write_csv(tmp_path / "f.csv", _rows(20_000))
    small = tmp_path / "small"
    small.mkdir()
    size = sum(p.stat().st_size for p in seed.iterdir()) + (1 << 20)
    script = (f"mount -t tmpfs -o size={size} tmpfs {small} && cp -a {seed}/. {small}/ && "
              f"{sys.executable} -c '{FULL_DISK}' {small} {out} {csv}")
    run = subprocess.run(["unshare", "-rm", "sh", "-c", script], capture_output=True,
                         text=True, env=dict(os.environ, PYTHONPATH=os.getcwd()), timeout=300)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    said = json.loads(run.stdout.strip().splitlines()[-1])
    print(said)
    assert "stopped part-way" in said["failed"] and "the disk is full" in said["failed"]
    with open_database(out / "vaxdesk.db", TEST_PASSPHRASE) as db, db.reading() as s:
        doses = s.scalar(select(func.count()).select_from(Dose))
        assert doses == said["committed"] and doses % 500 == 0
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "import")).one()
        assert json.loads(audit.details)["committed"] == doses
    assert set(DEFERRED_INDEXES) <= _indexes(out / "vaxdesk.db")


def _import_killed_midway(tmp_path, rows: list[list], *,
                          after_a_chunk: bool = False) -> tuple[Path, list[int]]:
    """A CLI import of ``rows`` killed (SIGKILL) while its writer is at work (with
    ``after_a_chunk``, once a chunk is committed): the data folder and the pids of its
    helpers (the writer and the resource tracker)."""
    data = tmp_path / "data"
    ensure_test_supervisor(data / "vaxdesk.db")
    csv = write_csv(tmp_path / "f.csv", rows)  # over 2 MB: the writer process
    importer = subprocess.Popen([sys.executable, "-m", "desktop_app.cli", "import", str(csv)],
                                env=dict(os.environ, VAXDESK_DATA_DIR=str(data)),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    helpers: list[int] = []
    while len(helpers) < 2 and time.monotonic() < deadline:  # the writer and the tracker
        helpers = _helpers(importer.pid)
        time.sleep(0.05)
    assert len(helpers) == 2, "the import ended before its helpers were seen"
    wal = data / "vaxdesk.db-wal"
    while importer.poll() is None and wal.exists() and wal.stat().st_size < 4 << 20:
        time.sleep(0.05)  # the writer at work: chunks going in
    while after_a_chunk and importer.poll() is None and not _people(data / "vaxdesk.db"):
        time.sleep(0.05)
    assert importer.poll() is None, "the import ended before it could be killed"
    os.kill(importer.pid, signal.SIGKILL)
    importer.wait()
    return data, helpers


def _helpers(pid: int) -> list[int]:
    """The importer's writer and resource tracker, told by their command lines: a loaded
    machine also shows passing children (a library lookup's ``ldconfig``), and counting
    those failed the test now and then."""
    found = []
    for child in tree(pid):
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"spawn_main" in cmdline or b"resource_tracker" in cmdline:
            found.append(child)
    return found


def test_the_writer_and_the_resource_tracker_exit_when_the_importer_is_killed(tmp_path):
    data, helpers = _import_killed_midway(tmp_path, _rows(60_000))
    killed = time.monotonic()
    while any(alive(p) for p in helpers) and time.monotonic() - killed < 10:
        time.sleep(0.1)
    gone_after = time.monotonic() - killed
    print(f"helpers {helpers} gone {gone_after:.1f} s after the importer was killed")
    assert not any(alive(p) for p in helpers)
    assert gone_after < 5
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE):  # the lock is free again
        pass
    assert set(DEFERRED_INDEXES) <= _indexes(data / "vaxdesk.db")


def test_a_later_open_finds_by_name_the_people_of_an_import_killed_part_way(tmp_path):
    """The writer leaves the name words and report tallies to its end (bulk_sql.
    NAME_WORDS_PENDING, TALLIES_PENDING): killed before it, the people it stored lack their
    words and its doses their tallies until the next open_database adds them."""
    names = ["Trần Văn Khải", "Lê Thị Hồng Nhung", "Phạm Minh Tuấn"]
    rows = [person_row(i, name=names[i % 3], cccd=f"001090{i:06d}") for i in range(60_000)]
    data, _ = _import_killed_midway(tmp_path, rows, after_a_chunk=True)
    time.sleep(1)  # the writer gone with its importer (the test above)
    with raw_connect(data / "vaxdesk.db") as conn:
        stored = conn.execute("SELECT count(*) FROM person").fetchone()[0]
        note = conn.execute("SELECT value FROM setting WHERE key = ?",
                            (bulk_sql.NAME_WORDS_PENDING,)).fetchone()
        worded = conn.execute("SELECT count(*) FROM person_name_word").fetchone()[0]
        tallies_note = conn.execute("SELECT value FROM setting WHERE key = ?",
                                    (bulk_sql.TALLIES_PENDING,)).fetchone()
    assert 0 < stored < 60_000 and note is not None and worded == 0
    assert tallies_note is not None  # its report tallies died with it, held in its memory
    with open_database(data / "vaxdesk.db", TEST_PASSPHRASE) as db:
        hits = search_people(db, "Khải Trần", limit=5)
        assert len(hits) == 5 and {h.full_name for h in hits} == {"Trần Văn Khải"}
    with raw_connect(data / "vaxdesk.db") as conn:
        counts = dict(conn.execute("SELECT word, n FROM person_name_word_count WHERE n > 0"))
        unworded = conn.execute(
            # NOT IN builds one transient index; a correlated NOT EXISTS would scan the
            # words table (keyed by word) once per person
            "SELECT count(*) FROM person WHERE id NOT IN"
            " (SELECT person_id FROM person_name_word WHERE rank = 0)").fetchone()[0]
        note = conn.execute("SELECT value FROM setting WHERE key = ?",
                            (bulk_sql.NAME_WORDS_PENDING,)).fetchone()
        tallied, doses = conn.execute(
            "SELECT (SELECT sum(n) FROM report_dose_day), (SELECT count(*) FROM dose"
            " WHERE status = 'active')").fetchone()
        tallies_note = conn.execute("SELECT value FROM setting WHERE key = ?",
                                    (bulk_sql.TALLIES_PENDING,)).fetchone()
    assert unworded == 0 and note is None
    assert tallied == doses > 0 and tallies_note is None  # counted again at the open
    assert counts["khai"] + counts["nhung"] + counts["tuan"] == stored  # each person once
    assert counts["thi"] == counts["nhung"]
