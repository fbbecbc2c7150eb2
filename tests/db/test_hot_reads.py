"""The hot reads' connection (Database.rows()): plain SQL on a long-lived connection, one read
transaction that always ends, so the next read sees what was saved meanwhile."""

from datetime import date

import pytest

from desktop_app.rules.identity import Sex
from desktop_app.services.desk import load_desk_person
from desktop_app.services.search import search_people
from tests.services.test_search import add


def test_each_read_ends_its_transaction_even_when_it_fails_so_later_saves_are_seen(db, site):
    with pytest.raises(ZeroDivisionError), db.rows() as conn:
        conn.execute("SELECT count(*) FROM person").fetchone()
        1 / 0  # noqa: B018 - a read that fails half way
    failed = conn
    with db.rows() as conn:
        assert conn is failed  # the warmest (used last): its page cache is hot
        assert conn.in_transaction  # inside its own snapshot
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (0,)
    assert not conn.in_transaction  # and set aside with none open

    assert search_people(db, "001190000123") == []
    lan = add(db, "Lê Thị Lan", date(1990, 5, 1), Sex.FEMALE, "001190000123",
              doses=[(2, date(2021, 10, 1))])
    [hit] = search_people(db, "001190000123")  # saved after the read above: seen
    assert (hit.id, hit.last_dose_number, hit.last_dose_date) == (lan, 2, date(2021, 10, 1))

    card = load_desk_person(db, lan)
    assert (card.full_name, card.dob, card.id_number) == ("Lê Thị Lan", date(1990, 5, 1),
                                                          "001190000123")
    assert [(d.dose_number, d.dose_date) for d in card.doses] == [
        (1, date(2021, 9, 1)), (2, date(2021, 10, 1))]
    assert card.next_dose_number == 3
    assert load_desk_person(db, "no such person") is None


def test_a_read_still_running_when_the_database_closes_keeps_no_connection_open(db):
    """A read on another thread (a sync round, the CLI) that ends after close(): its
    connection is closed then, not kept for a next read of a file that is no longer ours."""
    with db.rows() as conn:
        db.close()
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (0,)
    with pytest.raises(Exception, match="closed"):
        conn.execute("SELECT 1")
    assert db._readers == []
