"""A site moved to another commune (``vaxdesk-central set-area``), as the province corrects a
site created under the wrong ward: its open complaints are counted under the commune it is
in now, one row for the site, as every other table of the dashboard places it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.wire.complaints import NOT_ON_SYSTEM, Submission
from tests.central.dashboard_world import (
    PASSWORD,
    READ_AS_CURRENT,
    build,
    root,
    staff_session,
    table_rows,
)
from tests.live_server import LiveServer
from tests.web.test_dashboard_phone import file_complaints


@pytest.fixture(autouse=True)
def _reports_of_2021_read_as_current(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in READ_AS_CURRENT.items():
        monkeypatch.setenv(name, value)


def _complaint_naming(central: LiveServer, place: str) -> str:
    """A complaint whose citizen names the site (no dose of theirs on the platform)."""
    engine = make_engine(central.database_url)
    try:
        sub = Submission(NOT_ON_SYSTEM, "001090000777", "Lê Văn Tám", date(1990, 1, 1),
                         place=place, text="Tôi tiêm ở trạm này.")
        filed, _ = store.file(engine, sub, "web", utc_now() - timedelta(hours=1),
                              province_code="01")
    finally:
        engine.dispose()
    return filed.site_code


def test_a_moved_sites_complaints_are_counted_once_under_its_commune(
        central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "xa00070", "--level", "commune", "--area", "00070")
    build(central)
    file_complaints(central)  # two held by HN-C, then in Phường Ba Đình (00004)
    central.cli("set-area", "HN-C", "--commune", "00070")  # it is in Phường Hoàn Kiếm
    assert _complaint_naming(central, "Trạm Y tế HN-C") == "HN-C"  # one more, after
    base = root(central)
    officer = staff_session(central, "xa00070")
    sites = table_rows(officer.get(f"{base}/dashboard?format=xlsx&table=sites").content)
    assert [r[3] for r in sites if r[1] == "HN-C"] == ["Phường Hoàn Kiếm"]
    counts = table_rows(officer.get(
        f"{base}/dashboard/complaints?format=xlsx&table=complaints").content)
    held = [r for r in counts[1:] if r[1] == "HN-C"]
    # One row for the site, where the officer's own commune page places it: not a row
    # "Phường Ba Đình" (a commune this officer does not cover) beside a second one.
    assert held == [["Phường Hoàn Kiếm", "HN-C", "Trạm Y tế HN-C", 3, 1]]
