"""Backup copies of a site database, made with SQLite's online backup API (a consistent
snapshot even while saves go on: in WAL mode the copy reads one snapshot and writers are
never blocked), encrypted with the same key as the file.

A copy is written as ``<name>.part`` and renamed only once complete and on disk, so a crash
or a pulled USB drive mid-copy leaves the previous copies as they were and no half file
that looks like a backup. Copies are named ``<db name>.bak-<label>-<local time>``, the
laptop's wall time and its offset from UTC (``20261206T090000123456+0700``): the hour the
person made it at, as the restore list shows it. Earlier versions wrote UTC
(``…T020000123456Z``): read as well, by the same pattern.

Whose copy it is needs no passphrase: a copy carries its database's salt at its head (the
16 random bytes SQLCipher keeps there, the same in the file and in every copy of it, kept by
a passphrase change), so two laptops sharing one backup folder (a USB drive) tell their
copies apart, old copies included. A sidecar ``<copy>.about`` says, in clear, which laptop
made it and for which site, for a person choosing one.

Which copy is the newest is never read from a clock: a laptop's clock can be set back (a flat
CMOS battery, a date typed by hand), and every copy made after would have looked older than
the ones before it, the first rotated out. Each copy's sidecar carries its number, one above
every copy found here; copies from before numbers come after them, newest file first.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from desktop_app.clock import file_stamp, read_file_stamp
from desktop_app.db import cipher
from desktop_app.db.faults import copy_fault
from desktop_app.paths import make_private_file, private_output

PREFIX = ".bak-"
ABOUT = ".about"  # a copy's sidecar: who made it, for which site, its number
NUMBER = "number"  # in the sidecar: the order copies were made in, whatever the clock said
STEP_PAGES = 2048  # pages copied between two progress reports (8 MB at 4 KiB a page)

Report = Callable[[int, int], None]  # (pages done, pages in all)


def backup_copy(path: Path, label: str, key: cipher.FileKey, folder: Path | None = None,
                *, about: dict[str, Any] | None = None, report: Report | None = None,
                after: int = 0) -> Path:
    """Copy the database into ``folder`` (default: beside it); return the copy. Its sidecar
    holds ``about`` and its number: above ``after`` (the last one the database gave) and
    every copy in both places. ``report`` hears how far the copy is. The drive's refusals
    (full, read-only) are named as the backup folder's (``faults.copy_fault``)."""
    stamp = file_stamp()
    folder = folder or path.parent
    number = 1 + max([after, *(n for c in backups_of(path, folder) if (n := copy_number(c)))])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.name}{PREFIX}{label}-{stamp}"
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    try:
        _copy(path, part, key, report)
        with open(part, "rb+") as f:
            os.fsync(f.fileno())
        make_private_file(part)
        os.replace(part, target)
    except BaseException as exc:  # stopped, or the drive refused: no half copy is left behind
        for left in (part, *(Path(f"{part}{j}") for j in cipher.JOURNALS)):
            with contextlib.suppress(OSError):  # a drive pulled out took the half copy
                left.unlink(missing_ok=True)
        _raise_named(exc, path, target)
    try:
        # After the copy: a crash between leaves a copy without one (ordered by its time)
        write_about(target, {**(about or {}), NUMBER: number})
        sync_folder(folder)
    except OSError as exc:  # the drive pulled out after the rename: said, not a traceback
        _raise_named(exc, path, target)
    return target


def _raise_named(exc: BaseException, path: Path, target: Path) -> NoReturn:
    named = copy_fault(exc, path, target)
    if named is exc:
        raise exc
    raise named from exc


def _copy(path: Path, part: Path, key: cipher.FileKey, report: Report | None) -> None:
    """Step by step, for the progress, yet of one snapshot: the source holds one read
    transaction across the steps, so no save made meanwhile restarts or mixes into it."""
    src = cipher.connect(path, key, isolation_level=None)
    dst = cipher.connect(part, key, check=False)
    try:
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot, taken
        src.backup(dst, pages=STEP_PAGES, progress=None if report is None else
                   lambda _status, left, total: report(total - left, total))
        src.execute("COMMIT")
    finally:
        dst.close()
        src.close()


def identity(path: Path) -> bytes | None:
    """What a database and all its copies share (see the module's words); None for a
    missing, empty or plain file."""
    return cipher.file_salt(path)


def write_about(copy: Path, about: dict[str, Any]) -> None:
    with private_output(_about_path(copy)) as part:
        part.write_text(json.dumps(about, ensure_ascii=False), encoding="utf-8")


