"""The province's table of complaints answered within 48 hours, by who holds them: how many
each site answered in time, late, or left open past the deadline, and, counted apart, those
that reached it late (moved to it by the province after most of their time had gone), so a
site is not ranked for another's delay. Before, the province saw only what was open now."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from central_server import areas
from central_server.auth import create_site
from central_server.complaints import store
from central_server.dashboard import answer_times
from central_server.dashboard.scope import Scope
from central_server.dashboard.tables import View
from central_server.db.engine import make_engine
from central_server.db.models import ComplaintMove, ComplaintMoveSaid
from central_server.fhir.store import Principal
from desktop_app.wire.complaints import (
    DOSE_MISSING,
    REJECT,
    HandBack,
    Resolution,
    Submission,
)

T0 = datetime(2026, 11, 2, 1, 0)  # 08:00 in Vietnam, 2 November


@pytest.fixture
def engine(any_store: str):  # noqa: ANN201 - SQLite and PostgreSQL
    made = make_engine(any_store)
    for code, name, commune in (("HN-0001", "Trạm Y tế Phường Hoàn Kiếm", "00070"),
                                ("HN-0002", "Trạm Y tế Phường Ba Đình", "00004")):
        create_site(made, code, name)
        areas.set_area(made, code, areas.Area("01", None, commune))
    yield made
    made.dispose()


def _file(engine, commune: str, at: datetime) -> str:  # noqa: ANN001
    sub = Submission(DOSE_MISSING, "001090000001", "Lê Văn Tám", date(1990, 1, 1),
                     dose_number=2, commune_code=commune, text="Thiếu mũi 2")
    complaint, _ = store.file(engine, sub, "web", at)
    return complaint.code


def _answer(engine, code: str, site: str, at: datetime) -> None:  # noqa: ANN001
    store.resolve(engine, code, Resolution(REJECT, "Hồ sơ đúng.", "Hoa", at),
                  Principal(site), at)


def test_each_holders_answers_in_time_late_and_open_past_the_deadline(engine, monkeypatch):
    a_fast = _file(engine, "00070", T0)
    _answer(engine, a_fast, "HN-0001", T0 + timedelta(hours=20))
    a_slow = _file(engine, "00070", T0 + timedelta(hours=1))
    _answer(engine, a_slow, "HN-0001", T0 + timedelta(hours=60))
    _file(engine, "00070", T0 + timedelta(hours=2))  # never answered
    # Filed at A, handed back after 40 hours, moved to B by the province, answered late
    # there: B's late answer, counted as arrived late.
    moved = _file(engine, "00070", T0 + timedelta(hours=3))
    store.hand_back(engine, moved, HandBack("Không tiêm ở đây.", "Lan", T0),
                    Principal("HN-0001"), T0 + timedelta(hours=43))
    store.reroute(engine, moved, "HN-0002", Principal(None, "dashboard:tinh01"),
                  T0 + timedelta(hours=44), "Hồ sơ ở Ba Đình.")
    _answer(engine, moved, "HN-0002", T0 + timedelta(hours=55))
    b_fast = _file(engine, "00004", T0 + timedelta(hours=4))
    _answer(engine, b_fast, "HN-0002", T0 + timedelta(hours=5))
    _file(engine, "00004", T0 + timedelta(days=40))  # received after the period

    monkeypatch.setattr(answer_times, "utc_now", lambda: T0 + timedelta(days=5))
    view = View(engine, Scope("province", "01"), date(2026, 11, 1), date(2026, 11, 30), "vi")
    [table] = answer_times.section(view)
    assert [c.label for c in table.columns] == [
        "Mã", "Điểm tiêm", "Phản ánh nhận", "Trả lời đúng hạn", "Trả lời trễ", "Quá hạn",
        "Trong đó đến muộn", "Tỷ lệ đúng hạn"]
    assert table.rows == [  # the lowest share in time first; a late arrival in none
        ["HN-0001", "Trạm Y tế Phường Hoàn Kiếm", 3, 1, 1, 1, 0, 33.3],
        ["HN-0002", "Trạm Y tế Phường Ba Đình", 2, 1, 1, 0, 1, 100.0]]
    commune = View(engine, Scope("commune", "00004"), date(2026, 11, 1), date(2026, 11, 30),
                   "vi")
    assert [r[0] for r in answer_times.section(commune)[0].rows] == ["HN-0002"]


def test_a_site_that_lets_a_complaint_go_after_its_deadline_keeps_it_late(
        engine, monkeypatch):
    """From a reviewer: A sat on a complaint for 60 hours and then handed it back, and its
    row read 100 % (the province's took the lateness); A handed one back at hour 30, had it
    moved back at 31 and answered at 70, and that read as "arrived late", its own delay
    excused."""
    fast = _file(engine, "00070", T0)
    _answer(engine, fast, "HN-0001", T0 + timedelta(hours=2))
    sat_on = _file(engine, "00070", T0)
    store.hand_back(engine, sat_on, HandBack("Không phải của trạm.", "Lan",
                                             T0 + timedelta(hours=60)),
                    Principal("HN-0001"), T0 + timedelta(hours=60))
    back_again = _file(engine, "00070", T0)
    store.hand_back(engine, back_again, HandBack("Nhầm.", "Lan", T0 + timedelta(hours=30)),
                    Principal("HN-0001"), T0 + timedelta(hours=30))
    store.reroute(engine, back_again, "HN-0001", Principal(None, "dashboard:tinh01"),
                  T0 + timedelta(hours=31), "Đúng là của Hoàn Kiếm.")
    _answer(engine, back_again, "HN-0001", T0 + timedelta(hours=70))

    monkeypatch.setattr(answer_times, "utc_now", lambda: T0 + timedelta(days=5))
    view = View(engine, Scope("province", "01"), date(2026, 11, 1), date(2026, 11, 30), "vi")
    rows = {r[0]: r for r in answer_times.section(view)[0].rows}
    # received, in time, late, overdue, arrived late, share
    assert rows["HN-0001"][2:] == [3, 1, 2, 0, 0, 33.3]
    assert rows[""][2:] == [1, 0, 0, 1, 1, None]  # the province's: it came to it late
    commune = View(engine, Scope("commune", "00070"), date(2026, 11, 1), date(2026, 11, 30),
                   "vi")
    assert [r[0] for r in answer_times.section(commune)[0].rows] == ["HN-0001"]


def test_a_site_given_a_complaint_past_its_deadline_is_not_charged_and_one_counts_once(
        engine, monkeypatch):
    """From a reviewer: the province held a complaint 50 hours, moved it to B, and B handed
    it back at once: B was charged a late answer and the province's 50 hours were excused
    as an arrival late. And a complaint overdue at A, moved to B and back to A (a mistaken
    move corrected) counted twice in A's row."""
    no_site = Submission(DOSE_MISSING, "001090000002", "Lê Văn Chín", date(1990, 1, 1),
                         dose_number=2, commune_code="00277",  # a commune with no site
                         text="Thiếu mũi 2")
    held, _ = store.file(engine, no_site, "web", T0)
    assert held.site_code is None
    store.reroute(engine, held.code, "HN-0002", Principal(None, "dashboard:tinh01"),
                  T0 + timedelta(hours=50), "Hồ sơ ở Ba Đình.")
    # Its laptop's clock 30 minutes behind: the moment it says is before the move.
    store.hand_back(engine, held.code, HandBack("Không phải của trạm.", "Lan",
                                                T0 + timedelta(hours=49, minutes=35)),
                    Principal("HN-0002"), T0 + timedelta(hours=50, minutes=5))
    twice = _file(engine, "00070", T0)
    store.reroute(engine, twice, "HN-0002", Principal(None, "dashboard:tinh01"),
                  T0 + timedelta(hours=55), "Nhầm.")
    store.reroute(engine, twice, "HN-0001", Principal(None, "dashboard:tinh01"),
                  T0 + timedelta(hours=56), "Đúng là của Hoàn Kiếm.")

    monkeypatch.setattr(answer_times, "utc_now", lambda: T0 + timedelta(days=5))
    view = View(engine, Scope("province", "01"), date(2026, 11, 1), date(2026, 11, 30), "vi")
    rows = {r[0]: r for r in answer_times.section(view)[0].rows}
    # received, in time, late, overdue, arrived late, share
    assert "HN-0002" not in rows  # it reached B past its deadline: B's row has nothing
    assert rows[""][2:] == [1, 0, 0, 1, 0, 0.0]  # the province's own 50 hours
    assert rows["HN-0001"][2:] == [1, 0, 0, 1, 0, 0.0]  # once
    assert sum(r[2] for r in rows.values()) == 2


def test_a_complaint_that_leaves_a_site_twice_is_read_from_its_moves(engine, monkeypatch):
    """A site's departure row keeps only its latest leaving: moved A->B->A and handed back,
    the province's late arrival read as its own holding; held 50 hours at A, moved to B,
    back to A and on to C, nobody was charged (a reviewer). Each move is kept now."""
    create_site(engine, "HN-0003", "Trạm Y tế Phường Cửa Nam")
    areas.set_area(engine, "HN-0003", areas.Area("01", None, "00070"))
    staff = Principal(None, "dashboard:tinh01")
    back = _file(engine, "00070", T0)  # at HN-0001
    store.reroute(engine, back, "HN-0002", staff, T0 + timedelta(hours=5), "Nhầm.")
    store.reroute(engine, back, "HN-0001", staff, T0 + timedelta(hours=6), "Đúng chỗ.")
    store.hand_back(engine, back, HandBack("Không phải của trạm.", "Lan",
                                           T0 + timedelta(hours=40)),
                    Principal("HN-0001"), T0 + timedelta(hours=40))
    sat_on = _file(engine, "00070", T0)  # at HN-0001, held 50 hours
    store.reroute(engine, sat_on, "HN-0002", staff, T0 + timedelta(hours=50), "Chuyển.")
    store.reroute(engine, sat_on, "HN-0001", staff, T0 + timedelta(hours=51), "Nhầm.")
    store.reroute(engine, sat_on, "HN-0003", staff, T0 + timedelta(hours=60), "Cửa Nam.")

    monkeypatch.setattr(answer_times, "utc_now", lambda: T0 + timedelta(days=5))
    view = View(engine, Scope("province", "01"), date(2026, 11, 1), date(2026, 11, 30), "vi")
    rows = {r[0]: r[2:] for r in answer_times.section(view)[0].rows}
    # received, in time, late, overdue, arrived late, share
    assert rows[""] == [1, 0, 0, 1, 1, None]  # it came to the province at hour 40
    assert rows["HN-0001"] == [1, 0, 1, 0, 0, 0.0]  # its own 50 hours
    assert rows["HN-0003"] == [1, 0, 0, 1, 1, None]  # reached past its deadline
    assert "HN-0002" not in rows  # an hour each time, both late arrivals


def test_an_answer_the_platform_first_had_past_the_deadline_is_late(engine, monkeypatch):
    """Typed at hour 20 by the laptop's clock, uploaded at hour 60: counted in time, while
    the citizen's status page and the province read it overdue for 12 hours (a reviewer;
    a clock set back would do the same). The platform's receipt is the answer's moment."""
    code = _file(engine, "00070", T0)
    store.resolve(engine, code, Resolution(REJECT, "Hồ sơ đúng.", "Hoa",
                                           T0 + timedelta(hours=20)),
                  Principal("HN-0001"), T0 + timedelta(hours=60))
    in_time = _file(engine, "00070", T0 + timedelta(hours=1))  # sent at once: in time
    _answer(engine, in_time, "HN-0001", T0 + timedelta(hours=30))
    monkeypatch.setattr(answer_times, "utc_now", lambda: T0 + timedelta(days=5))
    view = View(engine, Scope("province", "01"), date(2026, 11, 1), date(2026, 11, 30), "vi")
    [table] = answer_times.section(view)
    assert table.rows[0][2:6] == [2, 1, 1, 0]  # received, in time, late, overdue


def _handed_back_offline(engine) -> tuple[str, str]:  # noqa: ANN001
    """Site A, offline, answers one complaint and hands another back 30 hours after their
    filing, and syncs at hour 50; the province moves the one handed back to B at hour 51,
    and B answers it at hour 55. The codes (answered, handed back)."""
    answered = _file(engine, "00070", T0)
    store.resolve(engine, answered, Resolution(REJECT, "Hồ sơ đúng.", "Hoa",
                                               T0 + timedelta(hours=30)),
                  Principal("HN-0001"), T0 + timedelta(hours=50))
    handed = _file(engine, "00070", T0)
    store.hand_back(engine, handed, HandBack("Không tiêm ở trạm này.", "Hoa",
                                             T0 + timedelta(hours=30)),
                    Principal("HN-0001"), T0 + timedelta(hours=50))
    store.reroute(engine, handed, "HN-0002", Principal(None, "dashboard:tinh01"),
                  T0 + timedelta(hours=51), "Hồ sơ ở Ba Đình.")
    _answer(engine, handed, "HN-0002", T0 + timedelta(hours=55))
    return answered, handed


def _rows(engine, monkeypatch) -> dict[str, list]:  # noqa: ANN001
    monkeypatch.setattr(answer_times, "utc_now", lambda: T0 + timedelta(days=5))
    view = View(engine, Scope("province", "01"), date(2026, 11, 1), date(2026, 11, 30), "vi")
    return {r[0]: r[2:] for r in answer_times.section(view)[0].rows}


def test_a_hand_back_that_reaches_the_platform_after_the_deadline_is_the_sites_lateness(
        engine, monkeypatch):
    """From a provincial officer's review: the answer counted late for A (the platform had
    it at hour 50), but the hand-back was dated by the laptop's clock (hour 30), so A read
    as having let it go in time while B was excused (it reached B at hour 51): two lost
    days nobody's, and a site that hands back offline instead of answering ranked above
    one that answered. A hand-back counts from when the platform had it, as an answer."""
    _handed_back_offline(engine)
    rows = _rows(engine, monkeypatch)
    # received, in time, late, overdue, arrived late, share in time
    assert rows["HN-0002"] == [1, 0, 1, 0, 1, None]  # excused: it came to B late
    assert rows["HN-0001"] == [2, 0, 2, 0, 0, 0.0]  # both reached the platform after h48


def test_a_hand_back_read_from_the_sites_latest_leaving_counts_from_the_platforms_receipt(
        engine, monkeypatch):
    """The same for a complaint moved before each move was kept (``complaint_move``): read
    from the site's latest leaving, the hand-back still counts from the platform's receipt."""
    _answered, handed = _handed_back_offline(engine)
    with engine.begin() as conn:
        moves = [m for (m,) in conn.execute(
            select(ComplaintMove.id).where(ComplaintMove.code == handed))]
        conn.execute(delete(ComplaintMoveSaid).where(ComplaintMoveSaid.move_id.in_(moves)))
        conn.execute(delete(ComplaintMove).where(ComplaintMove.code == handed))
    rows = _rows(engine, monkeypatch)
    assert rows["HN-0002"] == [1, 0, 1, 0, 1, None]
    assert rows["HN-0001"] == [2, 0, 2, 0, 0, 0.0]
