"""UI test isolation: every test starts with no translator installed (English source)."""

import pytest


@pytest.fixture(autouse=True)
def _reset_language(qapp):
    yield
    from desktop_app.ui.i18n import set_language

    set_language("en")
