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

We never lock the database file itself: SQLite's own POSIX locks on it are dropped by the
kernel when *any* descriptor of the process on that file closes, and Windows' locks are
mandatory, so a lock of ours there would fight SQLite's.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
from filelock import FileLock, Timeout

from desktop_app.db.errors import DatabaseLocked


def identity_folder() -> Path:
    """Where identity locks live: per user (the database file is readable by its owner
    only, so no other account can open it), and not moved by VAXDESK_DATA_DIR, which a
    second process may set differently."""
    return platformdirs.user_cache_path("VaxDesk", appauthor=False) / "locks"


class InstanceLock:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.real = Path(os.path.realpath(self.path))
        self._beside = FileLock(f"{self.real}.lock", is_singleton=False)
        self._identity: FileLock | None = None
        self._identity_of: tuple[int, int] | None = None

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
        lock = FileLock(folder / f"{identity[0]:x}-{identity[1]:x}.lock", is_singleton=False)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise DatabaseLocked(self.path) from None
        if self._identity is not None:
            self._identity.release()
        self._identity, self._identity_of = lock, identity

    def release(self) -> None:
        if self._identity is not None:
            self._identity.release()
            self._identity, self._identity_of = None, None
        self._beside.release()
