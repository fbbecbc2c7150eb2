"""The plain FHIR server (``tests/plain_fhir/server.py``) as a real process on 127.0.0.1."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import ClassVar

from tests.fhir_process import FhirProcess


@dataclass
class PlainServer(FhirProcess):
    token: str = "plain-fhir-token"
    # --etag-only, --fail-if-match, --read-only, --identity-bodies, --lenient
    flags: tuple[str, ...] = ()
    batch: bool = False  # the tests' default: a server without batch, one PUT per resource
    name: ClassVar[str] = "plain"
    base_path: ClassVar[str] = "/baseR4"

    def command(self) -> list[str]:
        return [sys.executable, "-m", "tests.plain_fhir.server", "--db",
                str(self.folder / "plain-fhir.db"), "--port", str(self.port),
                "--token", self.token, "--log", str(self.request_log), *self.flags,
                *([] if self.batch else ["--no-batch"])]

    def restart(self, *flags: str) -> PlainServer:
        self.flags = flags
        super().restart()
        return self
