"""The app's log file: ``vaxdesk.log`` beside the site database, where the messages that say
"details in the app's log" (a sync stopped by an unexpected answer, an operation that
failed) put their details, and where the crash dialog writes its traceback.

The app's own loggers (``desktop_app.*``) write there from ``INFO`` up; other libraries'
chatter stays out. Rotated at 1 MB, three old files kept: a laptop syncing a bad server
for a month does not fill its disk. Nothing here may stop the app: a folder that cannot
be written leaves the log unset (the crash dialog then tries the temp folder).
"""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

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
        folder.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=KEPT,
                                      encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter(_FORMAT))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return path
