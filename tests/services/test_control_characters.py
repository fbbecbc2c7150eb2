"""No control character is stored from the desk (review_sync, item 3).

A NUL pasted into the address (Qt's line edit keeps it) was stored as it came, and the
central platform then refused the whole batch it went in. The desk now cleans a person's and
a dose's text as the importer cleans a cell (``rules.text_fields``): breaks and tabs in a
one-line field become spaces, the other control characters are dropped. A free-text field
(a reaction, a void's reason) keeps its line breaks."""

from datetime import date, datetime, timedelta

from sqlalchemy import text

from desktop_app.importers.values import text as cell_text
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, void_dose
from desktop_app.services.reactions import ReactionInput, record_reaction
from desktop_app.services.records import correct_dose, correct_person

TODAY = date(2022, 6, 1)
RAW_ADDRESS = "12 Láng Hạ\x00,\nĐống Đa\x1b"
PASTED = PersonInput("Nguyễn\tThị\x00 Nhung\r\n", date(1990, 5, 1), Sex.FEMALE, IdType.CCCD,
                     "001190000123\x00", phone="0912\x00345678",
                     address=RAW_ADDRESS)


def rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).all()


def test_a_person_and_dose_pasted_with_control_characters_are_stored_clean(db, site):
    out = record_dose(db, DoseInput("VAXZEVRIA", "AB\x00123", 1, date(2021, 8, 1),
                                    "Y tá\tLan\x07"),
                      person=PASTED, today=TODAY, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert out.problems == []  # cleaned before the checks, not refused for a NUL
    assert rows(db, "SELECT full_name, id_number, phone, address FROM person") == [
        ("Nguyễn Thị Nhung", "001190000123", "0912345678", "12 Láng Hạ, Đống Đa")]
    assert rows(db, "SELECT lot_number, vaccinator FROM dose") == [("AB123", "Y tá Lan")]
    # One rule for the desk and the importer: a cell reads as the form's field is stored.
    assert cell_text(RAW_ADDRESS) == "12 Láng Hạ, Đống Đa"


def test_corrections_and_free_text_are_cleaned_too(db, site):
    now = datetime(2026, 12, 1, 2, 0)
    out = record_dose(db, DoseInput("VAXZEVRIA", "AB123", 1, date(2026, 12, 1), "Y tá Lan"),
                      person=PersonInput("Lê Văn Tám", date(1990, 1, 1), Sex.MALE,
                                         IdType.CCCD, "001090000001"),
                      today=date(2026, 12, 1), now=now, actor=AT_THIS_LAPTOP)
    assert out.saved, out.problems
    assert correct_person(db, out.person_id, {"address": "\x0012 Hàng Bạc\x7f"},
                          actor=AT_THIS_LAPTOP).saved
    assert correct_dose(db, out.dose_id, {"lot_number": "AB\x00124"}, actor=AT_THIS_LAPTOP,
                        confirm_warnings=True).saved
    assert rows(db, "SELECT address FROM person") == [("12 Hàng Bạc",)]
    assert rows(db, "SELECT lot_number FROM dose") == [("AB124",)]
    rid, problems = record_reaction(
        db, out.dose_id, ReactionInput("mild", now + timedelta(minutes=5),
                                       "Sốt\x00 nhẹ\r\nĐau chỗ tiêm", "\x00"),
        actor=AT_THIS_LAPTOP, now=now + timedelta(minutes=20))
    assert rid is None and [p.code for p in problems] == ["REACTION_ACTION_REQUIRED"]
    rid, problems = record_reaction(
        db, out.dose_id, ReactionInput("mild", now + timedelta(minutes=5),
                                       "Sốt\x00 nhẹ\r\nĐau chỗ tiêm", "Theo dõi\x1b"),
        actor=AT_THIS_LAPTOP, now=now + timedelta(minutes=20))
    assert problems == []
    assert rows(db, "SELECT description, action_taken FROM dose_reaction") == [
        ("Sốt nhẹ\nĐau chỗ tiêm", "Theo dõi")]
    void_dose(db, out.dose_id, "Nhập nhầm\x00 người\n", actor=AT_THIS_LAPTOP)
    assert rows(db, "SELECT void_reason FROM dose") == [("Nhập nhầm người",)]
