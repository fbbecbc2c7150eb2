"""The app's context as a supervisor in English, which several areas' tests open their screens
on (every test's language is reset in tests/conftest.py)."""

import pytest

from desktop_app.ui.context import AppContext
from desktop_app.ui.tasks import TaskRunner


@pytest.fixture
def boss_ctx(db, boss):
    """The app's context, in English, with the supervisor logged in; its work waited for."""
    context = AppContext(db, TaskRunner(), "en")
    context.actor = boss
    yield context
    context.runner.wait_idle()
