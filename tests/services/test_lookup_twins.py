"""Review 31e: the desk now asks before a new person is made beside a record of their name,
birth date and sex under another number (PERSON_MAYBE_REGISTERED) and flags the new record
POSSIBLE_SAME_PERSON; a file's rows are flagged the same way (``backfill_twins``). The
look-up's ``bring_person`` makes the same second record with nothing asked or flagged."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text

from desktop_app.rules.identity import IdType, Sex
from desktop_app.services import lookup
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.sync.lookup import RemoteCitizen
from desktop_app.wire import fhir

CMND, CCCD = "123456789", "001190000102"
NAME, BORN = "Trần Thị Bích", date(1990, 6, 5)


def rows(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).all()


def test_her_cccd_brought_beside_her_cmnd_record_is_not_a_silent_second_record(
        db, site, boss):
    """Dose 1 here under her CMND. Dose 2 at HN-0009, which registered her by the CCCD
    typed (no old number there). Back here for dose 3 with the chip card: the clerk types
    the CCCD, nobody here, the look-up finds her, Bring: a second record of her with dose 2
    from elsewhere; dose 1 stays on the CMND record. The desk's own path would have asked
    (PERSON_MAYBE_REGISTERED, test_desk_identity_gaps); this one flagged nothing. It flags
    the record brought, for a supervisor's merge."""
    here = record_dose(db, DoseInput("COMIRNATY", "FK1", 1, date(2021, 8, 1), "Lan"),
                       person=PersonInput(NAME, BORN, Sex.FEMALE, IdType.CMND, CMND),
                       today=date(2021, 8, 1), actor=boss)
    assert here.saved, here.problems
    fields = fhir.PatientFields(NAME, BORN, "F", "CCCD", CCCD, None, None, None, None, False)
    citizen = RemoteCitizen(CCCD, [fhir.RemotePatient("pb", "HN-0009", fields, ())], [
        fhir.RemoteDose("b2", "pb", "HN-0009", "COMIRNATY", 2, date(2021, 9, 5), "L2",
                        False)])
    brought = lookup.bring_person(db, citizen, actor=boss)
    people = rows(db, "SELECT id_number, cleaning_reason FROM person ORDER BY rowid")
    assert brought == here.person_id or (CCCD, "POSSIBLE_SAME_PERSON") in people, people
