"""The certificates a restore kept that wait for their dose: printed after the copy was made,
for a dose the copy lacks (entered after it), so not recorded in the copy (an issue names its
dose). The restore notes them (``services/restore_certificates.py``); the sync round that
brings the dose back as this site's own (``sync/own_records.py``) records them, revoked
as they were. A dose never sent comes back from nowhere: its certificates stay noted, the
restore's audit entry naming them.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from desktop_app.db.models import CertificateIssue, Dose, Person, User
from desktop_app.db.models import Setting as SettingRow
from desktop_app.db.store import audit_entry

AWAITING = "certificates_awaiting_their_dose"  # setting key: JSON [issue row]
# An issue's columns, as a restore reads and writes them in plain SQL.
COLUMNS = ("uvci", "person_id", "dose_id", "issued_at", "issued_by", "kid", "revoked_at",
           "revoke_reason", "revocation_sent_at", "printed_at")
TIMES = ("issued_at", "revoked_at", "revocation_sent_at", "printed_at")
log = logging.getLogger(__name__)


def take_awaiting(s: Session, dose_id: str, now: datetime) -> list[str]:
    """Record the noted certificates of ``dose_id``, now that it is back; returns their
    UVCIs. Each audited as the restore's doing, finished (no one here issued it now)."""
    row = s.get(SettingRow, AWAITING)
    if row is None:
        return []
    noted: list[dict[str, Any]] = json.loads(row.value) or []
    mine = [n for n in noted if n["dose_id"] == dose_id]
    if not mine:
        return []
    taken, done = [], set()
    for issue in mine:
        if s.get(Person, issue["person_id"]) is None or s.get(Dose, dose_id) is None:
            continue  # its person not back (another record now): kept noted
        done.add(issue["uvci"])
        if s.get(CertificateIssue, issue["uvci"]) is not None:
            continue  # recorded since (its dose printed again here): nothing to keep
        values = {k: (datetime.fromisoformat(v) if k in TIMES and v else v)
                  for k, v in issue.items() if k in COLUMNS}
        if values.get("issued_by") and s.get(User, values["issued_by"]) is None:
            values["issued_by"] = None
        s.add(CertificateIssue(**values))
        s.add(audit_entry("restore", "person", issue["person_id"],
                          {"certificate_kept_with_dose": issue["uvci"]}, now))
        taken.append(issue["uvci"])
    left = [n for n in noted if n["uvci"] not in done]
    row.value = json.dumps(left or None)
    if taken:
        log.info("certificates %s recorded with their dose %s, brought back", taken, dose_id)
    s.flush()
    return taken
