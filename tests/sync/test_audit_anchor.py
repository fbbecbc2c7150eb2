"""The audit trail's head anchored at a real central server at each round, and a history
rewritten with its whole chain recomputed (which the laptop's own check cannot tell) found
there and shown to the province (``vaxdesk-central audit-alarms``, the dashboard); so is an
entry between two anchors edited, or deleted, without recomputing any hash (a segment)."""

from __future__ import annotations

import json

import pytest
import requests
import sqlalchemy

from desktop_app import settings
from desktop_app.db.audit_chain import entry_hash
from desktop_app.services import audit
from desktop_app.sync import audit_anchor
from desktop_app.sync.client import SyncClient
from desktop_app.wire.audit_anchor import MAX_CHECKS, MAX_SEGMENTS, PATH, answer_from_json
from tests.central.dashboard_world import PASSWORD, root, staff_session, table_rows
from tests.keys import raw_connect
from tests.sync.helpers import make_people


def _anchored(wired) -> list[tuple[int, str]]:
    engine = sqlalchemy.create_engine(wired.server.database_url)
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT entry_id, hash FROM audit_anchor "
                                    "ORDER BY entry_id").all()
    engine.dispose()
    return [tuple(r) for r in rows]


def _alarms(wired) -> list[str]:
    printed = wired.server.cli("audit-alarms", "--site", "HN-0001")
    return printed.splitlines() if printed else []


def _chain(db) -> dict[int, str]:
    with raw_connect(db.path) as conn:
        return dict(conn.execute("SELECT id, hash FROM audit_entry").fetchall())


def _asked(db) -> list[int]:
    with db.reading() as s:
        return settings.read(s, settings.AUDIT_ANCHOR_CHECKS)


def _segments_asked(db) -> list[dict]:
    with db.reading() as s:
        return settings.read(s, settings.AUDIT_ANCHOR_SEGMENTS)


def _dashboard_alarm_rows(wired, monkeypatch) -> list[list]:
    """The dashboard's alarm table, as the province's staff download it."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    wired.server.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    answer = staff_session(wired.server, "tinh01").get(
        f"{root(wired.server)}/dashboard", params={"format": "xlsx", "table": "audit_alarms"})
    return table_rows(answer.content)


def rewrite(db, entry_id: int, details: str) -> None:
    """What someone with the passphrase and an SQLite shell could do: change an entry, then
    recompute every hash from it on and the head, as the chain's trigger would have."""
    conn = raw_connect(db.path)
    conn.execute("UPDATE audit_entry SET details = ? WHERE id = ?", (details, entry_id))
    prev = conn.execute("SELECT hash FROM audit_entry WHERE id < ? ORDER BY id DESC LIMIT 1",
                        (entry_id,)).fetchone()
    prev = prev[0] if prev else ""
    rows = conn.execute("SELECT id, at, user_id, action, entity, entity_id, details "
                        "FROM audit_entry WHERE id >= ? ORDER BY id", (entry_id,)).fetchall()
    for id_, *content in rows:
        new = entry_hash(prev, *content)
        conn.execute("UPDATE audit_entry SET prev_hash = ?, hash = ? WHERE id = ?",
                     (prev, new, id_))
        prev = new
    conn.execute("UPDATE audit_head SET hash = ? WHERE id = 1", (prev,))
    conn.commit()
    conn.close()
    assert audit.verify_audit(db).intact  # the laptop alone cannot tell


def test_each_round_anchors_the_head_of_the_audit_trail(wired):
    first = wired.sync()
    assert first.audit_anchor is True and first.skipped == []
    chain = _chain(wired.db)
    # The round is audited after it ends: the anchor is the entry before that one.
    head = max(chain) - 1
    assert _anchored(wired) == [(head, chain[head])]
    assert _asked(wired.db) == [head]
    make_people(wired.db, 2)
    assert wired.sync().audit_anchor is True
    second = max(_chain(wired.db)) - 1
    assert [a for a, _h in _anchored(wired)] == [head, second]
    assert _asked(wired.db) == [second, head]
    assert _alarms(wired) == []


