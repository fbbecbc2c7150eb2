"""Found by a review: routing, against a real central server process on 127.0.0.1 with a
real SQLite file."""

from __future__ import annotations

from desktop_app.wire.complaints import NOT_ON_SYSTEM, ROUTE_SITE
from tests.central.test_complaints_api import STRANGER_ID, _api, _complaint, _session
from tests.live_server import LiveServer


def test_a_call_naming_a_site_of_another_province_goes_to_that_site(
        central: LiveServer) -> None:
    """A citizen now living in Hà Nội, vaccinated in 2021 at Bến Thành ward (Hồ Chí Minh
    City) and on no record, calls the Hà Nội site HN-0002, whose clerk writes the place
    the citizen names, even its exact site code. docs/complaints.md, routing step 2: "the
    site the citizen names". routing.route treated the filing site's own province
    (store.file fills it in for every site call) as the province the citizen chose and
    looked for named sites only there: the call went to the Hà Nội health department,
    whose officers may move it only to Hà Nội sites (dashboard/moves.py OutsideArea)."""
    b = _session(central.cli("create-site", "HN-0002", "Trạm Y tế Phường Ba Đình",
                             "--province", "01", "--commune", "00004"))
    central.cli("create-site", "SG-0001", "Trạm Y tế Phường Bến Thành", "--province", "79",
                "--commune", "27316")
    staff = _session(central.cli("issue-token", "--central"))
    for entry, place in (("e-1", "Trạm Y tế Phường Bến Thành, TP Hồ Chí Minh"),
                         ("e-2", "SG-0001")):
        call = b.post(_api(central), json=_complaint(STRANGER_ID, NOT_ON_SYSTEM) | {
            "channel": "hotline", "entry_id": entry, "place": place})
        assert call.status_code == 201, call.text
    filed = staff.get(_api(central)).json()["complaints"]
    assert [(c["route"], c["site_code"], c["province_code"]) for c in filed] == [
        (ROUTE_SITE, "SG-0001", "79")] * 2


def test_a_name_sites_of_two_provinces_share_goes_to_the_callers_provinces(
        central: LiveServer) -> None:
    """Looked for everywhere only when the calling site's province has no such site: a
    name many provinces share ("Trạm Y tế Phường 1") is most likely the caller's own."""
    b = _session(central.cli("create-site", "HN-0002", "Trạm Y tế Phường Ba Đình",
                             "--province", "01", "--commune", "00004"))
    central.cli("create-site", "HN-0003", "Trạm Y tế Phường 1", "--province", "01",
                "--commune", "00070")
    central.cli("create-site", "SG-0001", "Trạm Y tế Phường 1", "--province", "79",
                "--commune", "27316")
    staff = _session(central.cli("issue-token", "--central"))
    call = b.post(_api(central), json=_complaint(STRANGER_ID, NOT_ON_SYSTEM) | {
        "channel": "hotline", "entry_id": "e-1", "place": "Trạm Y tế Phường 1"})
    assert call.status_code == 201, call.text
    [filed] = staff.get(_api(central)).json()["complaints"]
    assert (filed["route"], filed["site_code"]) == (ROUTE_SITE, "HN-0003")
