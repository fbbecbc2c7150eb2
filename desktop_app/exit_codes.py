"""Every exit code of the ``vaxdesk`` command, in one table: ``vaxdesk --help`` prints it
and ``tests/test_exit_codes.py`` holds the README's table to it.

A fault of the machine (db/faults.py) has a code of its own, so a script can tell "free some
disk space" from "close the other VaxDesk" without reading the message.
"""

from __future__ import annotations

from desktop_app.display_check import EXIT_NO_DISPLAY
from desktop_app.rules.messages import text
from desktop_app.services.database import Kind

DONE, NEEDS_A_PERSON, CANNOT_START, SYNC_STOPPED = 0, 1, 2, 3
NO_DISPLAY, AUDIT_TAMPERED = EXIT_NO_DISPLAY, 5
LOCKED, READ_ONLY, NO_PERMISSION, DISK_FULL, DAMAGED, DISK_ERROR = 6, 7, 8, 9, 10, 11
CRASHED = 12  # the app only: an unexpected error, shown and logged (ui/crash_hook.py)

FAULT_EXIT: dict[Kind, int] = {
    Kind.LOCKED: LOCKED, Kind.READ_ONLY: READ_ONLY, Kind.NO_PERMISSION: NO_PERMISSION,
    Kind.DISK_FULL: DISK_FULL, Kind.DAMAGED: DAMAGED, Kind.DISK_ERROR: DISK_ERROR,
}

# (code, the catalogue entry that says what it means)
TABLE: list[tuple[int, str]] = [
    (DONE, "EXIT_DONE"), (NEEDS_A_PERSON, "EXIT_NEEDS_A_PERSON"),
    (CANNOT_START, "EXIT_CANNOT_START"), (SYNC_STOPPED, "EXIT_SYNC_STOPPED"),
    (NO_DISPLAY, "EXIT_NO_DISPLAY"), (AUDIT_TAMPERED, "EXIT_AUDIT_TAMPERED"),
    (LOCKED, "EXIT_LOCKED"), (READ_ONLY, "EXIT_READ_ONLY"),
    (NO_PERMISSION, "EXIT_NO_PERMISSION"), (DISK_FULL, "EXIT_DISK_FULL"),
    (DAMAGED, "EXIT_DAMAGED"), (DISK_ERROR, "EXIT_DISK_ERROR"), (CRASHED, "EXIT_CRASHED"),
]


def help_epilog(lang: str) -> str:
    lines = [text("EXIT_CODES_HEADER", lang)]
    lines += [f"  {code:>2}  {text(entry, lang)}" for code, entry in TABLE]
    return "\n".join(lines)
