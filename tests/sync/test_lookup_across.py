"""One citizen across sites, as site B lives it after site A changes its record: real site
databases (two or three laptops) and one real central server process.

From the review of "one citizen across sites" (items 1, 4 and 5): a refused bring left A's
voided dose on B's cards and certificates for good, B's own record counted as "another
person" holding the number; a dose another site gave under a number B holds was brought
silently ("Mũi 2" twice); a correction of the name at A never reached B, and nothing said
so. The look-up's role and audit (item 6) are in tests/sync/test_lookup_audit.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, CertificateIssue, ExternalDose, Person
from desktop_app.rules.cleaning import DOSE_NUMBER_CLASH, case_problem
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.rules.messages import UserError
from desktop_app.services import cleaning, lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.audit import describe
from desktop_app.services.cleaning_elsewhere import (
    IDENTITY_DIFFERS_ELSEWHERE,
    identities_elsewhere,
)
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.records import correct_person
from tests.wired import Wired, another_laptop

MAI = make_cccd("001", Sex.FEMALE, 1985, 4242)
DAY1 = date.today() - timedelta(days=60)
DAY2 = date.today() - timedelta(days=30)


@pytest.fixture
def wired_c(tmp_path: Path, wired: Wired) -> Iterator[Wired]:
    """A third laptop, at HN-0003, wired to the same central server."""
    yield from another_laptop(tmp_path / "site_c.db", wired, "HN-0003", "Trạm Y tế Xã Kim Chung")


def _at_a(wired: Wired, name: str = "Trần Thị Mai", born: date = date(1985, 3, 4),
          number: str = MAI) -> tuple[str, str]:
    """Site A records the citizen with dose 1 and syncs: (person id, dose id)."""
    out = record_dose(wired.db, DoseInput("COMIRNATY", "FK1234", 1, DAY1, "Y tá Lan"),
                      person=PersonInput(name, born, Sex.FEMALE, IdType.CCCD, number),
                      today=DAY1, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert wired.sync().rejected == 0
    return out.person_id, out.dose_id


def _brought_with_dose_2(site: Wired, number: str = MAI, *, sync: bool = True
                         ) -> tuple[str, str]:
    """A site looks the citizen up, brings them, gives dose 2 and syncs: (person, dose)."""
    pid = lookup.bring_person(site.db, lookup.look_up(site.db, number, actor=AT_THIS_LAPTOP),
                              actor=AT_THIS_LAPTOP)
    out = record_dose(site.db, DoseInput("COMIRNATY", "FK9", 2, DAY2, "Y tá Hà"),
                      person_id=pid, today=DAY2, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    if sync:
        assert site.sync().rejected == 0
    return pid, out.dose_id


def _paper(site: Wired, pid: str, dose_id: str, uvci: str) -> None:
    """A certificate printed at the site now: its paper lists the other sites' doses."""
    with site.db.transaction() as s:
        s.add(CertificateIssue(uvci=uvci, person_id=pid, dose_id=dose_id, issued_at=utc_now(),
                               kid="00"))


def _held(site: Wired, pid: str) -> list[tuple[int, str]]:
    with site.db.reading() as s:
        return sorted((e.dose_number, e.site_code) for e in s.scalars(
            select(ExternalDose).where(ExternalDose.person_id == pid)))


def _last(site: Wired, action: str, pid: str) -> dict:
    with site.db.reading() as s:
        return json.loads(s.scalars(select(AuditEntry.details).where(
            AuditEntry.action == action, AuditEntry.entity_id == pid)
            .order_by(AuditEntry.id.desc())).first())


def _revoked(site: Wired, uvci: str) -> str | None:
    with site.db.reading() as s:
        return s.get(CertificateIssue, uvci).revoke_reason


