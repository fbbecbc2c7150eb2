"""The platform's side of audit anchoring, by HTTP on each backend: heads kept, the entries and
segments to check chosen, a check or a walk that differs told once as an alarm
(``vaxdesk-central audit-alarms``).
The laptop's side, end to end: tests/sync/test_audit_anchor.py."""

from __future__ import annotations

import requests

from desktop_app.wire.audit_anchor import MAX_SEGMENT_ENTRIES, PATH


def _hash(n: int) -> str:
    return f"{n:064x}"


class _AnchoringSite:
    """Site HN-0001 of ``central``, sending its anchor reports by HTTP."""

    def __init__(self, central) -> None:  # noqa: ANN001
        token = central.cli("create-site", "HN-0001", "Trạm Y tế Láng Hạ")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.url = central.url.rsplit("/fhir", 1)[0] + f"/api/{PATH}"

    def post(self, body: dict) -> requests.Response:
        return self.session.post(self.url, json=body)

    def send(self, head: int, *walked: tuple[int, int, str | None, int]) -> list[dict]:
        """Anchor ``head``, reporting the ``walked`` segments; the segments asked next."""
        answer = self.post({"head": {"id": head, "hash": _hash(head)}, "checks": [],
                            "segments": [{"from": a, "to": b, "hash": h, "entries": n}
                                         for a, b, h, n in walked]})
        assert answer.status_code == 200, answer.text
        return answer.json()["segments"]


def test_heads_are_anchored_and_a_differing_check_is_told_once(any_central):
    token = any_central.cli("create-site", "HN-0001", "Trạm Y tế Láng Hạ")
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {token}"
    url = any_central.url.rsplit("/fhir", 1)[0] + f"/api/{PATH}"

    def send(head: int, **checks: str | None) -> list[int]:
        answer = s.post(url, json={"head": {"id": head, "hash": _hash(head)}, "checks": [
            {"id": int(k[1:]), "hash": v} for k, v in checks.items()]})
        assert answer.status_code == 200, answer.text
        return answer.json()["check"]

    assert send(1) == [1]
    assert send(2, e1=_hash(1)) == [2, 1]
    assert send(3, e2=_hash(2), e1=_hash(1)) == [3, 2, 1]
    assert send(4) == [4, 3, 2, 1]  # the newest three, and one drawn from the older
    assert any_central.cli("audit-alarms") == ""
    # Entry 1 gone and entry 4 changed: the earliest is told, the later counted.
    assert send(5, e4=_hash(44), e3=_hash(3), e1=None) == [5]
    [alarm] = any_central.cli("audit-alarms", "--site", "HN-0001").splitlines()
    assert "HN-0001  missing  entry 1 is gone" in alarm and "1 later checked" in alarm
    assert send(6, e5=_hash(5)) == [6, 5]  # anchored afresh from there: nothing more told
    assert send(2) == [2]  # the end moved back
    alarms = any_central.cli("audit-alarms").splitlines()
    assert len(alarms) == 2 and "backwards  the trail now ends at entry 2, before entry 6" \
        in alarms[0]


def test_segments_between_anchors_are_asked_and_a_walk_off_its_anchor_is_told_once(
        any_central):
    site = _AnchoringSite(any_central)
    send = site.send
    assert send(10) == []  # one anchor: no pair yet
    assert send(20) == [{"from": 10, "from_hash": _hash(10), "to": 20}]  # the only pair
    send(30, (10, 20, _hash(20), 10))  # walked to its anchor: nothing told
    send(30, (10, 20, _hash(20), 10), (20, 30, _hash(30), 10), (1, 5, None, 0))  # 5: none
    assert any_central.cli("audit-alarms") == ""
    # An entry inside 10..20 edited: the walk ends elsewhere.
    send(40, (10, 20, _hash(99), 10))
    [alarm] = any_central.cli("audit-alarms", "--site", "HN-0001").splitlines()
    assert "HN-0001  segment  entries 11 to 20 no longer chain to the anchor of entry 20" \
        in alarm and "walked 10 of 10 ids, ended on 000000000000…" in alarm
    # Told once: no segment across 11..20 is asked or judged again, the others are.
    for _ in range(12):
        assert all(a["from"] >= 20 for a in send(40, (10, 20, None, 3)))
    assert len(any_central.cli("audit-alarms").splitlines()) == 1
    # A pair more ids apart than a walk may take is never asked.
    far = 40 + MAX_SEGMENT_ENTRIES + 1
    for _ in range(12):
        assert all(a["to"] != far for a in send(far))
    # An older laptop's report has no segments: still anchored.
    answer = site.post({"head": {"id": far + 1, "hash": _hash(far + 1)}, "checks": []})
    assert answer.status_code == 200 and set(answer.json()) == {"check", "segments"}


