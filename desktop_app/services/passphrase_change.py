"""Changing the site database's passphrase, e.g. when someone who knew it leaves the site.

The file and every copy of it VaxDesk made (backups in both places, files a restore moved
aside) are re-encrypted under the new passphrase (SQLCipher's rekey, one transaction per
file: a crash leaves each whole under one passphrase or the other). A copy the current
passphrase does not open (made before an earlier change) or that is not here (a backup
drive not plugged in) keeps its passphrase: the result names them, so the supervisor knows
what the old passphrase still opens.

Only while nothing else uses the database (``Database.change_key``): the app runs it between
two windows, the CLI as its one command.
"""

from __future__ import annotations

import hmac
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.clock import utc_now
from desktop_app.db import cipher, retired_keys, sealed_files, store
from desktop_app.db.database import Database
from desktop_app.db.errors import WrongPassphrase
from desktop_app.rules.demo import is_demo_path
from desktop_app.rules.messages import UserError, text
from desktop_app.rules.numbers import Count
from desktop_app.rules.passphrase import same_secret
from desktop_app.services import desk_draft, passphrase
from desktop_app.services.actor import SIGNED_OUT, SUPERVISORS, Actor, require
from desktop_app.services.backups import backup_folder, every_copy, unfinished_copies

# What a change has still to re-encrypt, beside the database while it does (sealed_files).
COPIES_LEFT_SUFFIX = "-copies-to-rekey"
_COPIES_LEFT = b"vaxdesk passphrase change copies left v1"


@dataclass(frozen=True)
class PassphraseChanged:
    copies_changed: int
    copies_kept: list[Path] = field(default_factory=list)  # still under an older passphrase
    folder_missing: Path | None = None  # the chosen backup folder, not there (a drive out)
    in_keyring: bool = False  # the keyring held the old one: it holds the new one now
    from_environment: bool = False  # VAXDESK_DB_PASSPHRASE still gives the old one
    unfinished_removed: int = 0  # copies an interrupted backup or restore left, deleted
    draft_removed: bool = False  # the desk's kept form could not be sealed anew: deleted

    def messages(self, lang: str) -> list[str]:
        """What the supervisor is told, the app and the CLI alike."""
        said = [text("PASSPHRASE_CHANGED", lang, copies=self.copies_changed)]
        if self.unfinished_removed:
            said.append(text("PASSPHRASE_UNFINISHED_REMOVED", lang,
                             count=self.unfinished_removed))
        if self.draft_removed:
            said.append(text("PASSPHRASE_DRAFT_REMOVED", lang))
        if self.copies_kept:
            said.append(text("PASSPHRASE_COPIES_KEPT", lang, count=len(self.copies_kept),
                             paths=", ".join(p.name for p in self.copies_kept)))
        if self.folder_missing is not None:
            said.append(text("PASSPHRASE_COPIES_ELSEWHERE", lang, folder=self.folder_missing))
        if self.in_keyring:
            said.append(text("PASSPHRASE_IN_KEYRING", lang))
        if self.from_environment:
            said.append(text("PASSPHRASE_ENV_STALE", lang))
        return said


def check_allowed(db: Database, *, actor: Actor) -> None:
    """Raise a UserError unless ``actor`` may change this file's passphrase at all: asked
    before any passphrase is, so a clerk is not made to type two for nothing."""
    require(actor, *SUPERVISORS)
    if is_demo_path(db.path):
        raise UserError("PASSPHRASE_CHANGE_DEMO")


def check_change(db: Database, current: str, new: str, again: str, *, actor: Actor) -> None:
    """Raise a UserError unless ``actor`` may change the passphrase, ``current`` is the
    file's and ``new`` is a passphrase to choose. Nothing is changed."""
    check_allowed(db, actor=actor)
    if not hmac.compare_digest(cipher.key_for(db.path, current).key, db.key.key):
        raise UserError("PASSPHRASE_CURRENT_WRONG")
    problems = passphrase.check_new_passphrase(new, again)
    if problems:
        raise UserError(problems[0].code, **problems[0].params)
    if same_secret(new, current):
        raise UserError("PASSPHRASE_UNCHANGED")


