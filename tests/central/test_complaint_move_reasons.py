"""Every reason a complaint changed holder for is kept and read on its page: the
province's for each move and a site's for each hand-back. Before, a move of one no site
held kept its reason nowhere, and a site's second hand-back replaced its first (a
reviewer as a provincial officer). SQLite and PostgreSQL, the page's own rows."""

from __future__ import annotations

from datetime import date, timedelta

from central_server.complaints import store
from central_server.dashboard import open_complaints
from central_server.dashboard.scope import Scope
from central_server.dashboard.tables import View
from central_server.fhir.store import Principal
from desktop_app.wire.complaints import HandBack
from tests.central.test_answer_times import T0, _file, engine  # noqa: F401 - a fixture

A_BACK = "Không có hồ sơ ở trạm này."
TO_B = "Hồ sơ mũi 2 của chị ở Ba Đình, theo sổ tiêm 2021."
B_BACK = "Ba Đình tra không có hồ sơ nào của chị."
TO_A = "Chuyển lại Hoàn Kiếm: sổ giấy năm 2021 ghi tiêm ở đó."
A_BACK_AGAIN = "Đã tìm sổ giấy, vẫn không thấy."


def test_every_move_and_hand_back_keeps_its_reason(engine):  # noqa: F811
    code = _file(engine, "00070", T0)
    province = Principal(None, "dashboard:tinh01")
    steps = [(A_BACK, "HN-0001", None), (TO_B, None, "HN-0002"), (B_BACK, "HN-0002", None),
             (TO_A, None, "HN-0001"), (A_BACK_AGAIN, "HN-0001", None)]
    for hour, (reason, site, to) in enumerate(steps, start=1):
        at = T0 + timedelta(hours=hour)
        if to is None:
            store.hand_back(engine, code, HandBack(reason, "Lan", at), Principal(site), at)
        else:
            store.reroute(engine, code, to, province, at, reason)
    said = store.moves_said(engine, code)
    assert [(m.from_site, m.to_site, m.reason) for m in said] == [
        ("HN-0001", None, A_BACK), (None, "HN-0002", TO_B), ("HN-0002", None, B_BACK),
        (None, "HN-0001", TO_A), ("HN-0001", None, A_BACK_AGAIN)]
    view = View(engine, Scope("province", "01"), date(2026, 11, 1), date(2026, 11, 30), "vi")
    rows = [value for label, value in open_complaints.facts(view, store.get(engine, code))
            if label == "Đã chuyển"]
    assert [r.split(" — ")[:2] for r in rows] == [
        ["Trạm Y tế Phường Hoàn Kiếm → Sở Y tế Thành phố Hà Nội", A_BACK],
        ["Sở Y tế Thành phố Hà Nội → Trạm Y tế Phường Ba Đình", TO_B],
        ["Trạm Y tế Phường Ba Đình → Sở Y tế Thành phố Hà Nội", B_BACK],
        ["Sở Y tế Thành phố Hà Nội → Trạm Y tế Phường Hoàn Kiếm", TO_A],
        ["Trạm Y tế Phường Hoàn Kiếm → Sở Y tế Thành phố Hà Nội", A_BACK_AGAIN]]
