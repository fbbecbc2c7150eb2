"""Backup copies of a site database, made beside it with SQLite's online backup API
(consistent even while a WAL holds recent commits)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from desktop_app.db import cipher


def backup_copy(path: Path, label: str, key: cipher.FileKey) -> Path:
    """Copy the database beside itself as ``<name>.bak-<label>-<UTC time>``, encrypted with
    the same key (and salt) as the file; return the copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.bak-{label}-{stamp}")
    src = cipher.connect(path, key)
    dst = cipher.connect(target, key, check=False)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    cipher.restrict(target)
    return target


def backups_of(path: Path) -> list[Path]:
    """Backup copies of a database, newest first."""
    copies = path.parent.glob(f"{path.name}.bak-*")
    return sorted(copies, key=lambda p: p.stat().st_mtime, reverse=True)
