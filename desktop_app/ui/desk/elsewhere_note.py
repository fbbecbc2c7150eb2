"""Under the person's card at the desk: the other sites' doses asked about again.

A person opened with doses of other sites on their card (or brought from the central
platform) is asked about again in the background (``services/lookup_refresh.py``, on the
network worker; the desk never waits, and nothing is asked within a few minutes of the
last answer). What the answer changes reaches the card at once (``data_changed``: the card
and the dose form's checks follow, as after any change) and is said here, with the
certificates printed before that it revoked. The platform unreachable, refusing or over its
hourly limit: the card stays as it was, and this line says, in the desk's language, when the
other sites' doses were last confirmed (local time).
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel

from desktop_app.clock import local_time
from desktop_app.services.desk import DeskPerson
from desktop_app.services.lookup import LookupsLimited, NoIdSearch, lookup_refusal
from desktop_app.services.lookup_refresh import Refresh, refresh_person
from desktop_app.ui.context import AppContext
from desktop_app.ui.operations import Op
from desktop_app.ui.tasks import Job
from desktop_app.ui.widgets.tones import DONE_STYLE, WARNING_STYLE

ASKING_AFTER_MS = 400  # a quick answer never flashes "asking…"

log = logging.getLogger(__name__)


def last_confirmed(ctx: AppContext, confirmed_at: datetime | None, *,
                   codes: tuple[str, str] = ("ELSEWHERE_LAST_CONFIRMED",
                                             "ELSEWHERE_NEVER_CONFIRMED")) -> str:
    """When the platform last confirmed the other sites' doses, in the desk's words:
    ``codes``: the sentence with the moment, and the one for never."""
    if confirmed_at is None:
        return ctx.text(codes[1])
    return ctx.text(codes[0], at=local_time(confirmed_at))


def updated_text(ctx: AppContext, refresh: Refresh) -> str:
    said = ctx.text("ELSEWHERE_UPDATED", brought=refresh.brought, dropped=refresh.dropped,
                    updated=refresh.updated)
    if refresh.revoked:
        said += ctx.text("ELSEWHERE_REVOKED", count=refresh.revoked)
    return said


class ElsewhereNote(QLabel):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)  # it quotes nothing typed, all the same
        self.person: DeskPerson | None = None
        self.job: Job | None = None
        self._paused_until = 0.0  # monotonic: the platform's hourly limit said to wait
        self.clear_note()

    # -- what the desk calls -----------------------------------------------------------------
    def check(self, person: DeskPerson) -> None:
        """Ask the platform again about the person just opened, if they hold anything of
        other sites (the same person opened again asks again: the service says whether it
        answered recently enough)."""
        self.clear_note()
        self.person = person
        if not person.from_elsewhere or lookup_refusal(self.ctx.actor) is not None:
            return
        if time.monotonic() < self._paused_until:
            self._say(last_confirmed(self.ctx, person.elsewhere_confirmed_at))
            return
        person_id, actor = person.id, self.ctx.actor
        op = Op.ask(self.ctx, self, lambda db, token: refresh_person(
            db, person_id, actor=actor, cancel=token))
        job = op.job
        op.done(lambda refresh: self._answered(job, refresh)) \
            .failed(lambda exc: self._failed(job, exc))
        self.job = op.run()
        QTimer.singleShot(ASKING_AFTER_MS, self, lambda: self.job is job and self._say(
            self.tr("Asking the central platform again about the doses of other sites…")))

    def clear_note(self) -> None:
        """Nobody open (or another person): an answer still on its way is not wanted."""
        if self.job is not None:
            self.job.cancel()
        self.job = None
        self.person = None
        self.clear()
        self.hide()

    # -- the answer -------------------------------------------------------------------------
    def _say(self, text: str, style: str = WARNING_STYLE) -> None:
        self.setStyleSheet(style)
        self.setText(text)
        self.show()

    def _answered(self, job: Job, refresh: Refresh) -> None:
        if job is not self.job:
            return
        self.job = None
        if refresh.changed:
            self._say(updated_text(self.ctx, refresh), DONE_STYLE)
            self.ctx.data_changed.emit("people")  # the card and the checks follow
        elif refresh.nobody and self.person is not None:
            self._say(last_confirmed(self.ctx, refresh.confirmed_at))
        else:
            self.clear()
            self.hide()
        if refresh.settled:
            self.ctx.data_changed.emit("cleaning")  # the worklist's flags closed

    def _failed(self, job: Job, exc: BaseException) -> None:
        if job is not self.job:
            return
        self.job = None
        # A refused token or a broken answer is the sync screen's to show; here only when
        # the doses were last confirmed, as when offline.
        log.info("asking the central platform again failed: %s", exc)
        if isinstance(exc, LookupsLimited):
            minutes = int(exc.params.get("minutes", 1))
            self._paused_until = time.monotonic() + 60 * minutes
        if self.person is None:
            return
        said = last_confirmed(self.ctx, self.person.elsewhere_confirmed_at)
        # When the platform takes lookups again; or that it cannot search by citizen ID.
        if isinstance(exc, (LookupsLimited, NoIdSearch)):
            said += " " + exc.message(self.ctx.lang)
        self._say(said)
