"""Recording a dose at the desk: validation, the one-transaction write, voiding."""

import json
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import (
    DoseInput,
    PersonInput,
    record_dose,
    register_screened,
    void_dose,
)
from desktop_app.services.screening import ScreeningAnswers

TODAY = date(2022, 6, 1)
NHUNG = PersonInput("nguyễn  thị NHUNG", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD,
                    "001 190 000 123", phone="+84 912 345 678", address="12 Láng Hạ")


def first_dose(**kw):
    return DoseInput(kw.get("product", "VAXZEVRIA"), "AB123", kw.get("number", 1),
                     kw.get("when", date(2021, 8, 1)), "Y tá Lan")


def rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).all()


def test_a_new_person_and_dose_are_written_with_audit_and_outbox(db, site):
    out = record_dose(db, first_dose(), person=NHUNG, today=TODAY, actor=AT_THIS_LAPTOP)
    assert out.saved and out.problems == []
    assert rows(db, "SELECT full_name, name_key, id_number, phone, site_id FROM person") == [
        ("Nguyễn Thị Nhung", "nguyen thi nhung", "001190000123", "0912345678", site.id)]
    assert rows(db, "SELECT id, product_code, dose_number, dose_date, status FROM dose") == [
        (out.dose_id, "VAXZEVRIA", 1, "2021-08-01", "active")]
    assert sorted(rows(db, "SELECT entity, state, local_version FROM sync_record")) == [
        ("dose", "pending", 1), ("person", "pending", 1)]
    assert sorted(rows(db, "SELECT entity, action FROM audit_entry WHERE entity NOT IN"
                       " ('user', 'setting')")) \
        == [("dose", "create"), ("person", "create")]


def test_errors_save_nothing(db, site):
    bad = PersonInput("Nguyễn Thị Nhung", date(1990, 5, 1), Sex.MALE, IdType.CCCD,
                      "001190000123")
    out = record_dose(db, first_dose(), person=bad, today=TODAY, actor=AT_THIS_LAPTOP)
    assert not out.saved
    assert [p.code for p in out.problems] == ["ID_SEX_MISMATCH"]
    assert rows(db, "SELECT count(*) FROM person") == [(0,)]
    assert rows(db, "SELECT count(*) FROM sync_record") == [(0,)]


def test_warnings_need_confirmation_and_are_audited(db, site):
    first = record_dose(db, first_dose(), person=NHUNG, today=TODAY, actor=AT_THIS_LAPTOP)
    early = first_dose(number=2, when=date(2021, 8, 20))
    out = record_dose(db, early, person_id=first.person_id, today=TODAY, actor=AT_THIS_LAPTOP)
    assert not out.saved and out.needs_confirmation
    assert [p.code for p in out.problems] == ["DOSE_INTERVAL_SHORT"]
    assert rows(db, "SELECT count(*) FROM dose") == [(1,)]

    out = record_dose(db, early, person_id=first.person_id, today=TODAY, confirm_warnings=True,
                      actor=AT_THIS_LAPTOP)
    assert out.saved
    [(details,)] = rows(db, f"SELECT details FROM audit_entry WHERE entity_id = '{out.dose_id}'")
    assert json.loads(details)["confirmed_warnings"] == ["DOSE_INTERVAL_SHORT"]


def test_the_same_dose_number_twice_is_refused(db, site):
    first = record_dose(db, first_dose(), person=NHUNG, today=TODAY, actor=AT_THIS_LAPTOP)
    again = record_dose(db, first_dose(when=date(2021, 9, 1)), person_id=first.person_id,
                        today=TODAY, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert not again.saved
    assert [p.code for p in again.problems] == ["DOSE_NUMBER_DUPLICATE"]


def test_the_database_itself_refuses_a_duplicate_active_dose_number(db, site):
    first = record_dose(db, first_dose(), person=NHUNG, today=TODAY, actor=AT_THIS_LAPTOP)
    with pytest.raises(IntegrityError), db.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO dose (id, person_id, site_id, product_code, dose_number, dose_date,"
            " source, status, entered_at, updated_at) SELECT 'x', person_id, site_id,"
            " product_code, 1, dose_date, 'desk', 'active', entered_at, updated_at FROM dose"))
    assert first.saved


def test_a_registered_id_number_cannot_be_registered_again(db, site):
    record_dose(db, first_dose(), person=NHUNG, today=TODAY, actor=AT_THIS_LAPTOP)
    out = record_dose(db, first_dose(), person=NHUNG, today=TODAY, actor=AT_THIS_LAPTOP)
    assert [p.code for p in out.problems] == ["ID_ALREADY_REGISTERED"]
    assert "Nguyễn Thị Nhung" in out.problems[0].message()


def test_dose_person_audit_and_outbox_commit_together_or_not_at_all(db, site):
    # A real failure inside the transaction, after the person and dose rows were written:
    with db.engine.begin() as conn:
        conn.execute(text(
            "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_entry WHEN NEW.entity = 'dose'"
            " BEGIN SELECT RAISE(ABORT, 'disk said no'); END"))
    with pytest.raises(IntegrityError):
        record_dose(db, first_dose(), person=NHUNG, today=TODAY, actor=AT_THIS_LAPTOP)
    for table, where in (("person", ""), ("dose", ""), ("sync_record", ""),
                         ("audit_entry", " WHERE entity NOT IN ('user', 'setting')")):
        assert rows(db, f"SELECT count(*) FROM {table}{where}") == [(0,)], table


def test_void_keeps_the_dose_with_its_reason_and_queues_it(db, site):
    out = record_dose(db, first_dose(), person=NHUNG, today=TODAY, actor=AT_THIS_LAPTOP)
    with pytest.raises(ValueError):
        void_dose(db, out.dose_id, "  ", actor=AT_THIS_LAPTOP)
    void_dose(db, out.dose_id, "Nhập nhầm người", actor=AT_THIS_LAPTOP)
    assert rows(db, "SELECT status, void_reason FROM dose") == [("voided", "Nhập nhầm người")]
    assert rows(db, "SELECT local_version, state FROM sync_record WHERE entity='dose'") == [
        (2, "pending")]
    assert rows(db, "SELECT action FROM audit_entry WHERE entity='dose' ORDER BY id") == [
        ("create",), ("void",)]
    # the voided dose frees its number for the corrected entry
    again = record_dose(db, first_dose(), person_id=out.person_id, today=TODAY,
                        actor=AT_THIS_LAPTOP)
    assert again.saved


def test_without_a_site_nothing_is_recorded(db):
    out = record_dose(db, first_dose(), person=NHUNG, today=TODAY, actor=AT_THIS_LAPTOP)
    assert [p.code for p in out.problems] == ["SITE_NOT_SET_UP"]
    postponed = ScreeningAnswers.of(["FEVER"], Outcome.POSTPONE, "Sốt 38,5")
    kept = register_screened(db, NHUNG, postponed, today=TODAY, actor=AT_THIS_LAPTOP)
    assert not kept.saved and [p.code for p in kept.problems] == ["SITE_NOT_SET_UP"]
    assert rows(db, "SELECT count(*) FROM person") == [(0,)]
    assert rows(db, "SELECT count(*) FROM screening") == [(0,)]
