"""Certificate revocations the sites send, kept as the hashes the trust list publishes.

A site may revoke only what it issued: the UVCI's issuer part must be the site's own code
(``desktop_app/certificates/uvci.py``), which keeps only its letters and digits. The site
that part belongs to is the first registered with it: ``create-site`` now refuses a code
that reads as another's (HN0001 beside HN-0001), and of two such sites registered before,
the later may not revoke, as it could revoke the first's certificates. Storing by hash
makes a repeat a no-op.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from central_server.auth import issuer_sites
from central_server.db.models import RevokedCertificate
from central_server.fhir.store import utc_now
from desktop_app.wire.revocations import (
    HASH_TYPE,
    Revocation,
    issuer_part,
    published_entry,
    site_part,
    uci_hash,
)


class NotIssuedBy(ValueError):
    """A UVCI the revoking site did not issue."""

    def __init__(self, uvci: str) -> None:
        super().__init__(uvci)
        self.uvci = uvci


@dataclass(frozen=True)
class Recorded:
    accepted: int  # new on the list
    already: int  # on it before (a repeat)


def record_revocations(engine: Engine, site_code: str, revocations: Sequence[Revocation]
                       ) -> Recorded:
    """All or nothing: raises NotIssuedBy (recording none) if one is not the site's."""
    ours = site_part(site_code)
    for r in revocations:
        if issuer_part(r.uvci) != ours:
            raise NotIssuedBy(r.uvci)
    hashes = {uci_hash(r.uvci): r for r in revocations}
    now = utc_now()
    with Session(engine) as s, s.begin():
        if revocations and issuer_sites(s, ours)[:1] != [site_code]:
            raise NotIssuedBy(revocations[0].uvci)  # the issuer part is an earlier site's
        known = set(s.scalars(select(RevokedCertificate.uci_hash).where(
            RevokedCertificate.uci_hash.in_(list(hashes)))))
        for h, r in hashes.items():
            if h not in known:
                s.add(RevokedCertificate(uci_hash=h, site_code=site_code,
                                         revoked_at=r.revoked_at, reason=r.reason,
                                         received_at=now))
    return Recorded(len(hashes) - len(known), len(known))


def published(engine: Engine) -> dict[str, Any]:
    """The trust list's ``revoked_certificates`` section."""
    with Session(engine) as s:
        rows = s.execute(select(RevokedCertificate.uci_hash, RevokedCertificate.revoked_at)
                         .order_by(RevokedCertificate.uci_hash)).all()
    return {"hash_type": HASH_TYPE, "hashes": [published_entry(h, at) for h, at in rows]}
