"""TLS is verified: a server whose certificate the laptop does not trust gets nothing."""

from __future__ import annotations

import pytest
import trustme

from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync.errors import ServerUnavailable
from tests.live_server import LiveServer
from tests.sync.helpers import make_people


@pytest.fixture
def https_server(tmp_path):
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    cert.private_key_and_cert_chain_pem.write_to_path(str(tmp_path / "server.pem"))
    ca.cert_pem.write_to_path(str(tmp_path / "ca.pem"))
    server = LiveServer(f"sqlite:///{tmp_path / 'central.db'}", tmp_path / "central.log",
                        tls=(str(tmp_path / "server.pem"), str(tmp_path / "server.pem")),
                        ca_file=str(tmp_path / "ca.pem"))
    server.start()
    yield server
    server.stop()


def test_an_untrusted_certificate_is_refused_and_a_trusted_one_works(db, site, https_server):
    token = https_server.cli("create-site", site.code, site.name)
    make_people(db, 3, doses_each=1)
    untrusted = syncing.make_client(syncing.SyncConfig(https_server.url, token))
    with pytest.raises(ServerUnavailable, match="TLS"):
        for _ in syncing.sync_round(db, untrusted, actor=AT_THIS_LAPTOP):
            pass
    trusted = syncing.make_client(
        syncing.SyncConfig(https_server.url, token, verify=https_server.ca_file))
    round_ = syncing.sync_round(db, trusted, actor=AT_THIS_LAPTOP)
    for _ in round_:
        pass
    with db.engine.connect() as conn:
        states = conn.exec_driver_sql("SELECT DISTINCT state FROM sync_record").all()
    assert states == [("synced",)]
