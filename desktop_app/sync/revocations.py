"""Pushing this site's certificate revocations to the central platform (``wire/revocations.py``).

Revocations wait in ``certificate_issue`` (revoked, not yet sent) and go up in batches; one
is marked sent only when the platform answered for it, so a failed round leaves it waiting
for the next. A server that does not know the route (404: not ours) is left alone, and a
failure here never stops a round: the doses were already pushed and pulled.
"""

from __future__ import annotations

import logging

from desktop_app.clock import utc_now
from desktop_app.db import certificate_issues
from desktop_app.db.database import Database
from desktop_app.sync.answers import answer_json, answer_shape
from desktop_app.sync.client import SyncClient
from desktop_app.sync.errors import BadAnswer, ProtocolError, SyncError
from desktop_app.wire import revocations

BATCH = 500
log = logging.getLogger(__name__)


def push_revocations(db: Database, client: SyncClient, site_code: str) -> int:
    """Send every unsent revocation; returns how many the platform now has. Never raises
    a sync error: what was not sent stays queued."""
    sent = 0
    try:
        while True:
            with db.reading() as s:
                batch = certificate_issues.unsent(s, site_code, BATCH)
            if not batch:
                return sent
            answer = client.api_response(
                "POST", revocations.PATH,
                json={"revocations": [r.as_json() for r in batch]})
            if answer.status_code == 404:
                return sent
            if not answer.ok:
                raise ProtocolError(f"HTTP {answer.status_code} from {revocations.PATH}")
            _check_answers_all(answer_json(answer), len(batch))
            with db.transaction() as s:
                certificate_issues.mark_sent(s, [r.uvci for r in batch], utc_now())
            sent += len(batch)
    except SyncError as exc:
        log.warning("certificate revocations not sent this round: %s", exc)
        return sent


def _check_answers_all(answer: dict, sent: int) -> None:
    """Marked sent only when the platform says it has every one, new or known before."""
    with answer_shape("the answer to revocations"):
        if answer["accepted"] + answer["already"] != sent:
            raise BadAnswer(f"{answer} for {sent} revocations", "SYNC_ANSWER_MALFORMED")
