"""One account's page of the audit trail is read through its own index (migration 0029):
with only the primary key, SQLite walked the trail back from the newest entry, everyone's,
until it had a page of that account's."""

from __future__ import annotations

from sqlalchemy import event

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.services.audit_trail import trail_page


def test_one_accounts_page_is_read_by_its_index(db):
    boss = db.supervisor
    with db.transaction() as s:
        for i in range(30):
            s.add(store.audit_entry("export", "file", f"tep-{i}.csv", {"rows": i}, utc_now(),
                                    boss.user_id if i % 10 == 0 else None))
    asked: list[tuple[str, tuple]] = []

    def seen(_conn, _cursor, statement, parameters, _context, _many):  # noqa: ANN001
        if "FROM audit_entry" in statement:
            asked.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        page = trail_page(db, "vi", actor=boss, user_id=boss.user_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)
    assert len(page.entries) >= 3  # its three exports (and the trail's own reading of it)
    statement, parameters = asked[0]
    with db.engine.connect() as conn:
        plan = " ".join(str(row[-1]) for row in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, parameters))
    assert "ix_audit_user" in plan, plan
