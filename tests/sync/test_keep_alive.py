"""A kept-alive connection closed under a request: retried at once, not after a backoff.

Servers close connections left idle past their keep-alive (uvicorn and Apache after 5 s).
On a slow link a request can already be on its way when that happens: traced in
``bench_sync``, the last batch of a push went on the oldest pooled connection, met the close,
and waited out a backoff of up to a second with the link idle. The close is made here by
the proxy the moment the request's bytes reach the real server.
"""

from __future__ import annotations

import socket

import pytest

from desktop_app.progress import drain
from desktop_app.sync.engine import run_sync
from desktop_app.sync.errors import ServerUnavailable
from tests.sync.helpers import make_people, reconcile

pytestmark = pytest.mark.slow


def test_a_connection_closed_under_a_request_is_tried_again_at_once(wired, proxy):
    make_people(wired.db, 10, doses_each=2)
    slept: list[float] = []
    client = wired.client(proxy.url(), sleep=slept.append)
    assert client.capabilities.batch  # its connection now waits in the pool
    closed = []

    def close_under_the_request(_sent: int) -> None:
        if not closed:
            closed.append(proxy.requests_seen)
            proxy.drop_connections()  # both ends, as the server's keep-alive timer would

    proxy.on_upstream = close_under_the_request
    summary = drain(run_sync(wired.db, client, "HN-0001"))
    proxy.on_upstream = None
    assert closed, "the proxy never closed a connection"
    assert slept == [0.0]  # one retry, sent at once
    assert summary.synced == 30 and summary.waiting == 0
    reconcile(wired.db, wired.server.url, wired.token)


def test_a_server_that_refuses_connections_is_backed_off_once_then_given_up(wired):
    """Tried again after a backoff, not at once; and given up after the second refusal,
    where six tries and their waits kept "Đang đồng bộ…" on screen for ~20 s before the
    clerk read that the platform could not be reached (a reviewer)."""
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    slept: list[float] = []
    client = wired.client(f"http://127.0.0.1:{port}/fhir", sleep=slept.append)
    assert client.max_attempts > 2  # what a server that answers gets
    with pytest.raises(ServerUnavailable, match="Connection refused"):
        client.capabilities  # noqa: B018 - the property makes the call
    assert len(slept) == 1 and 0 < slept[0] <= 0.5


def test_only_refusals_one_after_another_end_the_round(wired):
    """Refused, then reached (the connection reset under the request), then refused: the
    round went on only while the refusals were in a row, but the count ran on across the
    attempt that did reach a server (a review): refused, reached, refused gave up."""
    import struct
    import threading

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    listener: list[socket.socket] = []

    def serve_resets(sock: socket.socket) -> None:
        while True:
            try:
                conn, _ = sock.accept()
            except OSError:
                return
            conn.recv(1024)  # the request arrives, then the connection is reset
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            conn.close()

    def between(_seconds: float) -> None:  # the client's wait between two attempts
        slept.append(_seconds)
        if len(slept) == 1:  # up for the second attempt only
            sock = socket.socket()
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(("127.0.0.1", port))
            sock.listen()
            listener.append(sock)
            threading.Thread(target=serve_resets, args=(sock,), daemon=True).start()
        elif listener:  # down again: shut first, or the blocked accept keeps it listening
            sock = listener.pop()
            sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    slept: list[float] = []
    client = wired.client(f"http://127.0.0.1:{port}/fhir", sleep=between)
    with pytest.raises(ServerUnavailable, match="Connection refused"):
        client.capabilities  # noqa: B018 - the property makes the call
    assert len(slept) == 3  # refused, reached (reset), refused, refused: given up there
