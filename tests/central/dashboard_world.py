"""A known small world for the dashboard's tests: four sites in two provinces, doses pushed
through the real FHIR API and site reports through the real HTTP route.

    site   province commune  recorded (reports)   received (FHIR)
    HN-A   01       00070    09-01: 4, 09-02: 2   3 on 09-01          50 %
    HN-B   01       00070    09-01: 2             2 on 09-01         100 %
    HN-C   01       00004    (no report)          1 on 09-03         100 %
    SG-A   79       27316    09-01: 5             1 on 09-01          20 %
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import requests

from central_server.complaints import store
from central_server.db.engine import make_engine
from central_server.fhir.store import utc_now
from desktop_app.wire.complaints import NOT_ON_SYSTEM, Submission
from tests.central.fhir_samples import batch, immunization, patient
from tests.live_server import LiveServer

PASSWORD = "mat-khau-dung-1"
# The world's reports were made in September 2021: read today, each is years old, and the
# dashboard marks such a site "báo cáo cũ" with no share and no rank (Settings.
# stale_report_hours). A test of the figures themselves starts its server with this, the
# longest the setting allows, to read them as current; tests/web/
# test_dashboard_stale_reports.py is the one about old reports.
READ_AS_CURRENT = {"VAXDESK_CENTRAL_STALE_REPORT_HOURS": "876000"}
SITES = {"HN-A": ("01", "00070"), "HN-B": ("01", "00070"), "HN-C": ("01", "00004"),
         "SG-A": ("79", "27316")}
RECEIVED = {"HN-A": ["2021-09-01"] * 3, "HN-B": ["2021-09-01"] * 2, "HN-C": ["2021-09-03"],
            "SG-A": ["2021-09-01"]}


# Lines above a downloaded table: whose area, the table's title, its period or moment.
HEADING = 3


def table_rows(content: bytes, sheet: int = 0) -> list[list[Any]]:
    """A downloaded table from its header down, the lines above it left out."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    return [list(r) for r in book.worksheets[sheet].iter_rows(min_row=HEADING + 1,
                                                              values_only=True)]


def root(server: LiveServer) -> str:
    return server.url.rsplit("/fhir", 1)[0]


def report(as_of: str, days: dict[str, tuple[int, int]], not_clean: dict[str, int] | None = None,
           province: str | None = None, commune: str | None = None, *,
           server_time: str | None = None, days_from: str = "0001-01-01",
           totals: tuple[int, int] | None = None, previous: bool = False) -> dict[str, Any]:
    """``days``: day -> (recorded, pending); the rest synced. As this version's laptop
    sends it: the platform's time (``server_time``, by default ``as_of``: a laptop whose
    clock is right), the window of days (by default every day it has), and its totals
    (waiting, refused; by default those of ``days``); ``previous``: as the version before
    sent it, without them."""
    # Each record not clean with one problem: as many open cases as problems.
    body = {"as_of": as_of, "days": [
        {"date": d, "recorded": r, "synced": r - p, "rejected": 0, "pending": p}
        for d, (r, p) in days.items()], "not_clean": not_clean or {},
        "cleaning": {"to_check": sum((not_clean or {}).values())},
        "province_code": province, "commune_code": commune}
    if previous:
        return body
    pending, rejected = totals or (sum(p for _r, p in days.values()), 0)
    return {**body, "server_time": server_time or as_of, "days_from": days_from,
            "pending_total": pending, "rejected_total": rejected}


@dataclass
class World:
    server: LiveServer
    sessions: dict[str, requests.Session] = field(default_factory=dict)
    doses: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def push(self, site: str, *resources: dict[str, Any],
             if_match: dict[str, int] | None = None) -> list[str]:
        answer = self.sessions[site].post(self.server.url, json=batch(*resources,
                                                                       if_match=if_match))
        assert answer.status_code == 200, answer.text
        return [e["response"]["status"] for e in answer.json()["entry"]]

    def send_report(self, site: str, body: dict[str, Any]) -> requests.Response:
        return self.sessions[site].post(f"{root(self.server)}/api/site-report", json=body)


