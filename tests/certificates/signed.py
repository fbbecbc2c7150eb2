"""A site wired to a live central server, with a signing key the server has certified."""

from __future__ import annotations

import pytest

from desktop_app.services import signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.wired import Wired

PASSPHRASE = "trạm y tế láng hạ 2026"


@pytest.fixture
def signed(wired: Wired) -> Wired:
    signing.create_signing_key(wired.db, PASSPHRASE, actor=AT_THIS_LAPTOP)
    summary = wired.sync()
    assert summary.signer_enrolled
    return wired
