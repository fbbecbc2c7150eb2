"""Review 32a: the twin look-up with many flagged people (an import flagging thousands).

``cleaning_twins.twins_of`` read each flagged person on their own and ran one query each,
an OR of (name_key, dob, sex) with id_number planned as a SCAN of the whole person index:
O(flagged x people), 10.4 s for 2,000 flagged among 40,000 records, at every refresh of the
worklist. Now a few queries a 900 people, each by an index. Real database; people inserted
in bulk."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import event, insert

from desktop_app.db.models import Person
from desktop_app.rules.cleaning import POSSIBLE_SAME_PERSON
from desktop_app.rules.names import search_key
from desktop_app.services.cleaning_twins import same_person_records

NOW = datetime(2022, 1, 1)


def _people(db, site, pairs: int, others: int) -> list[str]:  # noqa: ANN001
    """``pairs`` people flagged POSSIBLE_SAME_PERSON (as an import flags them: no
    ``same_as``) each beside a record of their name, birth and sex; ``others`` unrelated."""
    rows, flagged = [], []

    def person(name: str, dob: date, number: str, reason: str | None) -> dict:
        pid = str(uuid.uuid4())
        rows.append({"id": pid, "site_id": site.id, "full_name": name,
                     "name_key": search_key(name), "dob": dob, "sex": "F", "id_type": "CCCD",
                     "id_number": number, "created_at": NOW, "updated_at": NOW,
                     "cleaning_reason": reason})
        return pid

    for i in range(pairs):
        dob = date(1950 + i % 50, 1 + i % 12, 1 + i % 28)
        person(f"Nguyễn Thị Sinh Đôi {i}", dob, f"0011{i:08d}", None)
        flagged.append(person(f"Nguyễn Thị Sinh Đôi {i}", dob, f"0012{i:08d}",
                              POSSIBLE_SAME_PERSON))
    for i in range(others):
        person(f"Lê Văn Khác {i}", date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
               f"0013{i:08d}", None)
    with db.transaction() as s:
        s.execute(insert(Person), rows)
    return flagged


def test_the_twin_look_up_reads_the_person_table_a_bounded_number_of_times(db, site):
    flagged = _people(db, site, pairs=1500, others=3000)
    statements: list[str] = []

    def seen(_conn, _cursor, statement, _params, _context, _many) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        found = same_person_records(db, flagged)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(found) == 1500  # each names its twin
    on_person = [q for q in statements if "FROM person" in q]
    # The list's other details (numbers_elsewhere, identities_elsewhere) take one query per
    # 900 people; this one takes two per person (3,000 here).
    assert len(on_person) <= 20, f"{len(on_person)} queries for {len(flagged)} people"


def test_the_twin_queries_use_an_index_not_a_scan_of_every_record(db, site):
    """Each flagged person's namesakes and number-sakes are found by an index: its cost
    does not grow with the whole site."""
    flagged = _people(db, site, pairs=5, others=50)
    joined: list[tuple[str, object]] = []

    def seen(_conn, _cursor, statement, params, _context, _many) -> None:  # noqa: ANN001
        if "JOIN person AS" in statement:
            joined.append((statement, params))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        assert len(same_person_records(db, flagged)) == 5
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(joined) == 2  # by name, by number
    with db.reading() as s:
        for statement, params in joined:
            plan = [row[-1] for row in s.connection().exec_driver_sql(
                "EXPLAIN QUERY PLAN " + statement, params)]
            assert not any(step.startswith("SCAN") for step in plan), plan


def test_a_common_name_says_how_many_records_it_may_be(qtbot, db, site, boss):
    """Five records of her name, birth and sex: three named, the rest counted, so the
    supervisor does not merge with (or tell apart from) one of three while the fourth and
    fifth go unseen."""
    from desktop_app.ui.cleaning.case_table_model import COLUMNS
    from tests.ui.cleaning_helpers import open_cleaning_screen

    rows = []
    for i in range(6):  # five records without an ID, then one flagged by an import's row
        rows.append({"id": str(uuid.uuid4()), "site_id": site.id,
                     "full_name": "Nguyễn Thị Hoa", "name_key": search_key("Nguyễn Thị Hoa"),
                     "dob": date(1990, 6, 6), "sex": "F",
                     "id_type": "CCCD" if i == 5 else "NONE",
                     "id_number": "001190000103" if i == 5 else None,
                     "no_id_reason": None if i == 5 else "HOMELESS_OR_ITINERANT",
                     "created_at": datetime(2022, 1, 1, 0, i), "updated_at": NOW,
                     "cleaning_reason": POSSIBLE_SAME_PERSON if i == 5 else None})
    with db.transaction() as s:
        s.execute(insert(Person), rows)
    flagged = rows[-1]["id"]
    found = same_person_records(db, [flagged])[flagged]
    assert (len(found.named), found.found) == (3, 5)  # three named of five

    errors: list = []
    screen = open_cleaning_screen(qtbot, db, boss, errors)
    try:
        row = [r for r in range(screen.model.rowCount())
               if screen.model.case_at(r).person_id == flagged][0]
        cell = screen.model.index(row, COLUMNS.index("problems"))
        qtbot.waitUntil(lambda: "same name" in cell.data())  # her name is the row's own
        said = cell.data()
        assert said.endswith("; and 2 more"), said  # five records of hers, three named
    finally:
        screen.ctx.runner.wait_idle()
