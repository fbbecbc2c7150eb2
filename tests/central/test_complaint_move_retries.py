"""A hand-back's answer lost on a bad line, the province moving the complaint back to the
site meanwhile: the desk's retry of the very same hand-back handed it back again, undoing
the province's move (a reviewer's). And a complaint moved to a site whose area names no
commune kept the old site's commune."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from central_server import areas
from central_server.auth import create_site
from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import Principal
from desktop_app.wire.complaints import DOSE_MISSING, HandBack, Submission

T0 = datetime(2026, 11, 2, 1, 0)


@pytest.fixture
def engine(any_store: str):  # noqa: ANN201 - SQLite and PostgreSQL
    made = make_engine(any_store)
    for code, commune in (("HN-0001", "00070"), ("HN-0002", "00004"), ("HN-0003", None)):
        create_site(made, code, f"Trạm Y tế {code}")
        areas.set_area(made, code, areas.Area("01", None, commune))
    yield made
    made.dispose()


def _file(engine, commune: str) -> str:  # noqa: ANN001
    sub = Submission(DOSE_MISSING, "001090000001", "Lê Văn Tám", date(1990, 1, 1),
                     dose_number=2, commune_code=commune, text="Thiếu mũi 2")
    return store.file(engine, sub, "web", T0)[0].code


def test_a_retried_hand_back_does_not_undo_the_provinces_move_back(engine):
    code = _file(engine, "00070")
    said = HandBack("Không tiêm ở đây.", "Lan", T0 + timedelta(hours=1))
    store.hand_back(engine, code, said, Principal("HN-0001"), T0 + timedelta(hours=1))
    store.reroute(engine, code, "HN-0001", Principal(None, "dashboard:tinh01"),
                  T0 + timedelta(hours=3), "Hồ sơ mũi 2 đúng là ở Hoàn Kiếm.")
    again = store.hand_back(engine, code, said, Principal("HN-0001"), T0 + timedelta(hours=4))
    assert again.site_code == "HN-0001"  # read whole: it is the site's again
    assert store.get(engine, code).site_code == "HN-0001"
    # A new hand-back (another moment, another reason) is one.
    store.hand_back(engine, code, HandBack("Đã kiểm tra lại: không có.", "Lan",
                                           T0 + timedelta(hours=5)),
                    Principal("HN-0001"), T0 + timedelta(hours=5))
    assert store.get(engine, code).site_code is None


def test_a_complaint_moved_to_a_site_without_a_commune_keeps_none_of_the_old(engine):
    code = _file(engine, "00004")
    store.hand_back(engine, code, HandBack("Nhầm.", "Lan", T0), Principal("HN-0002"), T0)
    moved = store.reroute(engine, code, "HN-0003", Principal(None, "central:x"), T0,
                          "Ở HN-0003")
    assert (moved.site_code, moved.province_code, moved.commune_code) == \
        ("HN-0003", "01", None)
