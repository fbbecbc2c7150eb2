"""UI test isolation: every test starts with no translator installed (English source); and
the app's context as a supervisor in English, which several areas' tests open their screens on."""

import pytest

from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner


@pytest.fixture(autouse=True)
def _reset_language(qapp):
    yield
    from desktop_app.ui.i18n import set_language

    set_language("en")


@pytest.fixture
def boss_ctx(db, boss):
    """The app's context, in English, with the supervisor logged in; its work waited for."""
    context = AppContext(db, TaskRunner(), "en")
    context.actor = boss
    yield context
    context.runner.wait_idle()
