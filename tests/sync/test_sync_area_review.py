"""Review 32f of the Sync area as a site manager watches it (real database, real widgets, a
real central server process)."""

from __future__ import annotations

import re

from sqlalchemy import text as sql

from desktop_app.clock import utc_now
from desktop_app.db import store
from desktop_app.db.models import Person
from tests.sync.helpers import central_edit, make_people
from tests.ui.desk_helpers import open_area

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _flip_sex(db, person_id):
    """A local correction the platform refuses (the CCCD's sex digit disagrees)."""
    with db.transaction() as s:
        person = s.get(Person, person_id)
        store.update_person(s, person, {"sex": "F" if person.sex == "M" else "M"},
                            now=utc_now())


def _conflict(wired, person_id):
    """Edited on the platform and on this laptop since the last round."""
    central_edit(wired, person_id, full_name="Trần Thị Bích")
    with wired.db.transaction() as s:
        store.update_person(s, s.get(Person, person_id), {"phone": "0911000111"},
                            now=utc_now())


def _one_conflict_listed(qtbot, wired):
    """Two people sent; the platform's copy of the second changed by central staff while
    this laptop changed it too; the Sync area open after a round, listing that conflict."""
    ids = make_people(wired.db, 2, doses_each=1)
    wired.sync()
    _conflict(wired, ids[1])
    ctx, window, screen = open_area(qtbot, wired.db, "sync", "vi")
    _sync(qtbot, window, screen)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1)
    return ctx, window, screen


def _sync(qtbot, window, screen):
    with qtbot.waitSignal(window.sync.finished, timeout=30_000):
        screen.sync_button.click()


def test_a_conflicts_reason_names_no_uuid_and_says_what_to_do(qtbot, wired):
    """The reason shown for a conflict is the platform's VERSION_CONFLICT sentence, which
    carries "Patient/<uuid>" and version numbers, and says nothing of what to do."""
    ctx, window, screen = _one_conflict_listed(qtbot, wired)
    assert screen.issues[0].state == "conflict"
    reason = screen.table.item(0, 2).text()
    ctx.runner.wait_idle()
    assert not UUID.search(reason), reason
    assert "Patient/" not in reason, reason
    assert "chọn" in reason, reason  # "hãy chọn bản đúng": which version to keep


def test_the_status_bar_counts_conflicts(qtbot, wired):
    """The status bar every screen shares counts waiting and rejected records, never the
    conflicts, which also wait for a supervisor and never reach central until settled."""
    ctx, window, screen = _one_conflict_listed(qtbot, wired)
    qtbot.wait(200)
    ctx.runner.wait_idle()
    status = window.status
    shown = " | ".join(w.text() for w in status.findChildren(type(status.pending_label))
                       if w.isVisible())
    assert "xung đột: 1" in shown.lower(), shown


def test_the_rounds_result_counts_the_rejected_records_the_list_shows(qtbot, wired):
    """"Đồng bộ xong: … 0 bị từ chối, 1 xung đột": the rejected figure is this round's new
    refusals only, while the conflicts figure (beside it) and the status bar are the
    outbox's totals. A record refused yesterday and not fixed reads as "0 bị từ chối"
    right above the list that shows it."""
    ids = make_people(wired.db, 2, doses_each=1)
    wired.sync()
    _flip_sex(wired.db, ids[0])
    ctx, window, screen = open_area(qtbot, wired.db, "sync", "vi")
    _sync(qtbot, window, screen)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1)
    _sync(qtbot, window, screen)  # the next round: nothing new refused, the record still is
    qtbot.waitUntil(lambda: window.status.rejected_label.text() == "Bị từ chối: 1")
    ctx.runner.wait_idle()
    assert screen.table.rowCount() == 1
    assert "1 bị từ chối" in screen.result_label.text(), screen.result_label.text()


def test_the_list_of_records_that_need_a_person_is_not_cut_silently(qtbot, wired):
    """``sync_issues`` reads at most 500 rows: with 520 rejected (a rule the platform
    added refuses a whole backfill), the status bar says 520 and the list shows 500, with
    nothing saying that 20 more exist or how to reach them."""
    make_people(wired.db, 260, doses_each=1)
    with wired.db.transaction() as s:  # as the push records a refusal (outbox.record)
        s.execute(sql("UPDATE sync_record SET state = 'rejected', last_error = :e"),
                  {"e": '[{"code": "invalid", "type": "invalid", "vi": "", "en": ""}]'})
    ctx, window, screen = open_area(qtbot, wired.db, "sync", "vi")
    qtbot.waitUntil(lambda: window.status.rejected_label.text() == "Bị từ chối: 520")
    qtbot.waitUntil(lambda: screen.table.rowCount() > 0, timeout=30_000)  # 520 read under load
    ctx.runner.wait_idle()
    said = screen.table.rowCount() == 520 or any(
        "520" in w.text() for w in screen.findChildren(type(screen.result_label)))
    assert said, f"{screen.table.rowCount()} rows, and no word of the other 20"


def test_doses_held_back_by_a_refused_person_are_explained(qtbot, wired):
    """A new person refused by the platform holds back his doses: every round ends "2 còn
    chờ" and the status bar says "Chờ đồng bộ: 2" for ever, while the only row listed is
    the person's, whose reason says nothing of the doses waiting on it."""
    ids = make_people(wired.db, 2, doses_each=2)
    _flip_sex(wired.db, ids[0])
    ctx, window, screen = open_area(qtbot, wired.db, "sync", "vi")
    _sync(qtbot, window, screen)
    qtbot.waitUntil(lambda: screen.table.rowCount() == 1)
    _sync(qtbot, window, screen)
    qtbot.waitUntil(lambda: window.status.pending_label.text() == "Chờ đồng bộ: 2")
    ctx.runner.wait_idle()
    said = screen.result_label.text() + " " + " ".join(
        screen.table.item(0, c).text() for c in range(4))
    assert "2 còn chờ" in said
    assert "mũi" in said, said  # the two doses, and that they wait for this person


def test_a_stopped_round_says_the_records_stay_queued(qtbot, wired):
    """Stop reads "Đã dừng đồng bộ." alone; every other way a round stops says the records
    stay queued for the next sync (SYNC_STILL_QUEUED): a manager who stopped a long push
    is not told that nothing was lost."""
    make_people(wired.db, 30, doses_each=2)
    ctx, window, screen = open_area(qtbot, wired.db, "sync", "vi")
    qtbot.waitUntil(lambda: screen.server.text() == wired.server.url)
    with qtbot.waitSignal(window.sync.failed, timeout=30_000) as stopped:
        screen.sync_button.click()
        screen.stop_button.click()
    ctx.runner.wait_idle()
    assert stopped.args[0] == screen.result_label.text()
    assert "chờ" in screen.result_label.text(), screen.result_label.text()
