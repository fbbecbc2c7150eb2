"""A hostile front on 127.0.0.1 between the sync client and a real server: it passes every
request on, except those a rule claims, which it answers itself the way a captive portal,
a proxy in between or a broken platform would (a web page, a huge or endless body, JSON of
the wrong shape, a redirect elsewhere, silence, a connection cut mid-body).

    front = Hostile(wired.server.url)
    front.on("GET", "/api/catalogue", json_body([]))
    wired.sync(front.url)

A rule's ``answer(handler, request_body)`` writes the whole answer to ``handler``. Every
request is noted in ``seen`` as (method, path, Authorization).
"""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import requests

Answer = Callable[[BaseHTTPRequestHandler, bytes], None]
PASSED_ON = ("Authorization", "Content-Type", "Content-Encoding", "If-Match", "If-None-Match",
             "Accept")
PASSED_BACK = ("Content-Type", "ETag", "Location", "Last-Modified", "Date", "Retry-After")
PORTAL = (b"<!DOCTYPE html><html><head><title>Wi-Fi</title></head><body>"
          b"<form action='/login'>Please sign in to use the hotel Wi-Fi</form></body></html>")


@dataclass
class Rule:
    method: str
    path: str  # a part of the request's path (before any query)
    answer: Answer
    times: int | None  # None: every time
    used: int = 0


class Hostile(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, upstream: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        parts = urlsplit(upstream)
        self.upstream_origin = f"{parts.scheme}://{parts.netloc}"
        self.base_path = parts.path
        self.rules: list[Rule] = []
        self.seen: list[tuple[str, str, str | None]] = []
        self.written = 0  # bytes of a rule's body written before the client stopped reading
        self._lock = threading.Lock()
        self._session = requests.Session()
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def url(self) -> str:
        return self.origin + self.base_path

    def on(self, method: str, path: str, answer: Answer, times: int | None = None) -> None:
        self.rules.append(Rule(method, path, answer, times))

    def rule_for(self, method: str, path: str) -> Rule | None:
        with self._lock:
            for rule in self.rules:
                if rule.method == method and rule.path in path.split("?")[0] and (
                        rule.times is None or rule.used < rule.times):
                    rule.used += 1
                    return rule
        return None

    def close(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: Hostile

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - stdlib name
        self._any()

    def do_POST(self) -> None:  # noqa: N802
        self._any()

    def do_PUT(self) -> None:  # noqa: N802
        self._any()

    def _any(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        self.server.seen.append((self.command, self.path, self.headers.get("Authorization")))
        rule = self.server.rule_for(self.command, self.path)
        try:
            if rule is not None:
                rule.answer(self, body)
            else:
                self._pass_on(body)
        except OSError:
            self.close_connection = True  # the client hung up: as it may

    def _pass_on(self, body: bytes) -> None:
        front = self.server
        r = front._session.request(
            self.command, front.upstream_origin + self.path, data=body or None, timeout=60,
            headers={k: v for k in PASSED_ON if (v := self.headers.get(k))},
            allow_redirects=False)
        content = r.content.replace(front.upstream_origin.encode(), front.origin.encode())
        send(self, r.status_code, content,
             **{k: v for k in PASSED_BACK if (v := r.headers.get(k))})


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, **headers: str) -> None:
    handler.send_response(status)
    headers.setdefault("Content-Type", "application/fhir+json")
    for k, v in {**headers, "Content-Length": str(len(body))}.items():
        handler.send_header(k.replace("_", "-"), v)
    handler.end_headers()
    handler.wfile.write(body)


def raw_body(status: int, body: bytes, **headers: str) -> Answer:
    return lambda handler, _request: send(handler, status, body, **headers)


def json_body(data: Any, status: int = 200, **headers: str) -> Answer:
    return raw_body(status, json.dumps(data).encode(), **headers)


def web_page(status: int = 200, **headers: str) -> Answer:
    """What a captive portal or a proxy's error page sends, whatever was asked."""
    return raw_body(status, PORTAL, Content_Type="text/html; charset=utf-8", **headers)


def nested(depth: int = 100_000) -> Answer:
    return raw_body(200, b"[" * depth)


def endless(total: int, *, declared: bool = False) -> Answer:
    """A valid JSON object padded with spaces to ``total`` bytes, written a megabyte at a
    time, chunked (or with its ``Content-Length`` when ``declared``); the front notes how
    much it got to write before the client hung up."""
    head, tail, mb = b'{"resourceType":"Bundle","type":"searchset"', b"}", b" " * (1 << 20)

    def answer(handler: BaseHTTPRequestHandler, _request: bytes) -> None:
        front: Hostile = handler.server  # type: ignore[assignment]
        handler.send_response(200)
        handler.send_header("Content-Type", "application/fhir+json")
        if declared:
            handler.send_header("Content-Length", str(total))
        else:
            handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()
        left = total - len(head) - len(tail)
        parts = [head]
        while left > 0:
            parts.append(mb[:left])
            left -= len(parts[-1])
        parts.append(tail)
        for part in parts:
            handler.wfile.write(part if declared else b"%x\r\n%s\r\n" % (len(part), part))
            front.written += len(part)
        if not declared:
            handler.wfile.write(b"0\r\n\r\n")

    return answer


def silent(handler: BaseHTTPRequestHandler, _request: bytes) -> None:
    """Takes the request and never answers (until the client gives up and hangs up)."""
    handler.connection.settimeout(60)
    with contextlib.suppress(OSError):
        handler.connection.recv(1)  # returns when the client closes its end
    handler.close_connection = True


def cut_mid_body(handler: BaseHTTPRequestHandler, _request: bytes) -> None:
    """Headers promising 10,000 bytes, a hundred of them, then a reset (RST, not FIN)."""
    handler.send_response(200)
    handler.send_header("Content-Type", "application/fhir+json")
    handler.send_header("Content-Length", "10000")
    handler.end_headers()
    handler.wfile.write(b'{"resourceType":"Bundle","type":"searchset","entry":[' + b" " * 50)
    handler.wfile.flush()
    time.sleep(0.05)
    handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.connection.close()
    handler.close_connection = True
