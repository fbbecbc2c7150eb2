"""The cross-site look-up against a plain FHIR R4 server that cannot search by ``identifier``
(nor ``patient.identifier``): the plain server of ``tests/plain_fhir``, a real process,
either refusing the unknown parameter (400 with an OperationOutcome, its default) or
ignoring it as FHIR's lenient handling allows (``--lenient``: every Patient comes back, the
``self`` link without the parameter).

What the user saw: the desk said nothing, as when nobody is known elsewhere, and the clerk
registered the citizen again; a lenient server's first Patients were even taken for the
citizen and offered to be brought under the number typed. Now no hit lacking the number is
taken as the citizen, and the desk and ``vaxdesk lookup`` say the platform cannot look
people up by citizen ID.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, datetime

import pytest

from desktop_app.rules.identity import Sex, make_cccd
from desktop_app.services import lookup
from desktop_app.services import sync as syncing
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.sync.lookup import NoIdSearch
from desktop_app.wire import fhir
from tests import forked
from tests.keys import ensure_test_supervisor
from tests.plain_fhir.live import PlainServer
from tests.ui.desk_helpers import make_screen, type_into

LAN = make_cccd("001", Sex.FEMALE, 1990, 4242)  # known to the server
HOA = make_cccd("001", Sex.FEMALE, 1988, 777)  # known to the server
NOBODY = make_cccd("079", Sex.MALE, 1970, 5)  # known to no one


def _person(id_: str, name: str, number: str) -> dict:
    return {"id": id_, "id_type": "CCCD", "id_number": number, "full_name": name,
            "sex": "F", "dob": date(1990, 5, 6)}


def _dose(id_: str, person_id: str, number: int) -> dict:
    return {"id": id_, "person_id": person_id, "product_code": "COMIRNATY", "source": "desk",
            "status": "active", "dose_date": date(2021, 9, number), "dose_number": number,
            "entered_at": datetime(2021, 9, number, 3), "lot_number": "FK1"}


def _hold(server: PlainServer) -> None:
    """Another site's system wrote two citizens and their doses to the server."""
    s = server.session()
    resources = [fhir.patient(_person("p-hoa", "Lê Thị Hoa", HOA), "HN-0009", 1),
                 fhir.patient(_person("p-lan", "Trần Thị Lan", LAN), "HN-0009", 1),
                 fhir.immunization(_dose("i-hoa-1", "p-hoa", 1), "HN-0009", 1, None),
                 fhir.immunization(_dose("i-hoa-2", "p-hoa", 2), "HN-0009", 1, None),
                 fhir.immunization(_dose("i-lan-1", "p-lan", 1), "HN-0009", 1, None)]
    for res in resources:
        r = s.put(f"{server.url}/{res['resourceType']}/{res['id']}", json=res, timeout=10)
        assert r.status_code in (200, 201), r.text


@pytest.fixture(params=["refusing", "lenient"])
def plain(request, tmp_path, db, site) -> Iterator[PlainServer]:
    flags = ("--lenient",) if request.param == "lenient" else ()
    server = PlainServer(tmp_path, batch=True, flags=flags).start()
    _hold(server)
    syncing.save_config(db, server.url, server.token, actor=AT_THIS_LAPTOP)
    yield server
    server.stop()


@pytest.mark.parametrize("number", [LAN, NOBODY])
def test_no_other_citizen_is_taken_and_nobody_is_never_said(plain, db, number):
    with pytest.raises(NoIdSearch) as said:
        lookup.find_elsewhere(db, number, actor=AT_THIS_LAPTOP)
    assert said.value.code == "LOOKUP_NO_ID_SEARCH"
    assert "không tra cứu được theo số CCCD/CMND" in said.value.message("vi")


def test_the_command_says_so_and_exits_2(plain, db):
    path = db.path
    db.close()  # the command takes the database, as with the app closed
    ensure_test_supervisor(path)
    out = forked.vaxdesk("--db", str(path), "--lang", "vi", "lookup", LAN,
                         env=dict(os.environ), timeout=120)
    assert out.returncode == 2, out.stdout
    assert "không tra cứu được theo số CCCD/CMND" in out.stderr
    assert "Lê Thị Hoa" not in out.stdout and "Trần Thị Lan" not in out.stdout


def test_the_desk_says_so_under_the_search_and_offers_no_one(qtbot, plain, db):
    screen = make_screen(qtbot, db)
    panel = screen.search
    type_into(qtbot, panel.box, LAN)
    qtbot.waitUntil(lambda: "không tra cứu được theo số CCCD/CMND" in panel.remote_hint.text(),
                    timeout=10000)
    assert panel.remote_hint.isVisible() and panel._remote_job is None
    assert "xem giấy tờ tiêm chủng" in panel.remote_hint.text()
    assert not panel.bring_button.isVisible() and panel.citizen is None
    screen.ctx.runner.wait_idle()