def change_passphrase(db: Database, current: str, new: str, again: str, *, actor: Actor
                      ) -> Generator[tuple[int, int], None, PassphraseChanged]:
    """Re-encrypt the database, then each copy; yields (files done, files in all)."""
    require(actor, *SUPERVISORS)
    check_change(db, current, new, again, actor=actor)
    copies = every_copy(db.path)
    total = 1 + len(copies)
    yield 0, total
    draft = desk_draft.read(db)  # sealed under the old key: read now, sealed anew below
    _rekey(db, cipher.derive_key(new, db.key.salt))
    in_keyring = passphrase.from_keyring(db.path) == current \
        and passphrase.remember_in_keyring(db.path, new)
    # Never finished, never restorable, yet readable with the old passphrase: deleted. One
    # a drive will not let go (write-protected) is named like a copy it could not change.
    removed, kept = 0, []
    for leftover in unfinished_copies(db.path):
        a_copy = not leftover.name.endswith(cipher.JOURNALS)  # its journals are not counted
        try:
            leftover.unlink(missing_ok=True)
        except OSError:
            kept += [leftover] if a_copy else []
            continue
        removed += a_copy
    draft_removed = draft is not None and not _seal_draft_again(db, draft, kept)
    # Audited now, the file changed: cut short while the copies are (a big drive, a flat
    # battery), its trail still says who changed the passphrase every opening needs, and when.
    _audit(db, {"copies_to_change": len(copies), "unfinished": removed}, actor)
    if copies:  # a stop from here on is finished at the next opening (``finish_stopped``)
        sealed_files.seal(_copies_left(db), db.key, _COPIES_LEFT, {
            "from": current, "to": new, "copies": [str(c) for c in copies]})
    changed = 0
    for done, copy in enumerate(copies, start=2):
        if _change_copy(copy, current, new):
            changed += 1
        else:
            kept.append(copy)
        yield done, total
    _copies_left(db).unlink(missing_ok=True)
    if copies or kept:  # what became of the copies, once they are done
        _audit(db, {"copies": changed, "kept": len(kept)}, actor)
    folder = backup_folder(db.path)
    return PassphraseChanged(changed, kept,
                             None if folder.is_dir() else folder, in_keyring,
                             passphrase.from_environment() == current, removed,
                             draft_removed)


def finish_stopped(db: Database, lang: str) -> str | None:
    """A change stopped while it re-encrypted the copies (a flat battery on a big USB
    drive), finished: the copies it had not reached still opened with the old passphrase
    (someone who left may know it), and a damaged file's restore named one, which the new
    passphrase then could not restore. What was done, in words; None if nothing was left.
    The record of what is left is sealed under the new key, so only the new passphrase
    reads the old one in it; audited as the laptop's own work (no one is logged in yet)."""
    left = sealed_files.unseal(_copies_left(db), db.key, _COPIES_LEFT)
    if left is None:
        return None
    changed = sum(_change_copy(Path(c), str(left["from"]), str(left["to"]))
                  for c in left.get("copies") or () if not _opens(Path(c), db.key))
    _copies_left(db).unlink(missing_ok=True)
    _audit(db, {"copies": changed, "finished_at_opening": 1}, SIGNED_OUT)
    return text("PASSPHRASE_COPIES_FINISHED", lang, n=Count(changed))


def stopped_with_copies_left(db: Database) -> bool:
    """A change stopped while it re-encrypted the copies: ``finish_stopped`` has work."""
    return _copies_left(db).is_file()


def _copies_left(db: Database) -> Path:
    return Path(f"{db.path}{COPIES_LEFT_SUFFIX}")


def _rekey(db: Database, new: cipher.FileKey) -> None:
    """Re-encrypt the database under ``new``, its old key recorded as retired first (so a
    crash from then on is known as such), and taken back if the file kept it (a full disk
    refused the rekey): the site goes on under it, and its backups must still restore. A
    crash before the rekey is taken back at the next opening (``open_database``)."""
    old = db.key
    retired_keys.retire(db.path, old)
    try:
        db.change_key(new)
    except BaseException:
        if _opens(db.path, old):
            retired_keys.unretire(db.path, old)
        raise


def _opens(path: Path, key: cipher.FileKey) -> bool:
    if not path.is_file():  # connecting would make an empty file in its place
        return False
    try:
        cipher.connect(path, key).close()
    except (WrongPassphrase, cipher.Error, OSError):
        return False
    return True


def _seal_draft_again(db: Database, draft: desk_draft.Draft, kept: list[Path]) -> bool:
    """The desk's kept form (names, ID numbers typed before a crash) sealed under the new
    key, so the clerk gets it back and the old passphrase no longer opens it; False if it
    could not be (a full disk): it is deleted then, as an unfinished copy is, or, where
    the drive will not let it go, named in ``kept``."""
    try:
        desk_draft.seal_again(db, draft)
        return True
    except OSError:
        try:
            desk_draft.drop(db)
        except OSError:
            kept.append(desk_draft.path_of(db))
        return False


def _audit(db: Database, details: dict[str, int], actor: Actor) -> None:
    with db.transaction() as s:
        s.add(store.audit_entry("passphrase", "file", db.path.name, details, utc_now(),
                                actor.user_id))


def _change_copy(copy: Path, current: str, new: str) -> bool:
    """Re-encrypt one copy under ``new``; False if it keeps its passphrase: ``current``
    does not open it, it is gone (rotated out meanwhile), or its drive refused the writes
    (full, read-only, pulled out: the rekey's one transaction left it as it was). A plain
    copy (from before encryption, which anyone could read) is encrypted under ``new``."""
    try:
        if not copy.is_file():  # connect() would make a new file
            return False
        if cipher.is_plain(copy):
            cipher.encrypt_plain_file(copy, cipher.key_for(copy, new))
            return True
        conn = cipher.connect(copy, cipher.key_for(copy, current), isolation_level=None)
    except (WrongPassphrase, cipher.Error, OSError):
        return False
    try:
        cipher.change_key(conn, cipher.key_for(copy, new))
    except (cipher.Error, OSError):
        return False
    finally:
        conn.close()
    return True
