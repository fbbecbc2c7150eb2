"""Request bodies bounded while they arrive, compressed or not.

Starlette reads a body whole before a route can look at its size: a 1 GB chunked upload
held 2.3 GB resident before the old check answered 413. This ASGI layer counts the bytes as
the server hands them over and stops at the limit, so a route never holds more than
``limit`` bytes of body:

* a declared ``Content-Length`` over the limit is answered at once, the body never read;
* a chunked body (no length) is counted chunk by chunk;
* a ``Content-Encoding: gzip`` body is inflated here, piece by piece, never past the limit
  (a small bomb cannot grow), and the route below sees the plain bytes.

Past the limit, ``receive`` raises the FhirError that the app answers as a 413
OperationOutcome; a broken gzip stream is a 400.
"""

from __future__ import annotations

import zlib
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from central_server.api.deps import FhirError, fhir_response

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def too_large(limit: int) -> FhirError:
    return FhirError(413, "TOO_LARGE", "too-costly", limit=limit)


class BodyLimit:
    def __init__(self, app: App, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope["headers"]}
        declared = headers.get(b"content-length", b"").strip()
        if declared and (not declared.isdigit() or int(declared) > self.limit):
            # Answered before the body is read: a client sending 200 MB learns at once.
            refused = too_large(self.limit)
            await fhir_response(refused.body, 413, {"Connection": "close"})(scope, receive, send)
            return
        encoding = headers.get(b"content-encoding", b"").strip().lower()
        if encoding == b"gzip":
            # The route sees the inflated body; its length is no longer the declared one.
            scope = dict(scope, headers=[(k, v) for k, v in scope["headers"]
                                         if k.lower() not in (b"content-encoding",
                                                              b"content-length")])
        await self.app(scope, _Counter(receive, self.limit, encoding == b"gzip"), send)


class _Counter:
    """``receive`` that counts (and inflates) the body as it comes."""

    def __init__(self, receive: Receive, limit: int, gzip: bool) -> None:
        self.receive = receive
        self.limit = limit
        self.seen = 0  # bytes as sent (compressed, if gzip)
        self.given = 0  # bytes handed to the route
        self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS) if gzip else None

    async def __call__(self) -> Message:
        message = await self.receive()
        if message["type"] != "http.request":
            return message
        body = message.get("body", b"")
        self.seen += len(body)
        if self.seen > self.limit:
            raise too_large(self.limit)
        if self.inflater is not None:
            body = self._inflate(body, more=message.get("more_body", False))
        self.given += len(body)
        if self.given > self.limit:
            raise too_large(self.limit)
        return {**message, "body": body}

    def _inflate(self, data: bytes, more: bool) -> bytes:
        assert self.inflater is not None
        try:
            # At most one byte past what is left: enough to know the limit was passed.
            out = self.inflater.decompress(data, self.limit - self.given + 1)
        except zlib.error:
            raise FhirError(400, "BAD_GZIP", "structure") from None
        if len(out) + self.given > self.limit:
            raise too_large(self.limit)
        if not more and not self.inflater.eof:
            raise FhirError(400, "BAD_GZIP", "structure")  # cut short
        return out
