"""A complaint filed with the old CMND a citizen's chip card names, through the real central
server: routed to the site holding his record, as one filed with his CCCD is, and telling
nobody more than that would.

Routing matched a Patient's own ID only: a citizen recorded by his CCCD who filed with the
9-digit number he knows by heart was "nowhere on the platform", and his complaint went to
his commune's health station, which holds none of his doses, or to the province; a site's
lookup by the same number found him all along (``fhir/shared.py``).
"""

from __future__ import annotations

import requests
from sqlalchemy import select

from central_server import lookup_log
from central_server.db.engine import make_engine
from central_server.db.models import Complaint
from desktop_app.wire.complaints import ROUTE_SITE
from tests.central.fhir_samples import batch, immunization, patient
from tests.central.test_complaints_api import (
    STRANGER_ID,
    _api,
    _codes,
    _complaint,
    _filed_by_b_in_its_ward,
    _handler_shown,
    _web_form,
    _world,
)
from tests.live_server import LiveServer

CARD = "001090000002"  # his CCCD, the number site A recorded him by
OLD_CMND = "013579246"  # the CMND his card names as the one it replaced
BA_DINH = "00004"  # site B's ward


def _card_holder_at_a(server: LiveServer, site_a: requests.Session) -> str:
    """Lê Văn Tám recorded at A by his CCCD, his card's old CMND beside it, with dose 1;
    his Patient id."""
    person = patient("HN-0001", id_number=CARD, old_id_number=OLD_CMND)
    sent = site_a.post(server.url, json=batch(person, immunization(person["id"], "HN-0001")))
    assert [e["response"]["status"] for e in sent.json()["entry"]] == ["201 Created"] * 2
    return person["id"]


def test_a_complaint_by_the_old_cmnd_goes_to_the_site_holding_the_record(
        any_central: LiveServer) -> None:
    who = _world(any_central)
    url = _api(any_central)
    pid = _card_holder_at_a(any_central, who["A"])
    # He names Ba Đình, where B is: the site holding his dose takes it, as by his CCCD.
    by_cmnd = who["central"].post(url, json=_complaint(OLD_CMND, commune_code=BA_DINH))
    by_card = who["central"].post(url, json=_complaint(CARD, commune_code=BA_DINH))
    for filed in (by_cmnd, by_card):
        assert filed.status_code == 201, filed.text
        assert (filed.json()["route"], filed.json()["site_code"], filed.json()["patient_ids"],
                filed.json()["province_code"]) == (ROUTE_SITE, "HN-0001", [pid], "01")
    assert _codes(who["A"].get(url)) == [by_cmnd.json()["code"], by_card.json()["code"]]
    assert _codes(who["B"].get(url)) == []


def test_a_site_filing_by_an_old_cmnd_in_its_own_commune_is_told_nothing_more(
        central: LiveServer) -> None:
    """B files with the old CMND naming its own commune: answered exactly as for a number
    nobody has, the complaint not back at B's pull but at A's, and the province's log says
    one record found. The public page names A only for the record's name and birth date."""
    who = _world(central)
    url = _api(central)
    pid = _card_holder_at_a(central, who["A"])
    stranger, card_holder = _filed_by_b_in_its_ward(who, url, STRANGER_ID, OLD_CMND)
    assert _codes(who["B"].get(url)) == [stranger]
    [at_a] = who["A"].get(url).json()["complaints"]
    assert (at_a["code"], at_a["route"], at_a["patient_ids"]) == (card_holder, ROUTE_SITE,
                                                                   [pid])

    guessed = _handler_shown(central, _web_form(central, OLD_CMND, "Ai Đó", "01/01/1990"))
    nobody = _handler_shown(central, _web_form(central, STRANGER_ID, "Ai Đó", "01/01/1990"))
    assert guessed == nobody and "Trạm Y tế" not in guessed
    theirs = _handler_shown(central, _web_form(central, OLD_CMND, "le van tam", "01/01/1990"))
    assert theirs == "Điểm tiêm phụ trách hồ sơ tiêm chủng của bạn: Trạm Y tế Phường Hoàn Kiếm"

    engine = make_engine(central.database_url)
    try:
        assert sorted((e.site_code, e.asked, e.results) for e in lookup_log.entries(engine)) \
            == [("HN-0002", STRANGER_ID, 0), ("HN-0002", OLD_CMND, 1)]
        with engine.connect() as conn:  # the guess, too, went to the site with the record
            routed = conn.execute(select(Complaint.site_code).where(
                Complaint.id_number == OLD_CMND)).scalars().all()
        assert routed == ["HN-0001"] * 3
    finally:
        engine.dispose()


def test_the_public_form_asks_the_old_cmnd_a_2021_record_was_made_under(
        central: LiveServer) -> None:
    """Recorded at A in 2021 under his old CMND alone, he files on the web with the CCCD he
    has now: the platform knew no link between them and the complaint went to his commune's
    station (B), which holds none of his doses. The form now asks for the old number, and
    with it the complaint reaches A; a malformed one is said beside its box."""
    who = _world(central)
    url = _api(central)
    person = patient("HN-0001", id_type="CMND", id_number=OLD_CMND)
    sent = who["A"].post(central.url, json=batch(person, immunization(person["id"],
                                                                      "HN-0001")))
    assert sent.ok, sent.text
    new_card = "001090000777"
    without = _web_form(central, new_card, "Lê Văn Tám", "01/01/1990", province="01",
                        commune_code=BA_DINH)
    with_old = _web_form(central, new_card, "Lê Văn Tám", "01/01/1990", province="01",
                         commune_code=BA_DINH, other_id_number=f" {OLD_CMND} ")
    assert without.status_code == with_old.status_code == 200
    [at_a] = who["A"].get(url).json()["complaints"]
    assert (at_a["route"], at_a["patient_ids"]) == (ROUTE_SITE, [person["id"]])
    assert at_a["submission"]["other_id_number"] == OLD_CMND
    assert len(_codes(who["B"].get(url))) == 1  # the one without it, by the commune

    wrong = _web_form(central, new_card, "Lê Văn Tám", "01/01/1990", other_id_number="0135")
    assert wrong.status_code == 422
    assert "Số CMND cũ “0135” không đúng" in wrong.text
    assert 'id="other_id_number"' in wrong.text and 'value="0135"' in wrong.text


def test_the_old_cmnd_box_counts_against_the_hourly_limit_of_its_number(
        central: LiveServer) -> None:
    """A script put its target's CMND in the old-number box and a fresh CCCD in the ID box
    each time: every filing was taken (the limit counted the ID box alone), each one in the
    target's site's 48-hour list, and the status page named the site once the birth date
    was guessed (a reviewer's). The old number counts as the ID does: three an hour."""
    who = _world(central)
    _card_holder_at_a(central, who["A"])
    sent = [_web_form(central, f"00109000{n:04d}", "Ai Đó", "01/01/1990",
                      other_id_number=OLD_CMND).status_code for n in range(800, 805)]
    assert sent == [200, 200, 200, 429, 429]
