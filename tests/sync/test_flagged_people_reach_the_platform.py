"""A person the import stores flagged for cleaning reaches the platform with their doses:
"a backfilled dose that happened is a fact and must reach the platform, with its problem
visible there" (``central_server/fhir/validate.py``).

Before, the import flagged a name with a note in it ("(mẹ bé Hoa)", as communes write
them), a non-Latin or over-long name, a birth year mistyped (1905 for 1955) and stored
their doses, but the platform let a flagged person through only for ID, missing birth date
and missing sex problems (a hand-kept ``_FLAGGABLE`` of its own): it refused the others'
Patients, their doses never reached the platform, and the site that did what the import
asked read 33 % on the dashboard. Now the codes an import may flag and those the platform
takes flagged are one definition (``rules.cleaning.FLAGGABLE``), and a record the platform
refused for such a code before goes again at the next round (``sync/refused_flagged.py``).

End to end: a real spreadsheet, the real importer, a real central server process."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select, update

from central_server.fhir.outcome import from_problems
from central_server.fhir.validate import Invalid, check_patient
from desktop_app.db.models import Person, SyncRecord
from desktop_app.importers.rows import REJECTING
from desktop_app.progress import drain
from desktop_app.rules.cleaning import FLAGGABLE, IDENTITY_CODES
from desktop_app.rules.person import PersonFacts, check_person
from desktop_app.rules.problems import errors
from desktop_app.services.backfill import import_file
from desktop_app.sync.push import issues_of
from desktop_app.wire import fhir
from tests.importers.sheets import person_row, write_xlsx
from tests.sync.platform_share import AUG_2021, person_states, site_share

TODAY = date(2026, 12, 1)

# One sheet row for each flag the importer's reading of a person gives, with that flag.
EVERY_FLAG = [
    ("NAME_INVALID_CHARS", person_row(1, "Trần Thị Bình (mẹ bé Hoa)", "03/02/1985", "Nữ",
                                      "001185012346")),
    ("NAME_NOT_LATIN", person_row(2, "Иван Петров", "03/02/1985", "Nam", "001085012346")),
    ("NAME_TOO_LONG", person_row(3, "Nguyễn " + "Văn " * 30 + "An", "03/02/1985", "Nam",
                                 "001085012347")),
    ("NAME_NO_DIACRITICS", person_row(4, "Tran Van Tuan", cccd="001090012357")),
    ("DOB_TOO_OLD", person_row(5, "Lê Văn Cường", "15/06/1905", "Nam", "001005012347")),
    ("DOB_INVALID", person_row(6, "Lê Văn Dũng", "31/02/1990", "Nam", "001090012348")),
    ("DOB_REQUIRED", person_row(7, "Lê Văn Em", "", "Nam", "001090012349")),
    ("SEX_INVALID", person_row(8, "Lê Văn Phúc", sex="Khác", cccd="001090012350")),
    ("SEX_REQUIRED", person_row(9, "Lê Văn Giang", sex="", cccd="001090012351")),
    ("ID_NUMBER_REQUIRED", person_row(10, "Lê Văn Hải", cccd="")),
    ("ID_WRONG_LENGTH", person_row(11, "Lê Văn Khoa", cccd="12345")),
    ("ID_NOT_DIGITS", person_row(12, "Lê Văn Long", cccd="00109001234A")),
    ("ID_PROVINCE_UNKNOWN", person_row(13, "Lê Văn Minh", cccd="003090012352")),
    ("ID_SEX_MISMATCH", person_row(14, "Lê Thị Nga", sex="Nữ", cccd="001090012353")),
    ("ID_BIRTH_YEAR_MISMATCH", person_row(15, "Lê Văn Oanh", "05/09/1991",
                                          cccd="001090012354")),
    ("ID_CENTURY_INVALID", person_row(16, "Lê Văn Phong", cccd="001990012355")),
    ("ID_SCIENTIFIC_NOTATION", person_row(17, "Lê Văn Quang", cccd="1.23457E+11")),
    ("NATIONALITY_REQUIRED", person_row(18, "John Smith", cccd="B1234567")),
    ("PHONE_INVALID", person_row(19, "Lê Văn Sơn", cccd="001090012356", phone=0)),
]
# The identity codes no sheet row gives a stored person: a date of birth after the dose
# refuses the row (DOSE_BEFORE_BIRTH); one a mixed column reads both ways is stored as an
# unreadable one is (no date); a passport is told from a CCCD by the pattern it must have;
# an import names no reason for a missing ID (the rules' NO_ID_REASON_REQUIRED is its
# ID_NUMBER_REQUIRED) and always a kind of ID.
NOT_FROM_A_SHEET = {"DOB_IN_FUTURE", "DOB_AMBIGUOUS", "PASSPORT_INVALID", "ID_TYPE_REQUIRED",
                    "NO_ID_REASON_REQUIRED", "NO_ID_CHILD_TOO_OLD"}


def _imported(db, tmp_path, rows, boss):  # noqa: ANN001, ANN202
    report = drain(import_file(db, write_xlsx(tmp_path / "hoi-cuu.xlsx", rows), today=TODAY,
                               actor=boss))
    with db.reading() as s:
        flags = dict(s.execute(select(Person.full_name, Person.cleaning_reason)).all())
    return report, flags


def test_a_backfilled_person_flagged_for_cleaning_still_reaches_the_platform(
        wired, boss, tmp_path):
    report, flags = _imported(wired.db, tmp_path, [
        person_row(1, "Nguyễn Văn An", cccd="001090012345"),
        person_row(2, "Trần Thị Bình (mẹ bé Hoa)", "03/02/1985", "Nữ", "001185012346"),
        person_row(3, "Lê Văn Cường", "15/06/1905", "Nam", "001005012347")], boss)
    assert report.counts["flagged"] == 2
    assert flags["Lê Văn Cường"] == "DOB_TOO_OLD"
    assert "NAME_INVALID_CHARS" in flags["Trần Thị Bình (mẹ Bé Hoa)"]
    wired.sync()
    states = person_states(wired.db)
    refused = {name: error for name, (state, error) in states.items() if state != "synced"}
    assert (site_share(wired.server, "HN-0001", *AUG_2021), refused) == ((3, 3, 100.0), {})


def test_what_an_import_may_flag_is_what_the_platform_takes_flagged():
    """One definition on both sides: every identity code the import stores flagged (any it
    does not refuse) is one the platform takes of a flagged person, and the reverse."""
    assert IDENTITY_CODES - REJECTING == FLAGGABLE
    assert "NAME_REQUIRED" in REJECTING and "NAME_REQUIRED" not in FLAGGABLE


def test_every_flag_an_import_gives_a_person_reaches_the_platform(wired, boss, tmp_path):
    """Walk every flag the importer's reading of a person gives: each row is stored flagged
    with its code, and each person and dose is taken by the platform."""
    report, flags = _imported(wired.db, tmp_path, [row for _code, row in EVERY_FLAG], boss)
    assert report.counts["flagged"] == len(EVERY_FLAG)
    assert [(i.sheet_row - 4, i.code) for i in report.issues] == [
        (row[0], code) for code, row in EVERY_FLAG]
    walked = {code for code, _row in EVERY_FLAG}
    assert set(flags.values()) == walked  # one code a person, the row's
    assert IDENTITY_CODES & walked == FLAGGABLE - NOT_FROM_A_SHEET  # the walk is whole
    wired.sync()
    refused = {name: error for name, (state, error) in person_states(wired.db).items()
               if state != "synced"}
    n = len(EVERY_FLAG)
    assert (site_share(wired.server, "HN-0001", *AUG_2021), refused) == ((n, n, 100.0), {})


def _patient(**person) -> dict:  # noqa: ANN003
    return fhir.patient({"id": "p1", "id_type": "CCCD", "id_number": "001090012345",
                         "full_name": "Nguyễn Văn An", "sex": "M", "dob": date(1990, 9, 5),
                         "cleaning_reason": "NAME_REQUIRED", **person}, "HN-0001", 1)


def test_the_platform_still_refuses_a_flagged_person_it_cannot_hold():
    """A flag does not make a record of no one (no name) nor a malformed resource taken."""
    assert check_patient(_patient()).identifier_value == "001090012345"
    with pytest.raises(Invalid) as nameless:
        check_patient(_patient(full_name=""))
    assert [i["details"]["coding"][0]["code"] for i in nameless.value.outcome["issue"]] == [
        "NAME_REQUIRED"]
    malformed = _patient()
    malformed["gender"] = "unknown"
    with pytest.raises(Invalid):
        check_patient(malformed)


def _refused_as_before(db, *names: str) -> None:  # noqa: ANN001
    """Each named person's record as a laptop before this fix kept it: refused by the
    platform for their identity errors, in its own words (their doses wait for them)."""
    with db.transaction() as s:
        for name in names:
            person = s.scalar(select(Person).where(Person.full_name == name))
            facts = PersonFacts(person.full_name, person.dob, person.sex, person.id_type,
                                person.id_number, phone=person.phone)
            said = issues_of(from_problems(errors(check_person(facts, TODAY))))
            assert said, name
            s.execute(update(SyncRecord).where(
                SyncRecord.entity == "person", SyncRecord.record_id == person.id).values(
                state="rejected", attempts=1, last_error=json.dumps(said, ensure_ascii=False)))


def test_a_flagged_person_the_platform_refused_before_goes_again_at_the_next_round(
        wired, boss, tmp_path):
    """A laptop that synced before this fix holds the flagged people the platform refused
    as rejected, which nothing but a supervisor's "send again" queued again: their doses
    waited for good. The next round sends them again, once, and the platform takes them."""
    _imported(wired.db, tmp_path, [
        person_row(1, "Nguyễn Văn An", cccd="001090012345"),
        person_row(2, "Trần Thị Bình (mẹ bé Hoa)", "03/02/1985", "Nữ", "001185012346"),
        person_row(3, "Lê Văn Cường", "15/06/1905", "Nam", "001005012347")], boss)
    _refused_as_before(wired.db, "Trần Thị Bình (mẹ Bé Hoa)", "Lê Văn Cường")
    assert wired.sync().rejected == 0
    assert {state for state, _error in person_states(wired.db).values()} == {"synced"}
    assert site_share(wired.server, "HN-0001", *AUG_2021) == (3, 3, 100.0)

    # Sent again once, not at every round: a platform that still refuses it (not yet
    # updated) leaves it to a supervisor's "send again", as any refusal.
    _refused_as_before(wired.db, "Lê Văn Cường")
    assert wired.sync().rejected == 1
    assert person_states(wired.db)["Lê Văn Cường"][0] == "rejected"
