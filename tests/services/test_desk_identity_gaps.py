"""Review (desk flow): identity checks a new person or a correction must pass at the desk.

Each test records through the real services into a real SQLite file (``db``, ``site``).
"""

from datetime import date

from sqlalchemy import text

from desktop_app.rules.identity import IdType, NoIdReason, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.records import correct_person

TODAY = date(2022, 6, 1)


def dose(when, number=1, product="VAXZEVRIA"):
    return DoseInput(product, "AB123", number, when, "Y tá Lan")


def people(db):
    with db.engine.connect() as conn:
        return conn.execute(text(
            "SELECT full_name, id_type, id_number, old_id_number FROM person ORDER BY rowid"
        )).all()


def test_a_new_person_under_the_old_cmnd_of_a_registered_cccd_is_refused(db, site):
    """The citizen is registered under his CCCD with his old CMND beside it (as a scanned
    card leaves him). He comes back with the old paper and the clerk types the CMND: the
    service checks only ``person.id_number`` and makes a second record of him, his second
    dose saved as a dose 1 on it."""
    card = PersonInput("Nguyễn Văn An", date(1990, 1, 1), Sex.MALE, IdType.CCCD,
                       "001090000001", old_id_number="123456789")
    first = record_dose(db, dose(date(2021, 8, 1)), person=card, today=TODAY,
                        actor=AT_THIS_LAPTOP)
    assert first.saved
    by_cmnd = PersonInput("Nguyễn Văn An", date(1990, 1, 1), Sex.MALE, IdType.CMND,
                          "123456789")
    out = record_dose(db, dose(date(2021, 9, 15)), person=by_cmnd, today=TODAY,
                      actor=AT_THIS_LAPTOP)
    assert [p.code for p in out.problems] == ["ID_ALREADY_REGISTERED"], people(db)
    assert not out.saved


def test_a_new_card_whose_old_cmnd_is_a_registered_person_is_refused(db, site):
    """The reverse: registered under the CMND; a new person is saved with the card's CCCD
    and that very CMND as its old number (the card's text, read into the form): two records
    of one citizen, both holding the CMND."""
    cmnd = PersonInput("Nguyễn Văn An", date(1990, 1, 1), Sex.MALE, IdType.CMND,
                       "123456789")
    assert record_dose(db, dose(date(2021, 8, 1)), person=cmnd, today=TODAY,
                       actor=AT_THIS_LAPTOP).saved
    card = PersonInput("Nguyễn Văn An", date(1990, 1, 1), Sex.MALE, IdType.CCCD,
                       "001090000001", old_id_number="123456789")
    out = record_dose(db, dose(date(2021, 9, 15)), person=card, today=TODAY,
                      actor=AT_THIS_LAPTOP)
    assert not out.saved, people(db)


def _her_cmnd_record_and_her_cccd(db) -> PersonInput:  # noqa: ANN001
    """Her dose 1 under her CMND; the new person the clerk types back with her CCCD."""
    old = PersonInput("Trần Thị Bích", date(1990, 6, 5), Sex.FEMALE, IdType.CMND,
                      "123456789")
    assert record_dose(db, dose(date(2021, 8, 1)), person=old, today=TODAY,
                       actor=AT_THIS_LAPTOP).saved
    return PersonInput("Trần Thị Bích", date(1990, 6, 5), Sex.FEMALE, IdType.CCCD,
                       "001190000102")


def test_a_new_person_with_a_registered_persons_name_birth_and_sex_is_asked(db, site):
    """Registered under the CMND; back with the new CCCD typed (no scanner): nobody found
    by that number, Enter, a new person. The paper form asks here (POSSIBLE_SAME_PERSON,
    tests/ui/test_paper_form_identity.py); the desk saved a second record silently, and her
    second dose as dose 1 of it: no DOSE_NUMBER_DUPLICATE, no interval check."""
    new = _her_cmnd_record_and_her_cccd(db)
    out = record_dose(db, dose(date(2021, 8, 20)), person=new, today=TODAY,
                      actor=AT_THIS_LAPTOP)
    assert not out.saved and out.needs_confirmation, people(db)
    assert [p.code for p in out.problems] == ["PERSON_MAYBE_REGISTERED"]
    again = record_dose(db, dose(date(2021, 8, 20)), person=new, today=TODAY,
                        actor=AT_THIS_LAPTOP, confirm_warnings=True)  # two people after all
    assert again.saved
    with db.engine.connect() as conn:  # the new record on the list, for a supervisor
        assert conn.execute(text("SELECT cleaning_reason FROM person WHERE id = :i"),
                            {"i": again.person_id}).scalar() == "POSSIBLE_SAME_PERSON"