def read_about(copy: Path) -> dict[str, Any]:
    """A copy's sidecar; empty for a copy made before sidecars, or one that is unreadable."""
    try:
        about = json.loads(_about_path(copy).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return about if isinstance(about, dict) else {}


def copy_number(copy: Path) -> int | None:
    """The copy's number (see the module's words); None for a copy made before numbers."""
    number = read_about(copy).get(NUMBER)
    return number if isinstance(number, int) and not isinstance(number, bool) else None


def label_of(copy: Path) -> str:
    """The label a copy was made under (``backup_copy``): "auto", "manual", or the schema
    version a migration copied the database at; "" for a name not of this form.

    >>> label_of(Path("vaxdesk.db.bak-manual-20261206T101500000000+0700"))
    'manual'
    >>> label_of(Path("vaxdesk.db.bak-0026-20261206T101500000000-0300"))
    '0026'
    >>> label_of(Path("vaxdesk.db.bak-auto-20261206T101500000000Z")), label_of(Path("x.db"))
    ('auto', '')
    """
    return _label_and_stamp(copy)[0]


def made_at(copy: Path) -> datetime:
    """When a copy was made (naive UTC): the time in its name (local with its offset, or
    an earlier version's UTC), else its file's time.

    >>> made_at(Path("vaxdesk.db.bak-auto-20261206T090000000000+0700"))
    datetime.datetime(2026, 12, 6, 2, 0)
    >>> made_at(Path("vaxdesk.db.bak-auto-20261206T020000000000Z"))
    datetime.datetime(2026, 12, 6, 2, 0)
    """
    named = read_file_stamp(_label_and_stamp(copy)[1])
    return named or datetime.fromtimestamp(copy.stat().st_mtime, UTC).replace(tzinfo=None)


def _label_and_stamp(copy: Path) -> tuple[str, str]:
    """A copy's name past ``PREFIX``, cut at the label's end: a label has no "-", while a
    time west of UTC does (``-0300``)."""
    _head, found, tail = copy.name.partition(PREFIX)
    label, cut, stamp = tail.partition("-")
    return (label, stamp) if found and cut else ("", "")


def places(path: Path, folder: Path | None = None) -> list[Path]:
    """The database's folder and ``folder`` that exist, each once however it is named (a
    link, ``..``, another case on Windows): a copy is never found twice."""
    found: dict[Path, Path] = {}
    for place in (path.parent, *([folder] if folder else [])):
        if place.is_dir():
            found.setdefault(place.resolve(), place)
    return list(found.values())


def backups_of(path: Path, folder: Path | None = None) -> list[Path]:
    """Backup copies of a database (beside it, and in ``folder`` if given): its own first,
    then those of another database sharing the folder, each newest first (by number, then
    the copies made before numbers, by their file's time)."""
    mine = identity(path)
    copies = [c for place in places(path, folder)
              for c in place.glob(f"{path.name}{PREFIX}*") if _a_copy(c.name)]
    return sorted(copies, key=lambda c: (mine is not None and identity(c) != mine,
                                         *_newest_first(c)))


def opening_first(copies: list[Path], key_of: Callable[[Path], cipher.FileKey]
                  ) -> list[Path]:
    """``copies`` in their order, those the key (``key_of`` a copy) opens first: a
    passphrase change stopped while it re-encrypted the copies left some under the old
    passphrase, and the damaged file's message named one of them, which the restore then
    refused. Read only when a file is damaged: a look at each copy's first page."""
    return sorted(copies, key=lambda c: not cipher.opens(c, key_of(c)))


def _newest_first(copy: Path) -> tuple[int, float]:
    number = copy_number(copy)
    return (0, -number) if number is not None else (1, -copy.stat().st_mtime)


def own_backups(path: Path, folder: Path | None = None) -> list[Path]:
    """The copies of this very database (none if the file has no identity to compare)."""
    mine = identity(path)
    return [c for c in backups_of(path, folder) if mine is not None and identity(c) == mine]


def rotate(path: Path, folder: Path, keep: int, label: str, made: Path,
           spared: Path | None = None) -> list[Path]:
    """Remove all but the newest ``keep`` of this database's copies with this label in
    ``folder`` (another laptop's copies there are not ours to count or remove), and any
    ``.part`` left by a copy that never finished; return what was removed. The copy just
    ``made`` is always one of those kept, whatever the others say of themselves, and so is
    ``spared`` (the copy a restore about to be made will put in place), however old."""
    ours = [c for c in own_backups(path, folder)
            if c.parent == folder and f"{PREFIX}{label}-" in c.name and c != made
            and (spared is None or not _same_file(c, spared))]
    removed = ours[max(keep - 1, 0):] + unfinished(path, folder)
    for old in removed:
        old.unlink(missing_ok=True)
        _about_path(old).unlink(missing_ok=True)
    return removed


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def unfinished(path: Path, folder: Path) -> list[Path]:
    """The copies (and their journals) in ``folder`` that a backup, or the encryption of an
    old plain one, never finished: any beside the database (this laptop's own disk); in
    another folder, this database's only. Another laptop's there, in a folder both use,
    may be a copy it is making right now: it is left alone."""
    found = [c for c in folder.glob(f"{path.name}{PREFIX}*") if _unfinished(c.name)]
    if folder.resolve() != path.parent.resolve():
        mine = identity(path)
        found = [c for c in found if mine is not None and identity(_base(c)) == mine]
    return sorted(found)


def _base(file: Path) -> Path:
    """The copy a journal is of (SQLite names it after the file it serves)."""
    for journal in cipher.JOURNALS:
        if file.name.endswith(journal):
            return file.with_name(file.name[: -len(journal)])
    return file


def _a_copy(name: str) -> bool:
    return not _unfinished(name) and not name.endswith(ABOUT)


def _unfinished(name: str) -> bool:
    return ".part" in name or cipher.ENCRYPTING in name


def _about_path(copy: Path) -> Path:
    return copy.with_name(copy.name + ABOUT)


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable too (POSIX: fsync the directory)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
