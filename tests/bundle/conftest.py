"""The bundle under test: built once by scripts/build_bundle.py into a cache folder, and
reused while nothing it is built from has changed (a build takes minutes on 2 cores).

    .venv/bin/pip install -e '.[build]' && .venv/bin/python -m pytest -m bundle tests/bundle

``VAXDESK_BUNDLE_CACHE`` moves the cache (default: vaxdesk-bundle-cache in the temp folder).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import pytest


def needs(condition: bool, why: str) -> None:
    """In CI a missing tool fails the test, as in tests/test_display.py; locally it skips."""
    if not condition:
        if os.environ.get("CI"):
            pytest.fail(f"CI must provide this: {why}")
        pytest.skip(why)


@pytest.fixture(scope="session")
def bundle() -> Path:
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        needs(False, "PyInstaller (pip install -e '.[build]')")
    from scripts.build_bundle import build, folder_size

    cache = Path(os.environ.get("VAXDESK_BUNDLE_CACHE")
                 or Path(tempfile.gettempdir()) / "vaxdesk-bundle-cache")
    folder, seconds = build(cache / "dist", cache / "work", reuse=True)
    took = "reused" if seconds is None else f"built in {seconds:.0f} s"
    print(f"\nbundle {folder}: {folder_size(folder) / 1e6:.1f} MB, {took}, load average "
          f"{os.getloadavg()[0]:.1f}", file=sys.stderr)
    return folder


def exe(bundle: Path, name: str) -> str:
    return str(bundle / (name + ".exe" if sys.platform == "win32" else name))
