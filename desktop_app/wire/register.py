"""The population-register verdicts the central platform sends back to a site.

The platform checks every Patient it receives against the population register (``vaxdesk-
central load-register``) and keeps one verdict per Patient. A site pulls the verdicts on its
own Patients; they feed its cleaning worklist. Verdicts travel apart from the Patient
resources on purpose: writing them into the Patient would make a new version the site must
take, and would collide with any unsent correction of that person at the desk.

    GET {api_root}/register/verdicts?since=<ISO-8601 UTC>&_count=<n>

answers, for the token's site only, verdicts checked at or after ``since`` (inclusive: the
client recognises what it already has), oldest first, at most ``_count`` of them::

    {"verdicts": [{"patient_id": "…", "verdict": "mismatch", "fields": ["dob"],
                   "checked_at": "2026-12-01T10:00:00.123456Z", "version_id": 3}],
     "next_since": "2026-12-01T10:00:00.123456Z" | null}

``next_since`` is set while more verdicts wait. A server that has no register answers 404;
the site then simply has no verdicts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.wire.instants import read_instant

PATH = "register/verdicts"

VERIFIED = "verified"
NOT_FOUND = "not_found"
MISMATCH = "mismatch"
VERDICTS = (VERIFIED, NOT_FOUND, MISMATCH)

# The fields a mismatch can name, in the person table's terms.
FIELDS = ("full_name", "dob", "sex")

# The problem codes a verdict puts on the cleaning worklist (messages in rules/messages).
PROBLEM_CODE = {NOT_FOUND: "REGISTER_NOT_FOUND", MISMATCH: "REGISTER_MISMATCH"}


@dataclass(frozen=True)
class Verdict:
    patient_id: str
    verdict: str
    fields: tuple[str, ...]
    checked_at: datetime  # UTC, naive (as the site database stores times)
    version_id: int

    def as_json(self) -> dict[str, Any]:
        return {"patient_id": self.patient_id, "verdict": self.verdict,
                "fields": list(self.fields),
                "checked_at": self.checked_at.isoformat() + "Z",
                "version_id": self.version_id}


def verdict_from_json(data: dict[str, Any]) -> Verdict:
    """One verdict read back; raises ValueError on anything malformed.

    >>> v = verdict_from_json({"patient_id": "p1", "verdict": "mismatch", "fields": ["dob"],
    ...                        "checked_at": "2026-12-01T10:00:00Z", "version_id": 2})
    >>> v.verdict, v.fields, v.checked_at.isoformat()
    ('mismatch', ('dob',), '2026-12-01T10:00:00')
    """
    verdict = data.get("verdict")
    if verdict not in VERDICTS:
        raise ValueError(f"unknown register verdict {verdict!r}")
    fields = tuple(data.get("fields") or ())
    if any(f not in FIELDS for f in fields):
        raise ValueError(f"unknown register field in {fields!r}")
    at = read_instant(data["checked_at"])
    return Verdict(str(data["patient_id"]), verdict, fields, at, int(data["version_id"]))
