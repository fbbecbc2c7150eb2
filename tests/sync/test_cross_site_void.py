"""A dose the other site voids leaves this site at its next look-up of the citizen.

Site B brought a citizen from site A with A's doses 1 and 2. A then found dose 2 was
another person's and voided it. B kept it for good: looking the citizen up again only
added doses, the platform's answer left the voided one out so B never learnt of the void,
and B's desk refused the citizen's real dose 2 as already given (review of the sync,
item 4). Two laptops, one real central server process.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, CertificateIssue, Dose, ExternalDose, Person
from desktop_app.services import lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, record_dose, void_dose
from tests.sync.helpers import make_people


def _held(wired, pid: str) -> list[int]:
    with wired.db.reading() as s:
        return sorted(s.scalars(select(ExternalDose.dose_number)
                                .where(ExternalDose.person_id == pid)))


def test_a_dose_voided_at_site_a_leaves_site_b_at_its_next_look_up(wired, wired_b, boss):
    [pid_a] = make_people(wired.db, 1, doses_each=2)
    wired.sync()
    with wired.db.reading() as s:
        cccd = s.get(Person, pid_a).id_number
        d2 = s.scalars(select(Dose.id).where(Dose.person_id == pid_a,
                                             Dose.dose_number == 2)).one()
    pid_b = lookup.bring_person(
        wired_b.db, lookup.look_up(wired_b.db, cccd, actor=AT_THIS_LAPTOP), actor=AT_THIS_LAPTOP)
    assert _held(wired_b, pid_b) == [1, 2]
    # B printed the citizen a paper listing A's doses (its QR carries a dose of B's)
    here = record_dose(wired_b.db, DoseInput("COMIRNATY", "FK1", 3, date(2022, 3, 1), "Hà"),
                       person_id=pid_b, today=date(2022, 3, 1), confirm_warnings=True,
                       actor=AT_THIS_LAPTOP)
    assert here.saved, here.problems
    with wired_b.db.transaction() as s:
        s.add(CertificateIssue(uvci="URN:UVCI:01:VN:HN0002/TEST#1", person_id=pid_b,
                               dose_id=here.dose_id, issued_at=utc_now(), kid="00"))

    void_dose(wired.db, d2, "Nhập nhầm người", actor=boss)  # another person's dose
    wired.sync()
    wired_b.sync()
    again = lookup.look_up(wired_b.db, cccd, actor=AT_THIS_LAPTOP)
    assert [d.dose_number for d in again.doses] == [1, 3]  # A's dose 1, B's dose 3
    assert d2 in again.voided  # the platform's answer now says which it voided

    lookup.bring_person(wired_b.db, again, actor=AT_THIS_LAPTOP)
    assert _held(wired_b, pid_b) == [1]
    with wired_b.db.reading() as s:
        paper = s.get(CertificateIssue, "URN:UVCI:01:VN:HN0002/TEST#1")
        assert (paper.revoked_at is not None, paper.revoke_reason) == (True, "dose_voided")
        audit = [(e.action, e.details) for e in s.scalars(
            select(AuditEntry).where(AuditEntry.entity_id == pid_b).order_by(AuditEntry.id))]
    assert audit[-2][0] == "revoke" and "URN:UVCI:01:VN:HN0002/TEST#1" in audit[-2][1]
    assert audit[-1][0] == "bring" and d2 in audit[-1][1] and "dropped_doses" in audit[-1][1]

    # the citizen's real dose 2 is recorded at B now
    out = record_dose(wired_b.db, DoseInput("COMIRNATY", "FK1234", 2, date(2022, 1, 5),
                                            "Y tá Lan"),
                      person_id=pid_b, today=date(2022, 6, 1), confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert wired_b.sync().rejected == 0
