"""Site B asks the platform again about a person whose doses came from site A, after A's
record moved on: real site databases (two or three laptops), one real central server.

The gap this closes: once brought, B never asked again unless someone looked the person up
anew, so A's void, A's further dose and A's correction never reached B's card or paper; a
refused bring dropped A's voided doses but never brought A's new ones; the flags a look-up
raised stayed on B's worklist after their cause was gone. The desk's side is
tests/ui/test_desk_refresh.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.clock import utc_now
from desktop_app.db.models import (
    AuditEntry,
    CertificateIssue,
    CleaningCase,
    Dose,
    ExternalDose,
    Person,
)
from desktop_app.rules.cleaning import DOSE_NUMBER_CLASH
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.rules.messages import UserError
from desktop_app.services import cleaning, lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.audit import describe
from desktop_app.services.cleaning_elsewhere import IDENTITY_DIFFERS_ELSEWHERE
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.lookup_refresh import REFRESH_EVERY, refresh_person
from desktop_app.services.records import correct_person
from desktop_app.wire import fhir
from tests.wired import Wired, another_laptop, lookups_logged

MAI = make_cccd("001", Sex.FEMALE, 1985, 4343)
MAI_CMND = "013572468"
DAY1 = date.today() - timedelta(days=90)
DAY2 = date.today() - timedelta(days=60)
DAY3 = date.today() - timedelta(days=5)


@pytest.fixture
def wired_c(tmp_path: Path, wired: Wired) -> Iterator[Wired]:
    """A third laptop, at HN-0003, wired to the same central server."""
    yield from another_laptop(tmp_path / "site_c.db", wired, "HN-0003", "Trạm Y tế Xã Kim Chung")


def _dose(site: Wired, number: int, day: date, *, person_id: str | None = None,
          person: PersonInput | None = None) -> tuple[str, str]:
    lot = "FK" + str(number) + "".join(c for c in site.token if c.isalnum())[:2]  # a lot's
    out = record_dose(site.db, DoseInput("COMIRNATY", lot, number, day,  # letters and digits
                                         "Y tá Lan"),
                      person_id=person_id, person=person, today=day, confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id, out.dose_id


def _mai(name: str = "Trần Thị Mai", born: date = date(1985, 3, 4)) -> PersonInput:
    return PersonInput(name, born, Sex.FEMALE, IdType.CCCD, MAI, old_id_number=MAI_CMND)


def _at_a(wired: Wired) -> tuple[str, str]:
    """Site A records Mai (her CCCD and old CMND) with dose 1 and syncs."""
    pid, dose = _dose(wired, 1, DAY1, person=_mai())
    assert wired.sync().rejected == 0
    return pid, dose


def _brought(site: Wired, *, dose_2: bool = True, sync: bool = True) -> str:
    """A site looks Mai up, brings her, gives dose 2 (unless told not to) and syncs."""
    pid = lookup.bring_person(site.db, lookup.look_up(site.db, MAI, actor=AT_THIS_LAPTOP),
                              actor=AT_THIS_LAPTOP)
    if dose_2:
        _dose(site, 2, DAY2, person_id=pid)
    if sync:
        assert site.sync().rejected == 0
    return pid


def _refresh(site: Wired, pid: str, **options):  # noqa: ANN003, ANN202
    return refresh_person(site.db, pid, actor=AT_THIS_LAPTOP, force=True, **options)


def _held(site: Wired, pid: str) -> list[tuple[int, str]]:
    with site.db.reading() as s:
        return sorted((e.dose_number, e.site_code) for e in s.scalars(
            select(ExternalDose).where(ExternalDose.person_id == pid)))


def _entries(site: Wired, action: str, entity_id: str | None = None) -> list[dict]:
    with site.db.reading() as s:
        query = select(AuditEntry.details).where(AuditEntry.action == action)
        if entity_id is not None:
            query = query.where(AuditEntry.entity_id == entity_id)
        return [json.loads(d) for d in s.scalars(query.order_by(AuditEntry.id))]


def _codes(site: Wired, pid: str) -> str | None:
    with site.db.reading() as s:
        return s.get(Person, pid).cleaning_reason


def _case(site: Wired, pid: str) -> str | None:
    with site.db.reading() as s:
        case = s.get(CleaningCase, pid)
        return case.status if case else None


# -- 1. the service: a void, a further dose and a correction at A reach B ---------------------

def test_a_void_at_a_leaves_bs_card_and_paper_when_b_asks_again(wired, wired_b):
    _pid_a, dose_1 = _at_a(wired)
    pid_b = _brought(wired_b)
    with wired_b.db.transaction() as s:  # a certificate printed at B: it lists A's dose 1
        dose_2 = s.scalar(select(Dose.id).where(Dose.person_id == pid_b))
        s.add(CertificateIssue(uvci="URN:UVCI:01:VN:HN0002/R1", person_id=pid_b,
                               dose_id=dose_2, issued_at=utc_now(), kid="00"))
    void_dose(wired.db, dose_1, "Ghi nhầm người", actor=AT_THIS_LAPTOP)
    assert wired.sync().rejected == 0
    assert _held(wired_b, pid_b) == [(1, "HN-0001")]  # B never asked again: the old picture

    refreshed = _refresh(wired_b, pid_b)
    assert (refreshed.asked, refreshed.dropped, refreshed.revoked, refreshed.changed) == (
        True, 1, 1, True)
    assert _held(wired_b, pid_b) == []
    assert [d.site_code for d in load_desk_person(wired_b.db, pid_b).doses] == [None]
    with wired_b.db.reading() as s:
        assert s.get(CertificateIssue, "URN:UVCI:01:VN:HN0002/R1").revoke_reason == \
            "dose_voided"
    bring = _entries(wired_b, "bring", pid_b)[-1]
    assert bring["dropped_doses"] == [{"id": dose_1, "site": "HN-0001", "voided": True}]
    # Audited as a look-up, naming the person it was asked again for.
    asked = _entries(wired_b, "lookup")[-1]
    assert asked["id_number"] == MAI and asked["refreshed"] == pid_b
    assert describe("lookup", asked, "vi").endswith("(hỏi lại cho người đã có trên máy này)")


def test_a_further_dose_and_a_name_corrected_at_a_reach_b_flagged_never_written(
        wired, wired_b):
    pid_a, _ = _at_a(wired)
    pid_b = _brought(wired_b, dose_2=False)
    _dose(wired, 2, DAY2, person_id=pid_a)
    fixed = correct_person(wired.db, pid_a, {"full_name": "Trần Thị Mại"},
                           actor=AT_THIS_LAPTOP, confirm_warnings=True)
    assert fixed.saved, fixed.problems
    assert wired.sync().rejected == 0

    refreshed = _refresh(wired_b, pid_b)
    assert (refreshed.brought, refreshed.dropped) == (1, 0)
    assert _held(wired_b, pid_b) == [(1, "HN-0001"), (2, "HN-0001")]
    assert load_desk_person(wired_b.db, pid_b).next_dose_number == 3
    with wired_b.db.reading() as s:
        person = s.get(Person, pid_b)
        assert (person.full_name, person.cleaning_reason) == (
            "Trần Thị Mai", IDENTITY_DIFFERS_ELSEWHERE)


# -- 3. a refused bring still brings the doses of the records linked to the person ------------

def test_a_refused_bring_brings_as_further_dose_never_the_other_holders(
        wired, wired_b, wired_c):
    """Site C records another woman under Mai's number (another name and birth date): the
    platform keeps her apart, so B's bring is refused. A's further dose to Mai, whose
    record the platform links to B's, is brought all the same; C's dose is not."""
    pid_a, _ = _at_a(wired)
    pid_b = _brought(wired_b)
    _dose(wired_c, 1, DAY2, person=PersonInput("Đỗ Thị Khác", date(1985, 9, 10), Sex.FEMALE,
                                                IdType.CCCD, MAI))
    assert wired_c.sync().rejected == 0
    _dose(wired, 3, DAY3, person_id=pid_a)  # A's booster
    assert wired.sync().rejected == 0

    citizen = lookup.look_up(wired_b.db, MAI, actor=AT_THIS_LAPTOP)
    assert citizen.people == 2
    with pytest.raises(UserError) as refused:
        lookup.bring_person(wired_b.db, citizen, actor=AT_THIS_LAPTOP)
    assert refused.value.code == "LOOKUP_ID_HELD_APART"
    said = refused.value.message("vi")
    assert "ở HN-0003" in said and "HN-0001" not in said.split("Đã bổ sung")[0]
    assert "Đã bổ sung 1 mũi tiêm của các hồ sơ mà hệ thống trung tâm coi là cùng một người" \
        in said
    assert _held(wired_b, pid_b) == [(1, "HN-0001"), (3, "HN-0001")]  # never C's dose 1
    bring = _entries(wired_b, "bring", pid_b)[-1]
    assert bring["refused"] == "LOOKUP_ID_HELD_APART"
    assert [d["site"] for d in bring["external_doses"]] == ["HN-0001"]
    assert "chỉ bổ sung mũi tiêm của các hồ sơ được liên kết" in describe("bring", bring, "vi")

    # Asked again by the refresh: refused the same, nothing more to bring.
    again = _refresh(wired_b, pid_b)
    assert (again.refused, again.brought, again.changed) == ("LOOKUP_ID_HELD_APART", 0, False)


# -- 4. the flags a look-up raised close themselves once their cause is gone ------------------

def test_an_identity_flag_closes_itself_when_as_values_agree_again(wired, wired_b):
    pid_a, _ = _at_a(wired)
    pid_b = _brought(wired_b)
    correct_person(wired.db, pid_a, {"full_name": "Trần Thị Mại"}, actor=AT_THIS_LAPTOP,
                   confirm_warnings=True)
    assert wired.sync().rejected == 0
    _refresh(wired_b, pid_b)
    assert _codes(wired_b, pid_b) == IDENTITY_DIFFERS_ELSEWHERE

    correct_person(wired.db, pid_a, {"full_name": "Trần Thị Mai"}, actor=AT_THIS_LAPTOP,
                   confirm_warnings=True)  # A's correction was the slip: taken back
    assert wired.sync().rejected == 0
    refreshed = _refresh(wired_b, pid_b)
    assert refreshed.settled == (IDENTITY_DIFFERS_ELSEWHERE,)
    assert _codes(wired_b, pid_b) is None
    assert _case(wired_b, pid_b) == "fixed"  # off the worklist's open lists
    assert not [c for c in cleaning.worklist(wired_b.db).cases if c.person_id == pid_b
                and c.status != "fixed"]
    closed = _entries(wired_b, "update", pid_b)[-1]
    assert closed == {"cleaning_reason": [IDENTITY_DIFFERS_ELSEWHERE, None], "why": "refresh"}
    assert _entries(wired_b, "cleaning", pid_b)[-1]["why"] == "refresh"

    # A differs again: flagged again, the settled case reopened.
    correct_person(wired.db, pid_a, {"full_name": "Trần Thị Mại"}, actor=AT_THIS_LAPTOP,
                   confirm_warnings=True)
    assert wired.sync().rejected == 0
    _refresh(wired_b, pid_b)
    assert (_codes(wired_b, pid_b), _case(wired_b, pid_b)) == (
        IDENTITY_DIFFERS_ELSEWHERE, "to_check")


def test_a_flag_a_supervisor_is_working_on_is_left_to_them(wired, wired_b):
    pid_a, _ = _at_a(wired)
    pid_b = _brought(wired_b)
    correct_person(wired.db, pid_a, {"dob": date(1985, 3, 5)}, actor=AT_THIS_LAPTOP,
                   confirm_warnings=True)
    assert wired.sync().rejected == 0
    assert wired.server.cli("link", pid_a, pid_b).startswith("linked")  # the province: one
    _refresh(wired_b, pid_b)
    assert _codes(wired_b, pid_b) == IDENTITY_DIFFERS_ELSEWHERE
    cleaning.move(wired_b.db, [pid_b], "contacted", actor=AT_THIS_LAPTOP,
                  note="Đã gọi chị Mai, chờ chị mang CCCD")

    correct_person(wired.db, pid_a, {"dob": date(1985, 3, 4)}, actor=AT_THIS_LAPTOP,
                   confirm_warnings=True)
    assert wired.sync().rejected == 0
    assert _refresh(wired_b, pid_b).settled == ()
    assert (_codes(wired_b, pid_b), _case(wired_b, pid_b)) == (
        IDENTITY_DIFFERS_ELSEWHERE, "contacted")


def test_a_dose_number_clash_closes_itself_when_the_other_site_voids_its_dose(
        wired, wired_b, wired_c):
    _at_a(wired)
    pid_b = _brought(wired_b, sync=False)  # B and C each gave her dose 2
    _brought(wired_c, sync=False)
    assert wired_b.sync().rejected == 0 and wired_c.sync().rejected == 0
    _refresh(wired_b, pid_b)
    assert _codes(wired_b, pid_b) == DOSE_NUMBER_CLASH
    with wired_c.db.reading() as s:
        [dose_c] = s.scalars(select(AuditEntry.entity_id).where(
            AuditEntry.action == "create", AuditEntry.entity == "dose"))
    void_dose(wired_c.db, dose_c, "Trùng mũi 2 với điểm tiêm khác", actor=AT_THIS_LAPTOP)
    assert wired_c.sync().rejected == 0

    refreshed = _refresh(wired_b, pid_b)
    assert (refreshed.dropped, refreshed.settled) == (1, (DOSE_NUMBER_CLASH,))
    assert _held(wired_b, pid_b) == [(1, "HN-0001")]
    assert (_codes(wired_b, pid_b), _case(wired_b, pid_b)) == (None, "fixed")


# -- 5. not more than needed, and counted by the platform as one lookup ----------------------

def test_a_refresh_asks_once_per_few_minutes_by_one_number_and_is_one_lookup_there(
        wired, wired_b):
    _at_a(wired)
    pid_b = _brought(wired_b)
    looked_up = len(_entries(wired_b, "lookup"))
    logged = lookups_logged(wired.server)
    assert [(site, asked) for site, _t, asked, _n, _r in logged] == [
        ("HN-0002", f"{fhir.SYSTEM_CCCD}|{MAI}")]

    # Just brought: the bring was the platform's answer, nothing is asked.
    assert refresh_person(wired_b.db, pid_b, actor=AT_THIS_LAPTOP).asked is False
    later = utc_now() + REFRESH_EVERY + timedelta(seconds=1)
    assert refresh_person(wired_b.db, pid_b, actor=AT_THIS_LAPTOP, now=later).asked is True
    for minutes in (1, 5, 9):  # the card opened again and again, a certificate
        assert refresh_person(wired_b.db, pid_b, actor=AT_THIS_LAPTOP,
                              now=later + timedelta(minutes=minutes)).asked is False
    assert len(_entries(wired_b, "lookup")) == looked_up + 1

    # On the platform: one number asked (her CCCD, never her old CMND beside it), one
    # lookup of one citizen, however many searches and pages it took.
    logged = lookups_logged(wired.server)
    assert [(site, asked, refused) for site, _t, asked, _n, refused in logged] == [
        ("HN-0002", f"{fhir.SYSTEM_CCCD}|{MAI}", False)]

    # A person with nothing of other sites is never asked about.
    own, _ = _dose(wired_b, 1, DAY3, person=PersonInput(
        "Lê Văn Tư", date(1970, 1, 2), Sex.MALE, IdType.CCCD,
        make_cccd("001", Sex.MALE, 1970, 2121)))
    assert refresh_person(wired_b.db, own, actor=AT_THIS_LAPTOP, force=True).asked is False
    assert len(lookups_logged(wired.server)) == 1
    assert len(_entries(wired_b, "lookup")) == looked_up + 1
