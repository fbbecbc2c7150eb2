"""The examples in docstrings are tests too: a wrong example misleads the next reader."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _modules_with_examples() -> list[str]:
    found = []
    for package in ("desktop_app", "central_server"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if ">>> " in path.read_text(encoding="utf-8"):
                found.append(".".join(path.relative_to(ROOT).with_suffix("").parts))
    return found


@pytest.mark.parametrize("module", _modules_with_examples())
def test_the_examples_in_docstrings_hold(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    if result.attempted == 0:
        pytest.skip("its examples need a database and are marked +SKIP")
    assert result.failed == 0
