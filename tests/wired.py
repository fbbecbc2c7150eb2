"""A site database wired to a live central server that knows the site."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from desktop_app.db.database import Database
from desktop_app.progress import drain
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import SiteInfo
from tests.live_server import LiveServer


@dataclass
class Wired:
    db: Database
    server: LiveServer
    token: str
    central_token: str

    def client(self, url: str | None = None, **options):
        config = syncing.SyncConfig(url or self.server.url, self.token)
        options.setdefault("backoff_base", 0.05)
        options.setdefault("backoff_cap", 0.5)
        return syncing.make_client(config, **options)

    def sync(self, url: str | None = None, **options):
        return drain(syncing.sync_round(self.db, self.client(url, **options), actor=AT_THIS_LAPTOP))


@pytest.fixture
def wired(db: Database, site: SiteInfo, central: LiveServer) -> Wired:
    token = central.cli("create-site", site.code, site.name)
    central_token = central.cli("issue-token", "--central")
    syncing.save_config(db, central.url, token, actor=AT_THIS_LAPTOP)
    return Wired(db, central, token, central_token)