def test_a_dose_voided_at_a_leaves_b_though_the_bring_is_refused(wired, wired_b):
    """A corrects her date of birth (the platform then keeps A's and B's records apart)
    and voids dose 1. B's bring is refused, naming A's site only, and drops the dose all
    the same: off the card, and the certificate printed since revoked."""
    pid_a, dose_1 = _at_a(wired)
    pid_b, dose_2 = _brought_with_dose_2(wired_b)
    assert _held(wired_b, pid_b) == [(1, "HN-0001")]
    _paper(wired_b, pid_b, dose_2, "URN:UVCI:01:VN:HN0002/TEST#1")

    fixed = correct_person(wired.db, pid_a, {"dob": date(1985, 4, 3)}, actor=AT_THIS_LAPTOP,
                           confirm_warnings=True)
    assert fixed.saved, fixed.problems
    void_dose(wired.db, dose_1, "Ghi nhầm người", actor=AT_THIS_LAPTOP)
    assert wired.sync().rejected == 0

    citizen = lookup.look_up(wired_b.db, MAI, actor=AT_THIS_LAPTOP)
    assert dose_1 in citizen.voided and citizen.people == 2  # kept apart: another birth date
    with pytest.raises(UserError) as refused:
        lookup.bring_person(wired_b.db, citizen, actor=AT_THIS_LAPTOP)
    assert refused.value.code == "LOOKUP_ID_HELD_APART"
    said = refused.value.message("vi")
    assert "ở HN-0001 là" in said and "HN-0002" not in said  # B's own record is no other
    assert "Đã bỏ 1 mũi tiêm" in said

    assert _held(wired_b, pid_b) == []
    assert _revoked(wired_b, "URN:UVCI:01:VN:HN0002/TEST#1") == "dose_voided"
    bring = _last(wired_b, "bring", pid_b)
    assert bring["dropped_doses"] == [{"id": dose_1, "site": "HN-0001", "voided": True}]
    assert bring["refused"] == "LOOKUP_ID_HELD_APART"
    assert "bỏ mũi tiêm không còn trên hệ thống trung tâm" in describe("bring", bring, "vi")
    person = load_desk_person(wired_b.db, pid_b)
    assert [(d.dose_number, d.site_code) for d in person.doses] == [(2, None)]
    assert person.next_dose_number == 3

    # Asked again: nothing more to drop, nothing audited again, refused the same.
    with pytest.raises(UserError):
        lookup.bring_person(wired_b.db, lookup.look_up(wired_b.db, MAI, actor=AT_THIS_LAPTOP),
                            actor=AT_THIS_LAPTOP)
    with wired_b.db.reading() as s:
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "bring",
                                                      AuditEntry.entity_id == pid_b)).all()) == 1


def test_doses_of_a_record_the_province_unlinked_leave_b(wired, wired_b):
    """The province rules A's and B's records are two people: A's dose 1, brought to B
    before, leaves B at its next look-up (the bring refused), the certificate printed
    since revoked."""
    pid_a, dose_1 = _at_a(wired, "Lê Thị Hương", date(1970, 6, 1),
                          make_cccd("001", Sex.FEMALE, 1970, 777))
    number = make_cccd("001", Sex.FEMALE, 1970, 777)
    pid_b, dose_2 = _brought_with_dose_2(wired_b, number)
    assert lookup.look_up(wired_b.db, number, actor=AT_THIS_LAPTOP).people == 1  # linked
    _paper(wired_b, pid_b, dose_2, "URN:UVCI:01:VN:HN0002/TEST#2")
    assert wired.server.cli("unlink", pid_a, pid_b).startswith("unlinked")

    citizen = lookup.look_up(wired_b.db, number, actor=AT_THIS_LAPTOP)
    assert citizen.people == 2 and dose_1 in {d.id for d in citizen.doses}  # live at A
    with pytest.raises(UserError) as refused:
        lookup.bring_person(wired_b.db, citizen, actor=AT_THIS_LAPTOP)
    assert refused.value.code == "LOOKUP_ID_HELD_APART"
    assert _held(wired_b, pid_b) == []
    assert _revoked(wired_b, "URN:UVCI:01:VN:HN0002/TEST#2") == "dose_voided"
    bring = _last(wired_b, "bring", pid_b)
    assert bring["dropped_doses"] == [{"id": dose_1, "site": "HN-0001", "voided": False,
                                       "unlinked": True}]
    assert describe("bring", bring, "en").endswith(
        "doses dropped, of a record the central platform does not take for this person "
        f"HN-0001/{dose_1}")


