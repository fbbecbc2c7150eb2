"""One VaxDesk per database file, whatever name the file is opened by.

A lock beside the path alone is beaten by a second name for the same file: a symlink (its
``.lock`` sits beside the link) or a hard link (another directory entry for the same inode,
possibly in another folder). So two OS locks are held, both freed by the OS if the process
dies:

- ``<real path>.lock``, symlinks resolved: it exists before the database does, and keeps
  holding while a new file is swapped in under the same name (restore, encryption of a plain
  file);
- ``<device>-<inode>.lock`` in a per-user folder, named by the file's identity: every hard
  link has the same one, wherever it lives. Taken once the file exists (``hold_identity``).

The OS gives a deleted file's inode number to the next new file, so an identity lock can
outlive its file: a process whose file was deleted or swapped (encrypted in place, restored)
would hold the number a new, unrelated database now has, and that database would be refused
as "already open". So the holder names the path it opened in ``<device>-<inode>.holder``;
a contender is refused only if that path still leads to this very file. Its one gap: an
open database moved to another name by hand, then opened by that name, is let through (the
old path no longer leads anywhere); SQLite's own locks still keep the file consistent then.

We never lock the database file itself: SQLite's own POSIX locks on it are dropped by the
kernel when *any* descriptor of the process on that file closes, and Windows' locks are
mandatory, so a lock of ours there would fight SQLite's.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import platformdirs
from filelock import FileLock, Timeout

from desktop_app.db.errors import DatabaseLocked
from desktop_app.paths import make_private_file

PRIVATE = 0o600  # every file in the data folder is the user's alone, as the database is


def identity_folder() -> Path:
    """Where identity locks live: per user (the database file is readable by its owner
    only, so no other account can open it), and not moved by VAXDESK_DATA_DIR, which a
    second process may set differently."""
    return platformdirs.user_cache_path("VaxDesk", appauthor=False) / "locks"


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.real = Path(os.path.realpath(self.path))
        self._beside = FileLock(f"{self.real}.lock", mode=PRIVATE, is_singleton=False)
        self._identity: FileLock | None = None
        self._identity_of: tuple[int, int] | None = None
        self._holder: Path | None = None

    @property
    def files(self) -> list[Path]:
        return [Path(self._beside.lock_file)]

    def acquire(self) -> InstanceLock:
        """Take both locks (the identity one if the file exists), or raise DatabaseLocked
        holding neither. OSError (a read-only folder, no permission) passes through."""
        try:
            self._beside.acquire(timeout=0)
        except Timeout:
            raise DatabaseLocked(self.path) from None
        try:
            self.hold_identity()
        except BaseException:
            self._beside.release()
            raise
        return self

    def hold_identity(self) -> None:
        """Lock the identity of the file now at the path (after it was created or swapped);
        DatabaseLocked if another process holds it through another name."""
        try:
            st = os.stat(self.real)
        except FileNotFoundError:
            return  # nothing can be linked to a file that does not exist yet
        identity = (st.st_dev, st.st_ino)
        if identity == self._identity_of:
            return
        folder = identity_folder()
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError:
            # No writable per-user folder (a locked-down profile): the lock beside the real
            # path still stops the same name and any symlink; only a hard link gets through.
            return
        name = f"{identity[0]:x}-{identity[1]:x}"
        lock = FileLock(folder / f"{name}.lock", mode=PRIVATE, is_singleton=False)
        holder = folder / f"{name}.holder"
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if _holds_this_file(holder, identity):
                raise DatabaseLocked(self.path) from None
            # Held for an earlier file that had this number: the beside lock alone guards.
            lock = None
        self._drop_identity()
        self._identity_of = identity
        if lock is not None:
            self._identity, self._holder = lock, holder
            _name_holder(holder, self.real)

    def _drop_identity(self) -> None:
        if self._identity is not None:
            with contextlib.suppress(OSError):  # removed while ours: no one reads it stale
                self._holder.unlink(missing_ok=True)
            self._identity.release()
        self._identity, self._identity_of, self._holder = None, None, None

    def release(self) -> None:
        self._drop_identity()
        self._beside.release()


def _name_holder(holder: Path, real: Path) -> None:
    """Write which path this process opened, whole or not at all (a contender may read it)."""
    part = holder.with_name(f"{holder.name}.{os.getpid()}")
    with contextlib.suppress(OSError):  # without it, contenders treat the lock as held
        part.write_text(str(real), encoding="utf-8")
        make_private_file(part)
        os.replace(part, holder)


def _holds_this_file(holder: Path, identity: tuple[int, int]) -> bool:
    """Whether the process holding an identity lock has this very file open: the path it
    named must still lead to this identity. No name yet counts as held (a holder that has
    just locked names its path next; an older VaxDesk never does); a name leading elsewhere
    is read again a moment later, in case a new holder is about to replace it."""
    for attempt in range(2):
        try:
            named = holder.read_text(encoding="utf-8")
        except OSError:
            return True
        try:
            st = os.stat(named)
            if (st.st_dev, st.st_ino) == identity:
                return True
        except (OSError, ValueError):
            pass
        if attempt == 0:
            time.sleep(0.1)
    return False
