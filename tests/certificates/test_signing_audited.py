"""What the platform says of the site's signing key is in the trail. Review 7 Dec 2026: a
sync round that learnt the key was revoked (no certificate can be printed from then on),
or that a new one waits for approval, or was certified, changed what the site may print
and left nothing in the audit trail. A real site, a real central server."""

from __future__ import annotations

import json

from desktop_app.services import audit, signing
from desktop_app.services.actor import AT_THIS_LAPTOP
from tests.keys import raw_connect


def _last_round(db):
    with raw_connect(db.path) as conn:
        (details,) = conn.execute("SELECT details FROM audit_entry WHERE action = 'sync'"
                                  " ORDER BY id DESC LIMIT 1").fetchone()
    return json.loads(details)


def test_each_word_of_the_platform_on_the_signing_key_is_audited(signed):
    db = signed.db
    assert signed.server.cli("revoke-signer", "--site", "HN-0001", "--reason",
                             "laptop stolen").startswith("revoked ")
    assert signed.sync().signer_revoked
    said = audit.describe("sync", _last_round(db), "vi")
    assert "Khóa ký chứng nhận “hệ thống trung tâm đã thu hồi" in said, said

    signing.create_signing_key(db, "khoá mới của trạm", replace=True, actor=AT_THIS_LAPTOP)
    waiting = signed.sync()
    details = _last_round(db)
    assert (details["signing_state"], details["pending_key"]) == ("pending",
                                                                waiting.signer_pending)
    assert waiting.signer_pending in audit.describe("sync", details, "en")

    assert signed.server.cli("approve-key", "HN-0001", "--fingerprint",
                             waiting.signer_pending).startswith("certified ")
    assert signed.sync().signer_enrolled
    assert "certified by the central platform" in audit.describe("sync", _last_round(db), "en")
    signed.sync()  # nothing new of the key: nothing said of it
    assert "signing_state" not in _last_round(db)
