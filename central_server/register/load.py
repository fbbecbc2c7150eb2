"""``vaxdesk-central load-register FILE.csv``: bulk-load the population register.

The file (``id_number,full_name,dob,sex``; millions of rows) goes into a new table by the
fastest path each backend has — COPY on PostgreSQL, big executemany chunks on SQLite, each
chunk its own short transaction so the server keeps taking pushes meanwhile — and is swapped
in by name only once it is complete and indexed. A failed or interrupted load therefore
leaves the register in force untouched (its half-built table is dropped by the next load).

A bad row is skipped and reported (line, field, why), never fatal: one typo in ten million
rows must not cost the other rows. After the swap every Patient already received is checked
again, in pages, so verdicts also reach what arrived before the register.
"""

from __future__ import annotations

import csv
import logging
import time
import unicodedata
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert, inspect, select, text
from sqlalchemy.exc import IntegrityError

from central_server.db.models import RegisterLoad, Resource
from central_server.fhir.store import utc_now
from central_server.register import clashes, elsewhere
from central_server.register.facts import PatientFacts, facts_of_row, refresh
from central_server.register.table import NAME, name_key, serialise
from desktop_app.rules.numeric_ids import id_from_number

HEADER = ("id_number", "full_name", "dob", "sex")
NEW, OLD = f"{NAME}_new", f"{NAME}_old"
_SEX = {"m": "M", "f": "F", "nam": "M", "nữ": "F", "male": "M", "female": "F"}
MAX_REPORTED = 1000  # bad rows listed one by one; all of them are counted
PROGRESS_EVERY = 500_000
SQLITE_CHUNK = 100_000
RECHECK_PAGE = 2000
_log = logging.getLogger("central_server")  # the server's log (errors.py)

Progress = Callable[[str], None]


class RegisterFileError(ValueError):
    """The file as a whole cannot be loaded (no such file, wrong header, no valid row)."""


@dataclass(frozen=True)
class BadRow:
    line: int
    field: str
    detail: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.detail}"


@dataclass
class LoadReport:
    file_name: str
    rows: int = 0
    skipped: int = 0
    restored: int = 0  # ID numbers whose leading zeros a spreadsheet dropped, put back
    bad: list[BadRow] = field(default_factory=list)
    rechecked: int = 0
    seconds: float = 0.0

    def refuse(self, line: int, field_name: str, detail: str) -> None:
        self.skipped += 1
        if len(self.bad) < MAX_REPORTED:
            self.bad.append(BadRow(line, field_name, detail))


def parse_dob(raw: str) -> date:
    """YYYY-MM-DD, or dd/mm/yyyy as spreadsheets in Vietnam write it.

    >>> parse_dob("1990-01-31"), parse_dob("31/01/1990")
    (datetime.date(1990, 1, 31), datetime.date(1990, 1, 31))
    """
    raw = raw.strip()
    if len(raw) == 10 and raw[4] == "-":
        return date.fromisoformat(raw)
    day, month, year = raw.split("/")
    if len(year) != 4:
        raise ValueError(raw)
    return date(int(year), int(month), int(day))


def parse_sex(raw: str) -> str:
    """M/F, Nam/Nữ or male/female, in any case.

    >>> parse_sex("Nữ"), parse_sex("male")
    ('F', 'M')
    """
    return _SEX[unicodedata.normalize("NFC", raw.strip()).lower()]


