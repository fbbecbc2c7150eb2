"""The app's log file: ``vaxdesk.log`` beside the site database, where the messages that say
"details in the app's log" (a sync stopped by an unexpected answer, an operation that
failed) put their details, and where the crash dialog and the
command line write the traceback of an error nothing caught.

The app's own loggers (``desktop_app.*``) write there from ``INFO`` up; other libraries'
chatter stays out. Rotated at 1 MB, three old files kept: a laptop syncing a bad server
for a month does not fill its disk. Nothing here may stop the app: a folder that cannot
be written leaves the log unset (the crash dialog then tries a folder of this user's in the
temp folder). The log names people now and then (a failed operation's detail), so its files
are the user's alone (0600), as the database is, wherever the database was put.
"""

from __future__ import annotations

import logging
import os
import tempfile
import traceback
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import IO

from desktop_app.paths import make_private_file, make_private_folder
from desktop_app.rules.messages import text

LOG_NAME = "vaxdesk.log"
MAX_BYTES = 1_000_000
KEPT = 3
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def start(folder: Path) -> Path | None:
    """Send the app's log to ``folder``/vaxdesk.log (once a process; the path, or None)."""
    logger = logging.getLogger("desktop_app")
    path = folder / LOG_NAME
    for handler in logger.handlers:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    try:
        make_private_folder(folder)
        handler = _PrivateLog(path, maxBytes=MAX_BYTES, backupCount=KEPT, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path


def open_private(path: Path) -> IO[str]:
    """``path`` opened to append, made (or left) readable by this user alone."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    make_private_file(path)  # a log made before as 0644
    return os.fdopen(fd, "a", encoding="utf-8")


def private_temp_folder() -> Path | None:
    """A folder of this user's in the temp folder (made 0700), or None when another user
    holds the name: /tmp is shared, and a log left there was anyone's to read."""
    folder = Path(tempfile.gettempdir()) / f"vaxdesk-{_login_id()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
            return None
    except OSError:
        return None
    return folder


def _login_id() -> str:
    return str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "user")


class _PrivateLog(RotatingFileHandler):
    """Each file it opens, the rotated ones included, is made 0600."""

    def _open(self) -> IO[str]:  # logging's own hook for opening its file
        return open_private(Path(self.baseFilename))


def write_log(folder: Path, exc: BaseException) -> Path | None:
    """Append the traceback to the log in ``folder`` (else a folder of this user's in the
    temp folder); where it went."""
    entry = (f"--- {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n"
             + "".join(traceback.format_exception(exc)))
    for place in (folder, private_temp_folder()):
        if place is None:
            continue
        try:
            with open_private(place / LOG_NAME) as log:
                log.write(entry)
            return place / LOG_NAME
        except OSError:
            continue
    return None


def crash_text(exc: BaseException, log: Path | None, lang: str) -> str:
    """What the person reads of an error nothing else caught: the crash dialog's text, and
    ``vaxdesk``'s last sentence before it exits 12."""
    detail = f"{type(exc).__name__}: {exc}"
    return text("CRASH_LOGGED", lang, detail=detail, log=log) if log \
        else text("CRASH_NOT_LOGGED", lang, detail=detail)