def test_a_child_without_a_number_registered_again_is_asked(db, site):
    """A child with no ID number has only name, birth date and sex to be found by: the
    desk registers the same child a second time without a word."""
    child = PersonInput("Lê Minh Khang", date(2012, 3, 2), Sex.MALE, IdType.NONE,
                        no_id_reason=NoIdReason.CHILD_WITHOUT_NUMBER)
    assert record_dose(db, dose(date(2022, 4, 1), product="COMIRNATY_PAED"),
                       person=child, today=TODAY, actor=AT_THIS_LAPTOP).saved
    out = record_dose(db, dose(date(2022, 5, 1), product="COMIRNATY_PAED"),
                      person=child, today=TODAY, actor=AT_THIS_LAPTOP)
    assert not out.saved and out.needs_confirmation, people(db)


def test_a_corrected_birth_date_after_a_recorded_dose_is_refused(db, site):
    """``correct_dose`` checks a dose against the birth date; ``correct_person`` does not
    check the birth date against the doses: a record left with a dose given before birth."""
    held = PersonInput("Phạm Văn Hùng", date(2001, 9, 1), Sex.MALE, IdType.CMND, "123456789")
    out = record_dose(db, dose(date(2021, 8, 1)), person=held, today=TODAY,
                      actor=AT_THIS_LAPTOP)
    assert out.saved
    fixed = correct_person(db, out.person_id, {"dob": date(2021, 9, 1)}, today=TODAY,
                           actor=AT_THIS_LAPTOP)
    assert not fixed.saved, [p.code for p in fixed.problems]


def test_a_childs_product_for_a_returning_record_without_birth_date_is_stopped(db, site):
    """A backfilled record without a date of birth (flagged DOB_REQUIRED; complaint kind 1),
    its CCCD saying born 1980. At the desk the age rule (a product outside its ages is an
    error only a supervisor lifts) is skipped when the record has no birth date, and
    nothing else is said: the children's product is saved for him as for anyone."""
    from desktop_app.clock import utc_now
    from desktop_app.db import store

    with db.transaction() as s:
        held = store.add_person(s, site.id, {
            "full_name": "Lê Văn Tám", "dob": None, "sex": "M", "id_type": "CCCD",
            "id_number": "001080000111", "cleaning_reason": "DOB_REQUIRED"}, now=utc_now())
        person_id = held.id
    out = record_dose(db, dose(TODAY, product="COMIRNATY_PAED"), person_id=person_id,
                      today=TODAY, actor=AT_THIS_LAPTOP)
    assert not out.saved, [p.code for p in out.problems]
    [age] = [p for p in out.problems if p.code == "DOSE_AGE_OUTSIDE"]
    assert "người này 41–42 tuổi vào ngày tiêm" in age.message("vi")  # not known to the day


def test_a_card_filling_in_an_old_cmnd_another_record_holds_says_so(db, site):
    """Registered twice (typed CCCD at one visit, CMND at another). His card, scanned, agrees
    with the CCCD record and fills in its old CMND "by itself": the record held under that
    CMND is now a second record of the citizen with nothing said and nothing flagged."""
    from desktop_app.rules.cccd_qr import read_cccd_qr
    from desktop_app.services.card_check import fill_from_card

    by_cccd = record_dose(db, dose(date(2021, 8, 1)), person=PersonInput(
        "Nguyễn Văn An", date(1990, 1, 1), Sex.MALE, IdType.CCCD, "001090000001"),
        today=TODAY, actor=AT_THIS_LAPTOP)
    by_cmnd = record_dose(db, dose(date(2021, 9, 1)), person=PersonInput(
        "Nguyễn Văn An", date(1990, 1, 1), Sex.MALE, IdType.CMND, "123456789"),
        today=TODAY, actor=AT_THIS_LAPTOP, confirm_warnings=True)  # asked, and confirmed
    assert by_cccd.saved and by_cmnd.saved
    card = read_cccd_qr("001090000001|123456789|NGUYỄN VĂN AN|01011990|Nam|Hà Nội|01012021")
    filled = fill_from_card(db, by_cccd.person_id, card, actor=AT_THIS_LAPTOP)
    with db.engine.connect() as conn:
        flagged = conn.execute(text(
            "SELECT count(*) FROM person WHERE cleaning_reason IS NOT NULL")).scalar()
    assert "old_id_number" not in filled or flagged, (filled, people(db))


