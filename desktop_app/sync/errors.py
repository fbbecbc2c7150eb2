"""What can go wrong talking to a platform, as the sync engine tells it apart: a platform
out of reach for now (``ServerUnavailable`` and its kinds: try again later), the access code
refused (``AuthRefused``), and an answer or a refusal that retrying will not change
(``ProtocolError`` and its kinds), each with a catalogue code for the clerk."""

from __future__ import annotations

from typing import Any

from desktop_app.rules.messages import text


class SyncError(Exception):
    """Base of the sync's errors."""


class ServerUnavailable(SyncError):
    """The server could not be reached or kept failing; nothing was lost, try later.
    ``status``: the last answer's (a 5xx, a 429), None when none came (no connection)."""

    def __init__(self, detail: str, status: int | None = None) -> None:
        super().__init__(detail)
        self.status = status


class Unanswered(ServerUnavailable):
    """A batch the server, or a proxy on the way, took and never answered within the read
    timeout. Not sent again as it was: some proxies (a provincial office's, a 3G
    operator's) drop every request over some size without a word, so the engine sends its
    records again in smaller batches (``LinkPacer.unanswered``). ``answered``: an answer
    came earlier in the same call (a 503), so this silence follows an answer, not another
    silence."""

    def __init__(self, detail: str, answered: bool) -> None:
        super().__init__(detail)
        self.answered = answered


class RateLimited(ServerUnavailable):
    """The server said "too many" (429) and to wait ``seconds``: raised at once when that is
    longer than the client waits (``retry_after_cap``), since asking sooner is refused again,
    or when the last attempt was still refused."""

    def __init__(self, detail: str, seconds: float) -> None:
        super().__init__(detail, 429)
        self.seconds = seconds


class AuthRefused(SyncError):
    """The token was refused (401/403): retrying will not help until it is fixed."""


class ProtocolError(SyncError):
    """The server answered something the protocol does not allow. ``str()`` is the detail,
    for the log; ``message(lang)`` what a person can act on (``code`` in the catalogue)."""

    def __init__(self, detail: str, code: str = "SYNC_UNREADABLE", **params: Any) -> None:
        super().__init__(detail)
        self.code, self.params = code, params

    def message(self, lang: str = "vi") -> str:
        return text(self.code, lang, **self.params)


class RequestRefused(ProtocolError):
    """The server refused the whole request for what it carries (400, 413, 422): a body it
    cannot parse or take, which may be one record's doing (``push._pushed`` finds which).
    ``outcome``: the OperationOutcome it answered with, if any."""

    def __init__(self, detail: str, status: int, outcome: dict[str, Any] | None) -> None:
        super().__init__(detail, "SYNC_HTTP_FAILED", status=status)
        self.status, self.outcome = status, outcome


# What a server answers a request refused for its body (RFC 9110: 400 Bad Request, 413
# Content Too Large, 422 Unprocessable Content), as opposed to its address or credentials.
REFUSED_BODY = frozenset({400, 413, 422})


class ForeignOrigin(ProtocolError):
    """A URL outside the configured server: the token is not sent there."""


class BadAnswer(ProtocolError):
    """An answer the client cannot use; ``code`` says what came, in words that fit both a
    stopped round and a skipped step: ``SYNC_ANSWER_WEB_PAGE`` (a captive portal's or a
    proxy's page), ``_TOO_LARGE``, ``_UNREADABLE`` (not JSON, or cut off), ``_MALFORMED``
    (JSON of the wrong shape)."""
