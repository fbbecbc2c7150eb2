"""A real headless Chromium (Debian's ``chromium`` package) driven by Playwright, for the
central platform's web pages. ``page`` is a fresh tab in a fresh context (no cookies kept
between tests); ``shot(page, name)`` saves a screenshot under ``$VAXDESK_SHOTS`` (default:
the test's tmp folder) for a person to look at.

Playwright's own browser downloads are not used: the machine has no network beyond the
package registries, and Debian's Chromium is what the CI installs.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps trying Google's hosts, which this
# closed network refuses; --no-sandbox because CI runs as root.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium package is needed for the web page tests "
                    "(apt-get install chromium; .ci/run installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def shot(tmp_path: Path):  # noqa: ANN201
    folder = Path(os.environ.get("VAXDESK_SHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)

    def take(tab, name: str) -> Path:  # noqa: ANN001
        path = folder / f"{name}.png"
        tab.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def downloaded(tmp_path: Path):  # noqa: ANN201
    """The rows of the table in the .xlsx a click on ``link`` downloads, from its header
    down (the lines above it left out: ``dashboard_world.table_rows``)."""
    from tests.central.dashboard_world import table_rows

    def rows(tab, link: str) -> list[list[object]]:  # noqa: ANN001
        with tab.expect_download() as download:
            tab.locator(link).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        return table_rows(saved.read_bytes())

    return rows
