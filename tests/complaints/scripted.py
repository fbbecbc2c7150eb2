"""A scripted complaints server for the sync tests: each request answered as written, so a
refusal, a lost answer or another server's reply is exactly what the test says."""

from __future__ import annotations

import json

import requests

from central_server.fhir.outcome import outcome


class Scripted:
    """Answers each (method, path) with a status and a body (a list of them: one a request,
    in turn); records what it was asked. A body that is text is sent as it is."""

    def __init__(self, answers):
        self.answers = answers
        self.asked = []

    def api_response(self, method, path, **kwargs):
        self.asked.append((method, path, kwargs.get("json")))
        scripted = self.answers.get((method, path), (404, None))
        status, body = scripted.pop(0) if isinstance(scripted, list) else scripted
        answer = requests.Response()
        answer.status_code = status
        answer._content = body.encode() if isinstance(body, str) else \
            json.dumps(body).encode() if body is not None else b""
        return answer


def refusal(code: str, field: str | None, **params) -> dict:
    """The OperationOutcome the platform answers a complaint it refuses with (422)."""
    return outcome(code, expression=field, **params)