def test_a_dose_2_from_another_site_beside_this_sites_dose_2_is_flagged(
        wired, wired_b, wired_c):
    """B and C each gave (or backfilled) her dose 2. B's next look-up brings C's dose 2:
    kept, but the person goes on the cleaning worklist and the bring's entry says which
    dose clashes with which number."""
    _at_a(wired)
    pid_b, _ = _brought_with_dose_2(wired_b, sync=False)  # before either site synced
    _brought_with_dose_2(wired_c, sync=False)
    assert wired_b.sync().rejected == 0 and wired_c.sync().rejected == 0
    citizen = lookup.look_up(wired_b.db, MAI, actor=AT_THIS_LAPTOP)
    assert citizen.people == 1
    [dose_c] = [d.id for d in citizen.doses if d.site_code == "HN-0003"]

    assert lookup.bring_person(wired_b.db, citizen, actor=AT_THIS_LAPTOP) == pid_b
    assert _held(wired_b, pid_b) == [(1, "HN-0001"), (2, "HN-0003")]  # kept: see the service
    bring = _last(wired_b, "bring", pid_b)
    assert bring["number_clash"] == [{"id": dose_c, "site": "HN-0003", "dose_number": 2}]
    assert f"trùng số mũi với mũi đã có, đưa vào danh sách làm sạch HN-0003/{dose_c} (mũi 2)" \
        in describe("bring", bring, "vi")
    [case] = cleaning.worklist(wired_b.db).cases
    assert (case.person_id, case.problems) == (pid_b, (DOSE_NUMBER_CLASH,))
    assert "Trùng số mũi" in case_problem(DOSE_NUMBER_CLASH, "vi")
    update = _last(wired_b, "update", pid_b)
    assert update["cleaning_reason"] == [None, DOSE_NUMBER_CLASH]

    # The same answer again: nothing new, no second flag.
    lookup.bring_person(wired_b.db, lookup.look_up(wired_b.db, MAI, actor=AT_THIS_LAPTOP),
                        actor=AT_THIS_LAPTOP)
    with wired_b.db.reading() as s:
        assert s.get(Person, pid_b).cleaning_reason == DOSE_NUMBER_CLASH
        assert len(s.scalars(select(AuditEntry).where(
            AuditEntry.action == "update", AuditEntry.entity_id == pid_b)).all()) == 1


def test_a_name_corrected_at_a_is_flagged_at_b_with_as_value_never_written(wired, wired_b):
    """A's supervisor corrects a tone mark; the platform keeps the records linked. B's
    record keeps its name (its certificates stand on it); B's bring flags the person for a
    supervisor with A's name, once."""
    pid_a, _ = _at_a(wired)
    pid_b, _ = _brought_with_dose_2(wired_b)
    fixed = correct_person(wired.db, pid_a, {"full_name": "Trần Thị Mại"},
                           actor=AT_THIS_LAPTOP, confirm_warnings=True)
    assert fixed.saved, fixed.problems
    assert wired.sync().rejected == 0

    citizen = lookup.look_up(wired_b.db, MAI, actor=AT_THIS_LAPTOP)
    assert citizen.people == 1
    assert lookup.bring_person(wired_b.db, citizen, actor=AT_THIS_LAPTOP) == pid_b
    with wired_b.db.reading() as s:
        person = s.get(Person, pid_b)
        assert (person.full_name, person.cleaning_reason) == (
            "Trần Thị Mai", IDENTITY_DIFFERS_ELSEWHERE)
    assert identities_elsewhere(wired_b.db, [pid_b]) == {
        pid_b: {"site": "HN-0001", "full_name": "Trần Thị Mại"}}
    [case] = cleaning.worklist(wired_b.db).cases
    assert case.problems == (IDENTITY_DIFFERS_ELSEWHERE,)
    assert case_problem(IDENTITY_DIFFERS_ELSEWHERE, "vi", None,
                        identities_elsewhere(wired_b.db, [pid_b])[pid_b]) == \
        "HN-0001 ghi khác: Họ và tên “Trần Thị Mại”"
    flag = _last(wired_b, "update", pid_b)
    assert "Họ tên nơi khác ghi “—” → “Trần Thị Mại”" in describe("update", flag, "vi")

    # Looked up again: the same values, no new entry; A's date of birth corrected too
    # (the records still linked by the province): a new entry, both values.
    lookup.bring_person(wired_b.db, lookup.look_up(wired_b.db, MAI, actor=AT_THIS_LAPTOP),
                        actor=AT_THIS_LAPTOP)
    assert _last(wired_b, "update", pid_b) == flag
    fixed = correct_person(wired.db, pid_a, {"dob": date(1985, 4, 3)}, actor=AT_THIS_LAPTOP,
                           confirm_warnings=True)
    assert wired.sync().rejected == 0
    assert wired.server.cli("link", pid_a, pid_b).startswith("linked")
    lookup.bring_person(wired_b.db, lookup.look_up(wired_b.db, MAI, actor=AT_THIS_LAPTOP),
                        actor=AT_THIS_LAPTOP)
    assert identities_elsewhere(wired_b.db, [pid_b]) == {
        pid_b: {"site": "HN-0001", "full_name": "Trần Thị Mại", "dob": "1985-04-03"}}
    with wired_b.db.reading() as s:
        assert s.get(Person, pid_b).dob == date(1985, 3, 4)  # never overwritten
