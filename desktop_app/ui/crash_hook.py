"""The last net under the app: an exception nothing caught becomes a dialog and a log file.

The bundled app is built without a console (``console=False``), so a traceback printed to
stderr is seen by nobody and the window simply vanishes. Installed by ``run_app`` for its
lifetime: the person reads a short sentence (a fault's own, e.g. "the disk is full"), and
the traceback goes to the app's log (``app_log.LOG_NAME``, beside the database) for support
(the temp folder if that folder cannot be written, which may be the very fault).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from desktop_app import app_log
from desktop_app.rules.messages import text
from desktop_app.services.database import classify
from desktop_app.ui.dialogs import show_fault

LOG_NAME = app_log.LOG_NAME  # one log: the app's, where its messages send people


def explain(exc: BaseException, db_path: Path, lang: str) -> tuple[str, str]:
    """The dialog's title and text for an exception nothing else caught; logs it."""
    log = app_log.write_log(db_path.parent, exc)
    fault = classify(exc, db_path)
    if fault is not None:
        return fault.title(lang), fault.message(lang)
    return text("CRASH_TITLE", lang), app_log.crash_text(exc, log, lang)


@contextmanager
def crash_dialogs(db_path: Path, lang: Callable[[], str]) -> Iterator[None]:
    """While inside: uncaught exceptions (in Qt's slots too) are shown and logged."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if not isinstance(exc, Exception):  # KeyboardInterrupt, SystemExit: as Python does
            previous(kind, exc, tb)
            return
        title, message = explain(exc.with_traceback(tb), db_path, lang())
        print(message, file=sys.stderr)  # a console, where there is one, says it too
        if QApplication.instance() is not None:
            show_fault(None, title, message)

    sys.excepthook = hook
    try:
        yield
    finally:
        sys.excepthook = previous
