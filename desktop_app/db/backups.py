"""Backup copies of a site database, made beside it with SQLite's online backup API
(consistent even while a WAL holds recent commits)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path


def backup_copy(path: Path, label: str) -> Path:
    """Copy the database beside itself as ``<name>.bak-<label>-<UTC time>``; return the copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.bak-{label}-{stamp}")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return target


def backups_of(path: Path) -> list[Path]:
    """Backup copies of a database, newest first."""
    copies = path.parent.glob(f"{path.name}.bak-*")
    return sorted(copies, key=lambda p: p.stat().st_mtime, reverse=True)
