"""Backup copies of a site database, made with SQLite's online backup API (a consistent
snapshot even while saves go on: in WAL mode the copy reads one snapshot and writers are
never blocked), encrypted with the same key as the file.

A copy is written as ``<name>.part`` and renamed only once complete and on disk, so a crash
or a pulled USB drive mid-copy leaves the previous copies as they were and no half file
that looks like a backup. Copies are named ``<db name>.bak-<label>-<UTC time>``.
"""

from __future__ import annotations

import contextlib
import os
from datetime import UTC, datetime
from pathlib import Path

from desktop_app.db import cipher
from desktop_app.paths import make_private_file

PREFIX = ".bak-"


def backup_copy(path: Path, label: str, key: cipher.FileKey, folder: Path | None = None
                ) -> Path:
    """Copy the database into ``folder`` (default: beside it); return the copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    folder = folder or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{path.name}{PREFIX}{label}-{stamp}"
    part = target.with_name(target.name + ".part")
    part.unlink(missing_ok=True)
    src = cipher.connect(path, key)
    dst = cipher.connect(part, key, check=False)
    try:
        src.backup(dst)  # one step: one snapshot, whatever is written meanwhile
    finally:
        dst.close()
        src.close()
    with open(part, "rb+") as f:
        os.fsync(f.fileno())
    make_private_file(part)
    os.replace(part, target)
    _sync_folder(folder)
    return target


def places(path: Path, folder: Path | None = None) -> list[Path]:
    """The database's folder and ``folder`` that exist, each once however it is named (a
    link, ``..``, another case on Windows): a copy is never found twice."""
    found: dict[Path, Path] = {}
    for place in (path.parent, *([folder] if folder else [])):
        if place.is_dir():
            found.setdefault(place.resolve(), place)
    return list(found.values())


def backups_of(path: Path, folder: Path | None = None) -> list[Path]:
    """Backup copies of a database (beside it, and in ``folder`` if given), newest first."""
    copies = [c for place in places(path, folder)
              for c in place.glob(f"{path.name}{PREFIX}*") if not _unfinished(c.name)]
    return sorted(copies, key=lambda p: p.stat().st_mtime, reverse=True)


def rotate(path: Path, folder: Path, keep: int, label: str) -> list[Path]:
    """Remove all but the newest ``keep`` copies with this label in ``folder``, and any
    ``.part`` left by a copy that never finished; return what was removed."""
    ours = [c for c in backups_of(path, folder)
            if c.parent == folder and f"{PREFIX}{label}-" in c.name]
    removed = ours[keep:] + unfinished(path, folder)
    for old in removed:
        old.unlink(missing_ok=True)
    return removed


def unfinished(path: Path, folder: Path) -> list[Path]:
    """The copies (and their journals) in ``folder`` that a backup, or the encryption of an
    old plain one, never finished."""
    return sorted(c for c in folder.glob(f"{path.name}{PREFIX}*") if _unfinished(c.name))


def _unfinished(name: str) -> bool:
    return ".part" in name or cipher.ENCRYPTING in name


def _sync_folder(folder: Path) -> None:
    """Make the rename durable too (POSIX: fsync the directory)."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