def read_rows(path: Path, report: LoadReport, progress: Progress | None = None
              ) -> Iterator[tuple[int, str, str, str, str]]:
    """(line, id_number, name_key, dob ISO, sex) for every good row; bad rows go to the
    report. The header is checked before the first row is asked for."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise RegisterFileError(f"cannot read {path}: {exc.strerror}") from None
    reader = csv.reader(handle)
    try:
        header = [h.strip().lower() for h in next(reader, [])]
    except UnicodeDecodeError:
        handle.close()
        raise _not_utf8(path) from None
    missing = [h for h in HEADER if h not in header]
    if missing:
        handle.close()
        raise RegisterFileError(f"the header must name {', '.join(HEADER)}; "
                                f"missing {', '.join(missing)}")
    return _rows(handle, reader, [header.index(h) for h in HEADER], report, progress)


def _not_utf8(path: Path) -> RegisterFileError:
    """The refusal of a file that is not UTF-8 (Excel's plain "CSV" on a Vietnamese Windows
    writes the ANSI code page, cp1258), naming its first such line: read as UTF-8 it once
    died mid-load with a traceback. Looked for only then, the lines split as the reader
    splits them (latin-1 keeps every byte as it is)."""
    with path.open(encoding="latin-1", newline="") as lines:
        line = next((n for n, raw in enumerate(lines, start=1)
                     if not _utf8(raw.encode("latin-1"))), "?")
    return RegisterFileError(
        f"line {line} is not UTF-8 text (Excel's plain \"CSV\" writes the Windows code "
        f"page): save the file as \"CSV UTF-8\" and load it again; the register in force "
        f"is kept")


def _utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _rows(handle: Any, reader: Any, at: list[int], report: LoadReport,
          progress: Progress | None) -> Iterator[tuple[int, str, str, str, str]]:
    with handle:
        try:
            yield from _good_rows(reader, at, report, progress)
        except UnicodeDecodeError:
            raise _not_utf8(Path(handle.name)) from None


def _good_rows(reader: Any, at: list[int], report: LoadReport, progress: Progress | None
               ) -> Iterator[tuple[int, str, str, str, str]]:
    i_id, i_name, i_dob, i_sex = at
    width = max(at) + 1
    today = date.today()
    started = time.monotonic()
    for row in reader:
        line = reader.line_num
        if line % PROGRESS_EVERY == 0 and progress:
            progress(f"read {line:,} lines ({time.monotonic() - started:.0f} s)")
        if len(row) < width:
            if any(c.strip() for c in row):
                report.refuse(line, "row", f"{len(row)} fields, expected {len(HEADER)}")
            continue
        number = row[i_id].strip()
        if number.isdigit() and number.isascii() and len(number) in (8, 10, 11):
            # Saved through Excel: its leading zeros are gone (every CCCD starts with 0).
            # Put back as the desk's importer does, only where a real province code says so.
            restored, _kind = id_from_number(int(number))
            if len(restored) in (9, 12):
                number = restored
                report.restored += 1
        if not (number.isdigit() and number.isascii() and len(number) in (9, 12)):
            report.refuse(line, "id_number", f"not a 9- or 12-digit number: {number!r}")
            continue
        name = row[i_name].strip()
        if not name:
            report.refuse(line, "full_name", "empty")
            continue
        try:
            dob = parse_dob(row[i_dob])
        except (ValueError, TypeError):
            report.refuse(line, "dob", f"not a date (YYYY-MM-DD or dd/mm/yyyy): "
                                       f"{row[i_dob]!r}")
            continue
        if dob > today:
            report.refuse(line, "dob", f"in the future: {row[i_dob]!r}")
            continue
        try:
            sex = parse_sex(row[i_sex])
        except KeyError:
            report.refuse(line, "sex", f"not M/F, Nam/Nữ or male/female: {row[i_sex]!r}")
            continue
        report.rows += 1
        yield line, number, name_key(name), dob.isoformat(), sex


# A new register is refused (the one in force kept) when it holds less than this share of
# the one in force, or skipped more rows than it kept (a first load replaces nothing): a
# file cut short or mangled by a spreadsheet would otherwise turn every verified citizen
# "not in the register" at once.
SHRINK_REFUSED = 0.5


def load_register(engine: Engine, path: Path, progress: Progress | None = None, *,
                  force: bool = False) -> LoadReport:
    """Load ``path`` and put it in force; ``force``: even when it is much smaller than the
    register in force or mostly bad rows (``SHRINK_REFUSED``)."""
    started = time.monotonic()
    report = LoadReport(path.name)
    rows = read_rows(path, report, progress)
    suffix = uuid.uuid4().hex[:8]
    if engine.dialect.name == "postgresql":
        _fill_postgres(engine, rows)
    else:
        _fill_sqlite(engine, rows)
    if report.rows == 0:
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE {NEW}"))
        raise RegisterFileError("no valid row: the register in force is kept")
    in_force = _rows_in_force(engine)
    if not force and in_force and (report.skipped > report.rows or
                                   report.rows < in_force * SHRINK_REFUSED):
        with engine.begin() as conn:
            conn.execute(text(f"DROP TABLE {NEW}"))
        raise RegisterFileError(
            f"{report.rows:,} valid rows and {report.skipped:,} skipped, against {in_force:,} "
            f"in the register in force: the register in force is kept. Check the file (a "
            f"file saved through Excel loses the leading zeros of text it took for numbers, "
            f"and a cut one loses rows); --force loads it all the same")
    if progress:
        progress(f"{report.rows:,} rows read; indexing")
    _index(engine, report, suffix)
    _swap(engine, report)
    if progress:
        progress("register in force; checking the Patients already received")
    report.rechecked = recheck(engine, progress)
    report.seconds = time.monotonic() - started
    return report


def _batched(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


_CREATE = (f"CREATE TABLE {NEW} (line INTEGER {{pk}}, id_number VARCHAR(12) NOT NULL, "
           "name_key TEXT NOT NULL, dob DATE NOT NULL, sex CHAR(1) NOT NULL)")


def _fill_sqlite(engine: Engine, rows: Iterable[tuple[Any, ...]]) -> None:
    raw = engine.raw_connection()
    db = raw.driver_connection  # autocommit: the engine's connect hook took pysqlite's off
    try:
        # NORMAL (not FULL) for the new table's chunks only: in WAL mode a power cut can
        # lose the last chunks but never corrupts, and the swap is a normal transaction.
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"DROP TABLE IF EXISTS {NEW}")
        # line as the rowid: free to store, and rows go in in its order (appends only).
        db.execute(_CREATE.format(pk="PRIMARY KEY"))
        sql = f"INSERT INTO {NEW} (line, id_number, name_key, dob, sex) VALUES (?, ?, ?, ?, ?)"
        for chunk in _batched(rows, SQLITE_CHUNK):
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany(sql, chunk)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
    finally:
        db.execute("PRAGMA synchronous=FULL")
        raw.close()


def _fill_postgres(engine: Engine, rows: Iterable[tuple[Any, ...]]) -> None:
    raw = engine.raw_connection()
    pg = raw.driver_connection
    try:
        with pg.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS {NEW}")
            cur.execute(_CREATE.format(pk="NOT NULL"))
            with cur.copy(f"COPY {NEW} (line, id_number, name_key, dob, sex) FROM STDIN"
                          ) as copy:
                for row in rows:
                    copy.write_row(row)
        pg.commit()
    except BaseException:
        pg.rollback()
        raise
    finally:
        raw.close()


def _index(engine: Engine, report: LoadReport, suffix: str) -> None:
    """The unique index is built once the rows are in (a sort, far faster than keeping it
    during the load); a number given twice keeps its first row and reports the others."""
    create = text(f"CREATE UNIQUE INDEX ix_register_{suffix} ON {NEW} (id_number)")
    with engine.begin() as conn:
        try:
            with conn.begin_nested():
                conn.execute(create)
        except IntegrityError:
            dups = conn.execute(text(
                f"SELECT id_number, line FROM {NEW} WHERE id_number IN (SELECT id_number "
                f"FROM {NEW} GROUP BY id_number HAVING count(*) > 1) ORDER BY id_number, line"))
            first: dict[str, int] = {}
            extra: list[int] = []
            for number, line in dups:
                if number in first:
                    extra.append(line)
                    report.rows -= 1
                    report.refuse(line, "id_number",
                                  f"{number} already on line {first[number]}")
                else:
                    first[number] = line
            for chunk in _batched(extra, 900):
                conn.execute(text(f"DELETE FROM {NEW} WHERE line IN "
                                  f"({', '.join(str(int(x)) for x in chunk)})"))
            conn.execute(create)
        if conn.dialect.name == "postgresql":
            conn.execute(text(f"ANALYZE {NEW}"))


def _rows_in_force(engine: Engine) -> int:
    """How many rows the register in force was loaded with (0: none loaded)."""
    with engine.connect() as conn:
        return conn.execute(select(RegisterLoad.rows).order_by(RegisterLoad.loaded_at.desc())
                            .limit(1)).scalar() or 0


def _swap(engine: Engine, report: LoadReport) -> None:
    with engine.begin() as conn:
        had = inspect(conn).has_table(NAME)
        conn.execute(text(f"DROP TABLE IF EXISTS {OLD}"))
        if had:
            conn.execute(text(f"ALTER TABLE {NAME} RENAME TO {OLD}"))
        conn.execute(text(f"ALTER TABLE {NEW} RENAME TO {NAME}"))
        if had:
            conn.execute(text(f"DROP TABLE {OLD}"))
        conn.execute(insert(RegisterLoad).values(
            loaded_at=utc_now(), file_name=report.file_name[:300], rows=report.rows,
            skipped=report.skipped))


def rebuild_links(engine: Engine) -> None:
    """``patient_link`` made again in the new shape and filled from every Patient, in one
    transaction: a start killed part-way leaves the old table as it was, to be rebuilt at
    the next start. The write lock is taken first and the shape looked at again under it,
    so a second process starting at the same time finds the work done and does nothing."""
    from central_server.db.engine import links_are_stale
    from central_server.db.models import PatientLink
    from central_server.register import links

    with engine.begin() as conn:  # BEGIN IMMEDIATE on SQLite: the write lock
        serialise(conn)  # PostgreSQL: the lock every register and link writer takes
        if not links_are_stale(conn):
            return
        conn.execute(text("DROP TABLE patient_link"))
        PatientLink.__table__.create(conn)
        # Minutes on a big store, before the server answers: say what it is doing.
        _log.warning("linking every Patient again, once, for this version's links")
        pages = _patient_pages(lambda after: _patients_after(conn, after), "read",
                               _log.warning)
        links.relink_all(conn, pages, utc_now())
        _log.warning("links rebuilt")


def _patient_pages(read_after: Callable[[str], list[PatientFacts]], done_verb: str,
                   progress: Progress | None = None) -> Iterator[list[PatientFacts]]:
    """Every Patient a page at a time, keyset by id: ``read_after(id)`` gives the next page
    (empty at the end); progress every 50,000 ("checked 50,000 Patients")."""
    after, done = "", 0
    while page := read_after(after):
        yield page
        after, done = page[-1].patient_id, done + len(page)
        if progress and done % (RECHECK_PAGE * 25) == 0:
            progress(f"{done_verb} {done:,} Patients")


def _patients_after(conn: Any, after: str) -> list[PatientFacts]:
    """The next page of Patients by id, as the register and the links see them."""
    return [facts_of_row(*r) for r in conn.execute(
        select(Resource.id, Resource.site_code, Resource.version_id, Resource.content)
        .where(Resource.type == "Patient", Resource.id > after)
        .order_by(Resource.id).limit(RECHECK_PAGE))]


def recheck(engine: Engine, progress: Progress | None = None) -> int:
    """Check every Patient again against the register in force, a page per transaction
    (keyset by id), so the server goes on taking pushes between pages."""
    def checked_after(after: str) -> list[PatientFacts]:
        with engine.begin() as conn:
            page = _patients_after(conn, after)
            if page:
                refresh(conn, page, utc_now())
                # Two records the register verified link: their doses may clash now.
                clashes.find(conn, [p.patient_id for p in page], (), utc_now())
                elsewhere.tell(conn, (), utc_now(), relinked=[p.patient_id for p in page])
        return page

    return sum(len(page) for page in _patient_pages(checked_after, "checked", progress))
