"""A small fault-injecting TCP proxy between the sync client and the central server.

It passes bytes through, and on demand: limits bandwidth and adds latency (a rural 3G link),
loses the server's answer after the server has committed (the classic duplicate maker),
answers requests itself with 5xx/429 storms, or calls a hook when some bytes have gone up
(to kill the server mid-batch), or swallows every request whose body is over a size and
never answers it, as some provincial and 3G operators' proxies do with big uploads. Used by
the tests and by ``bench/bench_sync.py``.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Link:
    """One direction of the link: shared by every connection, like a real modem."""

    rate: float | None = None  # bytes per second; None = unlimited
    latency: float = 0.0  # one-way seconds
    bytes: int = 0
    _free_at: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def wait_to_send(self, n: int) -> None:
        with self._lock:
            self.bytes += n
            if not self.rate:
                return
            start = max(time.monotonic(), self._free_at)
            self._free_at = start + n / self.rate
            until = self._free_at
        time.sleep(max(0.0, until - time.monotonic()))


@dataclass
class Canned:
    status: int
    reason: str
    headers: dict[str, str] = field(default_factory=dict)


class FaultProxy:
    def __init__(self, target_port: int, host: str = "127.0.0.1") -> None:
        self.target = (host, target_port)
        self.up = Link()  # client -> server
        self.down = Link()  # server -> client
        # The next N answers to a POST (a push) are dropped after the server sent them.
        self.lose_answers = 0
        self.lose_methods = {b"POST"}  # whose answers are lost (PUT too for a plain server)
        self.canned: list[Canned] = []  # next requests answered by the proxy itself
        self.on_upstream: Callable[[int], None] | None = None  # called with bytes so far
        # A request whose body (its Content-Length) is over this many bytes is taken and
        # never answered: not passed on, or, with ``swallow_answers``, passed on and its
        # answer kept from the client (the server applied it; the client never hears).
        # The connection stays open until the client gives up on it.
        self.swallow_over: int | None = None
        self.swallow_answers = False
        # The swallowed requests, in order: ("POST /fhir", the body's size).
        self.swallowed: list[tuple[str, int]] = []
        self.requests_seen = 0
        self.requests_made: Counter[str] = Counter()  # passed on, by "METHOD /path"
        self.most_at_once = 0  # the most requests uploading or awaiting answers together
        self._open_requests = 0
        self._listener = socket.create_server((host, 0))
        self.port = self._listener.getsockname()[1]
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, path: str = "/fhir") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def slow_link(self, kbit_per_s: float, latency_ms: float) -> None:
        rate = kbit_per_s * 1000 / 8
        self.up.rate = self.down.rate = rate
        self.up.latency = self.down.latency = latency_ms / 1000

    def drop_connections(self) -> None:
        with self._lock:
            conns, self._conns = self._conns, []
        for c in conns:
            _close(c)

    def close(self) -> None:
        self._closed = True
        _close(self._listener)
        self.drop_connections()

    # -- plumbing -------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._conns.append(client)
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        if self.canned:
            self._answer_canned(client)
            return
        try:
            server = socket.create_connection(self.target, timeout=5)
        except OSError:
            _close(client)  # the server is down: the client sees a refused/closed link
            return
        server.settimeout(None)
        with self._lock:
            self._conns.append(server)
        state = {"lose": False, "method": b""}
        threading.Thread(target=self._pump, args=(client, server, self.up, state),
                         daemon=True).start()
        self._pump(server, client, self.down, state)

    def _pump(self, src: socket.socket, dst: socket.socket, link: Link,
              answer_state: dict) -> None:
        """Read from ``src``, deliver to ``dst`` after the link's latency and rate."""
        pending: queue.Queue[tuple[float, bytes] | None] = queue.Queue()

        def deliver() -> None:
            while (item := pending.get()) is not None:
                due, data = item
                time.sleep(max(0.0, due - time.monotonic()))
                link.wait_to_send(len(data))
                try:
                    dst.sendall(data)
                except OSError:
                    break
                if link is self.up and self.on_upstream is not None:
                    self.on_upstream(link.bytes)
            if not (link is self.down and answer_state.get("swallowed")):
                _close(dst)  # a swallowed request's client waits on, as for a proxy's
            _close(src)

        threading.Thread(target=deliver, daemon=True).start()
        while True:
            try:
                data = src.recv(16384)
            except OSError:
                data = b""
            if not data:
                break
            if link is self.up and data[:5] in (b"POST ", b"GET /", b"PUT /") and \
                    self._swallows(data, answer_state) and not self.swallow_answers:
                continue
            if answer_state.get("swallowed") and (link is self.down or
                                                  not self.swallow_answers):
                continue  # nothing more either way on a swallowed request's connection
            if link is self.up and data[:5] in (b"POST ", b"GET /", b"PUT /"):
                answer_state["method"] = data.split(b" ", 1)[0]
                with self._lock:
                    self.requests_made[_request_line(data)] += 1
                    self._open_requests += 1
                    self.most_at_once = max(self.most_at_once, self._open_requests)
                    answer_state["open"] = True
            if link is self.down and data[:5] == b"HTTP/" and answer_state.get("open"):
                with self._lock:
                    self._open_requests -= 1
                    answer_state["open"] = False
            if (link is self.down and data[:5] == b"HTTP/"
                    and answer_state["method"] in self.lose_methods):
                with self._lock:
                    if self.lose_answers > 0:
                        self.lose_answers -= 1
                        answer_state["lose"] = True
            if link is self.down and answer_state["lose"]:
                break  # the server committed and answered; the client never hears it
            pending.put((time.monotonic() + link.latency, data))
        pending.put(None)
        if link is self.down:
            with self._lock:  # the connection ended with a request unanswered (lost)
                if answer_state.get("open"):
                    self._open_requests -= 1
                    answer_state["open"] = False

    def _swallows(self, data: bytes, answer_state: dict) -> bool:
        """Whether the request beginning ``data`` is swallowed (``swallow_over``): its
        Content-Length, read from its head (in the first bytes: a head is far under 16 kB)."""
        size = _content_length(data)
        if self.swallow_over is None or size <= self.swallow_over:
            return False
        with self._lock:
            self.swallowed.append((_request_line(data), size))
        answer_state["swallowed"] = True
        return True

    def _answer_canned(self, client: socket.socket) -> None:
        """Read one HTTP request, answer it with the next canned response, close."""
        try:
            data = b""
            while b"\r\n\r\n" not in data:
                chunk = client.recv(65536)
                if not chunk:
                    return
                data += chunk
            head, _, body = data.partition(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value.strip())
            while len(body) < length:
                chunk = client.recv(65536)
                if not chunk:
                    return
                body += chunk
            with self._lock:
                canned = self.canned.pop(0) if self.canned else Canned(503, "Service Unavailable")
                self.requests_seen += 1
            self.up.bytes += len(head) + 4 + len(body)
            payload = b'{"resourceType":"OperationOutcome","issue":[]}'
            headers = {"Content-Type": "application/fhir+json",
                       "Content-Length": str(len(payload)), "Connection": "close",
                       **canned.headers}
            lines = [f"HTTP/1.1 {canned.status} {canned.reason}"] + [
                f"{k}: {v}" for k, v in headers.items()]
            client.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + payload)
        except OSError:
            pass
        finally:
            _close(client)


def _content_length(data: bytes) -> int:
    """The Content-Length in a request's head (0 if none)."""
    head = data.partition(b"\r\n\r\n")[0]
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            return int(value.strip())
    return 0


def _request_line(data: bytes) -> str:
    """``POST /fhir`` of a request's first bytes (no query, no HTTP version)."""
    method, _, rest = data.partition(b" ")
    path = rest.split(b" ", 1)[0].split(b"?", 1)[0]
    return f"{method.decode(errors='replace')} {path.decode(errors='replace')}"


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