# -- review 31d -------------------------------------------------------------------------------
def _one_citizen_twice_filled_by_his_card(db):
    """The state ``fill_from_card`` now leaves on purpose (flagged for a supervisor): his CCCD
    record holds his old CMND, his CMND record holds it as its ID."""
    from desktop_app.rules.cccd_qr import read_cccd_qr
    from desktop_app.services.card_check import fill_from_card

    by_cccd = record_dose(db, dose(date(2021, 8, 1)), person=PersonInput(
        "Nguyễn Văn An", date(1990, 1, 1), Sex.MALE, IdType.CCCD, "001090000001"),
        today=TODAY, actor=AT_THIS_LAPTOP)
    by_cmnd = record_dose(db, dose(date(2021, 9, 1)), person=PersonInput(
        "Nguyễn Văn An", date(1990, 1, 1), Sex.MALE, IdType.CMND, "123456789"),
        today=TODAY, actor=AT_THIS_LAPTOP, confirm_warnings=True)
    card = read_cccd_qr("001090000001|123456789|NGUYỄN VĂN AN|01011990|Nam|Hà Nội|01012021")
    filled = fill_from_card(db, by_cccd.person_id, card, actor=AT_THIS_LAPTOP)
    assert filled["old_id_number"] == [None, "123456789"]
    return by_cccd.person_id, by_cmnd.person_id


def test_a_phone_correction_of_a_record_flagged_as_one_citizen_twice_is_not_refused(db, site):
    """Review 31d. ``correct_person_in`` (Records, the cleaning worklist, a complaint's
    correction, a card's) checked the record's stored old CMND against every other record:
    once a card had filled it in and flagged the two (review 31c), neither record took any
    correction at all, a phone number included, each refused as "ID_ALREADY_REGISTERED ...
    pick that person instead of creating a new one", an error the record already had and
    that the correction does not bring."""
    by_cccd, by_cmnd = _one_citizen_twice_filled_by_his_card(db)
    refused = {}
    for pid in (by_cccd, by_cmnd):
        out = correct_person(db, pid, {"phone": "0912345678"}, today=TODAY,
                             actor=AT_THIS_LAPTOP)
        if not out.saved:
            refused[pid == by_cccd and "CCCD record" or "CMND record"] = [
                p.message("vi") for p in out.problems]
    assert refused == {}


def test_a_returning_person_screened_out_under_a_new_number_is_not_a_silent_second_record(
        db, site):
    """Review 31d. ``record_dose`` asks PERSON_MAYBE_REGISTERED (and flags the record once
    confirmed); ``register_screened``, the desk's path for the same new person screened out
    (fever: come back next week), flagged nothing. Next week her CCCD found
    the record it made, without her dose 1: dose 2 given as a dose 1, what 31c stopped."""
    from desktop_app.rules.screening import Outcome
    from desktop_app.services.doses import register_screened
    from desktop_app.services.screening import ScreeningAnswers

    new = _her_cmnd_record_and_her_cccd(db)
    out = register_screened(db, new, ScreeningAnswers.of(["FEVER"], Outcome.POSTPONE,
                                                         "Sốt 38,5"),
                            today=TODAY, actor=AT_THIS_LAPTOP)
    # Asked as a dose's save asks: nothing kept until the clerk confirms.
    assert out.needs_confirmation, out
    assert "PERSON_MAYBE_REGISTERED" in [p.code for p in out.problems]
    assert len(people(db)) == 1
    kept = register_screened(db, new, ScreeningAnswers.of(["FEVER"], Outcome.POSTPONE,
                                                          "Sốt 38,5"),
                             confirm_warnings=True, today=TODAY, actor=AT_THIS_LAPTOP)
    assert kept.saved
    with db.engine.connect() as conn:
        flagged = conn.execute(text(
            "SELECT cleaning_reason FROM person WHERE id_number = '001190000102'")).scalar()
    assert flagged == "POSSIBLE_SAME_PERSON", (flagged, people(db))


def test_a_birth_date_corrected_after_a_dose_given_at_another_site_is_refused(db, site):
    """Review 31d. ``_doses_before_birth`` read this site's doses only; a person brought
    from another site holds theirs as ``external_dose`` (which ``prior_doses`` counts as
    theirs): the same year typed wrong again was saved, a dose left before birth."""
    from desktop_app.clock import utc_now
    from desktop_app.db import store
    from desktop_app.db.models import ExternalDose

    with db.transaction() as s:  # as ``lookup.bring_person`` leaves him
        held = store.add_person(s, site.id, {
            "full_name": "Phạm Văn Hùng", "dob": date(2001, 9, 1), "sex": "M",
            "id_type": "CMND", "id_number": "123456789"}, now=utc_now())
        s.add(ExternalDose(id="ext-dose-1", person_id=held.id, site_code="OTHER",
                           product_code="VAXZEVRIA", dose_number=1,
                           dose_date=date(2021, 8, 1), lot_number="AB123",
                           fetched_at=utc_now()))
        person_id = held.id
    fixed = correct_person(db, person_id, {"dob": date(2021, 9, 1)}, today=TODAY,
                           actor=AT_THIS_LAPTOP)
    assert not fixed.saved, [p.code for p in fixed.problems]
