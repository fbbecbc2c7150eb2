"""A scanned chip card that disagrees with the record it opened: a clerk puts the person on
the cleaning worklist with the card's values, a supervisor corrects the record from the card
(the one correction: audited, certificates revoked); a card that agrees fills in what the
record lacks. Each checks the role and writes its audit entry."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import text

from desktop_app.db.models import CertificateIssue, Dose
from desktop_app.rules.card_check import CARD_DIFFERS
from desktop_app.rules.cccd_qr import CccdQr
from desktop_app.rules.cleaning import Status
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import accounts, cleaning
from desktop_app.services.actor import AT_THIS_LAPTOP, NotAllowed, Role
from desktop_app.services.card_check import (
    compare_card,
    correct_from_card,
    fill_from_card,
    flag_card_differs,
)
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.merges import merge_people
from desktop_app.services.records import correct_person

CARD = CccdQr("001190012345", "012345678", "Nguyễn Thị Nhung", date(1990, 3, 5), Sex.FEMALE,
              "Số 1, Phường Láng, Hà Nội", date(2021, 5, 10))


def imported(db, name="Nguyen Thi Nhung", dob=date(1990, 1, 1), number="001190012345",
             id_type=IdType.CCCD, address=None, dose=(1, date(2021, 9, 1))):
    """A record a spreadsheet brought, as cleaning lists find them: no diacritics, the
    birth date a placeholder, no address."""
    out = record_dose(db, DoseInput("COMIRNATY", "FK1", *dose, "Lan", source="backfill"),
                      person=PersonInput(name, dob, Sex.FEMALE, id_type, number,
                                         address=address),
                      confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    return out.person_id


def rows(db, sql, **params):
    with db.engine.connect() as conn:
        return conn.execute(text(sql), params).all()


def test_the_comparison_names_what_differs_and_what_the_card_may_fill(db, site):
    pid = imported(db)
    compared = compare_card(db, pid, CARD)
    assert [(d.field, d.card, d.record) for d in compared.differences] == [
        ("full_name", "Nguyễn Thị Nhung", "Nguyen Thi Nhung"),
        ("dob", date(1990, 3, 5), date(1990, 1, 1))]
    assert compared.fills == {"address": "Số 1, Phường Láng, Hà Nội",
                              "old_id_number": "012345678"}
    assert not compared.flagged


def test_a_clerk_puts_the_person_on_the_worklist_with_the_cards_values(db, site, clerk):
    pid = imported(db)
    assert flag_card_differs(db, pid, CARD, actor=clerk) is True
    # The record is not touched: a clerk may not correct it.
    assert rows(db, "SELECT full_name, dob, address, cleaning_reason FROM person") == [
        ("Nguyen Thi Nhung", "1990-01-01", None, CARD_DIFFERS)]
    [case] = cleaning.worklist(db).cases
    assert (case.person_id, case.status, case.problems) == (pid, Status.TO_CHECK,
                                                            (CARD_DIFFERS,))
    entries = rows(db, "SELECT action, details, user_id FROM audit_entry WHERE entity_id = :p "
                       "AND action IN ('update', 'cleaning') ORDER BY id", p=pid)
    assert [(a, u) for a, _d, u in entries] == [("update", clerk.user_id),
                                                ("cleaning", clerk.user_id)]
    note = json.loads(entries[1][1])
    assert note["why"] == "card"
    assert note["note"] == "Thẻ CCCD ghi: Họ và tên “Nguyễn Thị Nhung”; Ngày sinh “05/03/1990”"
    assert compare_card(db, pid, CARD).flagged
    # The same card again adds nothing; the platform is told of the flag (queued to send).
    assert flag_card_differs(db, pid, CARD, actor=clerk) is False
    assert rows(db, "SELECT state FROM sync_record WHERE entity = 'person'") == [("pending",)]


def test_a_case_already_sent_stays_sent_with_the_note_added(db, site, boss, clerk):
    pid = imported(db)
    cleaning.move(db, [pid], Status.SENT, actor=boss)
    assert flag_card_differs(db, pid, CARD, actor=clerk)
    [case] = cleaning.worklist(db, status="sent").cases
    assert case.problems == (CARD_DIFFERS,)
    [(details,)] = rows(db, "SELECT details FROM audit_entry WHERE action = 'cleaning' "
                            "AND user_id = :u", u=clerk.user_id)
    assert json.loads(details)["status"] == ["sent", "sent"]


def test_only_a_supervisor_corrects_and_a_volunteer_does_neither(db, site, boss, clerk):
    pid = imported(db)
    with pytest.raises(NotAllowed):
        correct_from_card(db, pid, CARD, actor=clerk)
    accounts.add_user(db, "ha", "Hà", Role.VOLUNTEER, "mật khẩu 456", actor=boss)
    volunteer = accounts.login(db, "ha", "mật khẩu 456")
    for action in (flag_card_differs, fill_from_card):
        with pytest.raises(NotAllowed):
            action(db, pid, CARD, actor=volunteer)
    assert rows(db, "SELECT full_name, cleaning_reason FROM person") == [
        ("Nguyen Thi Nhung", None)]
    refused = rows(db, "SELECT details FROM audit_entry WHERE action = 'refused'")
    assert [json.loads(d)["asked"] for (d,) in refused] == [
        "card_check.correct_from_card", "card_check.flag_card_differs",
        "card_check.fill_from_card"]


def test_a_supervisor_corrects_from_the_card_revoking_printed_certificates(
        db, site, boss, clerk):
    pid = imported(db)
    flag_card_differs(db, pid, CARD, actor=clerk)  # a clerk flagged it first
    with db.transaction() as s:  # a certificate printed over the wrong birth date
        dose = s.query(Dose).filter_by(person_id=pid).one()
        s.add(CertificateIssue(uvci="URN:UVCI:01:VN:TEST1", person_id=pid, dose_id=dose.id,
                               issued_at=datetime(2026, 1, 2), kid="00"))

    outcome = correct_from_card(db, pid, CARD, actor=boss)

    assert outcome.saved, outcome.problems
    assert set(outcome.changed) == {"full_name", "dob", "address", "old_id_number"}
    assert rows(db, "SELECT full_name, dob, address, old_id_number, cleaning_reason "
                    "FROM person") == [("Nguyễn Thị Nhung", "1990-03-05",
                                        "Số 1, Phường Láng, Hà Nội", "012345678", None)]
    assert rows(db, "SELECT revoke_reason FROM certificate_issue") == [("person_corrected",)]
    assert rows(db, "SELECT status FROM cleaning_case") == [("fixed",)]  # the flag settled
    actions = [a for (a,) in rows(db, "SELECT action FROM audit_entry WHERE entity_id = :p "
                                      "AND user_id = :u ORDER BY id", p=pid, u=boss.user_id)]
    assert actions[:2] == ["update", "revoke"]
    assert compare_card(db, pid, CARD).agrees


def test_a_correction_in_the_cleaning_area_settles_the_clerks_flag(db, site, boss, clerk):
    """The supervisor opens the flagged case in the Cleaning area and types the card's
    values (the ordinary correction, not the desk's button): the flag goes, the case is
    fixed, and the record is no longer counted as not clean."""
    pid = imported(db)
    assert flag_card_differs(db, pid, CARD, actor=clerk)
    out = correct_person(db, pid, {"full_name": "Nguyễn Thị Nhung", "dob": date(1990, 3, 5)},
                         actor=boss, confirm_warnings=True)
    assert out.saved, out.problems
    assert rows(db, "SELECT full_name, dob, cleaning_reason FROM person") == [
        ("Nguyễn Thị Nhung", "1990-03-05", None)]
    assert rows(db, "SELECT status FROM cleaning_case") == [("fixed",)]
    assert cleaning.worklist(db).cases == []  # the open cases: none left
    [(details,)] = rows(db, "SELECT details FROM audit_entry WHERE entity_id = :p AND "
                            "action = 'update' AND user_id = :u AND details LIKE "
                            "'%cleaning_reason%'", p=pid, u=boss.user_id)
    assert json.loads(details) == {"cleaning_reason": [CARD_DIFFERS, None]}
    assert compare_card(db, pid, CARD).agrees and not compare_card(db, pid, CARD).flagged


def test_a_correction_of_other_fields_leaves_the_flag(db, site, boss, clerk):
    """A phone number corrected does not act on the card's case: the flag stays."""
    pid = imported(db)
    assert flag_card_differs(db, pid, CARD, actor=clerk)
    assert correct_person(db, pid, {"phone": "0912345678"}, actor=boss,
                          confirm_warnings=True).saved
    assert rows(db, "SELECT cleaning_reason FROM person") == [(CARD_DIFFERS,)]
    [case] = cleaning.worklist(db).cases
    assert (case.status, case.problems) == (Status.TO_CHECK, (CARD_DIFFERS,))


def test_a_record_held_under_the_old_cmnd_takes_the_cards_cccd(db, site, boss):
    pid = imported(db, name="Nguyễn Thị Nhung", dob=date(1990, 3, 5), number="012345678",
                   id_type=IdType.CMND)
    [difference] = compare_card(db, pid, CARD).differences
    assert difference.field == "id_number"
    assert correct_from_card(db, pid, CARD, actor=boss).saved
    assert rows(db, "SELECT id_type, id_number, old_id_number FROM person") == [
        ("CCCD", "001190012345", "012345678")]


def test_a_card_that_agrees_fills_only_what_the_record_lacks(db, site, clerk):
    pid = imported(db, name="Nguyễn Thị Nhung", dob=date(1990, 3, 5))
    changed = fill_from_card(db, pid, CARD, actor=clerk)
    assert changed == {"address": [None, "Số 1, Phường Láng, Hà Nội"],
                       "old_id_number": [None, "012345678"]}
    assert fill_from_card(db, pid, CARD, actor=clerk) == {}
    other = imported(db, name="Nguyễn Thị Nhung", dob=date(1990, 3, 5), number="001190099999",
                     address="Đà Nẵng")
    # Its old CMND is the first record's too (review 31c): one citizen twice, so not
    # filled in silently: flagged for a supervisor.
    assert fill_from_card(db, other, CARD._replace(id_number="001190099999"),
                          actor=clerk) == {"old_id_number": [None, "012345678"]}
    assert rows(db, "SELECT address, cleaning_reason FROM person WHERE id = :p",
                p=other) == [("Đà Nẵng", "POSSIBLE_SAME_PERSON")]


def test_a_card_that_disagrees_fills_nothing(db, site, clerk):
    pid = imported(db)
    assert fill_from_card(db, pid, CARD, actor=clerk) == {}
    assert rows(db, "SELECT address, old_id_number FROM person") == [(None, None)]


def test_a_record_folded_by_a_merge_is_neither_compared_nor_changed(db, site, boss, clerk):
    kept = imported(db, name="Nguyễn Thị Nhung", dob=date(1990, 3, 5))
    folded = imported(db, number="012345678", id_type=IdType.CMND,
                      dose=(2, date(2021, 10, 1)))
    fill_from_card(db, kept, CARD, actor=clerk)  # the old CMND: both records are hers
    merge_people(db, kept, folded, actor=boss, confirm_differences=True)
    assert compare_card(db, folded, CARD) is None
    with pytest.raises(ChangeRefused) as refused:
        flag_card_differs(db, folded, CARD, actor=clerk)
    # The kept record named as the clerk can find it, not by its internal id.
    assert refused.value.message("vi") == (
        "Hồ sơ này đã được gộp vào hồ sơ của Nguyễn Thị Nhung (sinh 05/03/1990, giấy tờ "
        "001190012345) nên không sửa được; hãy mở và sửa hồ sơ đó.")
