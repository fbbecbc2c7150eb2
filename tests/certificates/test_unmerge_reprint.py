"""Two people merged by mistake, each with a certificate; the merge undone. The merge
revoked the folded person's certificate (it certified a record standing for nobody), and a
revocation is published for good: the undo said "0 certificates revoked" and nothing of
hers, so her QR read ĐÃ THU HỒI at the next check-in (found by a reviewer). The undo now
names her certificates revoked by the merge, to be printed again."""

from __future__ import annotations

import time
from datetime import date

from desktop_app.rules.messages import text
from desktop_app.services import certificates, merges, signing
from tests.certificates.signed import PASSPHRASE
from tests.ui.merge_helpers import recorded


def test_the_undo_names_the_folded_persons_certificates_the_merge_revoked(signed, boss):
    db = signed.db
    folded = recorded(db, boss, "Trần Thị Bích", None, 1, date(2021, 8, 1)).person_id
    kept = recorded(db, boss, "Trần Thị Bích", "001190000102", 2, date(2021, 8, 29)).person_id
    signer = signing.unlock_signer(db, PASSPHRASE)
    hers = certificates.issue_certificate(db, signer, folded, actor=boss,
                                          override_reason="Đã xem giấy tờ").content.uvci
    certificates.issue_certificate(db, signer, kept, actor=boss)
    time.sleep(1.1)  # the merge a moment after the printing, as at a real desk
    merges.merge_people(db, kept, folded, actor=boss, confirm_differences=True)
    out = merges.unmerge_people(db, folded, actor=boss)
    assert out.folded_revoked == (hers,) and out.revoked == ()
    said = text("UNMERGE_REPRINT", "vi", count=1, uvcis=hers)
    assert "hãy in lại" in said and hers in said
