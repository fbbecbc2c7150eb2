"""Where a user's data lives: the platform's user-data folder (platformdirs), overridable.

``VAXDESK_DATA_DIR`` moves everything (tests, portable installs, a second site on one laptop).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

APP_NAME = "VaxDesk"
DB_FILENAME = "vaxdesk.db"


def data_dir() -> Path:
    override = os.environ.get("VAXDESK_DATA_DIR")
    return Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, False))


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` readable by this user only (0700 on POSIX); an existing folder the
    user chose (``--db``) is left as it is. Whatever comes first makes it so: the log
    started before the database once made the data folder 0755."""
    if folder.exists():
        return
    folder.mkdir(parents=True, mode=0o700)
    if os.name == "posix":
        folder.chmod(0o700)  # mkdir's mode is masked by the umask


def make_private_file(path: Path) -> None:
    """Only this user may read or write ``path`` (0600 on POSIX; a no-op on Windows, where
    the user profile folder is private already, and for a path that is not there)."""
    if os.name == "posix" and path.exists():
        path.chmod(0o600)


@contextmanager
def private_output(out: Path) -> Iterator[Path]:
    """A new, empty file beside ``out`` for a writer to fill, renamed to ``out`` when the
    block ends, removed if it fails: never a half-written file under the name asked for.

    The file is made 0600 by ``os.open`` itself, so no other user of the laptop can open it
    at any moment (a chmod after writing leaves a window, and a file left 0644 by a crash).
    Writers that truncate it in place keep that mode; one that makes the file anew is
    made private again before the rename. Exports of names and ID numbers go through here."""
    with private_part(out) as part:
        yield part
        publish(part, out)


@contextmanager
def private_part(out: Path) -> Iterator[Path]:
    """``private_output`` that leaves the rename to the caller (``publish``), for a file
    that may take its name only with something else: the police list only in the
    transaction that marks its people sent. The part is removed if the block fails or ends
    without publishing it."""
    part = out.with_name(out.name + ".part")
    part.unlink(missing_ok=True)  # a crash's leftover keeps its own mode: start afresh
    os.close(os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        yield part
    finally:
        part.unlink(missing_ok=True)


def publish(part: Path, out: Path) -> None:
    """A finished part under its name: private again (a writer that made it anew), then
    renamed in one step."""
    make_private_file(part)
    os.replace(part, out)


def with_type(path: Path, suffix: str) -> Path:
    """``path`` ending in ``suffix``, added rather than replacing another (the save dialog's
    and the CLI's ``--out``: "BC 11.2026" was written as "BC 11.xlsx").

    >>> with_type(Path("BC 11.2026"), ".xlsx").name, with_type(Path("a.XLSX"), ".xlsx").name
    ('BC 11.2026.xlsx', 'a.XLSX')
    """
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def workbook_path(typed: str) -> Path:
    """A workbook the command line was asked to write (``--out``, ``--fix-file``), as an
    argparse type: ``.xlsx`` added where the name does not end so, before the folder and
    the file are checked (``cli._check_outputs``). "ds.csv" was written as a workbook
    under that name, which the police's answer could not be imported back from. A folder
    is left as typed: the check says a file name is wanted after it.

    >>> workbook_path("ds.csv").name, workbook_path("ds.xlsx").name
    ('ds.csv.xlsx', 'ds.xlsx')
    """
    path = Path(typed)
    return path if path.is_dir() else with_type(path, ".xlsx")
