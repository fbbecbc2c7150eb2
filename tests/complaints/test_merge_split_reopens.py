"""A complaint answered "merged" whose merge is split again (two people merged by mistake):
the citizen must no longer read that their records were merged. The split reopens the
complaint on the laptop at once and owes central a reopening, sent at the next sync once;
central opens it again with a new 48 hours counted from the split, the province's counts
read it open (and not late), and the citizen's status page says it is being handled
again. Real SQLite files, a real central server process on 127.0.0.1."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import requests
from sqlalchemy import select

from central_server.complaints import store, tallies
from central_server.db.engine import make_engine
from central_server.vietnam_time import shown
from desktop_app.clock import utc_now
from desktop_app.db import complaint_store
from desktop_app.db.models import AuditEntry, Complaint, Person
from desktop_app.services import complaints
from desktop_app.services.audit import describe
from desktop_app.services.merges import unmerge_people
from desktop_app.wire import complaints as wire
from tests.cleaning.people import GOOD_ID, paper
from tests.sync.test_complaints_sync import api, file_on_central
from tests.wired import bearer

MERGED = "Đã gộp hai hồ sơ"  # the outcome's words on the status page
AGAIN = "phản ánh của bạn đang được xử lý lại từ"


def _status_page(wired, code: str) -> str:
    """The citizen's public status page for ``code``, as text."""
    base = wired.server.url.rsplit("/fhir", 1)[0]
    page = requests.get(f"{base}/complaints/status", params={"code": code}, timeout=30)
    assert page.status_code == 200, page.text
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))


def _two_of_her(wired):
    """Lan's record with her ID and dose 1, and a second one without it holding dose 2,
    both on the platform."""
    keep = paper(wired.db)
    fold = paper(wired.db, id_number="", dose_number="2", dose_date="07/10/2021",
                 address="12 Láng Hạ, Hà Nội")
    wired.sync()
    return keep, fold


def _central(wired):
    return make_engine(wired.server.database_url)


def _reopened_events(engine, code: str) -> list[str | None]:
    return [site for action, site, _label, _at in store.events(engine, code)
            if action == "reopened"]


def _site_counts(engine) -> tuple[int, int]:
    """The province's open and overdue counts for this site (``tallies.open_counts``)."""
    [row] = [c for c in tallies.open_counts(engine, utc_now()) if c.site_code == "HN-0001"]
    return row.open, row.overdue


def test_a_merge_split_again_no_longer_tells_the_citizen_the_records_were_merged(
        wired, boss):
    keep, fold = _two_of_her(wired)
    code = file_on_central(wired)["code"]
    wired.sync()
    complaints.resolve_merge(wired.db, code, keep, fold, actor=boss,
                             note="Đã gộp hai hồ sơ của chị.")
    assert wired.sync().complaints_sent == 1
    assert MERGED in _status_page(wired, code)

    split = unmerge_people(wired.db, fold, actor=boss, kept_id=keep)

    # At once on the laptop, before any sync: open again, the reopening owed to central,
    # its new 48 hours counted from the split; the citizen reads the old answer meanwhile.
    assert split.reopened == (code,)
    item = complaints.complaint(wired.db, code)
    assert item.is_open() and item.action is None and item.reopen_unsent
    assert item.reopening.withdrawn.action == wire.MERGE
    assert item.reopening.reason.startswith("Hai hồ sơ đã gộp khi trả lời phản ánh này")
    assert item.due_at == item.reopening.at + timedelta(hours=48)
    assert MERGED in _status_page(wired, code)
    with wired.db.reading() as s:  # audited on the complaint, with who split
        [(who, details)] = s.execute(select(AuditEntry.user_id, AuditEntry.details).where(
            AuditEntry.entity == "complaint", AuditEntry.action == "complaint",
            AuditEntry.details.like('%"reopen"%'))).all()
    assert who == boss.user_id
    assert describe("complaint", json.loads(details), "vi") == (
        f"Xử lý phản ánh {code}: Mở lại để xử lý lại “{item.reopening.reason}”")

    summary = wired.sync()
    assert (summary.complaints_sent, summary.conflicts) == (1, 0)  # the reopening, once

    with wired.db.reading() as s:
        assert s.get(Person, fold).merged_into is None  # apart again, on both sides
    item = complaints.complaint(wired.db, code)
    assert item.is_open() and not item.reopen_unsent and item.reopen_problem is None
    page = _status_page(wired, code)
    assert MERGED not in page, page[-300:]
    assert "Tình trạng Đang xử lý" in page and AGAIN in page
    engine = _central(wired)
    try:
        there = store.get(engine, code)
        assert (there.status, there.resolution, there.escalated) == (wire.OPEN, None, False)
        assert there.reopened_at == item.reopening.at == item.reopened_at
        assert f"Hạn giải quyết {shown(there.due_at)}" in page
        assert item.due_at == there.due_at == there.reopened_at + timedelta(hours=48)
        [said] = store.reopenings(engine, code)
        assert (said.site_code, said.reason, said.withdrawn.merged_id) == (
            "HN-0001", item.reopening.reason, fold)
        assert _reopened_events(engine, code) == ["HN-0001"]
        assert _site_counts(engine) == (1, 0)  # the province counts it open again

        assert wired.sync().complaints_sent == 0  # sent once: nothing owed any more
        assert _reopened_events(engine, code) == ["HN-0001"]

        # Open there as here: answered anew, taken (no 409), the reopening no longer said.
        complaints.resolve_reject(wired.db, code, "Hai hồ sơ là của hai người khác nhau.",
                                  actor=boss)
        assert wired.sync().complaints_sent == 1
        page = _status_page(wired, code)
        assert "Hai hồ sơ là của hai người khác nhau." in page and AGAIN not in page
        assert store.get(engine, code).status == wire.REJECTED
    finally:
        engine.dispose()