def test_anchors_a_day_old_are_kept_one_an_hour(tmp_path):
    """A site online all day anchors every round (one each 15 minutes: each round is a
    transaction, and 4,320 of them took 43 s); what is a day old keeps one anchor an hour
    (the hour's last), and a rewrite is still told by the newest ones."""
    from datetime import datetime, timedelta

    from sqlalchemy import func, select

    from central_server import audit_anchors
    from central_server.auth import create_site
    from central_server.db.engine import make_engine
    from central_server.db.models import AuditAnchor
    from desktop_app.wire.audit_anchor import Anchor, AnchorReport

    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    create_site(engine, "HN-0001", "Trạm Y tế Láng Hạ")
    start = datetime(2026, 12, 1, 0, 0)
    minutes, every = 3 * 24 * 60, 15  # three days, a round each 15 minutes (entry = minute)
    for n in range(every, minutes + 1, every):
        audit_anchors.anchor(engine, "HN-0001", AnchorReport(Anchor(n, _hash(n)), ()),
                             start + timedelta(minutes=n))
    with engine.connect() as conn:
        held = conn.execute(select(func.count()).select_from(AuditAnchor)).scalar()
        hours_old = conn.execute(select(AuditAnchor.entry_id).where(
            AuditAnchor.entry_id <= minutes - 2 * 24 * 60)).scalars().all()
    assert held <= 2 * 24 * 60 // every + 24 + 1  # the last two days whole (one thinned as it goes)
    assert len(hours_old) == 24  # the first day: one an hour
    assert all(n % 60 == 60 - every for n in hours_old[:-1])  # each hour's last
    # A rewrite recomputed from entry 10 on changes the newest anchors: told.
    asked = audit_anchors.anchor(engine, "HN-0001", AnchorReport(
        Anchor(minutes + 1, _hash(-1)), ()), start + timedelta(minutes=minutes + 1)).check
    alarms = audit_anchors.anchor(engine, "HN-0001", AnchorReport(
        Anchor(minutes + 2, _hash(-2)), tuple(Anchor(i, _hash(-i)) for i in asked)),
        start + timedelta(minutes=minutes + 2))
    assert alarms and audit_anchors.alarms(engine, "HN-0001")[0].kind == "changed"


def test_heads_sent_back_and_forth_make_one_alarm_an_hour(tmp_path):
    """A token alternating a high and a low head would fill the province's view."""
    from datetime import datetime, timedelta

    from central_server import audit_anchors
    from central_server.auth import create_site
    from central_server.db.engine import make_engine
    from desktop_app.wire.audit_anchor import Anchor, AnchorReport

    engine = make_engine(f"sqlite:///{tmp_path / 'central.db'}")
    create_site(engine, "HN-0001", "Trạm Y tế Láng Hạ")
    start = datetime(2026, 12, 1, 8, 0)
    for n in range(100):
        head = 50 if n % 2 else 10
        audit_anchors.anchor(engine, "HN-0001", AnchorReport(Anchor(head, _hash(head)), ()),
                             start + timedelta(seconds=n))
    assert [a.kind for a in audit_anchors.alarms(engine, "HN-0001")] == ["backwards"]
    audit_anchors.anchor(engine, "HN-0001", AnchorReport(Anchor(5, _hash(5)), ()),
                         start + timedelta(hours=2))
    assert len(audit_anchors.alarms(engine, "HN-0001")) == 2  # an hour on: told again


def test_a_walk_the_platform_never_asked_is_not_judged(any_central):
    """Only a pair of consecutive anchors is judged. Before, a site could send a span of its
    own choosing (1..30 across the anchors 10 and 20) with a wrong hash: told once, the span
    was then taken as told, and no segment across it was asked again."""
    site = _AnchoringSite(any_central)
    send = site.send
    for head in (10, 20, 30):
        send(head)
    send(40, (1, 30, _hash(99), 29), (10, 30, _hash(99), 20))
    assert any_central.cli("audit-alarms") == ""
    asked = {(a["from"], a["to"]) for _ in range(20) for a in send(40)}
    assert (10, 20) in asked and (20, 30) in asked  # still drawn
