"""This site's own doses held twice: as the site's own (``dose``) and as another site's
(``external_dose``, under this site's own code), set right by the pull.

Before commit 4452d75, a look-up made after a restore, before the round that brings this
site's records back (``own_records``), kept the site's own doses in its answer as another
site's, with the site's own code. Once that round brought the dose itself back, the laptop
held it twice: on the card and in the next dose's number, on the call-back list, on the
certificates. (A look-up outside that window keeps a dose of this site's code the laptop
never had so too: another laptop's under the same code, which VaxDesk does not support; a
later restore's round may bring one back the same way.)

Every pull ends with ``drop_doubled``: a row of ``external_dose`` under this site's code
whose dose is here as the site's own is dropped, audited. A row whose dose is not here yet
is kept: until the pull brings the dose, it is the dose's only trace (it counts for the next
dose's number and interval). On a laptop with no such row it is one query, and finds nothing.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop_app.db import store
from desktop_app.db.models import AuditEntry, Dose, ExternalDose
from desktop_app.wire.revocations import DOSE_CORRECTED

# The audit action of the drop, on the person whose row it was.
DOUBLED = "doubled"
log = logging.getLogger(__name__)


def drop_doubled(s: Session, site_code: str, now: datetime) -> int:
    """Drop each row of ``external_dose`` under ``site_code`` (this site's) whose dose is
    here as this site's own, in the caller's transaction. The papers printed while the
    dose was here twice (since both rows were: the later of the row's fetching and the
    dose's "create" entry), which list it twice, are revoked as a correction revokes them;
    those printed before, which list it once, stand. Audited on each person (``DOUBLED``,
    no account: the laptop's own repair). Returns how many rows were dropped."""
    doubled = s.execute(select(ExternalDose, Dose.id).join(Dose, Dose.id == ExternalDose.id)
                        .where(ExternalDose.site_code == site_code)).all()
    dropped: defaultdict[str, list[dict[str, str]]] = defaultdict(list)
    for ext, dose_id in doubled:
        stored = s.scalar(select(func.max(AuditEntry.at)).where(
            AuditEntry.entity == "dose", AuditEntry.entity_id == dose_id,
            AuditEntry.action == "create"))
        twice_since = max(ext.fetched_at, stored) if stored is not None else ext.fetched_at
        dropped[ext.person_id].append({"id": ext.id, "site": site_code})
        store.drop_external_dose(s, ext, now=now, since=twice_since, reason=DOSE_CORRECTED)
    for person_id, doses in dropped.items():
        s.add(store.audit_entry(DOUBLED, "person", person_id, {"doses": doses}, now, None))
    if doubled:
        log.warning("%d of this site's own doses held as another site's too: dropped",
                    len(doubled))
    return len(doubled)