def test_an_overdue_complaint_reopened_has_48_hours_afresh_and_is_raised_no_more(
        wired, boss):
    """A call taken three days ago, answered late by the merge (raised to the province
    meanwhile): reopened, it is not overdue nor raised, there or here, until 48 hours
    after the split."""
    keep, fold = _two_of_her(wired)
    complaints.take_hotline(wired.db, wire.Submission(
        wire.DETAILS_HIDE_DOSES, GOOD_ID, "Phạm Thị Lan", date(1985, 3, 12),
        text="Gọi điện: hai hồ sơ."),
        actor=boss, now=utc_now() - timedelta(days=3))
    wired.sync()
    [item] = complaints.list_complaints(wired.db)
    code = item.code
    assert item.is_open() and item.raised(utc_now()) and item.overdue(utc_now())
    complaints.resolve_merge(wired.db, code, keep, fold, actor=boss)
    wired.sync()
    engine = _central(wired)
    try:
        assert store.get(engine, code).escalated  # raised before its late answer
        unmerge_people(wired.db, fold, actor=boss)
        assert not complaints.complaint(wired.db, code).raised(utc_now())
        wired.sync()

        item = complaints.complaint(wired.db, code)
        now = utc_now()
        assert item.is_open() and not item.overdue(now) and not item.raised(now)
        assert item.due_at > now + timedelta(hours=47)
        assert item.received_at < now - timedelta(days=2)  # the filing's time stays
        there = store.get(engine, code)
        assert not there.escalated and there.due_at == item.due_at
        assert _site_counts(engine) == (1, 0)
        assert store.listing(engine, utc_now(), overdue_only=True) == []
        assert store.escalate_overdue(engine, utc_now()) == 0
        page = _status_page(wired, code)
        assert AGAIN in page and "Đã quá hạn giải quyết" not in page
    finally:
        engine.dispose()


def test_an_answer_split_before_it_was_sent_is_taken_back_and_nothing_is_sent(wired, boss):
    """The merge and its split both made offline: central never had the answer, so there
    is nothing to reopen there; the complaint is open here, its 48 hours the filing's."""
    keep, fold = _two_of_her(wired)
    code = file_on_central(wired)["code"]
    wired.sync()
    complaints.resolve_merge(wired.db, code, keep, fold, actor=boss)
    unmerge_people(wired.db, fold, actor=boss)

    item = complaints.complaint(wired.db, code)
    assert item.is_open() and not item.answer_unsent() and not item.reopen_unsent
    assert item.due_at == item.received_at + timedelta(hours=48)
    assert wired.sync().complaints_sent == 0
    page = _status_page(wired, code)
    assert MERGED not in page and AGAIN not in page and "Đang xử lý" in page
    engine = _central(wired)
    try:
        assert store.get(engine, code).resolution is None
        assert store.reopenings(engine, code) == []
    finally:
        engine.dispose()


def test_an_answer_on_its_way_when_the_merge_is_split_is_reopened_once_taken(wired, boss):
    """The split lands while the sync is sending the merge's answer (read before the
    split, acknowledged after it): central holds the answer after all, so the
    acknowledgement owes the reopening, which the next round sends. The sync's own steps
    are played here in that order: its POST of the answer as read, the split, then the
    acknowledgement it keeps (``complaint_store.mark_sent``)."""
    keep, fold = _two_of_her(wired)
    code = file_on_central(wired)["code"]
    wired.sync()
    complaints.resolve_merge(wired.db, code, keep, fold, actor=boss)
    with wired.db.reading() as s:
        row = complaint_store.find(s, code)
        local_id, answer = row.local_id, complaint_store.resolution_of(row)
    taken = bearer(wired.token).post(f"{api(wired)}/complaints/{code}/resolution",
                                     json=answer.as_json(), timeout=30)
    assert taken.status_code == 200, taken.text

    unmerge_people(wired.db, fold, actor=boss)
    assert not complaints.complaint(wired.db, code).reopen_unsent  # not known sent yet
    with wired.db.transaction() as s:
        complaint_store.mark_sent(s, local_id, wire.complaint_from_json(taken.json()))

    item = complaints.complaint(wired.db, code)
    assert item.is_open() and item.reopen_unsent
    assert wired.sync().complaints_sent == 1
    assert AGAIN in _status_page(wired, code)
    with wired.db.reading() as s:
        assert s.scalar(select(Complaint.reopen_state).where(Complaint.code == code)) \
            == complaint_store.REOPEN_SENT


def test_a_complaint_reopened_then_handed_back_offline_goes_up_in_that_order(wired, boss):
    """Split, then found not this site's (handed back) before any sync: the platform is
    told of the reopening first, or it refused the hand-back of a complaint it still
    held answered."""
    keep, fold = _two_of_her(wired)
    code = file_on_central(wired)["code"]
    wired.sync()
    complaints.resolve_merge(wired.db, code, keep, fold, actor=boss)
    wired.sync()
    unmerge_people(wired.db, fold, actor=boss)
    complaints.hand_back(wired.db, code, "Người dân tiêm ở Đông Anh.", actor=boss)

    summary = wired.sync()
    assert (summary.complaints_sent, summary.conflicts) == (2, 0)
    item = complaints.complaint(wired.db, code)
    assert item.handed_back is not None and item.hand_back_problem is None
    engine = _central(wired)
    try:
        there = store.get(engine, code)
        assert (there.status, there.site_code, there.resolution) == (wire.OPEN, None, None)
    finally:
        engine.dispose()
