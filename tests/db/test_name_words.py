"""The name-word index (migration 0017) is the same whoever writes the people: the desk's
inserts (triggers) or a bulk import's chunks (db/bulk_sql.py sets the trigger aside and adds
a chunk's words in two statements). Corrections and merges: tests/services/
test_search_spoken.py."""

from desktop_app.db import bulk_sql
from desktop_app.rules.names import search_key

NAMES = ["Nguyễn Thị Nhung", "Nguyễn Nguyễn An", "Lê Văn Tám", "Trần Thị Nhung", "Ánh",
         "Đặng Thị Lan Anh", "An Văn An"]  # the last: a word both given name and not


def people(site_id):
    return [(f"p{i}", site_id, name, search_key(name), None if i == 2 else f"199{i}-01-0{i+1}",
             "F", "CCCD", f"00119000012{i}", None, None, None, "2026-01-01", "2026-01-01", None,
             None)
            for i, name in enumerate(NAMES)]


def words_and_counts(conn):
    return (conn.execute("SELECT * FROM person_name_word ORDER BY 1, 2, 3, 4, 5").fetchall(),
            conn.execute("SELECT * FROM person_name_word_count WHERE n > 0 ORDER BY 1")
            .fetchall())


def test_a_bulk_chunk_writes_the_same_words_and_counts_as_the_triggers(db, site):
    raw = db.engine.raw_connection()
    try:
        conn = raw.driver_connection
        conn.execute("BEGIN")
        for row in people(site.id):  # one by one, the triggers at work
            conn.execute(bulk_sql.PERSON_INSERT, row)
        by_triggers = words_and_counts(conn)
        conn.execute("ROLLBACK")
        conn.execute("BEGIN")
        bulk_sql.write_chunk(conn, "2026-01-01", people(site.id), [], None)
        by_chunk = words_and_counts(conn)
        trigger_left = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = ?",
                                    (bulk_sql.NAME_WORD_TRIGGER,)).fetchone()
        conn.execute("COMMIT")
    finally:
        raw.close()
    assert by_chunk == by_triggers
    words, counts = by_chunk
    assert ("nhung", 0, "nguyen thi nhung", "1990-01-01", "p0") in words
    assert ("tam", 0, "le van tam", "", "p2") in words  # no date of birth: ''
    assert dict(counts)["nguyen"] == 2 and dict(counts)["nhung"] == 2  # people, not words
    assert dict(counts)["an"] == 2  # "An Văn An" once, though under both ranks
    assert trigger_left == (1,)  # put back after the chunk


def test_a_big_import_adds_its_words_at_its_end_the_same_as_the_triggers(db, site):
    """The writer process defers the words of its chunks (bulk_sql.NAME_WORDS_PENDING):
    nothing but a note until add_deferred_name_words, then the triggers' outcome exactly."""
    raw = db.engine.raw_connection()
    try:
        conn = raw.driver_connection
        conn.execute("BEGIN")
        for row in people(site.id):
            conn.execute(bulk_sql.PERSON_INSERT, row)
        by_triggers = words_and_counts(conn)
        conn.execute("ROLLBACK")
        conn.execute("BEGIN")
        rows = people(site.id)
        bulk_sql.write_chunk(conn, "2026-01-01", rows[3:], [], None, deferred=True)
        bulk_sql.write_chunk(conn, "2026-01-01", rows[:3], [], None, deferred=True)
        pending = words_and_counts(conn)
        note = conn.execute("SELECT value FROM setting WHERE key = ?",
                            (bulk_sql.NAME_WORDS_PENDING,)).fetchone()
        assert bulk_sql.add_deferred_name_words(conn)
        by_end = words_and_counts(conn)
        assert not bulk_sql.add_deferred_name_words(conn)  # done once: the note is gone
        conn.execute("ROLLBACK")
    finally:
        raw.close()
    assert pending == ([], []) and note == ('"p0"',)  # the lowest id of both chunks
    assert by_end == by_triggers


def test_the_end_in_two_steps_counts_a_person_the_desk_added_between_them_once(db, site):
    """The writer adds the words, then (in a transaction of its own, so a desk save waits
    half as long) counts them; a person the desk saves in between is counted once."""
    rows = people(site.id)
    raw = db.engine.raw_connection()
    try:
        conn = raw.driver_connection
        conn.execute("BEGIN")
        for row in rows:
            conn.execute(bulk_sql.PERSON_INSERT, row)
        by_triggers = words_and_counts(conn)
        conn.execute("ROLLBACK")
        conn.execute("BEGIN")
        bulk_sql.write_chunk(conn, "2026-01-01", rows[:-1], [], None, deferred=True)
        assert bulk_sql.add_deferred_name_words(conn, counts=False)  # the words, note kept
        # saying the words are in: the counts' step (or open_database after a crash)
        # does not add them again (1.5 million probes at 1,000,000 people)
        assert conn.execute("SELECT value FROM setting WHERE key = ?",
                            (bulk_sql.NAME_WORDS_PENDING,)).fetchone() == ("null",)
        conn.execute(bulk_sql.PERSON_INSERT, rows[-1])  # the desk: "An Văn An", triggers on
        assert bulk_sql.add_deferred_name_words(conn)  # the counts, note taken
        by_end = words_and_counts(conn)
        assert not bulk_sql.add_deferred_name_words(conn, counts=False)
        conn.execute("ROLLBACK")
    finally:
        raw.close()
    assert by_end == by_triggers
