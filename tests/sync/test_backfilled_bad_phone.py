"""A backfilled person whose phone cell no phone can be ("0" typed where the citizen gave
none, eight digits, nine starting with 0) reaches the platform with their doses.

Before, the import kept the cell as the phone and took the row as clean (no flag, not on
the cleaning list); the platform then refused the Patient (PHONE_INVALID) with the desk's
own phone rule, so the citizen's doses waited on the laptop for good and the site read
50 % on the dashboard for doses it recorded and sent. Now the import checks the phone with
that one rule (``rules.identity.is_phone``): a phone it refuses is not kept as the
person's, and the row is flagged PHONE_INVALID with the cell as typed, as the desk would
say it, so the cleaning list asks for the number.

End to end: a real spreadsheet, the real importer, a real central server process."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from desktop_app.db.models import Person
from desktop_app.progress import drain
from desktop_app.services import cleaning
from desktop_app.services.backfill import import_file
from tests.importers.sheets import person_row, write_xlsx
from tests.sync.platform_share import AUG_2021, person_states, site_share


@pytest.mark.parametrize("cell", [0, "12345678", "091234567"],
                         ids=["zero", "eight-digits", "nine-digits-from-0"])
def test_a_backfilled_person_whose_phone_cell_reads_0_reaches_the_platform(
        wired, boss, tmp_path, cell):
    sheet = write_xlsx(tmp_path / "hoi-cuu.xlsx", [
        person_row(1, "Nguyễn Văn An", cccd="001090012345", phone="0912345678"),
        person_row(2, "Trần Thị Bình", "03/02/1985", "Nữ", "001185012346", phone=cell)])
    report = drain(import_file(wired.db, sheet, today=date(2026, 12, 1), actor=boss))
    assert (report.counts["imported"], report.counts["flagged"]) == (1, 1)
    [issue] = report.issues
    assert (issue.sheet_row, issue.outcome, issue.code) == (6, "flagged", "PHONE_INVALID")
    assert str(cell) in issue.message  # the cell as typed, for the volunteer to look up
    with wired.db.reading() as s:
        phone, flags = s.execute(select(Person.phone, Person.cleaning_reason)
                                 .where(Person.full_name == "Trần Thị Bình")).one()
    assert (phone, flags) == (None, "PHONE_INVALID")  # not her phone: a question about it
    assert [c.problems for c in cleaning.worklist(wired.db).cases] == [("PHONE_INVALID",)]

    wired.sync()
    state, refusal = person_states(wired.db)["Trần Thị Bình"]
    # (recorded, received, share) on the dashboard's sites table; her record's state
    assert (site_share(wired.server, "HN-0001", *AUG_2021), state) == ((2, 2, 100.0),
                                                                       "synced"), refusal


def test_a_person_stored_with_such_a_phone_before_is_found_by_the_same_row(db, site, boss,
                                                                          tmp_path):
    """One an import stored before this fix with the cell "0" as the phone (and no ID) is
    found by the same row of the same file imported again, which now gives no phone (a
    blank phone is unknown, not another person): the dose is not stored a second time."""
    sheet = write_xlsx(tmp_path / "hoi-cuu.xlsx", [
        person_row(1, "Trần Thị Bình", "03/02/1985", "Nữ", cccd="", phone=0)])
    drain(import_file(db, sheet, today=date(2026, 12, 1), actor=boss))
    with db.transaction() as s:  # as an import before this fix kept it
        s.execute(update(Person).values(phone="0"))
    again = drain(import_file(db, sheet, today=date(2026, 12, 1), actor=boss))
    assert again.counts["duplicate"] == 1
    with db.reading() as s:
        assert s.scalars(select(Person.phone)).all() == ["0"]
