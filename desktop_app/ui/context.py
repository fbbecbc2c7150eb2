"""What every screen is given: the database, the task runner, the language, and the one
signal that announces changes (each screen decides for itself whether to refresh)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop_app.rules.messages import text
from desktop_app.rules.problems import Problem
from desktop_app.services.actor import AT_THIS_LAPTOP, Actor
from desktop_app.services.database import Database
from desktop_app.ui.tasks import TaskRunner


class AppContext(QObject):
    # What changed: "doses", "people", "site", "sync", "defaults".
    data_changed = Signal(str)

    def __init__(self, db: Database, runner: TaskRunner, lang: str = "vi") -> None:
        super().__init__()
        self.db = db
        self.runner = runner
        self.lang = lang
        # Who is at the laptop: every write service is told (see services/actor.py).
        self.actor: Actor = AT_THIS_LAPTOP
        # The unlocked signing key, held in memory for this session only (see certificates).
        self.signer: object | None = None
        # The laptop's zone offset the clerk agreed to save doses by, though not Vietnam's
        # (clock.zone_off): the desk asks once a session, not at every save.
        self.zone_accepted: timedelta | None = None
        # Where a failed operation is shown: the app installs its error dialog; until then
        # (tests, the screen renderer) failures are logged.
        self.error_handler: Callable[[BaseException, QWidget | None], None] = _log_error
        # While the app is locked (the shell's lock), questions the end of work brings wait
        # here for the login (``ui/when_present.py``).
        self.locked = False
        self._waiting: list[Callable[[], None]] = []

    def when_present(self, put: Callable[[], None]) -> None:
        """``put`` now, or, while the app is locked, once someone has logged in."""
        if self.locked:
            self._waiting.append(put)
        else:
            put()

    def present(self) -> None:
        """Someone logged in at the lock: what waited is put to them, in the order it came."""
        self.locked = False
        waiting, self._waiting = self._waiting, []
        for put in waiting:
            put()

    def report_error(self, exc: BaseException, parent: QWidget | None = None) -> None:
        self.error_handler(exc, parent)

    def message(self, problem: Problem) -> str:
        return problem.message(self.lang)

    def text(self, code: str, /, **params: Any) -> str:
        """A sentence from the message catalogue, in the app's language."""
        return text(code, self.lang, **params)

    def product_name(self, code: str | None) -> str:
        """A vaccine's name in the app's language (its code if the catalogue lacks it)."""
        return self.db.catalogue.name_of(code, self.lang)


def _log_error(exc: BaseException, _parent: QWidget | None) -> None:
    logging.getLogger(__name__).error(
        "operation failed: %s\n%s", exc, getattr(exc, "__traceback_text__", ""))
