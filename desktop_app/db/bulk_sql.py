"""One chunk of a bulk import written in SQL, shared by the thread and the process writer.
Standard library only: the writer process loads this and nothing else of the app."""

from __future__ import annotations

import json
from typing import Any

PERSON_COLUMNS = ("id", "site_id", "full_name", "name_key", "dob", "sex", "id_type",
                  "id_number", "nationality", "phone", "address", "created_at", "updated_at",
                  "cleaning_reason")
DOSE_COLUMNS = ("id", "person_id", "site_id", "product_code", "lot_number", "dose_number",
                "dose_date", "source", "status", "facility_name", "entered_at", "updated_at")
PERSON_INSERT = (f"INSERT INTO person ({', '.join(PERSON_COLUMNS)}, identity_verified) "
                 f"VALUES ({', '.join('?' * len(PERSON_COLUMNS))}, 0)")
DOSE_INSERT = (f"INSERT INTO dose ({', '.join(DOSE_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(DOSE_COLUMNS))})")
OUTBOX_INSERT = ("INSERT INTO sync_record (entity, record_id, state, local_version,"
                 " synced_version, attempts, changed_at) VALUES (?, ?, 'pending', 1, 0, 0, ?)")
AUDIT_INSERT = ("INSERT INTO audit_entry (at, user_id, action, entity, entity_id, details)"
                " VALUES (?, ?, ?, ?, ?, ?)")
COUNTER_TRIGGER = "sync_counter_insert"
# A correction bumps the person's outbox row as store._mark_changed does: a new local
# version, pending again unless in conflict (a person must resolve that first).
OUTBOX_BUMP = ("UPDATE sync_record SET local_version = local_version + 1, changed_at = ?,"
               " state = CASE state WHEN 'conflict' THEN 'conflict' ELSE 'pending' END"
               " WHERE entity = 'person' AND record_id = ?")
CORRECTABLE_COLUMNS = frozenset({"dob", "sex", "id_type", "id_number", "phone", "address"})
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
                audit: dict[str, Any] | None, corrections: list[tuple] = ()) -> None:
    """People, doses, their outbox rows, the corrections of people already recorded and
    the audit entry, inside the caller's transaction.

    The outbox counter's insert trigger would run an UPDATE for each of a million outbox
    rows (a tenth of the import's time); the chunk instead sets it aside, adds its count in
    one UPDATE and puts it back, all in the same transaction. No other connection can see
    the table without its trigger: they see the schema before or after the commit."""
    if people:
        conn.executemany(PERSON_INSERT, people)
    if doses:
        conn.executemany(DOSE_INSERT, doses)
    outbox = [("person", p[0], now) for p in people]
    outbox += [("dose", d[0], now) for d in doses]
    if outbox:
        trigger = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'"
                               " AND name = ?", (COUNTER_TRIGGER,)).fetchone()
        if trigger is not None:
            conn.execute(f"DROP TRIGGER {COUNTER_TRIGGER}")
        conn.executemany(OUTBOX_INSERT, outbox)
        if trigger is not None:
            conn.execute("UPDATE sync_counter SET n = n + ? WHERE state = 'pending'",
                         (len(outbox),))
            conn.execute(trigger[0])
    for pid, sets, cleaning_reason, details, user_id in corrections:
        _correct(conn, now, pid, sets, cleaning_reason, details, user_id)
    if audit is not None:
        conn.execute(AUDIT_INSERT, (now, audit.get("user_id"), audit["action"], audit["entity"],
                                    audit["entity_id"],
                                    json.dumps(audit["details"], ensure_ascii=False)))


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
