"""The Data cleaning area opened on real widgets, as the cleaning screen's tests use it."""

from __future__ import annotations

from desktop_app.ui.cleaning.cleaning_screen import CleaningScreen
from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner


def open_cleaning_screen(qtbot, db, actor, errors: list) -> CleaningScreen:  # noqa: ANN001
    """The screen in English, active (its shortcuts reach it) and loaded; what it reports as
    an error lands in ``errors``. The caller closes any dialog left and waits the runner."""
    ctx = AppContext(db, TaskRunner(), "en")
    ctx.actor = actor
    ctx.error_handler = lambda exc, _parent: errors.append(exc)
    screen = CleaningScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1200, 600)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)  # shortcuts go to the active window
    screen.activate()
    qtbot.waitUntil(lambda: screen.work is not None and not screen.loading)
    return screen
