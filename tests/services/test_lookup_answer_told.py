"""The platform's word of a person's doses at other sites taken as a look-up's answer is
(``lookup_answer.take_told``), and ``take_answer`` as it was before the two shared their
steps: found by a reviewer, each ran against the code before."""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, ExternalDose, Person
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.lookup_answer import take_answer, take_told
from desktop_app.sync.lookup import HeldHere, RemoteCitizen
from desktop_app.wire.fhir import PatientFields, RemoteDose, RemotePatient

LAN = make_cccd("001", Sex.FEMALE, 1979, 5151)
OTHER = make_cccd("001", Sex.FEMALE, 1979, 5152)
DAY = date.today() - timedelta(days=80)
B_DOSE = RemoteDose("b-dose", "pb", "HN-0002", "COMIRNATY", 3, DAY + timedelta(days=60),
                    "FKB", False)


def _lan(db) -> str:
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, DAY, "Y tá Lan"),
                      person=PersonInput("Vũ Thị Lan", date(1979, 6, 1), Sex.FEMALE,
                                         IdType.CCCD, LAN),
                      today=DAY, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    return out.person_id


def _held(db, pid: str) -> list[str]:
    with db.reading() as s:
        return sorted(s.scalars(select(ExternalDose.id).where(ExternalDose.person_id == pid)))


def test_a_dose_of_a_site_the_word_does_not_speak_for_is_left_as_it_is(db, site):
    """C's dose came onto Lan's record here by a merge; the platform does not link her to
    C. B's word (B's doses, for B's site) dropped C's dose and revoked her certificates:
    a look-up's answer leaves a site it does not speak of alone, and so does the word."""
    pid = _lan(db)
    with db.transaction() as s:
        s.add(ExternalDose(id="c-dose", person_id=pid, site_code="HN-0003",
                           product_code="COMIRNATY", dose_number=2,
                           dose_date=DAY + timedelta(days=30), lot_number="FKC",
                           fetched_at=utc_now()))
    with db.transaction() as s:
        take_told(s, s.get(Person, pid), (B_DOSE,), frozenset({"HN-0002"}), "HN-0001",
                  utc_now(), AT_THIS_LAPTOP)
    assert _held(db, pid) == ["b-dose", "c-dose"]
    with db.transaction() as s:  # B's word again, its dose gone: B's dropped, C's kept
        take_told(s, s.get(Person, pid), (), frozenset({"HN-0002"}), "HN-0001", utc_now(),
                  AT_THIS_LAPTOP)
    assert _held(db, pid) == ["c-dose"]


def test_an_answer_flags_another_number_before_a_dose_number_held_twice(db, site):
    """As before take_answer shared its steps: the number flag, then the clash (the order
    of the codes is what the worklist shows first, and of their audit entries)."""
    pid = _lan(db)
    fields = PatientFields("Vũ Thị Lan", date(1979, 6, 1), "F", "CCCD", OTHER, None, None,
                           None, None, False)
    dose = RemoteDose("b-dose", "pb", "HN-0002", "COMIRNATY", 1, DAY + timedelta(days=5),
                      "FKB", False)
    citizen = RemoteCitizen(LAN, [RemotePatient("pb", "HN-0002", fields, ())], [dose])
    with db.transaction() as s:
        take_answer(s, s.get(Person, pid), citizen, HeldHere(citizen), brought=fields,
                    site_code="HN-0001", refused=None, now=utc_now(), actor=AT_THIS_LAPTOP)
    with db.reading() as s:
        assert s.get(Person, pid).cleaning_reason == "ID_DIFFERS_ELSEWHERE,DOSE_NUMBER_CLASH"
        raised = [json.loads(d).get("cleaning_reason", [None, None])[1] for d in s.scalars(
            select(AuditEntry.details).where(AuditEntry.entity_id == pid,
                                             AuditEntry.action == "update")
            .order_by(AuditEntry.id))]
    assert raised[-2:] == ["ID_DIFFERS_ELSEWHERE", "ID_DIFFERS_ELSEWHERE,DOSE_NUMBER_CLASH"]
