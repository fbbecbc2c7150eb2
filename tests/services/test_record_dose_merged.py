"""A dose for a record a merge folded away is refused, naming the record that stands: saved on
the folded record it was hidden from the person's card and suggested again (double dose)."""

from datetime import date, timedelta

import pytest
from sqlalchemy import text

from desktop_app.clock import local_today
from desktop_app.rules.identity import IdType, Sex
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.desk import load_desk_person, load_kept_desk_person
from desktop_app.services.doses import DoseInput, PersonInput, record_dose
from desktop_app.services.errors import ChangeRefused
from desktop_app.services.merges import merge_people

MAI = PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE, IdType.CCCD, "001188000777")
MAI_NO_ID = PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE, IdType.NONE, None,
                        no_id_reason="UNKNOWN_IDENTITY")


def _backfilled(db, person, number, days_ago):
    return record_dose(
        db, DoseInput("COMIRNATY", "FK1", number, local_today() - timedelta(days=days_ago),
                      "Lan", source="backfill"),
        person=person, confirm_warnings=True, actor=AT_THIS_LAPTOP).person_id


def count(db, sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def test_a_dose_on_a_folded_record_is_refused_naming_the_kept_one(db, site, boss):
    kept = _backfilled(db, MAI, 1, 200)
    folded = _backfilled(db, MAI_NO_ID, 2, 120)
    merge_people(db, kept, folded, actor=boss)
    doses = count(db, "SELECT count(*) FROM dose")
    audit = count(db, "SELECT count(*) FROM audit_entry")

    with pytest.raises(ChangeRefused) as refused:
        record_dose(db, DoseInput("COMIRNATY", "FK1234", 3, local_today(), "Y tá Lan"),
                    person_id=folded, confirm_warnings=True, actor=AT_THIS_LAPTOP)

    assert refused.value.code == "DOSE_PERSON_MERGED"
    said = refused.value.message("vi")
    assert "Hoàng Thị Mai" in said and "001188000777" in said and "01/01/1988" in said
    assert "gộp" in said
    assert count(db, "SELECT count(*) FROM dose") == doses  # nothing written, not even
    assert count(db, "SELECT count(*) FROM audit_entry") == audit  # an audit line
    # The record that stands still takes the dose, checked against all its doses.
    out = record_dose(db, DoseInput("COMIRNATY", "FK1234", 3, local_today(), "Y tá Lan"),
                      person_id=kept, actor=AT_THIS_LAPTOP)
    assert out.saved and out.problems == []


def test_a_record_folded_twice_names_the_record_at_the_end(db, site, boss):
    first = _backfilled(db, MAI_NO_ID, 1, 60)
    homeless = PersonInput("Hoàng Thị Mai", date(1988, 1, 1), Sex.FEMALE, IdType.NONE, None,
                           no_id_reason="HOMELESS_OR_ITINERANT")
    middle = _backfilled(db, homeless, 2, 30)
    last = _backfilled(db, MAI, 3, 5)
    merge_people(db, middle, first, actor=boss)
    merge_people(db, last, middle, actor=boss, confirm_differences=True)

    with pytest.raises(ChangeRefused) as refused:
        record_dose(db, DoseInput("COMIRNATY", "FK1234", 4, local_today(), "Y tá Lan"),
                    person_id=first, confirm_warnings=True, actor=AT_THIS_LAPTOP)
    assert "001188000777" in refused.value.message("en")
    # What the desk reopens on: the record at the end, with every dose.
    standing = load_kept_desk_person(db, first)
    assert standing is not None and standing.id == last
    assert [d.dose_number for d in standing.doses] == [1, 2, 3]
    assert load_kept_desk_person(db, last) == load_desk_person(db, last)
