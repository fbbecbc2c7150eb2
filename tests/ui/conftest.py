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


def shown_shell(qtbot, db, lang: str = "en"):  # noqa: ANN001, ANN201
    """The app as started (``Shell``), the test supervisor logged in, its window shown; a
    generator for a fixture to yield from: its work is waited for at the end."""
    from PySide6.QtWidgets import QApplication

    from desktop_app.services import accounts
    from desktop_app.ui.app import Shell
    from tests.keys import TEST_PASSWORD, TEST_USER

    shell = Shell(QApplication.instance(), db, lang, accounts.login(db, TEST_USER, TEST_PASSWORD))
    shell.show_window()
    qtbot.addWidget(shell.window)
    yield shell
    shell.ctx.runner.wait_idle()
