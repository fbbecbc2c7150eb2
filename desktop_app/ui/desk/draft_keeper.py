"""The desk's form kept a moment after each edit (``services/desk_draft``), given back at the
next start when the app stopped mid-visit (a laptop out of power, the app killed), and
dropped once the visit is saved or given up. Keeping it never holds the clerk up: written
on the database's writer, after the saves asked before it, and a failure to keep it is
not the clerk's to handle (the form is still on screen)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from desktop_app.services import desk_draft
from desktop_app.services.desk_draft import Draft
from desktop_app.ui.operations import Op
from desktop_app.ui.widgets.form_state import state_of
from desktop_app.ui.widgets.stale_message import clear_on_edit

if TYPE_CHECKING:
    from desktop_app.ui.desk.record_screen import RecordScreen

KEEP_AFTER_MS = 1500  # a pause in typing; a power cut loses at most what came after it


class DraftKeeper(QObject):
    def __init__(self, screen: RecordScreen) -> None:
        super().__init__(screen)
        self.screen = screen
        self.kept = False  # a draft may be on disk: dropped with the visit
        self.timer = QTimer(self, singleShot=True, interval=KEEP_AFTER_MS)
        self.timer.timeout.connect(self.keep)
        clear_on_edit([screen.entry], self.edited)

    def edited(self) -> None:
        self.timer.start()

    def keep(self) -> None:
        screen = self.screen
        if screen.entry.isHidden() or screen.saving() or not screen.records():
            return
        ctx, person = screen.ctx, screen.person
        person_id = person.id if person else None
        typed = {} if person_id else state_of(screen.person_form.fields())
        dose = state_of(screen.dose_form.fields())
        actor = ctx.actor
        self.kept = True
        Op.write(ctx, screen, lambda db: desk_draft.keep(db, person_id, typed, dose,
                                                         actor=actor)) \
            .failed(lambda _exc: None).run()

    def drop(self) -> None:
        self.timer.stop()
        if self.kept:
            self.kept = False
            Op.write(self.screen.ctx, self.screen, desk_draft.drop) \
                .failed(lambda _exc: None).run()

    def give_back(self) -> None:
        """At the start: the form kept, if there is one, opened again on the desk."""
        Op.read(self.screen.ctx, self.screen, desk_draft.read).done(self._given) \
            .failed(lambda _exc: None).run()

    def _given(self, draft: Draft | None) -> None:
        if draft is None:
            return
        self.kept = True  # it stays on disk until this visit is saved or given up
        self.screen.take_back(draft)
