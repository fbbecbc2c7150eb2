"""The overview's line of open complaints ("Phản ánh đang xử lý: …") counts what the page
reads: narrowed to one site (``?site=CODE``), that site's complaints, and its link leads to
that site's list; the officer reads the figure out to the site on the phone."""

from __future__ import annotations

from datetime import date, timedelta

import lxml.html

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.wire.complaints import DOSE_MISSING, Submission
from tests.central.dashboard_world import PASSWORD, build, root, staff_session
from tests.live_server import LiveServer


def _summary(officer, central: LiveServer, **params: str) -> tuple[str, str]:  # noqa: ANN001
    """The overview's complaints line as read, and where its link leads."""
    page = officer.get(f"{root(central)}/dashboard", params=params, timeout=30)
    assert page.status_code == 200, page.text
    summary = lxml.html.fromstring(page.text).get_element_by_id("complaints-summary")
    return " ".join(summary.text_content().split()), summary.find(".//a").get("href")


def test_the_overview_narrowed_to_a_site_counts_that_sites_complaints(
        central: LiveServer, monkeypatch) -> None:  # noqa: ANN001
    """From a provincial officer's review: narrowed to HN-C, the tables were HN-C's but the
    line above them said the province's 3 open and 2 overdue (HN-C holds 1, none
    overdue), and its "Xem danh sách" link dropped the site."""
    monkeypatch.setenv("VAXDESK_CENTRAL_STAFF_PASSWORD", PASSWORD)
    central.cli("staff", "add", "tinh01", "--level", "province", "--area", "01")
    build(central)
    engine = make_engine(central.database_url)
    now = utc_now()
    try:
        for n, (commune, hours_ago) in enumerate((("00070", 60), ("00070", 55),
                                                  ("00004", 1))):
            sub = Submission(DOSE_MISSING, f"00109000030{n}", "Lê Văn Tám", date(1990, 1, 1),
                             dose_number=2, commune_code=commune, text="Thiếu mũi 2")
            store.file(engine, sub, "web", now - timedelta(hours=hours_ago))
        held = {c.site_code for c in store.listing(engine, now, open_only=True)}
    finally:
        engine.dispose()
    assert "HN-C" in held
    officer = staff_session(central, "tinh01")
    assert _summary(officer, central, site="HN-C") == (
        "Phản ánh đang xử lý: 1, trong đó 0 quá hạn. Xem danh sách",
        "/dashboard/complaints?site=HN-C")
    # Not narrowed: the whole area's, as before.
    assert _summary(officer, central) == (
        "Phản ánh đang xử lý: 3, trong đó 2 quá hạn. Xem danh sách", "/dashboard/complaints")
