"""The fuzz suite (issue #18): hostile input for the importer, the FHIR endpoints and the
verifier. CI runs it on a small budget; at length:

    VAXDESK_FUZZ=long .venv/bin/python -m pytest tests/fuzz

Each test asserts the outcome the issue asks for (a clear refusal or verdict, nothing half
written, bounded memory), never only "did not crash".
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Function-scoped fixtures (a database, a server) are set up once per test, not per example:
# every example must leave them as it found them, which the tests check.
_COMMON = {"deadline": None, "suppress_health_check": [HealthCheck.function_scoped_fixture,
                                                       HealthCheck.too_slow]}
settings.register_profile("ci", max_examples=60, **_COMMON)
settings.register_profile("long", max_examples=5000, **_COMMON)
settings.load_profile(os.environ.get("VAXDESK_FUZZ", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """At length a fuzz test runs for as long as its examples take, past the suite's
    per-test limit (``timeout`` in pyproject.toml)."""
    if os.environ.get("VAXDESK_FUZZ") == "long":
        here = Path(__file__).parent
        for item in items:
            if here in item.path.parents:
                item.add_marker(pytest.mark.timeout(0))
