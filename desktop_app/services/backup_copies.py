"""What a person choosing a backup copy is told about it: whose it is (this database's,
another laptop's or site's), when it was made, how big it is and where it lies. Read
without the passphrase (the copy's head, its sidecar: ``db/backups.py``), so a copy under
another passphrase is still named."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app import settings
from desktop_app.db import cipher
from desktop_app.db.backups import identity, label_of, made_at, read_about
from desktop_app.db.errors import WrongPassphrase
from desktop_app.rules.messages import text
from desktop_app.rules.numbers import share


@dataclass(frozen=True)
class CopyInfo:
    """What a person choosing a copy is told: whose it is, when and where it was made."""

    path: Path
    made: datetime  # naive UTC
    size: int
    own: bool | None  # a copy of this database; None: there is no database here to compare
    laptop: str | None
    site_code: str | None
    site_name: str | None

    @property
    def site_label(self) -> str | None:
        if not self.site_code:
            return None
        return f"{self.site_code} – {self.site_name}" if self.site_name else self.site_code

    def site(self, lang: str) -> str:
        return self.site_label or text("BACKUP_NOT_RECORDED", lang)

    def laptop_name(self, lang: str) -> str:
        return self.laptop or text("BACKUP_NOT_RECORDED", lang)

    def size_shown(self, lang: str) -> str:
        return text("BACKUP_SIZE_MB", lang, mb=share(self.size / 1_000_000, lang))

    def kind(self, lang: str) -> str:
        """Why the copy was made: the app's own (every few hours and at exit, the oldest
        removed as new ones come), asked for by someone (kept until removed by hand), or
        before an upgrade changed the database."""
        label = label_of(self.path)
        if label.isdigit():
            return text("BACKUP_KIND_UPGRADE", lang)
        code = {"auto": "BACKUP_KIND_AUTO", "manual": "BACKUP_KIND_MANUAL"}.get(label)
        return text(code, lang) if code else label

    def whose(self, lang: str) -> str:
        return text({True: "BACKUP_WHOSE_OWN", False: "BACKUP_WHOSE_OTHER",
                     None: "BACKUP_WHOSE_UNKNOWN"}[self.own], lang)


def describe_copy(db_path: Path, copy: Path, passphrase: str | None = None) -> CopyInfo:
    """Whose ``copy`` is, read without the passphrase (its head, its sidecar); a copy made
    before sidecars names its site only if ``passphrase`` opens it, and no laptop."""
    mine, about = identity(db_path), read_about(copy)
    code, name = about.get("site_code"), about.get("site_name")
    if not code and passphrase:
        code, name = _site_in(copy, passphrase)
    return CopyInfo(copy, made_at(copy), copy.stat().st_size,
                    None if mine is None else identity(copy) == mine,
                    about.get("laptop"), code, name)


def _site_in(copy: Path, passphrase: str) -> tuple[str | None, str | None]:
    try:
        conn = cipher.connect(copy, cipher.key_for(copy, passphrase))
    except (WrongPassphrase, cipher.Error, OSError):
        return None, None
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?",
                           (settings.CURRENT_SITE.key,)).fetchone()
        site = conn.execute("SELECT code, name FROM site WHERE id = ?",
                            (json.loads(row[0]),)).fetchone() if row else None
    except (cipher.Error, ValueError):
        return None, None
    finally:
        conn.close()
    return (site[0], site[1]) if site else (None, None)
