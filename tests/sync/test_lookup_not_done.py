"""A dose another system marked ``not-done`` (valid FHIR R4: the injection was not given),
met by the cross-site look-up: real site databases and one real central server process,
which holds such an Immunization as any other system may write it.

What the user saw: the look-up read only "entered in error" as not given, so the not-done
dose came back as one the citizen had: shown at the desk, and stored with the person
brought, numbering the next dose after it and listed on certificates. The regular sync
already took not-done as not given (``test_not_done_by_another_system.py``); the look-up
now agrees.
"""

from __future__ import annotations

from sqlalchemy import select

from desktop_app.db.models import ExternalDose
from desktop_app.services import lookup
from desktop_app.services.actor import AT_THIS_LAPTOP
from desktop_app.services.desk import load_desk_person
from desktop_app.services.lookup_refresh import refresh_person
from tests.sync.helpers import make_people
from tests.ui.desk_helpers import rows
from tests.wired import Wired, bearer


def _site_a_with_two_doses(wired: Wired) -> tuple[str, list[str]]:
    (pid,) = make_people(wired.db, 1, doses_each=2)
    assert wired.sync().rejected == 0
    cccd = rows(wired.db, "SELECT id_number FROM person WHERE id = :p", p=pid)[0][0]
    doses = [r[0] for r in rows(wired.db, "SELECT id FROM dose WHERE person_id = :p"
                                " ORDER BY dose_number", p=pid)]
    return cccd, doses


def _not_done_at_a(wired: Wired, dose_id: str) -> None:
    """Another system of site A, with A's access code, marks the dose not given."""
    s = bearer(wired.token)
    url = f"{wired.server.url}/Immunization/{dose_id}"
    copy = s.get(url, timeout=10)
    assert copy.ok, copy.text
    body = dict(copy.json(), status="not-done",
                statusReason={"text": "Không tiêm: hoãn tiêm"})
    body.pop("meta", None)
    put = s.put(url, json=body, headers={"If-Match": copy.headers["ETag"]}, timeout=10)
    assert put.status_code == 200, put.text


def _held(site: Wired, pid: str) -> list[int]:
    with site.db.reading() as s:
        return sorted(e.dose_number for e in s.scalars(
            select(ExternalDose).where(ExternalDose.person_id == pid)))


def test_a_not_done_dose_is_neither_shown_nor_brought_as_given(wired, wired_b):
    cccd, (dose_1, dose_2) = _site_a_with_two_doses(wired)
    _not_done_at_a(wired, dose_2)

    citizen = lookup.find_elsewhere(wired_b.db, cccd, actor=AT_THIS_LAPTOP)
    assert citizen is not None
    assert [d.id for d in citizen.doses] == [dose_1]  # what the desk shows as had

    pid_b = lookup.bring_person(wired_b.db, citizen, actor=AT_THIS_LAPTOP)
    assert _held(wired_b, pid_b) == [1]
    assert load_desk_person(wired_b.db, pid_b).next_dose_number == 2


def test_a_dose_brought_then_marked_not_done_leaves_the_card_when_asked_again(wired, wired_b):
    cccd, (_dose_1, dose_2) = _site_a_with_two_doses(wired)
    pid_b = lookup.bring_person(
        wired_b.db, lookup.look_up(wired_b.db, cccd, actor=AT_THIS_LAPTOP),
        actor=AT_THIS_LAPTOP)
    assert _held(wired_b, pid_b) == [1, 2]

    _not_done_at_a(wired, dose_2)
    refreshed = refresh_person(wired_b.db, pid_b, actor=AT_THIS_LAPTOP, force=True)
    assert refreshed.dropped == 1
    assert _held(wired_b, pid_b) == [1]
    assert load_desk_person(wired_b.db, pid_b).next_dose_number == 2
