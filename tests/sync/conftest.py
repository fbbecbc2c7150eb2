"""Fixtures the sync tests share."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.fault_proxy import FaultProxy
from tests.plain_fhir.live import PlainServer
from tests.sync.restoring import Restoring


@pytest.fixture
def proxy(wired) -> Iterator[FaultProxy]:
    """A link between the laptop and the central server that can be slowed, cut or made to
    lose answers (tests/sync/test_plain_fhir.py has its own, in front of the plain server)."""
    p = FaultProxy(wired.server.port)
    yield p
    p.close()


@pytest.fixture(params=["plain", "vaxdesk"])
def restoring(request, tmp_path, db, site) -> Iterator[Restoring]:
    """A laptop set up to sync with a plain FHIR R4 server, or with VaxDesk's own central
    server (``central``), whose backups can be restored (``restoring.py``)."""
    if request.param == "plain":
        server = PlainServer(tmp_path, batch=True).start()
        syncing.save_config(db, server.url, server.token, actor=AT_THIS_LAPTOP)
        laptop = Restoring(db, server.url, server.token)
    else:
        wired = request.getfixturevalue("wired")
        server, laptop = None, Restoring(db, wired.server.url, wired.central_token)
    yield laptop
    if laptop.db is not db:  # the restored file, opened by the test
        laptop.db.close()
    if server is not None:
        server.stop()
