"""Printing that may end in a file ("Print to file (PDF)" in Qt's print dialog), kept as
private as a saved one.

Qt writes such a file itself, with the session's umask: 0644 on a usual desktop, so every
account of the laptop could read the citizen's name, ID number and doses it carries. The
printer is pointed at a part made 0600 (``paths.private_part``), renamed to the file asked
for once painted; a paint that fails leaves no file. A printer with no file name (the
spooler has the pages) is left as it is. Windows' "Microsoft Print to PDF" is a driver that
asks for its own file: Qt never sees the name, and the user's profile is private already."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtPrintSupport import QPrinter

from desktop_app.paths import private_part, publish


def print_privately(printer: QPrinter, paint: Callable[[QPrinter], bool]) -> bool:
    """``paint(printer)``, a file it makes 0600 from the start and under its name only when
    ``paint`` says it printed (True, returned)."""
    asked = printer.outputFileName()
    if not asked:
        return paint(printer)
    out = Path(asked)
    try:
        with private_part(out) as part:
            # ".part" is not ".pdf": Qt keeps the output format it was given.
            printer.setOutputFileName(str(part))
            done = paint(printer)
            if done:
                publish(part, out)
            return done
    finally:
        printer.setOutputFileName(asked)  # a second print goes where the user chose