def test_an_anchored_entry_rewritten_with_its_chain_recomputed_raises_an_alarm(
        wired, monkeypatch):
    wired.sync()
    make_people(wired.db, 1)
    wired.sync()
    anchored = _anchored(wired)
    target, was = anchored[0]
    rewrite(wired.db, target, json.dumps({"note": "never happened"}))
    assert _chain(wired.db)[target] != was
    assert wired.sync().audit_anchor is True  # the site is told nothing
    [alarm] = _alarms(wired)
    assert "HN-0001  changed  entry" in alarm and f"entry {target} differs" in alarm
    assert f"({was[:12]}… now" in alarm and "1 later checked entries differ too" in alarm
    # Told once: the trail as it is now is anchored from there on.
    make_people(wired.db, 1, seed=2)
    wired.sync()
    wired.sync()
    assert len(_alarms(wired)) == 1
    # The province sees the site on its dashboard (the site's report set its area).
    rows = _dashboard_alarm_rows(wired, monkeypatch)
    assert rows[1][:3] == ["HN-0001", "Trạm Y tế Phường Láng Hạ", 1]
    assert rows[1][4] == "Một mục nhật ký đã lưu mốc tại trung tâm bị sửa"


def test_an_entry_rewritten_before_the_anchors_is_found_through_them(wired):
    """The first entry was never anchored itself, but every anchored hash after it changes."""
    wired.sync()
    wired.sync()
    first_anchor = _anchored(wired)[0][0]
    rewrite(wired.db, min(_chain(wired.db)), json.dumps({}))
    wired.sync()
    [alarm] = _alarms(wired)
    assert f"changed  entry {first_anchor} differs" in alarm


def test_appending_entries_normally_raises_no_alarm(wired):
    for n in range(7):  # past the newest three: older anchors are drawn too
        make_people(wired.db, 1, seed=n + 1)
        assert wired.sync().audit_anchor is True
    anchored = [a for a, _h in _anchored(wired)]
    asked = _asked(wired.db)
    assert len(anchored) == 7 and asked[:3] == anchored[:-4:-1]
    assert 1 <= len(asked[3:]) <= 2 and set(asked[3:]) <= set(anchored[:-3])
    assert _alarms(wired) == []


def _one_anchor_pair(wired) -> tuple[int, int, list[int]]:
    """Two rounds: two anchors, so the one pair between them is the segment asked (the draw
    has nothing else to choose); its ends, and the entries strictly inside."""
    wired.sync()
    make_people(wired.db, 1)
    wired.sync()
    (start, start_hash), (end, _h) = _anchored(wired)
    assert _segments_asked(wired.db) == [{"from": start, "from_hash": start_hash, "to": end}]
    inside = [i for i in sorted(_chain(wired.db)) if start < i < end]
    assert len(inside) >= 3  # the round's own entry, the person's, the doses'
    return start, end, inside


def _sql(db, statement: str, *args) -> None:
    """Plain SQL through an SQLite shell with the passphrase: no hash recomputed."""
    conn = raw_connect(db.path)
    conn.execute(statement, args)
    conn.commit()
    conn.close()


def test_an_entry_between_two_anchors_edited_without_its_hashes_raises_a_segment_alarm(
        wired, monkeypatch):
    """No anchored hash changes (the stored hashes are as they were): only the segment's walk
    from the first anchor, by content, tells it."""
    start, end, inside = _one_anchor_pair(wired)
    target = inside[1]
    _sql(wired.db, "UPDATE audit_entry SET details = ? WHERE id = ?",
         json.dumps({"note": "never happened"}), target)
    assert not audit.verify_audit(wired.db).intact  # the laptop's own check only
    assert wired.sync().audit_anchor is True  # the site is told nothing
    [alarm] = _alarms(wired)
    assert f"HN-0001  segment  entries {start + 1} to {end} no longer chain to the anchor " \
        f"of entry {end}" in alarm and f"walked {end - start} of {end - start} ids" in alarm
    # Told once: no segment across the edited entry is asked again.
    for seed in (2, 3):
        make_people(wired.db, 1, seed=seed)
        wired.sync()
        assert all(a["from"] >= end for a in _segments_asked(wired.db))
    assert len(_alarms(wired)) == 1
    rows = _dashboard_alarm_rows(wired, monkeypatch)
    assert rows[1][:3] == ["HN-0001", "Trạm Y tế Phường Láng Hạ", 1]
    assert rows[1][4] == "Có mục nhật ký giữa hai mốc bị sửa, thêm hoặc xóa"


