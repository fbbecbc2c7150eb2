"""A district officer merges one citizen recorded twice at this site, and the doses the two
records join do not fit together (review idrev). Each record's doses had been checked at the
desk against that record's own only; the merge joined them without a word, the kept record
on no cleaning list, and a certificate was signed over them. Now the merge flags the kept
record as the desk's rules find it (``services/merge_doses.py``), its audit entry naming
the flags, and undoing the merge takes them off again. Real database, real signer."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import select

from desktop_app.db.models import AuditEntry, Dose, Person
from desktop_app.services import certificates, cleaning, merges, signing
from desktop_app.services.errors import ChangeRefused
from tests.certificates.signed import PASSPHRASE
from tests.ui.merge_helpers import recorded

BICH, CCCD = "Trần Thị Bích", "001190000102"


def _doses(db, pid):  # noqa: ANN001, ANN202
    with db.reading() as s:
        return sorted((d.dose_number, d.dose_date) for d in s.scalars(
            select(Dose).where(Dose.person_id == pid, Dose.status == "active")))


def _on_the_list(db, pid) -> tuple[str, ...] | None:  # noqa: ANN001
    """Her open case's problems on the cleaning worklist, None when she is not on it."""
    return next((c.problems for c in cleaning.worklist(db).cases if c.person_id == pid), None)


def _entries(db, action, pid):  # noqa: ANN001, ANN202
    with db.reading() as s:
        return [json.loads(e.details) for e in s.scalars(select(AuditEntry).where(
            AuditEntry.action == action, AuditEntry.entity == "person",
            AuditEntry.entity_id == pid))]


def _certified(db, boss, pid):  # noqa: ANN001, ANN202
    signer = signing.unlock_signer(db, PASSPHRASE)
    try:
        issued = certificates.issue_certificate(db, signer, pid, actor=boss).content
    except (ChangeRefused, certificates.CertificateError):
        return None
    return [d.dose_number for d in issued.doses]


def _refusal(db, boss, pid):  # noqa: ANN001, ANN202
    signer = signing.unlock_signer(db, PASSPHRASE)
    try:
        certificates.issue_certificate(db, signer, pid, actor=boss)
    except certificates.CertificateError as exc:
        return exc
    raise AssertionError("a certificate was signed")


def test_a_merge_of_one_injection_recorded_twice_is_certified_as_two_doses(signed, boss):
    """One injection (01/08/2021, Comirnaty, lot FK1) was recorded on her CCCD record as
    dose 1 and on a second record of her (no ID) as dose 2. The officer merged the two: the
    kept record held dose 1 and dose 2 on the same day, nothing put it on the cleaning list,
    and a certificate was signed certifying a finished primary series for one injection (a
    dose 2 zero days after dose 1 is DOSE_INTERVAL_SHORT at the desk). Now the kept record
    is on the cleaning list for it, the merge's entry says so, and no certificate is signed
    over the two until they are put right (``payload.history_refusal``)."""
    db = signed.db
    kept = recorded(db, boss, BICH, CCCD, 1, date(2021, 8, 1)).person_id
    folded = recorded(db, boss, BICH, None, 2, date(2021, 8, 1)).person_id
    done = merges.merge_people(db, kept, folded, actor=boss, confirm_differences=True)
    assert _doses(db, kept) == [(1, date(2021, 8, 1)), (2, date(2021, 8, 1))]
    assert done.flagged == ("DOSE_INTERVAL_SHORT",)
    assert _on_the_list(db, kept) == ("DOSE_INTERVAL_SHORT",)
    [merged] = _entries(db, "merge", kept)
    assert merged["flagged"] == ["DOSE_INTERVAL_SHORT"]
    # No certificate says "2 of 2" for one injection until the doses are put right.
    assert _certified(db, boss, kept) is None
    refused = _refusal(db, boss, kept)
    assert refused.code == "CERT_DOSES_OUT_OF_ORDER"
    assert "mũi 2 ngày 01/08/2021 không sau mũi 1 ngày 01/08/2021" in refused.message("vi")


def test_a_merge_that_puts_doses_out_of_date_order_leaves_the_record_unflagged(signed, boss):
    """Her CCCD record holds dose 1 of 29/08/2021; a second record of her holds a dose 2
    of 01/08/2021 (the paper form's numbers swapped). Merged, the kept record held dose 2
    before dose 1 (a DOSE_ORDER error at the desk, "doses out of date order" on the
    cleaning list after a backfill) and nothing said so. Now it is flagged DOSE_ORDER as
    the import flags it."""
    db = signed.db
    kept = recorded(db, boss, BICH, CCCD, 1, date(2021, 8, 29)).person_id
    folded = recorded(db, boss, BICH, None, 2, date(2021, 8, 1)).person_id
    done = merges.merge_people(db, kept, folded, actor=boss, confirm_differences=True)
    assert _doses(db, kept) == [(1, date(2021, 8, 29)), (2, date(2021, 8, 1))]
    assert done.flagged == ("DOSE_ORDER",)
    assert _on_the_list(db, kept) == ("DOSE_ORDER",)
    assert [e["flagged"] for e in _entries(db, "merge", kept)] == [["DOSE_ORDER"]]
    # Nor one whose QR dates dose 2 before dose 1; a day's batch lists her as held.
    assert _certified(db, boss, kept) is None
    held = certificates.held_back(db, [kept], lang="en")
    assert "dose 2 on 01/08/2021, not after dose 1 on 29/08/2021" in held[kept]


def test_undoing_the_merge_takes_its_flag_off_and_leaves_an_earlier_one(db, site, boss):
    """Split again (two people merged by mistake), the kept record's doses are its own
    again: the flag the merge added goes, audited; a flag it held before the merge stays."""
    kept = recorded(db, boss, BICH, CCCD, 1, date(2021, 8, 29)).person_id
    folded = recorded(db, boss, BICH, None, 2, date(2021, 8, 1)).person_id
    with db.transaction() as s:
        s.get(Person, kept).cleaning_reason = "DOSE_INTERVAL_SHORT"  # held before
    assert merges.merge_people(db, kept, folded, actor=boss,
                               confirm_differences=True).flagged == ("DOSE_ORDER",)
    assert set(_on_the_list(db, kept)) == {"DOSE_INTERVAL_SHORT", "DOSE_ORDER"}
    merges.unmerge_people(db, folded, actor=boss)
    with db.reading() as s:
        assert s.get(Person, kept).cleaning_reason == "DOSE_INTERVAL_SHORT"
    [undone] = _entries(db, "unmerge", kept)
    assert undone["unflagged"] == ["DOSE_ORDER"]


def test_doses_that_fit_together_flag_nothing(db, site, boss):
    kept = recorded(db, boss, BICH, CCCD, 1, date(2021, 8, 1)).person_id
    folded = recorded(db, boss, BICH, None, 2, date(2021, 8, 29)).person_id
    done = merges.merge_people(db, kept, folded, actor=boss, confirm_differences=True)
    assert done.flagged == () and _on_the_list(db, kept) is None
    assert "flagged" not in _entries(db, "merge", kept)[0]
    merges.unmerge_people(db, folded, actor=boss)
    assert "unflagged" not in _entries(db, "unmerge", kept)[0]
