"""Where the token goes, and what the VaxDesk-only steps may do to a round (issue #17).

The token goes only to the configured origin: a ``next`` link or a redirect elsewhere is
refused before anything is sent there. A VaxDesk step that fails against our own server (a
400 from enrolment) is told in the summary; the records are synced all the same.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from desktop_app import settings
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import ForeignOrigin, ProtocolError
from tests.sync.helpers import make_people, reconcile


class _Recorder(ThreadingHTTPServer):
    """A tiny HTTP server that notes every request's path and Authorization header and
    answers with what ``answer(path, port)`` gives: (status, headers, JSON body)."""

    def __init__(self, answer) -> None:
        self.seen: list[tuple[str, str | None]] = []
        self.answer = answer

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - stdlib name
                server: _Recorder = self.server  # type: ignore[assignment]
                server.seen.append((self.path, self.headers.get("Authorization")))
                status, headers, body = server.answer(self.path, server.server_address[1])
                data = json.dumps(body).encode()
                self.send_response(status)
                for k, v in {**headers, "Content-Length": str(len(data)),
                             "Content-Type": "application/fhir+json"}.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/baseR4"


@pytest.fixture
def elsewhere() -> Iterator[_Recorder]:
    server = _Recorder(lambda path, port: (200, {}, {"resourceType": "Bundle",
                                                     "type": "searchset", "entry": []}))
    yield server
    server.shutdown()


def _client(base: str) -> SyncClient:
    return SyncClient(base, "secret-token", max_attempts=1)


def test_a_next_link_to_another_host_is_refused_before_the_token_goes(elsewhere):
    configured = _Recorder(lambda path, port: (200, {}, {
        "resourceType": "Bundle", "type": "searchset", "entry": [],
        "link": [{"relation": "next", "url": f"{elsewhere.base}/Patient?page=2"}]}))
    try:
        client = _client(configured.base)
        page = client.get("Patient", {"_count": "10"})
        assert configured.seen == [("/baseR4/Patient?_count=10", "Bearer secret-token")]
        with pytest.raises(ForeignOrigin):
            client.get(page["link"][0]["url"])
        assert elsewhere.seen == []  # not even asked, let alone with the token
    finally:
        configured.shutdown()


def test_a_redirect_is_not_followed(elsewhere):
    redirecting = _Recorder(lambda path, port: (
        302, {"Location": f"{elsewhere.base}{path[len('/baseR4'):]}"}, {}))
    try:
        with pytest.raises(ProtocolError, match="302"):
            _client(redirecting.base).get("Patient/abc")
        assert len(redirecting.seen) == 1 and elsewhere.seen == []
    finally:
        redirecting.shutdown()


def test_an_api_url_on_another_host_is_not_used(elsewhere):
    """A CapabilityStatement naming a VaxDesk API elsewhere is ignored, as is one configured
    elsewhere: the VaxDesk steps are then skipped, never sent the token."""
    statement = {"resourceType": "CapabilityStatement", "extension": [{
        "url": "https://vaxdesk.org/fhir/StructureDefinition/vaxdesk-api",
        "valueUrl": f"{elsewhere.base}/api"}], "rest": [{"mode": "server"}]}
    configured = _Recorder(lambda path, port: (200, {}, statement))
    try:
        assert not _client(configured.base).has_api
        client = SyncClient(configured.base, "secret-token", api_url=f"{elsewhere.base}/api")
        assert not client.has_api
        assert elsewhere.seen == []
    finally:
        configured.shutdown()


def test_our_server_says_it_has_the_vaxdesk_api(wired):
    client = wired.client()
    assert client.has_api and client.capabilities.batch
    assert client.api_root == wired.server.url.removesuffix("/fhir") + "/api"


def test_a_400_from_enrolment_never_stops_the_round(wired):
    """A site with a key the platform refuses (BAD_KEY, 400): every record still goes."""
    with wired.db.transaction() as s:
        settings.write(s, settings.SIGNING_PUBLIC_KEY,
                       "-----BEGIN PUBLIC KEY-----\nbm90IGEga2V5\n-----END PUBLIC KEY-----\n")
    make_people(wired.db, 3, doses_each=1)
    summary = wired.sync()
    assert summary.synced == 6
    assert [name for name, _ in summary.skipped] == ["signing"]
    assert summary.skipped[0][1] == "SYNC_STEP_PROBLEM_UNEXPECTED"  # a 400: details logged
    reconcile(wired.db, wired.server.url, wired.token)