def test_an_entry_deleted_between_two_anchors_raises_a_segment_alarm(wired):
    start, end, inside = _one_anchor_pair(wired)
    _sql(wired.db, "DELETE FROM audit_entry WHERE id = ?", inside[0])
    wired.sync()
    [alarm] = _alarms(wired)
    assert f"segment  entries {start + 1} to {end}" in alarm
    assert f"walked {end - start - 1} of {end - start} ids" in alarm


def test_an_untouched_trail_walks_every_segment_asked_to_its_anchor(wired):
    """Several rounds with anchors enough to draw among: each segment asked is walked to the
    hash the platform anchored, and nothing is told."""
    walked = 0
    for n in range(6):
        make_people(wired.db, 1, seed=n + 1)
        anchored = dict(_anchored(wired))
        for segment in audit_anchor.build_anchor(wired.db).segments:
            assert segment.hash == anchored[segment.to_id]
            assert segment.entries == segment.to_id - segment.from_id
            walked += 1
        assert wired.sync().audit_anchor is True
    assert walked >= 4 and _alarms(wired) == []


def test_an_answer_without_segments_from_an_older_platform_still_anchors(wired, monkeypatch):
    """An older platform answers with its checks alone: the laptop walks nothing next."""
    _one_anchor_pair(wired)
    real = SyncClient.api_response

    def older_platform(self, method, path, **kwargs):  # noqa: ANN001, ANN202
        answer = real(self, method, path, **kwargs)
        if path == PATH:
            body = answer.json()
            del body["segments"]
            answer._content = json.dumps(body).encode()
        return answer

    monkeypatch.setattr(SyncClient, "api_response", older_platform)
    make_people(wired.db, 1, seed=2)
    assert wired.sync().audit_anchor is True
    assert _segments_asked(wired.db) == [] and len(_asked(wired.db)) == 3
    assert audit_anchor.build_anchor(wired.db).segments == ()
    assert wired.sync().audit_anchor is True and _alarms(wired) == []


def test_a_trail_put_back_to_an_earlier_end_is_told_once(wired):
    """Entries deleted from the end (as an old backup put back would): the head moved back."""
    wired.sync()
    make_people(wired.db, 1)
    wired.sync()
    keep = _anchored(wired)[0][0]
    conn = raw_connect(wired.db.path)
    conn.execute("DELETE FROM audit_entry WHERE id > ?", (keep,))
    conn.execute("UPDATE audit_head SET n = (SELECT count(*) FROM audit_entry), last_id = ?, "
                 "hash = (SELECT hash FROM audit_entry WHERE id = ?)", (keep, keep))
    conn.commit()
    conn.close()
    assert audit.verify_audit(wired.db).intact
    wired.sync()
    [alarm] = _alarms(wired)
    assert f"backwards  the trail now ends at entry {keep}, before entry" in alarm
    wired.sync()
    assert len(_alarms(wired)) == 1


def test_a_refused_anchor_never_stops_the_round(wired, monkeypatch):
    wired.sync()
    asked = _asked(wired.db)
    monkeypatch.setattr(audit_anchor, "PATH", "site-report")  # a route that answers 400
    make_people(wired.db, 1)
    summary = wired.sync()
    assert summary.audit_anchor is False and summary.synced > 0
    assert summary.skipped == [("audit_anchor", "SYNC_STEP_PROBLEM_UNEXPECTED")]  # told
    assert _asked(wired.db) == asked  # asked again next round


