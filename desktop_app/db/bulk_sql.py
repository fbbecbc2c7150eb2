"""One chunk of a bulk import written in SQL, shared by the thread and the process writer.
Standard library only: the writer process loads this and nothing else of the app."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

PERSON_COLUMNS = ("id", "site_id", "full_name", "name_key", "dob", "sex", "id_type",
                  "id_number", "nationality", "phone", "address", "created_at", "updated_at",
                  "old_id_number", "cleaning_reason")  # the reason last: a person's flags
DOSE_COLUMNS = ("id", "person_id", "site_id", "product_code", "lot_number", "dose_number",
                "dose_date", "source", "status", "facility_name", "entered_at", "updated_at")
PERSON_INSERT = (f"INSERT INTO person ({', '.join(PERSON_COLUMNS)}, identity_verified) "
                 f"VALUES ({', '.join('?' * len(PERSON_COLUMNS))}, 0)")
DOSE_INSERT = (f"INSERT INTO dose ({', '.join(DOSE_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(DOSE_COLUMNS))})")


def batch_inserts(batch: int | None) -> tuple[str, str]:
    """PERSON_INSERT and DOSE_INSERT writing the import's batch id (migration 0019) into
    every row: a constant of the statement, so a row's tuple carries no more than before.

    >>> batch_inserts(7)[1].endswith("?, ?, 7)")
    True
    """
    if batch is None:
        return PERSON_INSERT, DOSE_INSERT
    return _tagged(PERSON_INSERT, int(batch)), _tagged(DOSE_INSERT, int(batch))


def _tagged(insert: str, batch: int) -> str:
    """``insert`` with one more column, import_batch_id, always ``batch`` (an int: safe as
    a literal)."""
    columns, values = insert.removesuffix(")").split(") VALUES (")
    return f"{columns}, import_batch_id) VALUES ({values}, {batch})"


OUTBOX_INSERT = ("INSERT INTO sync_record (entity, record_id, state, local_version,"
                 " synced_version, attempts, changed_at) VALUES (?, ?, 'pending', 1, 0, 0, ?)")
# A chunk's outbox rows, one statement per table: its rows are those above the largest rowid
# before its insert (the transaction holds the write lock), read back in insert order. Bound
# row by row from Python (executemany) the outbox cost as much as the doses themselves.
OUTBOX_FROM = ("INSERT INTO sync_record (entity, record_id, state, local_version,"
               " synced_version, attempts, changed_at)"
               " SELECT '{table}', id, 'pending', 1, 0, 0, ? FROM {table} WHERE rowid > ?")
LAST_ROWID = "SELECT coalesce(max(rowid), 0) FROM {table}"
AUDIT_INSERT = ("INSERT INTO audit_entry (at, user_id, action, entity, entity_id, details)"
                " VALUES (?, ?, ?, ?, ?, ?)")


def stored_time(at: datetime) -> str:
    """``at`` (naive or aware UTC) as SQLAlchemy's DateTime stores it in SQLite, for the
    rows written here by bound SQL: read back by the ORM as the same naive UTC instant,
    and sorted with the rows the ORM wrote.

    >>> stored_time(datetime(2026, 12, 5, 1, 2, 3, 45))
    '2026-12-05 01:02:03.000045'
    """
    return at.strftime("%Y-%m-%d %H:%M:%S.%f")


COUNTER_TRIGGER = "sync_counter_insert"
# A person's last dose (migration 0014): the chunk recomputes its people once instead of
# its insert trigger updating a person row, and its name-index entry, for every dose.
# tests/db/test_person_last_dose.py holds these equal to the migration's.
LAST_DOSE_TRIGGER = "person_last_dose_insert"
LAST_DOSE_RECOMPUTE = """
    UPDATE person SET (last_dose_number, last_dose_date, last_product_code) = (
        SELECT d.dose_number, d.dose_date, d.product_code FROM dose d
        WHERE d.person_id = person.id AND d.status = 'active'
        ORDER BY d.dose_date DESC, d.dose_number DESC LIMIT 1)
    WHERE id IN ({ids})"""
# A person's name words and their counts (migration 0017): the chunk adds its people's in
# two statements, in key order, instead of the insert trigger's four statements per person
# (it nearly tripled the cost of inserting people). tests/db/test_name_words.py holds the
# outcome equal to the triggers'.
NAME_WORD_TRIGGER = "person_name_word_insert"
# A person's name key split into its words (w.key: the word's place, w.value: the word).
_SPLIT_NAME = "json_each('[\"' || replace(p.name_key, ' ', '\",\"') || '\"]') AS w"
_CHUNK_WORDS = (f" FROM person p, {_SPLIT_NAME} WHERE p.id IN (SELECT value FROM json_each(?))"
                " AND w.value <> '' AND p.merged_into IS NULL")
# Rank 0 for a name's last word (the given name): its index in the split is the number of
# spaces, as the triggers' json_array_length - 1 but without parsing the array again.
_WORD_COLUMNS = (
    "INSERT OR IGNORE INTO person_name_word (word, rank, name_key, dob, person_id)"
    " SELECT w.value, CASE WHEN w.key = length(p.name_key) - length(replace(p.name_key, ' ',"
    " '')) THEN 0 ELSE 1 END, p.name_key, coalesce(p.dob, ''), p.id")
NAME_WORDS_ADD = _WORD_COLUMNS + _CHUNK_WORDS + " ORDER BY 1, 2, 3, 4, 5"
NAME_WORD_COUNTS_ADD = (
    "INSERT INTO person_name_word_count (word, n) SELECT w.value, count(DISTINCT p.id)"
    + _CHUNK_WORDS + " GROUP BY w.value ON CONFLICT (word) DO UPDATE SET n = n + excluded.n")
# A big import (the writer process) leaves even that to its end: a chunk's words went into
# a tree of millions of random keys, each a page that had fallen out of the cache (and an AES
# decrypt): 40 % of the writer's time at 1,000,000 people. It notes instead the lowest
# person id it wrote (ids are time-ordered: the import's people are those from it on) in the
# chunk's transaction, and the end adds all their words and counts every word again. A
# writer killed before its end leaves the note behind; open_database
# (database.restore_indexes) finishes the job.
NAME_WORDS_PENDING = "bulk_name_words_from"  # setting key: JSON string, a person id
_NOTE_PENDING = (
    "INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE"
    " SET value = excluded.value WHERE excluded.value < setting.value")
# The end's words come in the name index's order (name_key, dob, id; both callers build the
# set-aside indexes first), not sorted into the word table's: each word's rows then arrive
# in key order at two places (rank 1, rank 0), a few thousand leaf pages that stay in the
# cache. Sorting 1.5 million rows of five columns, most sharing their first (thi, van,
# nguyen), took twice as long as all the rest (4.0 s against 1.8 s at 494,043 people).
NAME_WORDS_FROM = (
    f"{_WORD_COLUMNS} FROM person p INDEXED BY ix_person_name_key, {_SPLIT_NAME}"
    " WHERE p.merged_into IS NULL AND p.id >= ? AND w.value <> ''"
    " ORDER BY p.name_key, p.dob, p.id")
# Counted again whole, as migration 0017 does: exact even when the desk renamed or merged one
# of the import's people (its triggers counted words those people did not have yet). A
# person's rows all carry their one name key and birth date, and differ only where a word
# is both a given name (rank 0) and another part (rank 1), as in "an van an": so a word's
# people are its rows less those rank-0 rows with a rank-1 twin, found by one primary-key
# probe each. count(DISTINCT person_id) built a set per word: 1.2 s against 0.55 s.
NAME_WORD_COUNTS_ALL = (
    "INSERT INTO person_name_word_count (word, n) SELECT word, count(*) - sum(rank = 0 AND"
    " EXISTS (SELECT 1 FROM person_name_word twin WHERE twin.word = w.word AND twin.rank = 1"
    " AND twin.name_key = w.name_key AND twin.dob = w.dob AND twin.person_id = w.person_id))"
    " FROM person_name_word w GROUP BY word")
# The report tallies (migration 0013): a dose's insert trigger and its outbox row's each
# looked a row up and upserted a tally, per row (a dose cost ~3x its insert). The chunk sets
# both aside and adds its doses in one grouped upsert each, the migration's FILL restricted
# to the chunk; tests/db/test_bulk_report_tallies.py holds the outcome equal to the triggers'.
REPORT_TRIGGERS = ("report_dose_insert", "report_sync_insert")
# A big import (the writer process) holds its doses' tallies in a table of its connection's
# own (in memory: temp_store=MEMORY) and adds them to report_dose_day once, at its end: a
# chunk's doses fall on every day of the campaign, so adding each chunk's rewrote most of
# the table's pages, 30 % of all the import wrote. Exact because a tally is a sum of signed
# terms (migration 0018): a dose the desk voids meanwhile leaves its tally at once and enters
# it at the end. Readers see the import's doses in the reports from its end. A writer killed
# before its end leaves the note behind, and the held terms are lost with its connection:
# open_database (database.restore_indexes) counts the tallies again from the doses.
TALLIES_PENDING = "bulk_report_tallies"  # setting key: the note's value is not read
_HELD_NAME = "bulk_dose_day"
HELD_TALLIES = f"temp.{_HELD_NAME}"
_HOLD_TALLIES = (f"CREATE TABLE IF NOT EXISTS {HELD_TALLIES} (dose_date, product_code,"
                 " dose_number, age, n, PRIMARY KEY (dose_date, product_code, dose_number, age))")
_ADD_HELD_TALLIES = ("INSERT INTO report_dose_day (dose_date, product_code, dose_number, age, n)"
                     f" SELECT * FROM {HELD_TALLIES} WHERE true"
                     " ON CONFLICT DO UPDATE SET n = n + excluded.n")
_AGE = ("COALESCE(CAST(substr(d.dose_date, 1, 4) AS INTEGER) - CAST(substr(p.dob, 1, 4) AS"
        " INTEGER) - (substr(d.dose_date, 6, 5) < substr(p.dob, 6, 5)), -1)")
# The chunk's doses by rowid: those above the largest before its insert (the transaction
# holds the write lock, so no other rows come between). A range of the table's last pages,
# where a list of ids cost a JSON parse and two B-tree probes a dose (half the statement).
_CHUNK_DOSES = " AND d.rowid > ? GROUP BY "
_DOSES_INTO = (
    "INSERT INTO {table} (dose_date, product_code, dose_number, age, n)"
    f" SELECT d.dose_date, d.product_code, d.dose_number, {_AGE}, count(*)"
    " FROM dose d LEFT JOIN person p ON p.id = d.person_id WHERE d.status = 'active'"
    + _CHUNK_DOSES + "1, 2, 3, 4 ON CONFLICT DO UPDATE SET n = n + excluded.n")
REPORT_DOSES_ADD = _DOSES_INTO.format(table="report_dose_day")
REPORT_DOSES_HOLD = _DOSES_INTO.format(table=HELD_TALLIES)
# The chunk's outbox rows are all new, so pending: its active doses counted by day from the
# tuples themselves (joining each back to its outbox row was 4 % of the writer's time).
REPORT_SYNC_ADD = ("INSERT INTO report_sync_day (dose_date, state, n) VALUES (?, 'pending', ?)"
                   " ON CONFLICT DO UPDATE SET n = n + excluded.n")
# A correction bumps the person's outbox row as store._mark_changed does: a new local
# version, pending again unless in conflict (a person must resolve that first) or on the
# wire (its answer makes it pending).
OUTBOX_BUMP = ("UPDATE sync_record SET local_version = local_version + 1, changed_at = ?,"
               " state = CASE WHEN state IN ('conflict', 'sending') THEN state"
               " ELSE 'pending' END WHERE entity = 'person' AND record_id = ?")
# The old number goes with an ID a correction turns from a CMND to a CCCD (the CMND kept,
# ``card_check.cccd_replacing``).
CORRECTABLE_COLUMNS = frozenset({"dob", "sex", "id_type", "id_number", "phone", "address",
                                 "old_id_number"})
# A correction of what a certificate prints revokes the person's certificates, as
# store.update_person does (rules/certificates.PRINTED_PERSON_FIELDS and the wire reason
# person_corrected; tests/importers/test_corrected_files.py holds them equal: this module
# imports nothing of the app).
PRINTED_COLUMNS = frozenset({"full_name", "dob", "sex", "id_type", "id_number", "nationality"})
REVOKED_REASON = "person_corrected"
UNREVOKED = "SELECT uvci FROM certificate_issue WHERE person_id = ? AND revoked_at IS NULL"
REVOKE = ("UPDATE certificate_issue SET revoked_at = ?, revoke_reason = ?"
          " WHERE person_id = ? AND revoked_at IS NULL")


def write_chunk(conn: Any, now: str, people: list[tuple], doses: list[tuple],
                audit: dict[str, Any] | list[dict[str, Any]] | None,
                corrections: list[tuple] = (), *,
                deferred: bool = False, batch: int | None = None) -> None:
    """People, doses, their outbox rows, the corrections of people already recorded and
    the audit entry (or entries, in order: a paper form's person and dose), inside the
    caller's transaction; the people and doses tagged with the
    import's ``batch`` (``batch_inserts``). With ``deferred`` the people's name
    words wait for ``add_deferred_name_words`` (see NAME_WORDS_PENDING) and the doses'
    report tallies for ``add_deferred_tallies`` (TALLIES_PENDING), on this connection.

    The outbox counter's insert trigger would run an UPDATE for each of a million outbox
    rows (a tenth of the import's time); the chunk instead sets it aside, adds its count in
    one UPDATE and puts it back, all in the same transaction, and does the same with the
    person's last-dose trigger. No other connection can see a table without its trigger:
    they see the schema before or after the commit."""
    people_before = conn.execute(LAST_ROWID.format(table="person")).fetchone()[0]
    person_insert, dose_insert = batch_inserts(batch)
    if people:
        with _set_aside(conn, NAME_WORD_TRIGGER) as present:
            conn.executemany(person_insert, people)
            if present and deferred:
                conn.execute(_NOTE_PENDING, (NAME_WORDS_PENDING,
                                             json.dumps(min(p[0] for p in people))))
            elif present:
                ids = json.dumps([p[0] for p in people])
                conn.execute(NAME_WORDS_ADD, (ids,))
                conn.execute(NAME_WORD_COUNTS_ADD, (ids,))
    with _set_aside(conn, REPORT_TRIGGERS[0]) as tallied, \
            _set_aside(conn, REPORT_TRIGGERS[1]) as tallied_sync:
        last_before = conn.execute(LAST_ROWID.format(table="dose")).fetchone()[0]
        _write_doses(conn, dose_insert, doses)
        write_outbox(conn, now, len(people), people_before, len(doses), last_before)
        if doses and tallied and deferred:
            conn.execute(_HOLD_TALLIES)
            conn.execute(REPORT_DOSES_HOLD, (last_before,))
            conn.execute(_NOTE_PENDING, (TALLIES_PENDING, "1"))
        elif doses and tallied:
            conn.execute(REPORT_DOSES_ADD, (last_before,))
        if doses and tallied_sync:
            status, day = DOSE_COLUMNS.index("status"), DOSE_COLUMNS.index("dose_date")
            conn.executemany(REPORT_SYNC_ADD, Counter(
                d[day] for d in doses if d[status] == "active").items())
    write_corrections(conn, now, corrections, batch)
    for entry in [audit] if isinstance(audit, dict) else audit or ():
        conn.execute(AUDIT_INSERT, (now, entry.get("user_id"), entry["action"], entry["entity"],
                                    entry["entity_id"],
                                    json.dumps(entry["details"], ensure_ascii=False)))


def add_deferred_name_words(conn: Any, *, counts: bool = True) -> bool:
    """The name words and counts a big import left for its end (NAME_WORDS_PENDING), in the
    caller's transaction; False when none are pending (one look at the setting table).
    ``counts`` False: the words only, the note kept for a second call (in a transaction
    of its own) to count them: each holds the write lock half as long. Between the two, a
    person added by the desk is counted by the triggers and again by the recount, which
    starts from nothing."""
    note = _note(conn, NAME_WORDS_PENDING)
    if note is None:
        return False
    first = json.loads(note)
    if first is not None:  # null: a words-only call added them (a crash may follow it)
        conn.execute(NAME_WORDS_FROM, (first,))
    if not counts:  # the note stays, saying the words are in and the counts due
        conn.execute("UPDATE setting SET value = 'null' WHERE key = ?", (NAME_WORDS_PENDING,))
        return True
    _take_note(conn, NAME_WORDS_PENDING)
    conn.execute("DELETE FROM person_name_word_count")
    conn.execute(NAME_WORD_COUNTS_ALL)
    return True


def add_deferred_tallies(conn: Any) -> bool:
    """The report tallies a big import left for its end (TALLIES_PENDING), in the caller's
    transaction: on the writer's own connection, the terms it holds; on any other (the
    writer was killed), every tally counted again from the doses (~3 s at 1,000,000).
    False when none are pending (one look at the setting table)."""
    pending = _take_note(conn, TALLIES_PENDING) is not None
    held = conn.execute("SELECT 1 FROM temp.sqlite_master WHERE name = ?",
                        (_HELD_NAME,)).fetchone() is not None
    if pending and held:
        conn.execute(_ADD_HELD_TALLIES)
    elif pending:
        conn.execute("DELETE FROM report_dose_day")
        conn.execute(REPORT_DOSES_ADD, (0,))
    if held:  # never carried into this connection's next import
        conn.execute(f"DROP TABLE {HELD_TALLIES}")
    return pending


def _note(conn: Any, key: str) -> str | None:
    """A note a big import left for its end (``_NOTE_PENDING``); None if none."""
    row = conn.execute("SELECT value FROM setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else row[0]


def _take_note(conn: Any, key: str) -> str | None:
    """``_note``, removed."""
    value = _note(conn, key)
    if value is not None:
        conn.execute("DELETE FROM setting WHERE key = ?", (key,))
    return value


def _write_doses(conn: Any, insert: str, doses: list[tuple]) -> None:
    """The doses, the last-dose trigger aside."""
    if doses:
        with _set_aside(conn, LAST_DOSE_TRIGGER) as present:
            conn.executemany(insert, doses)
            if present:
                status = DOSE_COLUMNS.index("status")
                person = DOSE_COLUMNS.index("person_id")
                ids = sorted({d[person] for d in doses if d[status] == "active"})
                conn.execute(LAST_DOSE_RECOMPUTE.format(ids="SELECT value FROM json_each(?)"),
                             (json.dumps(ids),))


def write_outbox(conn: Any, now: str, people: int, people_before: int, doses: int,
                  doses_before: int) -> None:
    """The chunk's outbox rows, its people's then its doses', the counter trigger aside
    (``*_before``: each table's largest rowid before the chunk; bench_backfill's write
    floor adds them through here too)."""
    if people or doses:
        with _set_aside(conn, COUNTER_TRIGGER) as present:
            for table, count, before in (("person", people, people_before),
                                         ("dose", doses, doses_before)):
                if count:
                    conn.execute(OUTBOX_FROM.format(table=table), (now, before))
            if present:
                conn.execute("UPDATE sync_counter SET n = n + ? WHERE state = 'pending'",
                             (people + doses,))


@contextmanager
def _set_aside(conn: Any, trigger: str) -> Iterator[bool]:
    """The trigger dropped for the block and created again after it (True if it exists)."""
    row = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                       (trigger,)).fetchone()
    if row is not None:
        conn.execute(f"DROP TRIGGER {trigger}")
    yield row is not None
    if row is not None:
        conn.execute(row[0])


# The key of a correction's audit details naming the import that made it: how an undo of
# the import finds its corrections to take back (services/import_undo_corrections.py).
IMPORT_KEY = "import"


def write_corrections(conn: Any, now: str, corrections: list[tuple],
                      batch: int | None = None) -> None:
    """Corrections of people already recorded (``backfill_batch.correction`` makes each),
    inside the caller's transaction; each audit entry names the import ``batch``."""
    for pid, sets, cleaning_reason, details, user_id, case in corrections:
        if batch is not None:
            details = json.dumps({**json.loads(details), IMPORT_KEY: int(batch)},
                                 ensure_ascii=False)
        _correct(conn, now, pid, sets, cleaning_reason, details, user_id)
        if case is not None:
            _follow_up(conn, now, pid, case, user_id)


def _correct(conn: Any, now: str, pid: str, sets: dict[str, Any], cleaning_reason: str | None,
             details: str, user_id: str | None) -> None:
    """One corrected person, as ``store.update_person`` writes it: the fields, an "update"
    audit entry with each field's [old, new], and the outbox bumped (the counter triggers
    are in place here: a synced person becoming pending is counted by them)."""
    columns = [c for c in sets if c in CORRECTABLE_COLUMNS]  # names from a fixed set only
    assigned = "".join(f"{c} = ?, " for c in columns)
    conn.execute(f"UPDATE person SET {assigned}cleaning_reason = ?, updated_at = ? WHERE id = ?",
                 (*(sets[c] for c in columns), cleaning_reason, now, pid))
    conn.execute(AUDIT_INSERT, (now, user_id, "update", "person", pid, details))
    if conn.execute(OUTBOX_BUMP, (now, pid)).rowcount == 0:
        conn.execute(OUTBOX_INSERT, ("person", pid, now))
    if PRINTED_COLUMNS.intersection(columns):
        uvcis = [row[0] for row in conn.execute(UNREVOKED, (pid,))]
        if uvcis:
            conn.execute(REVOKE, (now, REVOKED_REASON, pid))
            conn.execute(AUDIT_INSERT, (now, user_id, "revoke", "person", pid, json.dumps(
                {"uvcis": uvcis, "reason": REVOKED_REASON}, ensure_ascii=False)))


# A case moved as ``cleaning_store.move`` moves it, if it is still as the correction's
# ``follow_up`` read it; a case opened only if the person still has none.
CASE_MOVE = ("UPDATE cleaning_case SET status = ?, status_at = ?, status_by = ?"
             " WHERE person_id = ? AND status = ? AND register_verdict IS ?")
CASE_OPEN = ("INSERT INTO cleaning_case (person_id, status, status_at, status_by)"
             " SELECT ?, ?, ?, ? WHERE NOT EXISTS"
             " (SELECT 1 FROM cleaning_case WHERE person_id = ?)")
VERDICT_STALE = ("UPDATE cleaning_case SET register_verdict = NULL, register_fields = NULL"
                 " WHERE person_id = ? AND register_verdict IS ?")


def _follow_up(conn: Any, now: str, pid: str, case: tuple, user_id: str | None) -> None:
    """The corrected person's case, as ``cleaning_store.after_correction`` leaves it at the
    desk (``cleaning_store.follow_up`` decided how, by the same rule): moved, audited as a
    "cleaning" entry naming who and why, and the register's verdict made stale."""
    status, verdict, target, stale, why = case
    if target is not None:
        if status is None:
            moved = conn.execute(CASE_OPEN, (pid, target, now, user_id, pid)).rowcount
        else:
            moved = conn.execute(CASE_MOVE, (target, now, user_id, pid, status, verdict)).rowcount
        if moved:
            conn.execute(AUDIT_INSERT, (now, user_id, "cleaning", "person", pid, json.dumps(
                {"status": [status or "to_check", target], "why": why}, ensure_ascii=False)))
    if stale:
        conn.execute(VERDICT_STALE, (pid, verdict))
