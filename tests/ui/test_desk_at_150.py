"""The desk on a 1024×600 netbook at 150 % display scaling, where Qt lays the window out in
683×400 (tests/ui/test_screen_scaling.py): smaller than the scaled sizes every area is
checked at (``SCALED`` in tests/ui/test_screen_sizes.py). With a person picked or the
new-person form open, the Save button and the observation list were below the window's
bottom with no way to scroll to them; the window could not even be made that small.

Every visible control must lie in the window, or in a scroll area that scrolls to it. The
PNGs are saved as there (``save``) to be looked at.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize

from desktop_app.ui.context import AppContext
from desktop_app.ui.i18n import set_language
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.tasks import TaskRunner
from tests.ui.test_screen_sizes import desk_data, visit_desk  # noqa: F401 - a fixture

NETBOOK_AT_150 = QSize(683, 400)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_desk_fits_a_netbook_at_150_percent(qtbot, db, request, tmp_path, lang):
    request.getfixturevalue("desk_data")  # a person with a dose today, under observation
    set_language(lang)
    ctx = AppContext(db, TaskRunner(), lang)
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.resize(NETBOOK_AT_150)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    # A window whose least size is larger stays larger: ``fits`` says by how much.
    problems = visit_desk(qtbot, ctx, window, NETBOOK_AT_150, tmp_path, f"683x400-{lang}")
    assert {k: v for k, v in problems.items() if v} == {}
    assert window.size() == NETBOOK_AT_150


def test_a_short_window_scrolls_the_desk_to_the_entry(qtbot, db, request):
    """The desk taller than the window: a person picked brings their card, the dose and
    Save into view, and the search comes back into view with Esc."""
    request.getfixturevalue("desk_data")
    ctx = AppContext(db, TaskRunner(), "vi")
    window = MainWindow(ctx, auto_sync=False)
    qtbot.addWidget(window)
    window.resize(NETBOOK_AT_150)
    window.show()
    desk = window.areas["record"]
    desk.search.box.setText("nguyen thi nh")
    qtbot.waitUntil(lambda: desk.search.model.rowCount() > 0)
    desk.search.pick_current()
    qtbot.waitUntil(lambda: desk.person is not None)
    page = desk.page_scroll
    assert page.verticalScrollBar().maximum() > 0  # the desk does scroll at this size

    def in_view(widget) -> bool:
        top = widget.mapTo(page.viewport(), widget.rect().topLeft()).y()
        return top >= 0 and top + widget.height() <= page.viewport().height()

    qtbot.waitUntil(lambda: in_view(desk.save_button) and in_view(desk.person_card))
    desk.back_to_search()
    qtbot.waitUntil(lambda: in_view(desk.search.box))
