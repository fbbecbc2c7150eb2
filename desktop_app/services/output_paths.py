"""Whether a command can write the file it was asked for, checked before it does any work.

An import that stored every row and only then found that its report's folder was missing
ended in a traceback: no summary, no rejected rows handed back, and a second run found every
row a duplicate. A file goes through ``paths.private_output`` as ``NAME.part`` beside it, so
what must hold is that its folder is there and takes a new file now.

    check_output(Path("/media/usb/bao-cao.json"))  # UserError if it cannot be written

Nor may it be a file the command reads: ``vaxdesk import so-lieu.xlsx --fix-file
so-lieu.xlsx`` (the name typed twice) replaced the province's sheet with its few rows to fix.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from pathlib import Path

from desktop_app.rules.messages import UserError


def check_output(out: Path, reads: Iterable[Path] = ()) -> None:
    """Refuse, in words naming the file and its folder, an output that cannot be written:
    a folder that is not there (or is a file), a folder that takes no file (read-only,
    no permission, a drive pulled out), a name that is a folder itself, or one of the
    files the command ``reads`` (by any name: a link, another spelling of its path)."""
    folder = out.parent  # "." for a bare file name
    if out.is_dir():
        raise UserError("OUTPUT_IS_FOLDER", path=out)
    if out.exists() and any(read.exists() and out.samefile(read) for read in reads):
        raise UserError("OUTPUT_IS_INPUT", path=out)
    if not folder.is_dir():
        raise UserError("OUTPUT_FOLDER_MISSING", path=out, folder=folder)
    try:
        # A file made and gone at once (no name left behind on POSIX), as the writer's own
        # part file will be made: the folder's permission and the drive's switch both count.
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as exc:
        raise UserError("OUTPUT_FOLDER_UNWRITABLE", path=out, folder=folder,
                        detail=exc.strerror or str(exc)) from None
