"""Fixtures the sync tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fault_proxy import FaultProxy


@pytest.fixture
def proxy(wired) -> Iterator[FaultProxy]:
    """A link between the laptop and the central server that can be slowed, cut or made to
    lose answers (tests/sync/test_plain_fhir.py has its own, in front of the plain server)."""
    p = FaultProxy(wired.server.port)
    yield p
    p.close()
