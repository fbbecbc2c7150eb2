"""The Complaints area opened on real widgets, as the complaints screen's tests use it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from desktop_app.ui.complaints.complaints_screen import ComplaintsScreen
from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.tasks import TaskRunner


@contextmanager
def complaints_screens(qtbot, db, actor, *, rows: int | None = None,  # noqa: ANN001
                       errors: list | None = None
                       ) -> Iterator[Callable[..., ComplaintsScreen]]:
    """``open(who=actor, lang="en")``: the area in ``lang`` (its Qt words too), shown at
    1200x600, active and loaded with ``rows`` complaints (any, when None); what it reports
    as an error lands in ``errors`` when given. On leaving, a dialog still open is closed
    and each screen's work is waited for."""
    made: list[ComplaintsScreen] = []

    def open_screen(who=actor, lang: str = "en") -> ComplaintsScreen:  # noqa: ANN001
        set_language(lang)
        ctx = AppContext(db, TaskRunner(), lang)
        ctx.actor = who
        if errors is not None:
            ctx.error_handler = lambda exc, _parent: errors.append(exc)
        screen = ComplaintsScreen(ctx)
        qtbot.addWidget(screen)
        screen.resize(1200, 600)
        screen.show()
        screen.activate()
        qtbot.waitUntil(lambda: screen.model.rowCount() == rows if rows is not None
                        else screen.model.rowCount() > 0)
        made.append(screen)
        return screen

    try:
        yield open_screen
    finally:
        for screen in made:
            if screen.dialog is not None:  # closed unasked: what a test typed is no one's
                screen.dialog.done(0)
            screen.ctx.runner.wait_idle()


def choose(screen: ComplaintsScreen, code: str) -> None:
    """Select the complaint ``code`` in the list, as a click on its row does."""
    screen.table.setCurrentIndex(screen.model.index(screen.model.row_of(code), 0))


def open_add_dose(qtbot, screen, code: str):  # noqa: ANN001, ANN201
    """The complaint ``code`` chosen and its add-dose form open: the form."""
    from desktop_app.ui.complaints.resolve_forms import AddDoseDialog

    choose(screen, code)
    screen.add_dose_button.click()
    qtbot.waitUntil(lambda: isinstance(screen.dialog, AddDoseDialog))
    return screen.dialog.form


def save_dose(qtbot, form, product: str) -> None:  # noqa: ANN001
    """``product`` chosen, a lot typed, Save: the note the citizen will read is asked."""
    form.product.setCurrentIndex(form.product.findData(product))
    form.lot_number.setText("FK2")
    form.save()
    qtbot.waitUntil(lambda: form.note_dialog is not None and form.note_dialog.isVisible())


def fill_hotline(dialog, id_number: str) -> None:  # noqa: ANN001
    """The hotline form filled for Phạm Thị Lan, a complaint of wrong details."""
    from datetime import date

    from desktop_app.wire import complaints as wire

    dialog.id_number.setText(id_number)
    dialog.full_name.setText("Phạm Thị Lan")
    dialog.dob.set_value(date(1985, 3, 12))
    dialog.kind.setCurrentIndex(dialog.kind.findData(wire.DETAILS_WRONG))
