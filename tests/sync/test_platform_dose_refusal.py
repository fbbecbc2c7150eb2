"""A dose the central platform refuses as a second dose of that number, as the desk lives
it: a real site database, a real central server process, real HTTP.

The platform now checks each Immunization against the doses it holds for the Patient
(``central_server/fhir/dose_history.py``). The desk's own rules keep one active dose of a
number per person, so a refusal comes from what the laptop does not hold: another client's
dose 2 (here central staff's), or one a restored laptop lost. The refused dose is never
dropped: it waits, rejected, in the Sync area with the platform's Vietnamese sentence. A
void of dose 2 that reaches the platform after the dose 2 replacing it is no refusal.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from desktop_app.db.models import Dose, SyncRecord
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.sync import sync_issues
from desktop_app.sync import outbox
from desktop_app.sync.push import push_batch
from tests.central.fhir_samples import immunization
from tests.wired import Wired, bearer

DAY1 = date.today() - timedelta(days=60)
DAY2 = date.today() - timedelta(days=20)


def _person_with_dose_1(wired: Wired) -> str:
    out = record_dose(wired.db, DoseInput("COMIRNATY", "FK1234", 1, DAY1, "Y tá Lan"),
                      person=PersonInput("Phạm Thị Thu", date(1979, 5, 6), Sex.FEMALE,
                                         IdType.CCCD, make_cccd("001", Sex.FEMALE, 1979, 55)),
                      today=DAY1, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert wired.sync().rejected == 0
    return out.person_id


def _dose_2(wired: Wired, person_id: str, day: date = DAY2) -> str:
    out = record_dose(wired.db, DoseInput("COMIRNATY", "FK5678", 2, day, "Y tá Hà"),
                      person_id=person_id, today=day, confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.dose_id


def _state(wired: Wired, dose_id: str) -> str:
    with wired.db.reading() as s:
        return s.get(SyncRecord, ("dose", dose_id)).state


@pytest.fixture
def their_dose_2(wired: Wired) -> tuple[str, str]:
    """The site's person on the platform with dose 1, and a dose 2 of them there that the
    laptop does not hold: another client's (central staff's token, plain FHIR PUT)."""
    pid = _person_with_dose_1(wired)
    theirs = immunization(pid, "HN-0001", dose_number=2, dose_date=DAY2.isoformat())
    put = bearer(wired.central_token).put(f"{wired.server.url}/Immunization/{theirs['id']}",
                                          json=theirs)
    assert put.status_code == 201, put.text
    return pid, theirs["id"]


def test_a_dose_2_the_platform_already_holds_is_refused_held_and_told(wired, their_dose_2):
    pid, _theirs = their_dose_2
    ours = _dose_2(wired, pid, DAY2 + timedelta(days=1))
    summary = wired.sync()
    assert summary.rejected == 1
    # Held: the dose is still the person's, active, rejected (not queued, not dropped).
    assert _state(wired, ours) == "rejected"
    with wired.db.reading() as s:
        assert s.get(Dose, ours).status == "active"
    [issue] = [i for i in sync_issues(wired.db) if i.record_id == ours]
    assert issue.state == "rejected"
    assert issue.label == f"{DAY2 + timedelta(days=1):%d/%m/%Y} #2"
    said = issue.reason("vi")
    assert said == (f"Người này đã có mũi 2 (ngày {DAY2:%d/%m/%Y}); không thể ghi mũi 2 "
                    "lần nữa.")
    assert issue.issues[0]["code"] == "DOSE_NUMBER_DUPLICATE"
    assert issue.issues[0]["where"] == "Immunization.protocolApplied.doseNumber"
    assert "already has dose 2" in issue.reason("en")

    # Another round: still there, still told; nothing resent on its own.
    again = wired.sync()
    assert again.sent == 0 and _state(wired, ours) == "rejected"
    assert any(i.record_id == ours for i in sync_issues(wired.db))


def test_the_void_of_a_dose_2_sent_after_the_dose_2_replacing_it(wired):
    """The clerk voids a wrong dose 2 and records the right one; their batches cross on
    the wire (the replacement answered first): refused then, it goes again once the void
    is acknowledged, in the same round."""
    pid = _person_with_dose_1(wired)
    wrong = _dose_2(wired, pid)
    assert wired.sync().rejected == 0
    void_dose(wired.db, wrong, "Ghi nhầm ngày", actor=AT_THIS_LAPTOP)
    right = _dose_2(wired, pid, DAY2 + timedelta(days=2))

    client = wired.client()
    first = outbox.claim(wired.db, 1, "HN-0001")  # the void (changed first)
    second = outbox.claim(wired.db, 1, "HN-0001")  # the replacement
    assert [o.record_id for o in first + second] == [wrong, right]
    outbox.record(wired.db, push_batch(client, second, "HN-0001"))
    assert _state(wired, right) == "rejected"
    outbox.record(wired.db, push_batch(client, first, "HN-0001"))
    assert _state(wired, wrong) == "synced"
    assert _state(wired, right) == "pending"  # queued again by the void's acknowledgement
    assert wired.sync().rejected == 0
    assert _state(wired, right) == "synced"
    with wired.db.reading() as s:
        assert s.scalars(select(Dose.status).where(Dose.person_id == pid)
                         .order_by(Dose.dose_date)).all() == ["active", "voided", "active"]