def build(server: LiveServer) -> World:
    world = World(server)
    for code in SITES:
        # Created without an area: the site's own report says where it is.
        token = server.cli("create-site", code, f"Trạm Y tế {code}")
        s = requests.Session()
        s.headers["Authorization"] = f"Bearer {token}"
        world.sessions[code] = s
    for code, days in RECEIVED.items():
        person = patient(code)
        # One person's doses of the day: numbered 1, 2, 3 (a number twice is refused).
        doses = [immunization(person["id"], code, dose_number=n, dose_date=d)
                 for n, d in enumerate(days, 1)]
        assert set(world.push(code, person, *doses)) == {"201 Created"}
        world.doses[code] = doses
    reports = {
        "HN-A": [report("2021-09-01T10:00:00Z", {"2021-09-01": (4, 3)},
                        {"ID_NUMBER_REQUIRED": 5}, "01", "00070"),
                 report("2021-09-02T09:00:00Z", {"2021-09-01": (4, 1), "2021-09-02": (2, 2)},
                        {"ID_NUMBER_REQUIRED": 2, "DOB_REQUIRED": 1}, "01", "00070"),
                 # the day's last report wins the backlog point
                 report("2021-09-02T16:00:00Z", {"2021-09-01": (4, 1), "2021-09-02": (2, 0)},
                        {"ID_NUMBER_REQUIRED": 2, "DOB_REQUIRED": 1}, "01", "00070")],
        "HN-B": [report("2021-09-01T11:00:00Z", {"2021-09-01": (2, 1)}, {"DOB_REQUIRED": 4},
                        "01", "00070")],
        "HN-C": [report("2021-09-03T11:00:00Z", {}, {}, "01", "00004")],
        "SG-A": [report("2021-09-01T12:00:00Z", {"2021-09-01": (5, 4)},
                        {"ID_NUMBER_REQUIRED": 7}, "79", "27316")],
    }
    for code, bodies in reports.items():
        for body in bodies:
            answer = world.send_report(code, body)
            assert answer.status_code == 204, answer.text
    return world


def staff_session(server: LiveServer, username: str, password: str = PASSWORD
                  ) -> requests.Session:
    s = requests.Session()
    answer = s.post(f"{root(server)}/login", data={"username": username, "password": password},
                    allow_redirects=False)
    assert answer.status_code == 303, answer.text
    return s


def sign_in(page, base: str, username: str, password: str = PASSWORD,  # noqa: ANN001
            to: str | None = "/dashboard") -> None:
    """Sign in through the real login form and wait for page ``to`` (``None``: a refused
    sign-in, which stays on the form)."""
    page.goto(f"{base}/login" + (f"?next={to}" if to not in (None, "/dashboard") else ""))
    fill_sign_in(page, base, username, password, to)


def fill_sign_in(page, base: str, username: str, password: str = PASSWORD,  # noqa: ANN001
                 to: str | None = "/dashboard") -> None:
    """The login form already shown (a link or an ended session led there) filled in and
    sent; then page ``to`` waited for, as ``sign_in``."""
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("button[type=submit]")
    if to is not None:
        page.wait_for_url(f"{base}{to}")


def province_complaint(server: LiveServer, words: str = "Tôi đã tiêm 2 mũi nhưng tra "
                       "không thấy.", hours_ago: int = 3) -> str:
    """A complaint no site holds (the citizen chose only the province, Hà Nội): the
    province's officers read the citizen's ID number, birth date and phone, and answer it.
    Its code."""
    engine = make_engine(server.database_url)
    try:
        sub = Submission(NOT_ON_SYSTEM, "001090000301", "Lê Văn Tám", date(1990, 1, 1),
                         phone="0912345678", text=words)
        filed, _ = store.file(engine, sub, "web", utc_now() - timedelta(hours=hours_ago),
                              province_code="01")
    finally:
        engine.dispose()
    assert filed.site_code is None and filed.province_code == "01"
    return filed.code


def complaint_status(server: LiveServer, code: str) -> str:
    engine = make_engine(server.database_url)
    try:
        return store.get(engine, code).status
    finally:
        engine.dispose()


def form_token(page) -> str:  # noqa: ANN001
    """The token the signed-in page's forms carry (its session's): a form posted by hand
    with it is one the page could have sent."""
    return page.locator("input[name=token]").first.get_attribute("value")
