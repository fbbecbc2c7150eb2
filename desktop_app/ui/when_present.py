"""The one way a question that the end of work brings is put: to a person at the laptop,
under their own role.

Work goes on behind the lock (``ui/idle_lock.py``), and its end may ask something: an
import's corrections of people already recorded, an undo's plan, the police list's
export, a save's warnings. Asked at once, the question opened over the login with the
names it is about, for a passer-by to answer in the name of the person who had left. While
the app is locked it now waits for the login, then is put to whoever logged in, as the
work they find: under their own role (one that may not answer it is told so, and nothing
is done). A question of a window that closed at that login (another person logged in, and
``Curtain.lift_for_another`` closed what the one before had open) is not put at all.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtWidgets import QWidget

from desktop_app.services.actor import Role, refusal
from desktop_app.ui.context import AppContext
from desktop_app.ui.dialogs import show_notice


def ask_when_present(ctx: AppContext, parent: QWidget, ask: Callable[[], object], *,
                     roles: tuple[Role, ...] = (), title: str = "",
                     refused: Callable[[], object] = lambda: None) -> None:
    """``ask()`` now, or, while the app is locked, once someone logged in, if ``parent``'s
    window is still open. ``roles``: who may answer; anyone else who logged in meanwhile
    is told why not, under ``title`` (the question's), and ``refused()`` runs instead. (A
    dialog's question needs none: another person's login closed the dialog.)"""
    if not ctx.locked:
        ask()
        return

    def put() -> None:
        if not shiboken6.isValid(parent) or not parent.window().isVisible():
            return  # closed at the login: what it asked was the one before's
        if roles and ctx.actor.role not in roles:
            show_notice(parent, title, ctx.text(
                "LOCKED_QUESTION_REFUSED", question=title,
                refused=refusal(ctx.actor, *roles).message(ctx.lang)))
            refused()
            return
        ask()

    ctx.when_present(put)