@pytest.fixture
def api(wired) -> tuple[str, requests.Session]:
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {wired.token}"
    return wired.server.url.rsplit("/fhir", 1)[0] + f"/api/{PATH}", s


HASH = "ab" * 32


@pytest.mark.parametrize("body", [
    [], {"checks": []}, {"head": None}, {"head": {"id": 3}, "checks": []},
    {"head": {"id": 3, "hash": "AB" * 32}, "checks": []},
    {"head": {"id": 0, "hash": HASH}, "checks": []},
    {"head": {"id": True, "hash": HASH}, "checks": []},
    {"head": {"id": "3", "hash": HASH}, "checks": []},
    {"head": None, "checks": {"id": 3, "hash": HASH}},
    {"head": None, "checks": [{"id": 3, "hash": "x"}]},
    {"head": None, "checks": [{"id": n, "hash": HASH} for n in range(1, MAX_CHECKS + 2)]},
    {"head": None, "checks": [], "segments": {}},
    {"head": None, "checks": [], "segments": [[1, 2]]},
    {"head": None, "checks": [], "segments": [{"from": 1, "to": 2, "hash": HASH}]},
    {"head": None, "checks": [], "segments": [{"from": 2, "to": 2, "hash": HASH,
                                               "entries": 0}]},
    {"head": None, "checks": [], "segments": [{"from": 0, "to": 2, "hash": HASH,
                                               "entries": 1}]},
    {"head": None, "checks": [], "segments": [{"from": 1, "to": 2, "hash": "AB" * 32,
                                               "entries": 1}]},
    {"head": None, "checks": [], "segments": [{"from": 1, "to": 2, "hash": HASH,
                                               "entries": 2}]},
    {"head": None, "checks": [], "segments": [{"from": 1, "to": 2, "hash": HASH,
                                               "entries": True}]},
    {"head": None, "checks": [], "segments": [
        {"from": n, "to": n + 1, "hash": HASH, "entries": 1}
        for n in range(1, MAX_SEGMENTS + 2)]},
])
def test_the_platform_refuses_malformed_anchors(api, body):
    url, s = api
    answer = s.post(url, json=body)
    assert answer.status_code == 400, answer.text
    outcome = answer.json()
    assert outcome["resourceType"] == "OperationOutcome"
    assert outcome["issue"][0]["details"]["coding"][0]["code"] == "AUDIT_ANCHOR_BAD"


@pytest.mark.parametrize("answer", [
    {"check": [], "segments": None},
    {"check": [], "segments": [{"from": 1, "to": 2}]},
    {"check": [], "segments": [{"from": 1, "from_hash": None, "to": 2}]},
    {"check": [], "segments": [{"from": 1, "from_hash": HASH[:-1], "to": 2}]},
    {"check": [], "segments": [{"from": 3, "from_hash": HASH, "to": 2}]},
    {"check": [], "segments": [{"from": "1", "from_hash": HASH, "to": 2}]},
    {"check": [], "segments": [{"from": n, "from_hash": HASH, "to": n + 1}
                               for n in range(1, MAX_SEGMENTS + 2)]},
])
def test_the_laptop_refuses_malformed_answers(answer):
    with pytest.raises((ValueError, KeyError, TypeError)):
        answer_from_json(answer)


def test_only_a_site_anchors_and_json_must_be_json(api, wired):
    url, s = api
    assert s.post(url, data=b"{", headers={"Content-Type": "application/json"}
                  ).json()["issue"][0]["details"]["coding"][0]["code"] == "BAD_JSON"
    staff = requests.post(url, json={"head": None, "checks": []},
                          headers={"Authorization": f"Bearer {wired.central_token}"})
    assert staff.status_code == 403
    assert s.post(url, json={"head": None, "checks": []}).json() == {"check": [],
                                                                      "segments": []}
