"""Looking a person up again makes the other sites' doses here the platform's current ones
(no server needed: the platform's answer is a RemoteCitizen; the two-laptop round trip is
tests/sync/test_cross_site_void.py).

A voided or vanished dose is dropped, a corrected one updated, each in the audit, and the
certificates printed here that list it are revoked, as a void or a correction of a dose of
this site revokes them.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select, text

from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, CertificateIssue, Dose
from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.audit import describe
from desktop_app.services.doses import DoseInput, record_dose
from desktop_app.sync.lookup import RemoteCitizen
from desktop_app.wire import fhir

CCCD = make_cccd("001", Sex.MALE, 1985, 779)


def citizen(*doses, voided=(), patient_site="HN-0009"):
    fields = fhir.PatientFields("Đỗ Văn Hùng", date(1985, 2, 3), "M", "CCCD", CCCD, None, None,
                                None, None, False)
    return RemoteCitizen(CCCD, [fhir.RemotePatient("pa", patient_site, fields, ())],
                         list(doses), voided=frozenset(voided))


def dose(id_, number, day, site="HN-0009", lot=None):
    return fhir.RemoteDose(id_, "pa", site, "COMIRNATY", number, day, lot or f"L{number}",
                           False)


D1, D2 = dose("i1", 1, date(2021, 9, 1)), dose("i2", 2, date(2021, 10, 6))


def held(db):
    with db.engine.connect() as conn:
        return conn.execute(text("SELECT id, site_code, dose_number, lot_number "
                                 "FROM external_dose ORDER BY id")).all()


def _paper(db, person_id: str, uvci: str, issued_at) -> None:
    """A certificate issued here: its QR carries a dose of this site, its paper lists the
    other sites' doses too (``services/certificates._content``)."""
    with db.reading() as s:
        dose_id = s.scalar(select(Dose.id).where(Dose.person_id == person_id))
    if dose_id is None:
        out = record_dose(db, DoseInput("COMIRNATY", "FK1", 3, date(2022, 3, 1), "Hoa"),
                          person_id=person_id, today=date(2022, 3, 1), confirm_warnings=True,
                          actor=AT_THIS_LAPTOP)
        assert out.saved, out.problems
        dose_id = out.dose_id
    with db.transaction() as s:
        s.add(CertificateIssue(uvci=uvci, person_id=person_id, dose_id=dose_id,
                               issued_at=issued_at, kid="00"))


def _revoked(db) -> dict[str, str | None]:
    with db.reading() as s:
        return {c.uvci: c.revoke_reason for c in s.scalars(select(CertificateIssue))}


def _last_bring(db) -> dict:
    with db.reading() as s:
        return json.loads(s.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "bring").order_by(AuditEntry.id.desc())).first())


def test_a_dose_voided_on_the_platform_is_dropped_and_its_papers_revoked(db, site):
    pid = lookup.bring_person(db, citizen(D1, D2), actor=AT_THIS_LAPTOP)
    _paper(db, pid, "URN:UVCI:01:VN:HN0001/T#1", utc_now())  # printed after: lists i2
    lookup.bring_person(db, citizen(D1, voided={"i2"}), actor=AT_THIS_LAPTOP)

    assert held(db) == [("i1", "HN-0009", 1, "L1")]
    assert _revoked(db) == {"URN:UVCI:01:VN:HN0001/T#1": "dose_voided"}
    origin = _last_bring(db)
    assert origin["dropped_doses"] == [{"id": "i2", "site": "HN-0009", "voided": True}]
    assert "nhập nhầm hoặc đã xóa ở đó) HN-0009/i2" in describe("bring", origin, "vi")
    with db.reading() as s:
        revoke = s.scalars(select(AuditEntry).where(AuditEntry.action == "revoke")).one()
    assert revoke.entity_id == pid and "dose_voided" in revoke.details
    # the number is free for the citizen's real dose 2
    out = record_dose(db, DoseInput("COMIRNATY", "FK2", 2, date(2021, 12, 1), "Hoa"),
                      person_id=pid, today=date(2022, 6, 1), confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems


def test_a_dose_gone_from_a_site_that_answered_is_dropped_another_sites_is_kept(db, site):
    """Missing from the answer: dropped if its site is one the platform answered for (it
    was deleted there, or moved to another person); one of a site the answer does not
    speak of (brought under the citizen's other number, say) is left as it is."""
    far = dose("k1", 3, date(2022, 1, 9), site="HCM-0003")
    pid = lookup.bring_person(db, citizen(D1, D2, far), actor=AT_THIS_LAPTOP)
    lookup.bring_person(db, citizen(D1), actor=AT_THIS_LAPTOP)
    assert [r[0] for r in held(db)] == ["i1", "k1"]
    assert _last_bring(db)["dropped_doses"] == [{"id": "i2", "site": "HN-0009",
                                                 "voided": False}]
    assert pid


def test_a_dose_corrected_on_the_platform_is_updated_and_its_papers_revoked(db, site):
    pid = lookup.bring_person(db, citizen(D1, D2), actor=AT_THIS_LAPTOP)
    earlier = utc_now() - timedelta(days=30)  # printed before it was brought: not listing it
    _paper(db, pid, "URN:UVCI:01:VN:HN0001/T#1", utc_now())
    _paper(db, pid, "URN:UVCI:01:VN:HN0001/T#0", earlier)
    lookup.bring_person(db, citizen(D1, dose("i2", 2, date(2021, 10, 7), lot="L9")),
                        actor=AT_THIS_LAPTOP)

    assert held(db) == [("i1", "HN-0009", 1, "L1"), ("i2", "HN-0009", 2, "L9")]
    assert _revoked(db) == {"URN:UVCI:01:VN:HN0001/T#1": "dose_corrected",
                            "URN:UVCI:01:VN:HN0001/T#0": None}
    origin = _last_bring(db)
    assert origin["updated_doses"] == [{"id": "i2", "site": "HN-0009", "changes": {
        "dose_date": ["2021-10-06", "2021-10-07"], "lot_number": ["L2", "L9"]}}]
    assert describe("bring", origin, "en").endswith(
        "doses updated as corrected on the central platform HN-0009/i2 "
        "(Dose date “06/10/2021” → “07/10/2021”; Lot “L2” → “L9”)")


def test_the_same_answer_again_changes_nothing_and_audits_nothing(db, site):
    lookup.bring_person(db, citizen(D1, D2), actor=AT_THIS_LAPTOP)
    before = held(db)
    lookup.bring_person(db, citizen(D1, D2), actor=AT_THIS_LAPTOP)
    assert held(db) == before
    with db.reading() as s:  # the first was the person's creation; nothing since
        assert s.scalars(select(AuditEntry).where(AuditEntry.action.in_(
            ("bring", "revoke")))).all() == []
