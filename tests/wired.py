"""A site database wired to a live central server that knows the site."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from sqlalchemy import select

from central_server.db.engine import make_engine
from central_server.db.models import SiteLookup
from desktop_app.db.database import Database, open_database
from desktop_app.progress import drain
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.site import SiteInfo, set_up_site
from desktop_app.ui.tasks import wait_all_idle
from tests.keys import TEST_PASSPHRASE, add_test_supervisor
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


@pytest.fixture
def wired_b(tmp_path: Path, wired: Wired) -> Iterator[Wired]:
    """A second laptop, at another site (HN-0002), wired to the same central server."""
    yield from another_laptop(tmp_path / "site_b.db", wired, "HN-0002", "Trạm Y tế Xã Đông Anh")


def another_laptop(path: Path, wired: Wired, code: str, name: str) -> Iterator[Wired]:
    """A laptop at site ``code`` (province 01), wired to ``wired``'s central server, its
    database closed when the fixture ends."""
    db = open_database(path, TEST_PASSPHRASE)
    db.supervisor = add_test_supervisor(db)  # type: ignore[attr-defined]  # as the db fixture
    site = set_up_site(db, code, name, province_code="01", actor=AT_THIS_LAPTOP)
    token = wired.server.cli("create-site", site.code, site.name)
    syncing.save_config(db, wired.server.url, token, actor=AT_THIS_LAPTOP)
    yield Wired(db, wired.server, token, wired.central_token)
    wait_all_idle()  # screens' reads in flight first (see the db fixture)
    db.close()


def bearer(token: str) -> requests.Session:
    """Raw HTTP to the platform as the holder of ``token`` (a site's access code, or
    central staff's)."""
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    return s


def lookups_logged(server: LiveServer) -> list[tuple[str, str, str, int, bool]]:
    """The platform's lookup log (``central_server/lookup_log.py``), oldest first: (site,
    resource type, what was asked, records found, refused)."""
    engine = make_engine(server.database_url)
    try:
        with engine.connect() as conn:
            return [(r.site_code, r.resource_type, r.asked, r.results, r.refused) for r in
                    conn.execute(select(SiteLookup).order_by(SiteLookup.id))]
    finally:
        engine.dispose()
