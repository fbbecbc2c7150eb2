"""The offline transfer file (``wire/outbox_file.py``): every record this laptop has not yet
synced, signed with the site's key and sealed to the central platform, for a site without a
connection for days. Importing it centrally applies it exactly once; the laptop learns the
outcome at its next sync, when the records it sends again are found already there.

A record corrected after it went in one week's file goes in the next one as an update of
that earlier version (``ifContent``), so files imported in order all apply; and what a
file carried counts as sent (``own_writes``), so central's copy is the laptop's own write
at the next sync, not a change for a supervisor to resolve.
"""

from __future__ import annotations

from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from desktop_app import settings
from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.database import Database
from desktop_app.paths import private_output
from desktop_app.rules.messages import UserError
from desktop_app.services.actor import RECORDERS, Actor, require
from desktop_app.services.demo_guard import refuse_upload
from desktop_app.services.signing import Signer
from desktop_app.services.site import current_site
from desktop_app.sync import outbox, own_writes
from desktop_app.wire import outbox_file

TYPES = {"person": "Patient", "dose": "Immunization"}


def export_outbox(db: Database, out: Path, signer: Signer, *, actor: Actor) -> int:
    """Write the transfer file to ``out`` (atomically); return how many records it holds."""
    require(actor, *RECORDERS)
    refuse_upload(db)  # the demo's records are for nobody's platform, by file or by sync
    site = current_site(db)
    with db.reading() as s:
        csca_pem = settings.read(s, settings.CSCA_CERTIFICATE)
    if site is None or not csca_pem:
        raise UserError("TRANSFER_NOT_ENROLLED")
    records = outbox.for_transfer(db, site.code)
    payload = {
        "format": outbox_file.FORMAT, "site": site.code, "created": utc_now().isoformat(),
        "entries": [{"type": TYPES[r.entity], "id": r.record_id, "resource": r.resource,
                     "ifMatch": r.server_version,
                     "ifContent": own_writes.sent_earlier(r.sent_digests, r.version),
                     **({"keepForeign": True} if r.foreign_unknown else {}),
                     **({"ownFolds": list(r.own_folds)} if r.own_folds else {})}
                    for r in records],
    }
    csca = x509.load_pem_x509_certificate(csca_pem.encode())
    data = outbox_file.seal(payload, signer.key,
                            signer.certificate.public_bytes(Encoding.PEM).decode(),
                            csca.public_key())
    with private_output(out) as part:
        part.write_bytes(data)
    with db.transaction() as s:
        s.add(store.audit_entry("export", "outbox", out.name, {"records": len(records)},
                                utc_now(), actor.user_id))
    return len(records)
