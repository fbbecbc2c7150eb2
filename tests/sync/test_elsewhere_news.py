"""The site that recorded a citizen first learns of the doses given later at another site,
at its next sync round, though nobody there ever looked the person up: real site
databases, one real central server process, real HTTP.

Before, site A held only its own dose 1 until a clerk at A happened to look the citizen up
again; nobody did (the person is simply A's), so A's desk suggested "dose 2" for a citizen
B had given dose 2, and A's certificates left B's dose out.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from sqlalchemy import select

from central_server.db.engine import make_engine
from central_server.register import elsewhere
from desktop_app.clock import utc_now
from desktop_app.db.models import AuditEntry, ExternalDose, Person
from desktop_app.rules.cleaning import split_codes
from desktop_app.rules.identity import IdType, Sex, make_cccd
from desktop_app.services import certificates, cleaning, lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.audit import describe
from desktop_app.services.cleaning_elsewhere import (
    ID_DIFFERS_ELSEWHERE,
    IDENTITY_DIFFERS_ELSEWHERE,
    latest_identities,
    latest_numbers,
)
from desktop_app.services.desk import load_desk_person
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from tests.wired import Wired, bearer

LAN = make_cccd("001", Sex.FEMALE, 1979, 5151)
DAY1 = date.today() - timedelta(days=80)
DAY2 = date.today() - timedelta(days=40)


def _held(site: Wired, pid: str) -> list[tuple[int, str, str]]:
    with site.db.reading() as s:
        return sorted((e.dose_number, e.site_code, e.lot_number) for e in s.scalars(
            select(ExternalDose).where(ExternalDose.person_id == pid)))


def _brings(site: Wired, pid: str) -> list[dict]:
    with site.db.reading() as s:
        return [json.loads(d) for d in s.scalars(select(AuditEntry.details).where(
            AuditEntry.action == "bring", AuditEntry.entity_id == pid).order_by(AuditEntry.id))]


def _told(site: Wired) -> list[dict]:
    answer = bearer(site.token).get(site.server.url.replace("/fhir", "/api/people/elsewhere"),
                                    params={"since": "2000-01-01T00:00:00Z"})
    assert answer.status_code == 200, answer.text
    return answer.json()["people"]


def _first_dose(site: Wired, lot: str = "FK1"):
    """Vũ Thị Lan's dose 1 recorded at ``site`` (her own record there), synced."""
    out = record_dose(site.db, DoseInput("COMIRNATY", lot, 1, DAY1, "Y tá Lan"),
                      person=PersonInput("Vũ Thị Lan", date(1979, 6, 1), Sex.FEMALE,
                                         IdType.CCCD, LAN),
                      today=DAY1, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved and site.sync().rejected == 0
    return out


def _brought(site: Wired) -> str:
    """``site`` looks Lan up and brings her: the person's id there."""
    return lookup.bring_person(site.db, lookup.look_up(site.db, LAN, actor=AT_THIS_LAPTOP),
                               actor=AT_THIS_LAPTOP)


def _second_dose(site: Wired, pid: str):
    """Dose 2 given to Lan at ``site``, synced."""
    given = record_dose(site.db, DoseInput("COMIRNATY", "FK2", 2, DAY2, "Y tá Hà"),
                        person_id=pid, today=DAY2, confirm_warnings=True,
                        actor=AT_THIS_LAPTOP)
    assert given.saved and site.sync().rejected == 0
    return given


def test_a_dose_given_at_b_reaches_a_that_never_looked_her_up(wired, wired_b):
    pid_a = _first_dose(wired).person_id
    assert wired.sync().elsewhere == 0  # nothing of other sites yet

    # B looks her up, gives dose 2, syncs.
    given = _second_dose(wired_b, _brought(wired_b))
    assert load_desk_person(wired.db, pid_a).next_dose_number == 2  # A does not know yet

    # The platform tells A (its own Patient, with B's doses only, reduced: no identity).
    [told] = _told(wired)
    assert told["patient_id"] == pid_a
    assert [r["id"] for r in told["immunizations"]] == [given.dose_id]
    assert set(told["immunizations"][0]) <= {"resourceType", "id", "status", "vaccineCode",
                                            "patient", "occurrenceDateTime",
                                            "protocolApplied", "location", "lotNumber"}

    # A's next round takes it: the card, the next dose and the certificate follow.
    round_a = wired.sync()
    assert round_a.elsewhere == 1
    assert "thẻ, số mũi tiếp theo và giấy chứng nhận" in round_a.told_messages("vi")[0]
    assert _held(wired, pid_a) == [(2, "HN-0002", "FK2")]
    card = load_desk_person(wired.db, pid_a)
    assert [(d.dose_number, d.site_code) for d in card.doses] == [(1, None), (2, "HN-0002")]
    assert card.next_dose_number == 3
    content = certificates.content_for(wired.db, pid_a)
    assert [(d.dose_number, d.elsewhere) for d in content.doses] == [(1, False), (2, True)]
    [bring] = _brings(wired, pid_a)
    assert bring["told"] is True
    assert bring["external_doses"] == [{"id": given.dose_id, "site": "HN-0002"}]
    assert describe("bring", bring, "vi").endswith(
        f"hệ thống trung tâm báo mũi tiêm ở điểm tiêm khác khi đồng bộ: HN-0002/{given.dose_id}")

    # Told once: the next rounds change nothing and audit nothing.
    assert wired.sync().elsewhere == 0
    assert len(_brings(wired, pid_a)) == 1

    # B voids its dose 2 (entered for the wrong person): A drops it at its next round.
    void_dose(wired_b.db, given.dose_id, "Ghi nhầm người", actor=AT_THIS_LAPTOP)
    assert wired_b.sync().rejected == 0
    assert wired.sync().elsewhere == 1
    assert _held(wired, pid_a) == []
    assert _brings(wired, pid_a)[-1]["dropped_doses"] == [
        {"id": given.dose_id, "site": "HN-0002", "voided": True}]
    assert load_desk_person(wired.db, pid_a).next_dose_number == 2


def test_records_staff_unlink_take_each_others_doses_away(wired, wired_b):
    """Two records of one number, each site's own, linked by the platform: each site holds
    the other's dose after a round. Staff find they are two people and unlink them: both
    are told, and each drops the other's dose (a platform check again that changes no link
    tells nobody)."""
    pid_a = _first_dose(wired, "FKA").person_id
    at_b = _first_dose(wired_b, "FKB")  # B's round: told A's dose at once
    pid_b, dose_b = at_b.person_id, at_b.dose_id
    assert _held(wired_b, pid_b) == [(1, "HN-0001", "FKA")]
    assert wired.sync().elsewhere == 1
    assert _held(wired, pid_a) == [(1, "HN-0002", "FKB")]

    wired.server.cli("unlink", pid_a, pid_b)
    round_a, round_b = wired.sync(), wired_b.sync()
    assert round_a.elsewhere == 1 and round_b.elsewhere == 1
    assert _held(wired, pid_a) == [] and _held(wired_b, pid_b) == []
    # Staff's word that they are two people: nothing for either site to check.
    assert round_a.parted == round_b.parted == 0
    assert _flags(wired, pid_a)[0] == set() and _flags(wired_b, pid_b)[0] == set()
    assert _brings(wired, pid_a)[-1]["dropped_doses"] == [
        {"id": dose_b, "site": "HN-0002", "voided": False, "unlinked": True}]
    # The register's check again of both records (a load) links nothing new: nobody told.
    engine = make_engine(wired.server.database_url)
    try:
        with engine.begin() as conn:
            assert elsewhere.tell(conn, (), utc_now(), relinked=(pid_a, pid_b)) == 0
    finally:
        engine.dispose()
    assert wired.sync().elsewhere == 0 and _told(wired)[0]["immunizations"] == []


def test_a_correction_that_breaks_the_link_takes_the_dose_away_at_the_other_site(wired,
                                                                                 wired_b):
    """A corrects her date of birth: the platform no longer takes A's and B's records for
    one citizen, so B, told, drops A's dose (B never looked her up after its bring)."""
    from desktop_app.services.records import correct_person

    first = _first_dose(wired, "FKA")
    pid_b = _brought(wired_b)
    assert wired_b.sync().rejected == 0 and _held(wired_b, pid_b) == [(1, "HN-0001", "FKA")]

    [before] = _told(wired_b)
    fixed = correct_person(wired.db, first.person_id, {"dob": date(1979, 1, 6)},
                           actor=AT_THIS_LAPTOP, confirm_warnings=True)
    assert fixed.saved and wired.sync().rejected == 0
    [after] = _told(wired_b)  # told again, as A's correction came (its time moved on)
    assert after["told_at"] > before["told_at"] and after["immunizations"] == []
    assert wired_b.sync().elsewhere == 1
    assert _held(wired_b, pid_b) == []
    assert _brings(wired_b, pid_b)[-1]["dropped_doses"] == [
        {"id": first.dose_id, "site": "HN-0001", "voided": False, "unlinked": True}]


def _flags(site: Wired, pid: str) -> tuple[set[str], str | None, dict | None]:
    """The person's cleaning codes, and the number and the values of another site the
    flags keep for the supervisor."""
    with site.db.reading() as s:
        codes = set(split_codes(s.get(Person, pid).cleaning_reason))
        return (codes, latest_numbers(s, [pid]).get(pid),
                latest_identities(s, [pid]).get(pid))


def test_a_birth_date_corrected_at_b_puts_her_on_the_cleaning_list_at_a_naming_b(wired, wired_b):
    """A recorded Lan's dose 1; B brought her and gave dose 2. B's supervisor corrects her
    date of birth from her card (day and month were swapped): the platform no longer takes
    the two records for one citizen, and A, at its next round, drops B's dose 2, its desk
    offering "dose 2" again. The round says so, and A's cleaning worklist holds her with
    B's date of birth, for A's supervisor to check on the card which record is right."""
    from desktop_app.services.records import correct_person

    pid_a = _first_dose(wired).person_id
    pid_b = _brought(wired_b)
    _second_dose(wired_b, pid_b)
    assert wired.sync().elsewhere == 1 and _held(wired, pid_a) == [(2, "HN-0002", "FK2")]

    fixed = correct_person(wired_b.db, pid_b, {"dob": date(1979, 1, 6)},
                           actor=AT_THIS_LAPTOP, confirm_warnings=True)
    assert fixed.saved and wired_b.sync().rejected == 0
    round_a = wired.sync()
    assert _held(wired, pid_a) == [] and round_a.parted == 1
    assert any("no longer links 1 person" in m for m in round_a.told_messages("en"))
    codes, _number, there = _flags(wired, pid_a)
    assert IDENTITY_DIFFERS_ELSEWHERE in codes
    assert there == {"site": "HN-0002", "dob": "1979-01-06"}
    assert pid_a in {c.person_id for c in cleaning.worklist(wired.db).cases}
    assert pid_a in wired.server.cli("review-list")  # they still share the number


def test_an_id_number_corrected_at_a_is_told_to_both_sites_and_the_province(wired, wired_b):
    """A recorded Lan's CCCD with its last two digits swapped; B brought her from A (so B's
    record carries A's wrong number) and gave dose 2. A's supervisor corrects the number
    from her card: the two records share no number now, and each site drops the other's
    dose. Each is put on its cleaning worklist with the number the other site holds, and
    the pair is on the province's review list under the number they shared."""
    from desktop_app.services.records import correct_person

    pid_a = _first_dose(wired).person_id
    pid_b = _brought(wired_b)
    _second_dose(wired_b, pid_b)
    assert wired.sync().elsewhere == 1 and _held(wired, pid_a) == [(2, "HN-0002", "FK2")]

    right = LAN[:-2] + LAN[-1] + LAN[-2]
    assert right != LAN
    fixed = correct_person(wired.db, pid_a, {"id_number": right}, actor=AT_THIS_LAPTOP,
                           confirm_warnings=True)
    assert fixed.saved
    round_a = wired.sync()  # A's correction sent, and A told in the same round
    assert round_a.rejected == 0 and round_a.parted == 1 and wired_b.sync().parted == 1
    assert _held(wired, pid_a) == [] and _held(wired_b, pid_b) == []
    codes_a, number_at_a, _ = _flags(wired, pid_a)
    codes_b, number_at_b, _ = _flags(wired_b, pid_b)
    assert ID_DIFFERS_ELSEWHERE in codes_a and number_at_a == LAN
    assert ID_DIFFERS_ELSEWHERE in codes_b and number_at_b == right
    [pair] = wired.server.cli("review-list").splitlines()
    assert LAN in pair and "differs: id_number" in pair and pid_a in pair and pid_b in pair


def test_the_word_waits_while_a_restores_own_records_are_still_coming_back(wired, wired_b):
    """A restored copy whose own records have not all come back (the round that brings
    them stopped part way): the person the word is about may not be here yet, and was
    passed over with the cursor moved past for good. The step waits, cursor and all."""
    from desktop_app import settings
    from desktop_app.services.elsewhere_news import take_news
    from desktop_app.services.site import current_site

    out = _first_dose(wired)
    _second_dose(wired_b, _brought(wired_b))
    mark = settings.own_records_cursor("Patient")
    with wired.db.transaction() as s:
        settings.write(s, mark, "2000-01-01T00:00:00Z")
        before = settings.read(s, settings.ELSEWHERE_CURSOR)
    code = current_site(wired.db).code
    assert take_news(wired.db, wired.client(), code, AT_THIS_LAPTOP).changed == 0
    with wired.db.reading() as s:
        assert settings.read(s, settings.ELSEWHERE_CURSOR) == before
    with wired.db.transaction() as s:
        settings.write(s, mark, None)
    assert take_news(wired.db, wired.client(), code, AT_THIS_LAPTOP).changed == 1
    assert _held(wired, out.person_id) == [(2, "HN-0002", "FK2")]
