"""Review 31e: the pair the desk flags POSSIBLE_SAME_PERSON (her CMND record, and the record
a clerk made under her new CCCD typed by hand, "Save anyway") is one citizen's two numbers.
A supervisor must be able to make them one, and the flag must go with the merge."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from desktop_app.rules.identity import IdType, Sex
from desktop_app.rules.screening import Outcome
from desktop_app.services.cleaning import worklist
from desktop_app.services.doses import DoseInput, PersonInput, record_dose, register_screened
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.merges import merge_people
from desktop_app.services.records import correct_person
from desktop_app.services.screening import ScreeningAnswers

TODAY = date(2022, 6, 1)
CMND, CCCD = "123456789", "001190000102"
NAME, BORN = "Trần Thị Bích", date(1990, 6, 5)


def rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).all()


def _flagged_pair(db, boss):
    """Dose 1 under her CMND; back with her chip card, no scanner, the CCCD typed; a fever:
    postponed, kept (``register_screened``), flagged as her twin (review 31d)."""
    first = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 8, 1), "Lan"),
                        person=PersonInput(NAME, BORN, Sex.FEMALE, IdType.CMND, CMND),
                        today=TODAY, actor=boss)
    assert first.saved, first.problems
    answers = ScreeningAnswers.of(["FEVER"], Outcome.POSTPONE, "Sốt 38,5")
    second = register_screened(db, PersonInput(NAME, BORN, Sex.FEMALE, IdType.CCCD, CCCD),
                               answers, confirm_warnings=True, today=TODAY, actor=boss)
    assert second.saved, second.problems
    assert rows(db, f"SELECT cleaning_reason FROM person WHERE id_number = '{CCCD}'") == [
        ("POSSIBLE_SAME_PERSON",)]
    return first.person_id, second.person_id


def test_the_desk_flagged_pair_can_be_made_one_record(db, site, boss):
    """The supervisor opens the flagged record and merges it with her CMND record: refused,
    MERGE_ID_DIFFERS "hai số giấy tờ khác nhau ... Hãy sửa số giấy tờ sai trước" (neither
    number is wrong). What would make the merge take them for one citizen's two numbers,
    her CMND typed as the CCCD record's old number, was refused as ID_ALREADY_REGISTERED
    (the CMND record holds it). A correction may now name another record's ID as the old
    CMND (never another's old CMND): the link a merge takes."""
    by_cmnd, by_cccd = _flagged_pair(db, boss)
    said = []
    fixed = correct_person(db, by_cccd, {"old_id_number": CMND}, today=TODAY, actor=boss,
                           confirm_warnings=True)
    if not fixed.saved:
        said.append([p.message("vi") for p in fixed.problems])
    try:
        merge_people(db, by_cccd, by_cmnd, actor=boss)
    except ChangeRefused as refused:
        said.append(refused.message("vi"))
    assert said == [], said
    assert rows(db, "SELECT id_type, id_number, old_id_number FROM person "
                    "WHERE merged_into IS NULL") == [("CCCD", CCCD, CMND)]


def test_the_merge_of_the_flagged_pair_takes_the_flag_off_the_worklist(db, site, boss):
    """Her chip card scanned on the CCCD record fills in the CMND (the one way the numbers
    can be linked), the merge keeps the CCCD record (her current number) and folds the
    CMND one. The kept record still carried POSSIBLE_SAME_PERSON ("Có thể trùng người với
    một hồ sơ khác") and stayed an open case about a pair that is one record now. The
    merge answers the flag: it goes."""
    from desktop_app.rules.cccd_qr import read_cccd_qr
    from desktop_app.services.card_check import fill_from_card

    by_cmnd, by_cccd = _flagged_pair(db, boss)
    card = read_cccd_qr(f"{CCCD}|{CMND}|TRẦN THỊ BÍCH|05061990|Nữ|Hà Nội|01012021")
    assert fill_from_card(db, by_cccd, card, actor=boss)["old_id_number"] == [None, CMND]
    merge_people(db, by_cccd, by_cmnd, actor=boss)
    assert rows(db, "SELECT id_number, old_id_number FROM person WHERE merged_into IS NULL"
                ) == [(CCCD, CMND)]
    open_cases = [(c.full_name, c.problems) for c in worklist(db).cases]
    assert open_cases == [], open_cases
